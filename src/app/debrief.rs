//! The debrief: pass or fail with critical misses first, a bar per exam domain, the findings
//! with feedback and reference, a timeline of the attempt with each finding pinned at its time,
//! and a replay that steps through it by re-applying its actions in the core.

use super::attempt::LastAttempt;
use super::requests::StartAttempt;
use super::screen::Screen;
use super::settings::Settings;
use super::trainee::Trainee;
use super::unsaved::{act_on_unsaved, unsaved_ui};
use super::widgets::{PROBLEM_COLOR, root_ui};
use crate::judge::happening_text;
use crate::library::{recorded_plan, write_new};
use crate::model::{Action, SimTime};
use crate::scoring::Report;
use crate::sim::{Cause, EventStatus, Session, Speaker};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::{Path, PathBuf};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DebriefState>()
        .add_systems(OnEnter(Screen::Debrief), replay_the_last_attempt)
        .add_systems(
            EguiPrimaryContextPass,
            debrief_screen.run_if(in_state(Screen::Debrief)),
        );
}

/// The debrief's own state: the replay of the attempt it shows, and where "Save as test plan"
/// put it.
#[derive(Resource, Default)]
pub struct DebriefState {
    pub replay: Option<Replay>,
    pub plan_saved: Option<String>,
    /// What became of attempts the store could not take ("Save again", "Save to a file").
    pub unsaved_note: Option<String>,
}

/// Where "Save as test plan" writes: the data folder's `plans/`.
#[derive(Resource)]
pub struct PlanFolder(pub PathBuf);

/// Writes the attempt as a test plan in `folder` (a new file, never over another) and returns
/// the file and the plan's text.
pub fn save_as_test_plan(
    folder: &Path,
    report: &Report,
    script: &[Action],
) -> Result<(PathBuf, String), String> {
    let name = format!("recorded in the desk: seed {}", report.seed);
    let text = recorded_plan(&name, report, None, script)?;
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let file = (1..10_000)
        .map(|n| {
            folder.join(format!(
                "{}-seed{}-{n}.plan.ron",
                report.scenario, report.seed
            ))
        })
        .find(|f| std::fs::symlink_metadata(f).is_err())
        .ok_or_else(|| format!("{} is full of recorded plans", folder.display()))?;
    write_new(&file, &text, false).map_err(|e| e.to_string())?;
    Ok((file, text))
}

fn replay_the_last_attempt(last: Res<LastAttempt>, mut state: ResMut<DebriefState>) {
    state.plan_saved = None;
    state.unsaved_note = None;
    state.replay = last
        .finished
        .clone()
        .map(|session| Replay::new(session, last.script.clone()));
}

/// What the instructor's "Save as test plan" needs: whether it is shown, and where it writes.
#[derive(SystemParam)]
struct InstructorTools<'w> {
    settings: Res<'w, Settings>,
    folder: Res<'w, PlanFolder>,
}

fn debrief_screen(
    mut contexts: EguiContexts,
    last: Res<LastAttempt>,
    mut state: ResMut<DebriefState>,
    mut start: MessageWriter<StartAttempt>,
    mut next: ResMut<NextState<Screen>>,
    mut trainee: ResMut<Trainee>,
    tools: InstructorTools,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(report) = &last.report else {
        next.set(Screen::Picker);
        return Ok(());
    };
    let mut intent = None;
    let mut unsaved = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(saved) = &last.saved {
            ui.small(saved);
        }
        if let Some(saved) = &state.plan_saved {
            ui.small(saved);
        }
        if let Some(kept) = &state.unsaved_note {
            ui.small(kept);
        }
        unsaved = unsaved_ui(ui, &trainee);
        intent = debrief_ui(
            ui,
            report,
            state.replay.as_mut(),
            tools.settings.instructor_tools,
        );
    });
    if let Some(unsaved) = unsaved {
        state.unsaved_note = Some(act_on_unsaved(&mut trainee, unsaved));
    }
    match intent {
        Some(DebriefIntent::SaveAsTestPlan) => {
            state.plan_saved = Some(
                match save_as_test_plan(&tools.folder.0, report, &last.script) {
                    Ok((file, text)) => {
                        ctx.copy_text(text);
                        format!(
                            "Saved as a test plan to {} and copied to the clipboard: paste it into the scenario's test_plans.",
                            file.display()
                        )
                    }
                    Err(e) => format!("The test plan was not saved: {e}"),
                },
            );
        }
        Some(DebriefIntent::TryAgain) => {
            start.write(StartAttempt::fresh(report.scenario.clone()));
        }
        Some(DebriefIntent::BackToPicker) => next.set(Screen::Picker),
        None => {}
    }
    Ok(())
}

/// What the trainee chose on the debrief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebriefIntent {
    TryAgain,
    BackToPicker,
    /// For instructors: write the attempt as a test plan with its outcome as the expectation.
    SaveAsTestPlan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DebriefTab {
    #[default]
    Findings,
    Timeline,
    Replay,
}

/// The finished attempt, to be stepped through action by action.
#[derive(Debug, Clone)]
pub struct Replay {
    pub finished: Session,
    pub script: Vec<Action>,
    /// How many of the script's actions the shown state includes.
    pub step: usize,
    pub shown: Session,
    pub tab: DebriefTab,
}

impl Replay {
    pub fn new(finished: Session, script: Vec<Action>) -> Replay {
        Replay {
            step: script.len(),
            shown: finished.clone(),
            finished,
            script,
            tab: DebriefTab::default(),
        }
    }

    /// Rebuilds the attempt as it stood after `step` actions (the core replays them).
    pub fn go_to(&mut self, step: usize) {
        let step = step.min(self.script.len());
        let f = &self.finished;
        let mut session = Session::new(
            f.scenario.clone(),
            f.office.clone(),
            f.policy.clone(),
            f.seed,
        );
        for action in &self.script[..step] {
            // A refused action is refused again, and logged again, just as it was.
            let _ = session.apply(action.clone());
        }
        self.step = step;
        self.shown = session;
    }
}

fn verdict_ui(ui: &mut egui::Ui, report: &Report) {
    let verdict = if report.passed {
        "Passed"
    } else {
        "Not passed"
    };
    ui.heading(format!("{} — {verdict}", report.title));
    ui.label(format!(
        "Score {}/{} ({}%, {}% needed) · seed {}",
        report.points, report.max_points, report.percent, report.pass_percent, report.seed
    ));
    if !report.critical_failures.is_empty() {
        ui.colored_label(
            PROBLEM_COLOR,
            format!(
                "Critical rules missed: {}. Any one fails the attempt, whatever the points.",
                report.critical_failures.join(", ")
            ),
        );
    }
}

fn findings_ui(ui: &mut egui::Ui, report: &Report) {
    for f in &report.findings {
        let mark = if f.passed { "✔ met" } else { "✖ missed" };
        ui.strong(format!(
            "{mark} · {} {} ({}/{} pts) · {}",
            f.rule, f.title, f.points, f.max_points, f.at
        ));
        for p in &f.problems {
            ui.label(format!("• {p}"));
        }
        ui.label(&f.feedback);
        ui.small(format!("Reference: {}", f.reference));
        ui.add_space(6.0);
    }
}

/// The attempt in time order: what the trainee did, and each finding pinned at its time.
fn timeline_ui(ui: &mut egui::Ui, report: &Report, replay: &Replay) {
    let mut rows: Vec<(SimTime, u8, String)> = Vec::new();
    for logged in &replay.finished.log {
        let on = logged
            .event
            .map(|e| format!(" · {}", replay.finished.summary(e)))
            .unwrap_or_default();
        let text = match &logged.refused {
            Some(reason) => format!(
                "You tried: {}{on} — refused: {}",
                logged.act.label(),
                replay.finished.refusal_text(reason)
            ),
            None => match &logged.said {
                Some(words) => format!("You said: \u{201c}{words}\u{201d}{on}"),
                None => format!("You: {}{on}", logged.act.label()),
            },
        };
        rows.push((logged.at, 0, text));
    }
    for f in &report.findings {
        let mark = if f.passed { "✔" } else { "✖" };
        rows.push((f.at, 1, format!("{mark} {} {}", f.rule, f.title)));
    }
    // What happened without the trainee, and why: consequences are marked ◆.
    for h in report.happenings.iter().chain(&report.outcomes) {
        let text = match &h.because {
            Some(because) => format!("◆ {} — because {because}", h.text),
            None => format!("◆ {}", h.text),
        };
        rows.push((h.at, 2, text));
    }
    rows.sort_by_key(|r| (r.0, r.1));
    for (at, kind, text) in rows {
        let at = report.when(at);
        match kind {
            0 => ui.label(format!("{at}  {text}")),
            1 => ui.strong(format!("{at}  {text}")),
            _ => ui.colored_label(HAPPENING_COLOR, format!("{at}  {text}")),
        };
    }
}

/// Amber for what happened without the trainee, readable on light and dark themes.
const HAPPENING_COLOR: egui::Color32 = egui::Color32::from_rgb(214, 150, 40);

/// What became of each patient, when the scenario says.
fn outcomes_ui(ui: &mut egui::Ui, report: &Report) {
    if report.outcomes.is_empty() {
        return;
    }
    ui.strong("What became of them");
    for o in &report.outcomes {
        let because = o
            .because
            .as_ref()
            .map_or(String::new(), |b| format!(" — because {b}"));
        ui.label(format!("{}  {}{because}", report.when(o.at), o.text));
    }
    ui.separator();
}

fn replay_ui(ui: &mut egui::Ui, replay: &mut Replay) {
    let total = replay.script.len();
    let mut step = replay.step;
    ui.horizontal(|ui| {
        if ui
            .button("◀ Previous")
            .on_hover_text("Left arrow")
            .clicked()
            || ui.input(|i| i.key_pressed(egui::Key::ArrowLeft))
        {
            step = step.saturating_sub(1);
        }
        if ui.button("Next ▶").on_hover_text("Right arrow").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::ArrowRight))
        {
            step = (step + 1).min(total);
        }
        ui.add(egui::Slider::new(&mut step, 0..=total).text(format!("of {total} actions")));
    });
    if step != replay.step {
        replay.go_to(step);
    }
    let session = &replay.shown;
    let last = step
        .checked_sub(1)
        .and_then(|k| replay.script.get(k))
        .map(|a| a.act.label())
        .unwrap_or("the start");
    ui.label(format!("{} — after {last}", session.now));
    for (index, live) in session.events.iter().enumerate() {
        if matches!(live.status, EventStatus::Pending | EventStatus::Cancelled) {
            continue;
        }
        ui.group(|ui| {
            ui.strong(session.summary(index));
            for line in &live.transcript {
                let who = match line.speaker {
                    Speaker::Trainee => "You",
                    Speaker::Other if line.is_narration() => {
                        ui.label(format!("{} {}", line.at, line.text));
                        continue;
                    }
                    Speaker::Other => "Them",
                };
                ui.label(format!("{} {who}: {}", line.at, line.text));
            }
        });
    }
    // What had happened by this step without the trainee, consequences with their cause.
    for h in &session.happenings {
        let because = match h.cause {
            Cause::Consequence(k) => {
                format!(" — because {}", session.scenario.consequences[k].because)
            }
            Cause::Patience => String::new(),
        };
        ui.colored_label(
            HAPPENING_COLOR,
            format!("◆ {} {}{because}", h.at, happening_text(h, session)),
        );
    }
}

pub fn debrief_ui(
    ui: &mut egui::Ui,
    report: &Report,
    replay: Option<&mut Replay>,
    instructor_tools: bool,
) -> Option<DebriefIntent> {
    let mut intent = None;
    verdict_ui(ui, report);
    ui.horizontal(|ui| {
        if ui.button("Try again (new seed)").clicked() {
            intent = Some(DebriefIntent::TryAgain);
        }
        if ui.button("Choose another scenario").clicked() {
            intent = Some(DebriefIntent::BackToPicker);
        }
        if instructor_tools
            && ui
                .button("Save as test plan")
                .on_hover_text("For instructors: this attempt as a test plan, its outcome expected")
                .clicked()
        {
            intent = Some(DebriefIntent::SaveAsTestPlan);
        }
    });
    outcomes_ui(ui, report);
    for d in &report.domains {
        let fraction = d.points as f32 / d.max_points.max(1) as f32;
        ui.add(egui::ProgressBar::new(fraction).text(format!(
            "{}: {}/{}",
            d.domain.label(),
            d.points,
            d.max_points
        )));
    }
    ui.separator();
    let Some(replay) = replay else {
        egui::ScrollArea::vertical().show(ui, |ui| findings_ui(ui, report));
        return intent;
    };
    ui.horizontal(|ui| {
        ui.selectable_value(&mut replay.tab, DebriefTab::Findings, "Findings");
        ui.selectable_value(&mut replay.tab, DebriefTab::Timeline, "Timeline");
        ui.selectable_value(&mut replay.tab, DebriefTab::Replay, "Replay");
    });
    egui::ScrollArea::vertical().show(ui, |ui| match replay.tab {
        DebriefTab::Findings => findings_ui(ui, report),
        DebriefTab::Timeline => timeline_ui(ui, report, replay),
        DebriefTab::Replay => replay_ui(ui, replay),
    });
    intent
}
