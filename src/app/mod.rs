//! The desk app (feature `gui`): Bevy screens over the core. Bevy owns the window, the clock and
//! the screens; the panels are plain egui functions that draw state and report what the trainee
//! asked for; the core decides what happens and, at the end, what was right.
//!
//! One plugin per module. Shared below the screens: `screen` (the state), `widgets`, `requests`
//! (what one screen asks of another), `content` (content through bevy assets, hot reload),
//! `trainee` (the progress store), `lrs_sync` (the queue sent to an LRS in the background),
//! `settings`, `attempt` (starts attempts; the one in progress),
//! `session_view`, `manners` (reactive rendering), `capture` (screenshots), `theme` (palette and
//! type scale), `spots` (where the desk's controls are, for hints), `unsaved` (attempts the store
//! refused). The screens: `title`, `picker`, `desk` with its `office` panels, its `scene` and the
//! first shift's hints (`tutorial`), `debrief`, `exam`, `progress`, `study`, `report` (the cohort, for
//! instructors).
//! Screens never import each other; they talk through `Screen` and `requests`.

pub mod attempt;
pub mod capture;
pub mod content;
pub mod debrief;
pub mod desk;
pub mod exam;
pub mod lrs_sync;
pub mod manners;
pub mod map_view;
pub mod office;
pub mod picker;
pub mod progress;
pub mod report;
pub mod requests;
pub mod scene;
pub mod screen;
pub mod session_view;
pub mod settings;
pub mod spots;
pub mod study;
pub mod theme;
pub mod title;
pub mod trainee;
pub mod tutorial;
pub mod unsaved;
pub mod widgets;

use bevy::prelude::*;
use bevy_egui::EguiPlugin;
use std::path::PathBuf;

pub use content::Content;
pub use screen::Screen;

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where the content comes from: built in, or a folder on disk (watched for changes) over
    /// the built-in content or alone.
    pub content: crate::library::ContentSource,
    pub data_dir: PathBuf,
    /// Open straight onto this scenario,
    pub scenario: Option<String>,
    /// with this seed (a fresh one when `None`),
    pub seed: Option<u64>,
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
                // The folder's files are assets, reloaded when they change; the built-in
                // content needs neither.
                file_path: options
                    .content
                    .folder()
                    .map(|dir| dir.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                watch_for_changes_override: Some(options.content.folder().is_some()),
                ..default()
            }),
    )
    .add_plugins((EguiPlugin::default(), manners::desktop_manners))
    // egui draws on the camera made for it (`spawn_camera`), never on the scene's.
    .insert_resource(bevy_egui::EguiGlobalSettings {
        auto_create_primary_context: false,
        ..default()
    })
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
        .insert_resource(content::ContentRoot(options.content.clone()))
        .insert_resource(trainee::Trainee::open(&options.data_dir))
        .insert_resource(settings::Settings::load(&options.data_dir))
        .insert_resource(lrs_sync::LrsSync::start(&options.data_dir))
        .insert_resource(debrief::PlanFolder(options.data_dir.join("plans")))
        .insert_resource(capture::CaptureRequest(options.screenshot.clone()))
        .init_resource::<office::DeskPanels>()
        .add_plugins((
            requests::plugin,
            content::plugin,
            trainee::plugin,
            attempt::plugin,
            manners::plugin,
            settings::plugin,
            lrs_sync::plugin,
        ))
        .add_plugins((
            title::plugin,
            picker::plugin,
            desk::plugin,
            tutorial::plugin,
            debrief::plugin,
            exam::plugin,
            progress::plugin,
            study::plugin,
            scene::plugin,
            report::plugin,
        ));
    if let Some(id) = &options.scenario {
        app.insert_resource(attempt::OpenOnStart(requests::StartAttempt {
            scenario: id.as_str().into(),
            seed: options.seed,
            script: options.script.clone(),
        }));
    }
}

/// egui's camera: it draws the panels over what the scene's camera drew, without clearing it.
fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Camera2d,
        Camera {
            clear_color: ClearColorConfig::None,
            ..default()
        },
        bevy_egui::PrimaryEguiContext,
    ));
}
