//! What the screens share: the window as a `Ui` to draw into, a title row with its back button,
//! a drop-down over a closed word list, the content's problems, and the colour of a problem.

use crate::diagnostic::Diagnostic;
use bevy_egui::egui;

/// Red text for problems, readable on light and dark themes.
pub const PROBLEM_COLOR: egui::Color32 = egui::Color32::from_rgb(210, 70, 70);

/// The whole window as a `Ui` that panels draw into (egui 0.36 panels take a `Ui`).
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// A screen's title row: a back button (also Escape) and the heading. True when going back.
pub fn title_row(ui: &mut egui::Ui, heading: impl Into<egui::RichText>) -> bool {
    ui.horizontal(|ui| {
        let back = ui.button("⬅ Back").on_hover_text("Escape").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape));
        ui.heading(heading);
        back
    })
    .inner
}

/// A drop-down of a closed word list, with "any" first.
pub fn choose_one<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) {
    ui.label(format!("{label}:"));
    egui::ComboBox::from_id_salt(label)
        .selected_text(value.map_or("any", &name))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "any");
            for &item in all {
                ui.selectable_value(value, Some(item), name(item));
            }
        });
}

/// Content errors, shown wherever content is chosen: file:line:col, the line and the hint.
pub fn problems_ui<'a>(ui: &mut egui::Ui, problems: impl IntoIterator<Item = &'a Diagnostic>) {
    let errors: Vec<&Diagnostic> = problems.into_iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return;
    }
    ui.colored_label(
        PROBLEM_COLOR,
        format!(
            "{} problem(s) in the content; files with errors keep their last good version:",
            errors.len()
        ),
    );
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .max_height(160.0)
        .show(ui, |ui| {
            for problem in errors {
                ui.label(
                    egui::RichText::new(problem.to_string())
                        .monospace()
                        .color(PROBLEM_COLOR),
                );
            }
        });
    ui.separator();
}

/// A message for the trainee over whatever screen is showing (something they asked for could
/// not be done), with a button to dismiss it. True when dismissed.
pub fn notice_ui(ctx: &egui::Context, text: &str) -> bool {
    let mut dismissed = false;
    egui::Area::new(egui::Id::new("notice"))
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -12.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(PROBLEM_COLOR, text);
                    dismissed = ui.button("Dismiss").clicked();
                });
            });
        });
    dismissed
}
