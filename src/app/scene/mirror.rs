//! Keeps one entity per spot of the scene, like the panels keep one row per event: spawned when
//! a spot appears (a person from the door), updated when it changes, gone when it goes. Also
//! says what just happened that the trainee should hear: a ring, someone coming in, new work
//! in the tray (`SceneCue`). Runs headless too, so tests can count the figures.

use super::layout::{DOOR, LightState, Look, Spot, SpotKey, spots};
use super::{SCENE_LAYER, SceneCue};
use crate::app::attempt::Desk;
use crate::app::screen::Screen;
use bevy::camera::visibility::{RenderLayers, VisibilitySystems};
use bevy::prelude::*;
use bevy::transform::TransformSystems;

pub(super) fn plugin(app: &mut App) {
    // Before transforms and visibility are worked out for the frame: shapes spawned later would
    // show only on the next frame, which may be seconds away on a reactive window.
    app.configure_sets(
        PostUpdate,
        MirrorSet
            .before(TransformSystems::Propagate)
            .before(VisibilitySystems::CalculateBounds),
    )
    .init_resource::<Shown>()
    .add_systems(OnEnter(Screen::Desk), forget_what_was_shown)
    .add_systems(
        PostUpdate,
        mirror_the_desk
            .in_set(MirrorSet)
            .run_if(in_state(Screen::Desk)),
    );
}

/// The spots as last mirrored.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct MirrorSet;

/// The spots the scene shows now.
#[derive(Resource, Default)]
pub struct Shown(pub Vec<Spot>);

fn forget_what_was_shown(mut shown: ResMut<Shown>) {
    shown.0.clear();
}

fn mirror_the_desk(
    mut commands: Commands,
    desk: Res<Desk>,
    mut shown: ResMut<Shown>,
    mut existing: Query<(Entity, &mut Spot)>,
    mut cues: MessageWriter<SceneCue>,
) {
    let Some(view) = desk.view.as_ref() else {
        return;
    };
    let now = spots(view);
    if now == shown.0 {
        return;
    }
    cues.write_batch(cues_between(&shown.0, &now));
    let mut placed = Vec::new();
    for (entity, mut spot) in &mut existing {
        match now.iter().find(|s| s.key == spot.key) {
            Some(fresh) => {
                if *spot != *fresh {
                    *spot = fresh.clone();
                }
                placed.push(fresh.key);
            }
            None => commands.entity(entity).despawn(),
        }
    }
    let first_look = shown.0.is_empty();
    for spot in now.iter().filter(|s| !placed.contains(&s.key)) {
        // People come in through the door, except those already there when the desk opens.
        let start = match spot.key {
            SpotKey::Person(_) if !first_look => DOOR,
            _ => spot.at,
        };
        commands.spawn((
            spot.clone(),
            Name::new(spot.name.clone()),
            Transform::from_translation(start.extend(depth(spot))),
            Visibility::default(),
            RenderLayers::layer(SCENE_LAYER),
            DespawnOnExit(Screen::Desk),
        ));
    }
    shown.0 = now;
}

/// Front to back: the counter (4) hides the lower half of whoever stands at the window; people
/// nearer the front sit in front of those behind.
fn depth(spot: &Spot) -> f32 {
    match spot.look {
        Look::Person { .. } => 3.0 - spot.at.y * 0.001,
        _ => 5.0,
    }
}

/// What the trainee should hear (and see flash) between two looks at the desk: each new ring
/// of a line, someone new in the waiting room or at the window, more work in the tray. On the
/// first look only the rings (whoever is already there did not just come in).
pub fn cues_between(before: &[Spot], after: &[Spot]) -> Vec<SceneCue> {
    let first_look = before.is_empty();
    let find = |key: SpotKey| before.iter().find(|s| s.key == key);
    let mut cues = Vec::new();
    for spot in after {
        match (spot.key, spot.look) {
            (SpotKey::Line(line), Look::Light(LightState::Ringing { rings, .. })) => {
                let rang = match find(spot.key).map(|s| s.look) {
                    Some(Look::Light(LightState::Ringing { rings: before, .. })) => before,
                    _ => 0,
                };
                // The same caller still ringing (a line's event does not change while it rings).
                let same_call = find(spot.key).is_some_and(|s| s.event == spot.event);
                if rings > rang || !same_call {
                    cues.push(SceneCue::Ring { line });
                }
            }
            (SpotKey::Person(_), _)
                if !first_look
                    && find(spot.key).is_none()
                    && !cues.contains(&SceneCue::Arrival) =>
            {
                cues.push(SceneCue::Arrival);
            }
            (SpotKey::Inbox, Look::Inbox { count }) if !first_look => {
                let had = match find(spot.key).map(|s| s.look) {
                    Some(Look::Inbox { count }) => count,
                    _ => 0,
                };
                if count > had {
                    cues.push(SceneCue::Task);
                }
            }
            _ => {}
        }
    }
    cues
}
