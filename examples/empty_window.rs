//! The performance floor for docs/PERFORMANCE.md: an empty bevy_egui window built with the same
//! bevy features and the same desktop manners (reactive updates, the unchanged-modifiers
//! filter) as the desk. Run: `cargo run --release --example empty_window`.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

fn main() {
    let started = std::time::Instant::now();
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Empty".into(),
            resolution: (1280, 800).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins((
        EguiPlugin::default(),
        frontdesk::app::manners::desktop_manners,
    ))
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn(Camera2d);
    })
    .add_systems(EguiPrimaryContextPass, empty_ui);
    frontdesk::app::capture::first_frame_probe(&mut app, started);
    app.run();
}

fn empty_ui(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    egui::Window::new("Empty").show(ctx, |ui| ui.label("The floor."));
    Ok(())
}
