//! `frontdesk --screenshot FILE`: once the window has rendered for a few seconds (software
//! renderers compile their pipelines slowly, and early frames are black), save it as a PNG and
//! quit. For docs and for the script that proves the window renders.

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::winit::WinitSettings;
use std::path::PathBuf;

/// Where to save the screenshot, when one was asked for.
#[derive(Resource, Debug, Clone, Default)]
pub struct CaptureRequest(pub Option<PathBuf>);

/// Seconds of rendering before the shot, and after it before quitting.
const SETTLE_SECONDS: f64 = 4.0;
const SAVE_SECONDS: f64 = 2.0;

pub fn plugin(app: &mut App) {
    app.insert_resource(WinitSettings::continuous())
        .add_systems(Update, capture_then_quit);
}

fn capture_then_quit(
    mut commands: Commands,
    request: Res<CaptureRequest>,
    time: Res<Time<Real>>,
    mut taken_at: Local<Option<f64>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(path) = &request.0 else {
        return;
    };
    let now = time.elapsed_secs_f64();
    match *taken_at {
        None if now >= SETTLE_SECONDS => {
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path.clone()))
                .observe(report_what_was_drawn);
            *taken_at = Some(now);
        }
        Some(at) if now >= at + SAVE_SECONDS => {
            exit.write(AppExit::Success);
        }
        _ => {}
    }
}

/// Prints how much the captured frame shows, so a script can tell a rendered window from a
/// black or blank one: `drawn: 1280x800, mean 0.118, 211 colours`.
fn report_what_was_drawn(captured: On<ScreenshotCaptured>) {
    let image = &captured.image;
    let Some(data) = image.data.as_ref() else {
        println!("drawn: no pixel data");
        return;
    };
    let mut colours = std::collections::BTreeSet::new();
    let mut sum = 0u64;
    let mut pixels = 0u64;
    for px in data.chunks_exact(4) {
        sum += u64::from(px[0]) + u64::from(px[1]) + u64::from(px[2]);
        pixels += 1;
        if colours.len() < 100_000 {
            colours.insert([px[0], px[1], px[2]]);
        }
    }
    let mean = sum as f64 / (pixels.max(1) as f64 * 3.0 * 255.0);
    println!(
        "drawn: {}x{}, mean {mean:.3}, {} colours",
        image.width(),
        image.height(),
        colours.len()
    );
}

/// `FRONTDESK_FIRST_FRAME=1`: print the time from `started` to the first drawn frame, then quit.
/// The same probe runs in the empty-window floor (`examples/empty_window.rs`), so the two are
/// measured alike (docs/PERFORMANCE.md).
pub fn first_frame_probe(app: &mut App, started: std::time::Instant) {
    if std::env::var_os("FRONTDESK_FIRST_FRAME").is_none() {
        return;
    }
    app.insert_resource(ProbeStart(started))
        .add_systems(bevy_egui::EguiPrimaryContextPass, report_first_frame);
}

#[derive(Resource)]
struct ProbeStart(std::time::Instant);

/// Runs after the first frame's UI pass; the frame is presented once this update ends, so the
/// report waits for the next update.
fn report_first_frame(
    start: Res<ProbeStart>,
    mut frames: Local<u32>,
    mut exit: MessageWriter<AppExit>,
) {
    *frames += 1;
    if *frames == 2 {
        println!("first frame after {} ms", start.0.elapsed().as_millis());
        exit.write(AppExit::Success);
    }
}
