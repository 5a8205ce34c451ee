//! Settings the trainee can change — UI scale, light or dark theme (`theme`), sound volume and
//! mute — kept in `settings.ron` in the data folder (read and written by `progress::settings`,
//! which owns the file); this module applies them and draws the settings screen.

use super::screen::Screen;
use super::widgets::{PROBLEM_COLOR, root_ui, title_row};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::Path;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (
            apply_settings.run_if(resource_changed::<Settings>),
            settings_screen.run_if(in_state(Screen::Settings)),
        ),
    );
}

pub use crate::progress::settings::SCALES;

/// The settings file's values (`progress::settings`, plain data) as the app's resource.
#[derive(Resource, Debug, Clone, PartialEq, Default, Deref, DerefMut)]
pub struct Settings(pub crate::progress::settings::Settings);

impl Settings {
    /// Reads the settings from `data_dir`; a missing file gives the defaults, a broken one the
    /// defaults and a note of what was wrong.
    pub fn load(data_dir: &Path) -> Settings {
        Settings(crate::progress::settings::Settings::load(data_dir))
    }
}

fn apply_settings(mut contexts: EguiContexts, settings: Res<Settings>) -> Result {
    let ctx = contexts.ctx_mut()?;
    ctx.set_zoom_factor(settings.ui_scale);
    super::theme::apply(ctx, settings.dark);
    Ok(())
}

/// Returns true when the trainee asks to go back; edits `settings` in place.
pub fn settings_ui(ui: &mut egui::Ui, settings: &mut Settings) -> bool {
    let back = title_row(ui, "Settings");
    if let Some(problem) = &settings.problem {
        ui.colored_label(PROBLEM_COLOR, problem);
    }
    ui.strong("Text and control size");
    ui.horizontal(|ui| {
        for scale in SCALES {
            ui.selectable_value(
                &mut settings.ui_scale,
                scale,
                format!("{:.0}%", scale * 100.0),
            );
        }
    });
    ui.strong("Theme");
    ui.horizontal(|ui| {
        ui.selectable_value(&mut settings.dark, true, "Dark");
        ui.selectable_value(&mut settings.dark, false, "Light");
    });
    ui.strong("Sound");
    ui.horizontal(|ui| {
        ui.checkbox(&mut settings.sound_muted, "Mute");
        ui.add_enabled(
            !settings.sound_muted,
            egui::Slider::new(&mut settings.sound_volume, 0.0..=1.0)
                .text("Volume")
                .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
        );
    });
    ui.weak(if cfg!(feature = "sound") {
        "Every sound has a twin on screen: a line's light flashes as it rings, the door lights as someone comes in, the inbox tray glows when work arrives."
    } else {
        "This build has no sound (built without the `sound` feature); the scene still shows every ring, arrival and new task."
    });
    ui.strong("Instructors");
    ui.checkbox(&mut settings.instructor_tools, "Show instructor tools")
        .on_hover_text("A scenario's map in the scenario list (it shows every branch, so it spoils the scenario for a student) and \"Save as test plan\" after a shift");
    ui.separator();
    ui.label("Keyboard: Tab moves between controls, Space or Enter presses the focused one. Shortcuts are shown in each button's tooltip.");
    back
}

fn settings_screen(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut edited = settings.clone();
    let mut back = false;
    egui::CentralPanel::default().show(&mut root, |ui| back = settings_ui(ui, &mut edited));
    if edited != *settings {
        edited.save();
        *settings = edited;
    }
    if back {
        next.set(Screen::Title);
    }
    Ok(())
}
