//! The scenario side of the app: the picker, the desk (clock and intents) and the debrief.
//! The desk's intents are messages, so the same systems run in the window and in a headless
//! test that plays a script through them.

use super::progress::Trainee;
use super::ui::{self, DebriefIntent, DeskIntent, DeskView, PickerFilter};
use super::{Content, PROBLEM_COLOR, Screen, root_ui};
use crate::rules::Rule;
use crate::scoring::{Report, score};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Desk>()
        .init_resource::<PickerFilter>()
        .init_resource::<LastAttempt>()
        .add_message::<DeskIntent>()
        .add_systems(Update, open_on_start)
        .add_systems(
            Update,
            (apply_desk_intents, tick_clock)
                .chain()
                .run_if(in_state(Screen::Desk)),
        )
        .add_systems(
            EguiPrimaryContextPass,
            (
                picker_screen.run_if(in_state(Screen::Picker)),
                desk_screen.run_if(in_state(Screen::Desk)),
                debrief_screen.run_if(in_state(Screen::Debrief)),
            ),
        );
}

/// `--scenario ID [--script FILE]`: start on this scenario once the content is in, with the
/// script's actions already played (the desk then shows the last one's event).
#[derive(Resource)]
pub struct OpenOnStart {
    pub scenario: String,
    pub script: Vec<crate::model::Action>,
}

/// The attempt in progress.
#[derive(Resource, Default)]
pub struct Desk {
    pub view: Option<DeskView>,
    pub rules: Vec<Rule>,
    pub seed: u64,
    /// Simulated seconds owed to the clock, carried between frames.
    pub owed: f64,
    pub notice: Option<String>,
    /// The office panels and the action form.
    pub panels: super::office::DeskPanels,
}

/// The finished attempt the debrief shows, with the script that replays it.
#[derive(Resource, Default)]
pub struct LastAttempt {
    pub report: Option<Report>,
    pub replay: Option<ui::Replay>,
    pub saved: Option<String>,
}

/// Builds a fresh attempt at a scenario.
pub fn start_attempt(content: &Content, id: &str, seed: u64) -> Result<Desk, String> {
    let scenario = content
        .library
        .scenario(id)
        .ok_or_else(|| format!("there is no scenario `{id}`"))?;
    let setup = content.library.setup(&scenario.value, None)?;
    Ok(Desk {
        view: Some(DeskView::new(setup.session(seed))),
        rules: setup.rules.iter().map(|r| (*r).clone()).collect(),
        seed,
        owed: 0.0,
        notice: None,
        panels: Default::default(),
    })
}

fn open_on_start(
    mut commands: Commands,
    request: Option<Res<OpenOnStart>>,
    content: Option<Res<Content>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let (Some(request), Some(content)) = (request, content) else {
        return;
    };
    match start_attempt(&content, &request.scenario, 0) {
        Ok(mut desk) => {
            if let Some(view) = desk.view.as_mut() {
                for action in &request.script {
                    let _ = view.session.apply(action.clone());
                }
                view.selected = view.session.log.last().and_then(|logged| logged.event);
            }
            commands.insert_resource(desk);
            next.set(Screen::Desk);
        }
        Err(problem) => error!("{problem}"),
    }
    commands.remove_resource::<OpenOnStart>();
}

/// Runs the office clock on real time (the reactive window wakes twice a second to let it).
fn tick_clock(time: Res<Time<Real>>, mut desk: ResMut<Desk>) {
    let desk = &mut *desk;
    let Some(view) = desk.view.as_mut() else {
        return;
    };
    if view.paused || view.session.finished() {
        return;
    }
    desk.owed += time.delta_secs_f64() * f64::from(view.speed);
    let whole = desk.owed.floor();
    if whole >= 1.0 {
        desk.owed -= whole;
        let next = view.session.now.plus(whole as u32);
        view.session.advance_to(next);
    }
}

/// Carries out what the trainee asked for: acts go to the core session, which may refuse them.
fn apply_desk_intents(
    mut intents: MessageReader<DeskIntent>,
    mut desk: ResMut<Desk>,
    mut last: ResMut<LastAttempt>,
    mut trainee: ResMut<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) {
    let desk = &mut *desk;
    for intent in intents.read() {
        let Some(view) = desk.view.as_mut() else {
            return;
        };
        match intent {
            DeskIntent::Act(action) => {
                desk.notice = view
                    .session
                    .apply(action.clone())
                    .err()
                    .map(|reason| format!("Not possible: {reason}"));
            }
            DeskIntent::Select(index) => view.selected = Some(*index),
            DeskIntent::TogglePause => view.paused = !view.paused,
            DeskIntent::SetSpeed(speed) => view.speed = *speed,
            DeskIntent::Finish => {
                view.session.finish();
                let rules: Vec<&Rule> = desk.rules.iter().collect();
                let report = score(&view.session, &rules);
                let script = view.session.script();
                last.saved = trainee.save_scenario(&report, &script);
                last.replay = Some(ui::Replay::new(view.session.clone(), script));
                last.report = Some(report);
                next.set(Screen::Debrief);
            }
        }
    }
}

fn picker_screen(
    mut contexts: EguiContexts,
    content: Option<Res<Content>>,
    trainee: Res<Trainee>,
    mut filter: ResMut<PickerFilter>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(content) = content else {
        egui::CentralPanel::default().show(&mut root, |ui| ui.label("Loading content…"));
        return Ok(());
    };
    let mut chosen = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        problems_ui(ui, &content);
        chosen = ui::picker_ui(ui, &content.cards, &mut filter, &trainee.best);
    });
    match chosen {
        Some(ui::PickerIntent::Play(id)) => match start_attempt(&content, &id, 0) {
            Ok(desk) => {
                commands.insert_resource(desk);
                next.set(Screen::Desk);
            }
            Err(problem) => error!("{problem}"),
        },
        Some(ui::PickerIntent::Back) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}

/// Content errors, shown wherever content is chosen: file:line:col, the line and the hint.
pub fn problems_ui(ui: &mut egui::Ui, content: &Content) {
    let errors: Vec<_> = content.errors().collect();
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

fn desk_screen(
    mut contexts: EguiContexts,
    mut desk: ResMut<Desk>,
    mut intents: MessageWriter<DeskIntent>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Desk {
        view,
        notice,
        panels,
        ..
    } = &mut *desk;
    let Some(view) = view.as_ref() else {
        next.set(Screen::Picker);
        return Ok(());
    };
    if let Some(notice) = notice {
        egui::Panel::bottom("notice")
            .show(&mut root, |ui| ui.colored_label(PROBLEM_COLOR, &*notice));
    }
    // Draw from a borrow (no per-frame copy of the session); the intents are applied in Update.
    intents.write_batch(ui::desk_ui(&mut root, view, panels));
    Ok(())
}

fn debrief_screen(
    mut contexts: EguiContexts,
    mut last: ResMut<LastAttempt>,
    content: Option<Res<Content>>,
    desk: Res<Desk>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let last = &mut *last;
    let Some(report) = &last.report else {
        next.set(Screen::Picker);
        return Ok(());
    };
    let mut intent = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(saved) = &last.saved {
            ui.small(saved);
        }
        intent = ui::debrief_ui(ui, report, last.replay.as_mut());
    });
    match intent {
        Some(DebriefIntent::TryAgain) => {
            if let Some(content) = content
                && let Ok(fresh) = start_attempt(&content, &report.scenario, desk.seed + 1)
            {
                commands.insert_resource(fresh);
                next.set(Screen::Desk);
            }
        }
        Some(DebriefIntent::BackToPicker) => next.set(Screen::Picker),
        None => {}
    }
    Ok(())
}
