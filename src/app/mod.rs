//! The desk app (feature `gui`): Bevy screens over a core `Session`. Bevy owns the window, the
//! clock and the screens; the panels in `ui` draw and report what the trainee asked for; the core
//! decides what happens and, at the end, what was right.

pub mod ui;

use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::scenario::Library;
use crate::scoring::{Report, score};
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{
    EguiContexts, EguiInput, EguiPlugin, EguiPreUpdateSet, EguiPrimaryContextPass, egui,
};
use std::path::Path;
use std::time::Duration;
use ui::{DebriefIntent, DeskIntent, DeskView, ScenarioCard};

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Picker,
    Desk,
    Debrief,
}

/// Everything loaded from the content folder, with the problems found in it.
#[derive(Resource)]
pub struct Content {
    pub library: Library,
    pub cards: Vec<ScenarioCard>,
    pub problems: Vec<Diagnostic>,
}

impl Content {
    pub fn load(root: &Path) -> Content {
        let mut library = Library::load(&[root.to_path_buf()], None);
        library.validate();
        let problems = library.diagnostics.clone();
        let mut cards: Vec<ScenarioCard> = library
            .scenarios
            .iter()
            .map(|s| ScenarioCard {
                id: s.value.id.clone(),
                title: s.value.title.clone(),
                family: s.value.family.label().to_owned(),
                setting: s.value.setting.label().to_owned(),
                difficulty: s.value.difficulty.label().to_owned(),
                brief: s.value.brief.clone(),
            })
            .collect();
        cards.sort_by(|a, b| (&a.family, &a.title).cmp(&(&b.family, &b.title)));
        Content {
            library,
            cards,
            problems,
        }
    }
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
}

#[derive(Resource, Default)]
pub struct Picker {
    pub filter: String,
}

#[derive(Resource, Default)]
pub struct LastReport(pub Option<Report>);

/// Opens the desk on the content in `root`, optionally straight onto one scenario.
pub fn run(root: &Path, scenario: Option<String>) -> AppExit {
    let content = Content::load(root);
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Frontdesk".into(),
            resolution: (1280, 800).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    // Redraw on input, and twice a second so the office clock can tick: near-idle otherwise.
    .insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(Duration::from_millis(500)),
        unfocused_mode: UpdateMode::reactive_low_power(Duration::from_secs(1)),
    })
    .add_plugins(plugin);
    if let Some(id) = scenario {
        let start = start_attempt(&content, &id, 0);
        match start {
            Ok(desk) => {
                app.insert_resource(desk);
                app.insert_state(Screen::Desk);
            }
            Err(problem) => eprintln!("error: {problem}"),
        }
    }
    app.insert_resource(content);
    app.run()
}

/// The desk's screens and systems, without window or renderer (so tests can run it headless).
pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<Desk>()
        .init_resource::<Picker>()
        .init_resource::<LastReport>()
        .add_systems(Startup, spawn_camera)
        .add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(Update, tick_clock.run_if(in_state(Screen::Desk)))
        .add_systems(
            EguiPrimaryContextPass,
            (
                picker_screen.run_if(in_state(Screen::Picker)),
                desk_screen.run_if(in_state(Screen::Desk)),
                debrief_screen.run_if(in_state(Screen::Debrief)),
            ),
        );
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// bevy_egui reports the modifier keys every frame; egui repaints on any input event, so an
/// unchanged report would keep the app drawing forever. Keep only real changes.
fn drop_unchanged_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(m) => {
                let changed = *last != Some(*m);
                *last = Some(*m);
                changed
            }
            _ => true,
        });
    }
}

/// Builds a fresh attempt at a scenario.
pub fn start_attempt(content: &Content, id: &str, seed: u64) -> Result<Desk, String> {
    let scenario = content
        .library
        .scenario(id)
        .ok_or_else(|| format!("there is no scenario `{id}`"))?;
    let setup = content.library.setup(&scenario.value, None)?;
    Ok(Desk {
        view: Some(DeskView {
            session: setup.session(seed),
            selected: None,
            paused: false,
            speed: 1,
        }),
        rules: setup.rules.iter().map(|r| (*r).clone()).collect(),
        seed,
        owed: 0.0,
        notice: None,
    })
}

/// Runs the office clock on real time (virtual time caps each frame's step, and in reactive
/// mode frames are half a second apart).
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

fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

fn picker_screen(
    mut contexts: EguiContexts,
    content: Res<Content>,
    mut picker: ResMut<Picker>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut chosen = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        for problem in content.problems.iter().filter(|d| d.is_error()) {
            ui.colored_label(egui::Color32::from_rgb(200, 60, 60), problem.to_string());
        }
        chosen = ui::picker_ui(ui, &content.cards, &mut picker.filter);
    });
    if let Some(id) = chosen {
        match start_attempt(&content, &id, 0) {
            Ok(desk) => {
                commands.insert_resource(desk);
                next.set(Screen::Desk);
            }
            Err(problem) => error!("{problem}"),
        }
    }
    Ok(())
}

fn desk_screen(
    mut contexts: EguiContexts,
    mut desk: ResMut<Desk>,
    mut report: ResMut<LastReport>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(view) = desk.view.as_ref() else {
        next.set(Screen::Picker);
        return Ok(());
    };
    if let Some(notice) = &desk.notice {
        egui::Panel::bottom("notice").show(&mut root, |ui| ui.label(notice));
    }
    // Draw from a borrow (no per-frame copy of the session), then apply what was asked.
    let intents = ui::desk_ui(&mut root, view);
    apply_intents(&mut desk, &mut report, &mut next, intents);
    Ok(())
}

/// Carries out what the trainee asked for: acts go to the core session, which may refuse them.
pub fn apply_intents(
    desk: &mut Desk,
    report: &mut LastReport,
    next: &mut NextState<Screen>,
    intents: Vec<DeskIntent>,
) {
    for intent in intents {
        let Some(view) = desk.view.as_mut() else {
            return;
        };
        match intent {
            DeskIntent::Act(action) => {
                desk.notice = view
                    .session
                    .apply(action)
                    .err()
                    .map(|reason| format!("Not possible: {reason}"));
            }
            DeskIntent::Select(index) => view.selected = Some(index),
            DeskIntent::TogglePause => view.paused = !view.paused,
            DeskIntent::SetSpeed(speed) => view.speed = speed,
            DeskIntent::Finish => {
                let rules: Vec<&Rule> = desk.rules.iter().collect();
                report.0 = Some(score(&view.session, &rules));
                next.set(Screen::Debrief);
            }
        }
    }
}

fn debrief_screen(
    mut contexts: EguiContexts,
    report: Res<LastReport>,
    content: Res<Content>,
    desk: Res<Desk>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(report) = &report.0 else {
        next.set(Screen::Picker);
        return Ok(());
    };
    let mut intent = None;
    egui::CentralPanel::default().show(&mut root, |ui| intent = ui::debrief_ui(ui, report));
    match intent {
        Some(DebriefIntent::TryAgain) => {
            if let Ok(fresh) = start_attempt(&content, &report.scenario, desk.seed + 1) {
                commands.insert_resource(fresh);
                next.set(Screen::Desk);
            }
        }
        Some(DebriefIntent::BackToPicker) => next.set(Screen::Picker),
        None => {}
    }
    Ok(())
}
