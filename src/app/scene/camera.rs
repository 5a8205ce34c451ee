//! The scene's own camera: it draws only the scene's layer, into the area of the window the desk
//! panels leave for it (a viewport matched to that area whenever it changes), before egui draws
//! the panels over the rest. Off the desk it only clears the window.

use super::SCENE_LAYER;
use super::art::wall_colour;
use super::layout::{CANVAS, LAMP_OFFSET, Look, SpotKey, canvas_to_area};
use super::mirror::Shown;
use crate::app::office::DeskPanels;
use crate::app::screen::Screen;
use crate::app::settings::Settings;
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{ClearColorConfig, ScalingMode, Viewport};
use bevy::prelude::*;
use bevy::render::view::screenshot::ScreenshotCaptured;
use bevy::window::{PrimaryWindow, RequestRedraw};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Startup,
        spawn_the_scene_camera.run_if(any_with_component::<PrimaryWindow>),
    )
    .add_systems(
        Update,
        fit_the_scene_to_its_area.run_if(any_with_component::<SceneCamera>),
    )
    .add_observer(report_the_lights);
}

#[derive(Component)]
struct SceneCamera;

fn spawn_the_scene_camera(mut commands: Commands, settings: Res<Settings>) {
    commands.spawn((
        SceneCamera,
        Camera2d,
        Camera {
            // Before egui's camera, which draws the panels on top without clearing.
            order: -1,
            clear_color: ClearColorConfig::Custom(wall_colour(settings.dark)),
            ..default()
        },
        Projection::Orthographic(OrthographicProjection {
            // The whole canvas, as large as the area allows, never cut off.
            scaling_mode: ScalingMode::AutoMin {
                min_width: CANVAS.x,
                min_height: CANVAS.y,
            },
            ..OrthographicProjection::default_2d()
        }),
        RenderLayers::layer(SCENE_LAYER),
    ));
}

/// The area (physical pixels) the scene fills, clamped to the window; `None` for the whole
/// window (off the desk, where the camera only clears).
pub fn viewport_for(area: Option<[f32; 4]>, window: UVec2) -> Option<Viewport> {
    let [x, y, w, h] = area?;
    let position = UVec2::new(x.max(0.0) as u32, y.max(0.0) as u32).min(window);
    let size = UVec2::new(w.max(0.0) as u32, h.max(0.0) as u32).min(window - position);
    (size.x > 0 && size.y > 0).then(|| Viewport {
        physical_position: position,
        physical_size: size,
        ..default()
    })
}

fn fit_the_scene_to_its_area(
    panels: Res<DeskPanels>,
    screen: Res<State<Screen>>,
    settings: Res<Settings>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut cameras: Query<&mut Camera, With<SceneCamera>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Ok(window) = window.single() else {
        return;
    };
    let area = match screen.get() {
        Screen::Desk => panels.scene_area,
        _ => None,
    };
    let viewport = viewport_for(area, window.physical_size());
    let wall = wall_colour(settings.dark);
    let place = |v: &Option<Viewport>| v.as_ref().map(|v| (v.physical_position, v.physical_size));
    for mut camera in &mut cameras {
        let same_wall = matches!(camera.clear_color, ClearColorConfig::Custom(c) if c == wall);
        if place(&camera.viewport) != place(&viewport) || !same_wall {
            camera.viewport = viewport.clone();
            camera.clear_color = ClearColorConfig::Custom(wall);
            // The area is known after egui laid out the frame: draw once more to fill it.
            redraw.write(RequestRedraw);
        }
    }
}

/// With `--screenshot`: prints the colour drawn at the centre of each line's lamp, so a script
/// can tell that the scene rendered where it should (`scripts/window-check`):
/// `scene: line 1 lit at 326,92: 63,191,95`.
fn report_the_lights(
    captured: On<ScreenshotCaptured>,
    shown: Option<Res<Shown>>,
    cameras: Query<&Camera, With<SceneCamera>>,
) {
    let (Some(shown), Ok(camera)) = (shown, cameras.single()) else {
        return;
    };
    let Some(viewport) = &camera.viewport else {
        println!("scene: not shown");
        return;
    };
    for spot in &shown.0 {
        let (SpotKey::Line(line), Look::Light(state)) = (spot.key, spot.look) else {
            continue;
        };
        let (at, _) = canvas_to_area(
            viewport.physical_position.as_vec2(),
            viewport.physical_size.as_vec2(),
            spot.at + LAMP_OFFSET,
        );
        let (x, y) = (at.x.round() as u32, at.y.round() as u32);
        if let Ok(colour) = captured.image.get_color_at(x, y) {
            let [r, g, b, _] = colour.to_srgba().to_u8_array();
            let lit = if state.lit() { "lit" } else { "dark" };
            println!("scene: line {line} {lit} at {x},{y}: {r},{g},{b}");
        }
    }
}
