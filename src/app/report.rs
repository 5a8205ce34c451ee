//! The cohort report screen, for an instructor: every trainee of this machine's progress store,
//! whether each is ready for the exam and why, mastery per exam domain, and who misses each
//! rule and domain most. The figures are the core's (`report`), the same as `frontdesk report`;
//! "Save as HTML" writes the printable page into the data folder.

use super::content::Content;
use super::screen::Screen;
use super::trainee::Trainee;
use super::widgets::{PROBLEM_COLOR, root_ui, title_row};
use crate::report::{
    CohortReport, READY_MASTERY_PERCENT, TraineeReport, date_time, day_start, duration_text,
};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CohortView>()
        .add_systems(OnEnter(Screen::Report), refresh_report)
        .add_systems(
            EguiPrimaryContextPass,
            report_screen.run_if(in_state(Screen::Report)),
        );
}

/// What the screen shows: the report, or why there is none, and the period asked for.
#[derive(Resource, Debug, Default)]
pub struct CohortView {
    pub report: Option<CohortReport>,
    pub problem: Option<String>,
    /// `YYYY-MM-DD`, or empty for all activity.
    pub since: String,
    /// What the last "Save as HTML" did.
    pub saved: Option<String>,
}

/// What the instructor asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportIntent {
    Back,
    /// Compute the report again (for the period typed in `since`).
    Refresh,
    SaveHtml,
}

impl CohortView {
    /// The report on every profile of `trainee`'s store, from the day in `since` on.
    pub fn refresh(&mut self, trainee: &Trainee, library: &crate::library::Library) {
        let since = match self.since.trim() {
            "" => Ok(None),
            day => day_start(day)
                .map(Some)
                .map_err(|e| format!("{e} ({})", e.hint())),
        };
        match since.and_then(|since| trainee.cohort_report(library, since)) {
            Ok(report) => {
                self.report = Some(report);
                self.problem = None;
            }
            Err(problem) => self.problem = Some(problem),
        }
    }
}

fn mastery_colour(percent: Option<f64>) -> egui::Color32 {
    match percent {
        None => egui::Color32::GRAY,
        Some(p) if p >= READY_MASTERY_PERCENT => egui::Color32::from_rgb(60, 150, 80),
        Some(p) if p >= 50.0 => egui::Color32::from_rgb(200, 140, 30),
        Some(_) => PROBLEM_COLOR,
    }
}

fn trainee_line(ui: &mut egui::Ui, t: &TraineeReport) {
    let verdict = if t.ready { "✔ ready" } else { "✖ not yet" };
    let colour = if t.ready {
        egui::Color32::from_rgb(60, 150, 80)
    } else {
        PROBLEM_COLOR
    };
    ui.label(egui::RichText::new(&t.name).strong());
    ui.colored_label(colour, verdict).on_hover_text(&t.reason);
    ui.label(t.attempts.to_string());
    ui.label(format!(
        "{} of {} tried ({} in library)",
        t.scenarios_passed, t.scenarios_tried, t.library_scenarios
    ));
    let critical: Vec<String> = t
        .critical_misses
        .iter()
        .map(|c| format!("{} ×{}", c.rule, c.count))
        .collect();
    ui.label(if critical.is_empty() {
        "none".to_owned()
    } else {
        critical.join(", ")
    });
    ui.label(match &t.exam_estimate {
        Some(e) => format!("{} (pass {})", e.scaled, e.pass_mark),
        None => "no exam yet".to_owned(),
    });
    ui.label(duration_text(t.time_on_task_seconds));
    ui.label(t.last_activity.map_or_else(|| "–".to_owned(), date_time));
    ui.end_row();
}

fn cohort_ui(ui: &mut egui::Ui, report: &CohortReport) {
    let ready = report.trainees.iter().filter(|t| t.ready).count();
    ui.label(format!(
        "{} trainee(s), {ready} ready for the exam · {} · generated {} UTC",
        report.trainees.len(),
        report
            .since
            .as_ref()
            .map_or_else(|| "all activity".to_owned(), |d| format!("since {d}")),
        date_time(report.generated_at)
    ));
    ui.separator();
    ui.strong("Ready for the exam?");
    egui::Grid::new("cohort-trainees")
        .striped(true)
        .show(ui, |ui| {
            for heading in [
                "Trainee",
                "Ready?",
                "Attempts",
                "Scenarios passed",
                "Critical misses",
                "Exam estimate",
                "Time on task",
                "Last activity (UTC)",
            ] {
                ui.strong(heading);
            }
            ui.end_row();
            for t in &report.trainees {
                trainee_line(ui, t);
            }
        });
    for t in report.trainees.iter().filter(|t| !t.ready) {
        ui.label(format!("{}: {}", t.name, t.reason));
    }
    ui.separator();
    ui.strong("Mastery per exam domain (%)");
    egui::Grid::new("cohort-mastery")
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            for m in report.trainees.first().map_or(&[][..], |t| &t.mastery[..]) {
                ui.label(m.domain.label());
            }
            ui.end_row();
            for t in &report.trainees {
                ui.label(&t.name);
                for m in &t.mastery {
                    let text = m
                        .percent
                        .map_or_else(|| "–".to_owned(), |p| format!("{p:.0}"));
                    ui.colored_label(mastery_colour(m.percent), text);
                }
                ui.end_row();
            }
        });
    ui.separator();
    ui.strong("Who misses each rule most");
    egui::Grid::new("cohort-rules")
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Rule", "Title", "Missed / judged", "Who misses it most"] {
                ui.strong(heading);
            }
            ui.end_row();
            for r in report.rules.iter().filter(|r| r.missed > 0) {
                ui.label(if r.critical {
                    format!("{} (critical)", r.rule)
                } else {
                    r.rule.clone()
                });
                ui.label(&r.title);
                ui.label(format!("{} / {}", r.missed, r.judged));
                let most: Vec<String> = r
                    .trainees
                    .iter()
                    .filter(|m| m.missed > 0)
                    .take(3)
                    .map(|m| format!("{} {}/{}", m.trainee, m.missed, m.judged))
                    .collect();
                ui.label(most.join(", "));
                ui.end_row();
            }
        });
    ui.separator();
    ui.strong("Who misses each exam domain most");
    egui::Grid::new("cohort-domains")
        .striped(true)
        .show(ui, |ui| {
            for d in &report.domains {
                ui.label(d.domain.label());
                let most: Vec<String> = d
                    .trainees
                    .iter()
                    .filter(|m| m.misses > 0)
                    .take(3)
                    .map(|m| format!("{} {}/{}", m.trainee, m.misses, m.marks))
                    .collect();
                ui.label(if most.is_empty() {
                    "nobody".to_owned()
                } else {
                    most.join(", ")
                });
                ui.end_row();
            }
        });
}

pub fn report_ui(ui: &mut egui::Ui, view: &mut CohortView) -> Option<ReportIntent> {
    let mut intent = None;
    if title_row(ui, "Cohort report") {
        intent = Some(ReportIntent::Back);
    }
    ui.horizontal(|ui| {
        ui.label("Activity since (YYYY-MM-DD, empty for all):");
        let field = ui.add(egui::TextEdit::singleline(&mut view.since).desired_width(110.0));
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Update").clicked() || enter {
            intent = Some(ReportIntent::Refresh);
        }
        if ui
            .add_enabled(view.report.is_some(), egui::Button::new("Save as HTML"))
            .on_hover_text("A printable page with the charts, in the data folder")
            .clicked()
        {
            intent = Some(ReportIntent::SaveHtml);
        }
    });
    if let Some(problem) = &view.problem {
        ui.colored_label(PROBLEM_COLOR, problem);
    }
    if let Some(saved) = &view.saved {
        ui.label(saved);
    }
    match &view.report {
        Some(report) if report.trainees.is_empty() => {
            ui.label("No trainee yet: add one on the title screen, or import a profile.");
        }
        Some(report) => {
            egui::ScrollArea::both()
                .id_salt("cohort")
                .show(ui, |ui| cohort_ui(ui, report));
        }
        None => {}
    }
    intent
}

fn report_screen(
    mut contexts: EguiContexts,
    trainee: Res<Trainee>,
    content: Option<Res<Content>>,
    mut view: ResMut<CohortView>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut intent = None;
    egui::CentralPanel::default().show(&mut root, |ui| intent = report_ui(ui, &mut view));
    match intent {
        Some(ReportIntent::Back) => next.set(Screen::Title),
        Some(ReportIntent::Refresh) => {
            if let Some(content) = content {
                view.refresh(&trainee, &content.library);
            }
        }
        Some(ReportIntent::SaveHtml) => {
            if let Some(report) = &view.report {
                view.saved = Some(trainee.save_report_html(report));
            }
        }
        None => {}
    }
    Ok(())
}

fn refresh_report(
    trainee: Res<Trainee>,
    content: Option<Res<Content>>,
    mut view: ResMut<CohortView>,
) {
    view.saved = None;
    match content {
        Some(content) => view.refresh(&trainee, &content.library),
        None => view.problem = Some("The content is still loading.".to_owned()),
    }
}
