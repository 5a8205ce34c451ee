//! The desk app (feature `gui`): Bevy screens over the core. Bevy owns the window, the clock and
//! the screens; the panels are plain egui functions that draw state and report what the trainee
//! asked for; the core decides what happens and, at the end, what was right.
//!
//! One plugin per module: `content` (content through bevy assets, hot reload), `desk` (scenario
//! picker, desk and debrief), `exam` (practice exams), `progress` (trainees, title, progress and
//! study plan), `settings` (scale and theme, persisted), `capture` (screenshots for docs).

pub mod capture;
pub mod content;
pub mod desk;
pub mod exam;
pub mod office;
pub mod progress;
pub mod settings;
pub mod ui;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{EguiInput, EguiPlugin, EguiPreUpdateSet, egui};
use std::path::PathBuf;
use std::time::Duration;

pub use content::Content;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Choose a trainee and what to do.
    #[default]
    Title,
    Picker,
    Desk,
    Debrief,
    ExamSetup,
    Exam,
    ExamResults,
    Progress,
    Study,
    Settings,
}

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub content_root: PathBuf,
    pub data_dir: PathBuf,
    /// Open straight onto this scenario,
    pub scenario: Option<String>,
    /// after playing these actions.
    pub script: Vec<crate::model::Action>,
    /// Save a screenshot of the window here once it has rendered, then quit.
    pub screenshot: Option<PathBuf>,
}

/// Opens the app.
pub fn run(options: Options) -> AppExit {
    let started = std::time::Instant::now();
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Frontdesk".into(),
                    resolution: (1280, 800).into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: options.content_root.to_string_lossy().into_owned(),
                watch_for_changes_override: Some(true),
                ..default()
            }),
    )
    .add_plugins((EguiPlugin::default(), desktop_manners))
    .add_systems(Startup, spawn_camera);
    plugin(&mut app, &options);
    if options.screenshot.is_some() {
        app.add_plugins(capture::plugin);
    }
    capture::first_frame_probe(&mut app, started);
    app.run()
}

/// The app's screens and systems, without window, renderer or egui, so a headless test can
/// run them (`MinimalPlugins` + `StatesPlugin`).
pub fn plugin(app: &mut App, options: &Options) {
    app.init_state::<Screen>()
        .insert_resource(content::ContentRoot(options.content_root.clone()))
        .insert_resource(progress::Trainee::open(&options.data_dir))
        .insert_resource(settings::Settings::load(&options.data_dir))
        .insert_resource(capture::CaptureRequest(options.screenshot.clone()))
        .add_systems(Last, schedule_wake)
        .add_plugins((
            content::plugin,
            desk::plugin,
            exam::plugin,
            progress::plugin,
            settings::plugin,
        ));
    if let Some(id) = &options.scenario {
        app.insert_resource(desk::OpenOnStart {
            scenario: id.clone(),
            script: options.script.clone(),
        });
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// How long the window sleeps without input when nothing on screen changes by itself.
pub const IDLE_WAIT: Duration = Duration::from_secs(5);

/// Reactive rendering: redraw on input, otherwise only when something shown changes by itself
/// (`schedule_wake` sets the wait per screen). Shared with the empty-window floor.
pub fn desktop_manners(app: &mut App) {
    app.insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(IDLE_WAIT),
        unfocused_mode: UpdateMode::reactive_low_power(Duration::from_secs(60)),
    })
    .add_systems(
        PreUpdate,
        drop_unchanged_modifiers
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
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

/// Sets how long the window may sleep: until the desk would show something new (the clock's
/// minute, a ring, an arrival), each second of an exam's countdown, else `IDLE_WAIT`.
fn schedule_wake(
    screen: Res<State<Screen>>,
    desk: Res<desk::Desk>,
    capture: Res<capture::CaptureRequest>,
    winit: Option<ResMut<WinitSettings>>,
) {
    // A screenshot run renders continuously until it has its frame.
    let (Some(mut winit), None) = (winit, &capture.0) else {
        return;
    };
    let wait = match screen.get() {
        Screen::Desk => desk
            .view
            .as_ref()
            .filter(|v| !v.paused && !v.session.finished())
            .map_or(IDLE_WAIT, |v| {
                let office_seconds = f64::from(v.next_change().since(v.session.now));
                // A little past the change, so the clock has surely reached it on waking.
                Duration::from_secs_f64(office_seconds / f64::from(v.speed.max(1)) + 0.02)
            }),
        Screen::Exam => Duration::from_secs(1),
        _ => IDLE_WAIT,
    };
    let focused = UpdateMode::reactive(wait);
    if winit.focused_mode != focused {
        winit.focused_mode = focused;
        winit.unfocused_mode = UpdateMode::reactive_low_power(wait.max(Duration::from_secs(1)));
    }
}

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

/// Red text for problems, readable on light and dark themes.
pub const PROBLEM_COLOR: egui::Color32 = egui::Color32::from_rgb(210, 70, 70);
