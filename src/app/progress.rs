//! The progress screen: score over time (scenarios and exams), mastery per exam domain and the
//! history of attempts.

use super::lrs_sync::LrsSync;
use super::requests::StartAttempt;
use super::screen::Screen;
use super::trainee::Trainee;
use super::widgets::{root_ui, title_row};
use crate::progress::{AttemptKind, ProfileSummary, civil_date, day_of};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        progress_screen.run_if(in_state(Screen::Progress)),
    );
}

pub fn mastery_bars(ui: &mut egui::Ui, summary: &ProfileSummary) {
    for m in &summary.mastery {
        let (fraction, text) = match m.percent {
            Some(p) => (
                p as f32 / 100.0,
                format!(
                    "{}: {p:.0}% ({} answers, {} scenario findings)",
                    m.domain.label(),
                    m.answers,
                    m.findings
                ),
            ),
            None => (0.0, format!("{}: no evidence yet", m.domain.label())),
        };
        ui.add(egui::ProgressBar::new(fraction).text(text));
    }
}

/// Returns true when the trainee asks to go back.
/// What the trainee chose on the progress screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressIntent {
    Back,
    /// Play a scenario attempt again with its seed: the same date, names, times and wordings.
    Replay {
        scenario: String,
        seed: u64,
    },
}

pub fn progress_ui(ui: &mut egui::Ui, summary: &ProfileSummary) -> Option<ProgressIntent> {
    let mut intent = None;
    if title_row(ui, format!("Progress — {}", summary.name)) {
        intent = Some(ProgressIntent::Back);
    }
    ui.label(format!(
        "{} attempts · {} review cards, {} due today",
        summary.history.len(),
        summary.cards,
        summary.due.len()
    ));
    ui.separator();
    ui.strong("Mastery per exam domain");
    mastery_bars(ui, summary);
    ui.separator();
    ui.strong("Score over time (%): scenarios and exams");
    let series = |kind: AttemptKind| -> egui_plot::PlotPoints<'static> {
        summary
            .history
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == kind)
            .map(|(k, a)| [k as f64 + 1.0, a.score_percent])
            .collect()
    };
    egui_plot::Plot::new("score-over-time")
        .height(180.0)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("attempt")
        .legend(egui_plot::Legend::default())
        .show(ui, |plot| {
            plot.line(egui_plot::Line::new(
                "scenarios",
                series(AttemptKind::Scenario),
            ));
            plot.points(egui_plot::Points::new("exams", series(AttemptKind::Exam)).radius(4.0));
        });
    ui.separator();
    ui.strong("History (newest first)");
    egui::ScrollArea::vertical()
        .id_salt("history")
        .show(ui, |ui| {
            for a in summary.history.iter().rev().take(200) {
                let kind = match a.kind {
                    AttemptKind::Scenario => "scenario",
                    AttemptKind::Exam => "exam",
                };
                let scaled = a.scaled.map_or(String::new(), |s| format!(" · scaled {s}"));
                let verdict = if a.passed { "passed" } else { "not passed" };
                let (y, m, d) = civil_date(day_of(a.at));
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{y:04}-{m:02}-{d:02} · {kind} {} · {:.0}%{scaled} · {verdict}",
                        a.item, a.score_percent
                    ));
                    if a.kind == AttemptKind::Scenario
                        && ui
                            .small_button(format!("Play seed {} again", a.seed))
                            .on_hover_text("The same date, names, times and wordings")
                            .clicked()
                    {
                        intent = Some(ProgressIntent::Replay {
                            scenario: a.item.clone(),
                            seed: a.seed,
                        });
                    }
                });
            }
        });
    intent
}

fn progress_screen(
    mut contexts: EguiContexts,
    trainee: Res<Trainee>,
    lrs: Option<Res<LrsSync>>,
    mut start: MessageWriter<StartAttempt>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(summary) = &trainee.summary else {
        next.set(Screen::Title);
        return Ok(());
    };
    let mut intent = None;
    let lrs_line = lrs.and_then(|l| l.line());
    egui::CentralPanel::default().show(&mut root, |ui| {
        intent = progress_ui(ui, summary);
        if let Some(line) = &lrs_line {
            ui.add_space(8.0);
            ui.small(line);
        }
    });
    match intent {
        Some(ProgressIntent::Back) => next.set(Screen::Title),
        Some(ProgressIntent::Replay { scenario, seed }) => {
            start.write(StartAttempt {
                scenario: scenario.into(),
                seed: Some(seed),
                script: Vec::new(),
            });
        }
        None => {}
    }
    Ok(())
}
