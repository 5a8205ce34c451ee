//! Desktop manners: the window redraws on input, and otherwise only when something on screen
//! changes by itself (the desk's clock reaching a new minute, a ring, an arrival; an exam's
//! countdown), so an idle app uses no CPU. Shared with the empty-window floor example.

use super::attempt::Desk;
use super::capture::CaptureRequest;
use super::screen::Screen;
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};
use std::time::Duration;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SceneWake>()
        .add_systems(Last, schedule_wake);
}

/// When the desk's scene next changes by itself in real time (the next frame of a figure
/// walking in, the end of a glow); `None` while nothing in it moves.
#[derive(Resource, Debug, Default, PartialEq)]
pub struct SceneWake(pub Option<Duration>);

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
/// minute, a ring, an arrival, the scene's next animation frame), each second of an exam's
/// countdown, else `IDLE_WAIT`.
fn schedule_wake(
    screen: Res<State<Screen>>,
    desk: Res<Desk>,
    scene: Res<SceneWake>,
    capture: Res<CaptureRequest>,
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
            })
            .min(scene.0.unwrap_or(IDLE_WAIT)),
        Screen::Exam => Duration::from_secs(1),
        _ => IDLE_WAIT,
    };
    // Both modes together: a window nobody focused (a new window under a desktop without a
    // window manager, or the trainee reading another window) must still wake when the phone
    // rings. Comparing only the focused mode once left the unfocused one at its first 60 s when
    // the desk's first wait equalled the title's, and the first call of a shift went unseen.
    let (focused, unfocused) = wake_modes(wait);
    if winit.focused_mode != focused || winit.unfocused_mode != unfocused {
        winit.focused_mode = focused;
        winit.unfocused_mode = unfocused;
    }
}

/// The window's update modes for a wait: reactive to input when focused; when not, only to
/// window events, and never sooner than a second, but still at the wait.
fn wake_modes(wait: Duration) -> (UpdateMode, UpdateMode) {
    (
        UpdateMode::reactive(wait),
        UpdateMode::reactive_low_power(wait.max(Duration::from_secs(1))),
    )
}
