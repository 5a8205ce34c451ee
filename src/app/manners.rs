//! Desktop manners: the window redraws on input, and otherwise only when something on screen
//! changes by itself (the desk's clock reaching a new minute, a ring, an arrival; an exam's
//! countdown), so an idle app uses no CPU. Shared with the empty-window floor example.

use super::attempt::Desk;
use super::capture::CaptureRequest;
use super::screen::Screen;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy::time::{TimeSystems, TimeUpdateStrategy};
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

/// How long a focused window sleeps without input on a screen where nothing changes by itself
/// (so a content file reloaded or an LRS reply shows within seconds while someone looks on).
/// Each wake draws a whole frame, about 0.1 s of CPU in software rendering (llvmpipe): at 5 s
/// the title measured 2.2 % of a core, at 10 s about 1 % (docs/PERFORMANCE.md).
pub const IDLE_WAIT: Duration = Duration::from_secs(10);

/// The same for a window without the focus: nobody is looking, so it wakes only for input or
/// for what does change by itself (the desk's phone still rings), as the empty-window floor does.
pub const UNFOCUSED_IDLE_WAIT: Duration = Duration::from_secs(60);

/// Reactive rendering: redraw on input, otherwise only when something shown changes by itself
/// (`schedule_wake` sets the wait per screen). Shared with the empty-window floor.
pub fn desktop_manners(app: &mut App) {
    app.insert_resource(starting_wake())
        .add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(First, read_the_clock_now.before(TimeSystems));
}

/// How the window sleeps before any screen has said when it next changes: as a screen where
/// nothing changes by itself.
pub fn starting_wake() -> WinitSettings {
    let (focused_mode, unfocused_mode) = wake_modes(None);
    WinitSettings {
        focused_mode,
        unfocused_mode,
    }
}

/// Each frame's clock reads the time the frame starts. Bevy's own reading is the moment the
/// previous frame finished rendering (sent back from the render world), which in a window that
/// sleeps between frames is the moment it fell asleep: after a click woke it, egui saw the press
/// seconds before it happened, took press-to-release for a long press rather than a click, and
/// the first click after a few idle seconds did nothing (as "Start your first shift" did after
/// adding a trainee); the desk's clock likewise caught up only a frame after each wake.
fn read_the_clock_now(mut strategy: ResMut<TimeUpdateStrategy>) {
    *strategy = TimeUpdateStrategy::ManualInstant(Instant::now());
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
/// countdown; elsewhere, or on a paused desk, `IDLE_WAIT` focused and `UNFOCUSED_IDLE_WAIT` not.
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
    let changes_in = match screen.get() {
        Screen::Desk => desk
            .view
            .as_ref()
            .filter(|v| !v.paused && !v.session.finished())
            .map(|v| {
                let office_seconds = f64::from(v.next_change().since(v.session.now));
                // A little past the change, so the clock has surely reached it on waking.
                Duration::from_secs_f64(office_seconds / f64::from(v.speed.max(1)) + 0.02)
            })
            .into_iter()
            .chain(scene.0)
            .min(),
        Screen::Exam => Some(Duration::from_secs(1)),
        _ => None,
    };
    // Both modes together: a window nobody focused (a new window under a desktop without a
    // window manager, or the trainee reading another window) must still wake when the phone
    // rings. Comparing only the focused mode once left the unfocused one at its first 60 s when
    // the desk's first wait equalled the title's, and the first call of a shift went unseen.
    let (focused, unfocused) = wake_modes(changes_in);
    if winit.focused_mode != focused || winit.unfocused_mode != unfocused {
        winit.focused_mode = focused;
        winit.unfocused_mode = unfocused;
    }
}

/// The window's update modes, given when what it shows next changes by itself (`None`:
/// nothing does). Focused, it reacts to input; unfocused, only to window events (the pointer
/// coming over it, the focus), and never wakes sooner than a second.
pub fn wake_modes(changes_in: Option<Duration>) -> (UpdateMode, UpdateMode) {
    let (focused, unfocused) = match changes_in {
        Some(wait) => (wait, wait.max(Duration::from_secs(1))),
        None => (IDLE_WAIT, UNFOCUSED_IDLE_WAIT),
    };
    (
        UpdateMode::reactive(focused),
        UpdateMode::reactive_low_power(unfocused),
    )
}
