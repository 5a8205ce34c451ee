//! The desk as a place: a 2D Bevy scene of the front desk beside the panels, a view of the
//! session like them. The phone console has a light per line (lit and flashing with each ring,
//! steady while talking, amber on hold, dark when over, ringed red when the caller gave up);
//! the person being seen stands at the window; the waiting room has a figure per waiting patient
//! whose colour and posture show their mood and a bar how long they have waited; the inbox tray
//! shows its count; the wall clock the office time. Clicking a light or a person selects it in
//! the panels; every spot has an accessible name.
//!
//! `layout` works out the spots from the session (pure); `mirror` keeps an entity per spot and
//! says what just happened (`SceneCue`); `art` draws them (shapes made in code) and animates
//! only while something moves; `camera` fits the scene into the area the panels leave;
//! `hotspots` is that area in egui (clicks, focus, names); `sound` plays the cues.

pub mod art;
pub mod camera;
pub mod hotspots;
pub mod layout;
pub mod mirror;
#[cfg(feature = "sound")]
pub mod sound;

use bevy::prelude::*;

/// The render layer the scene draws on; egui's camera does not see it.
pub const SCENE_LAYER: usize = 1;

/// Something the trainee should notice now, heard (`sound`) and seen (`art`).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SceneCue {
    /// A new ring on this line (numbered from 1).
    Ring { line: usize },
    /// Someone came in.
    Arrival,
    /// Work landed in the inbox tray.
    Task,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<SceneCue>()
        .add_plugins((mirror::plugin, art::plugin, camera::plugin));
    // Sound needs bevy's audio plugin (the window app has it; headless tests do not).
    #[cfg(feature = "sound")]
    if app.is_plugin_added::<bevy::audio::AudioPlugin>() {
        app.add_plugins(sound::plugin);
    }
}
