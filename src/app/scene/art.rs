//! How the scene looks: flat shapes and colours made in code (nothing is loaded). The room is
//! built once per attempt; each spot's shapes are rebuilt when how it looks changes, people walk
//! from the door to their seat or the window, and the door lights while someone comes in (the
//! visual twin of the door chime). Runs only where there is a renderer (not in headless tests).

use super::layout::{
    CANVAS, CLOCK, CLOCK_RADIUS, CONSOLE, CONSOLE_SIZE, DOOR, LAMP_OFFSET, LightState, Look, SEATS,
    Spot,
};
use super::{SCENE_LAYER, SceneCue};
use crate::app::manners::SceneWake;
use crate::app::screen::Screen;
use crate::app::settings::Settings;
use crate::model::Mood;
use bevy::camera::visibility::{RenderLayers, VisibilitySystems};
use bevy::prelude::*;
use bevy::transform::TransformSystems;
use std::collections::HashMap;
use std::time::Duration;

pub(super) fn plugin(app: &mut App) {
    let drawable =
        resource_exists::<Assets<ColorMaterial>>.and_then(resource_exists::<Assets<Mesh>>);
    app.init_resource::<TrayFlash>()
        .init_resource::<Walking>()
        .add_systems(
            OnEnter(Screen::Desk),
            build_the_room.run_if(drawable.clone()),
        )
        .add_systems(
            PostUpdate,
            (
                draw_changed_spots,
                walk_people_to_their_places,
                flash_the_tray_on_new_work,
                light_the_door_while_someone_comes_in,
                plan_the_next_frame,
            )
                .chain()
                .after(super::mirror::MirrorSet)
                // In the same frame as the spots changed (see `MirrorSet`).
                .before(TransformSystems::Propagate)
                .before(VisibilitySystems::CalculateBounds)
                .run_if(in_state(Screen::Desk).and_then(drawable)),
        );
}

/// How fast people walk, in canvas units per second.
const WALK_SPEED: f32 = 260.0;
/// Frames per second while something moves: enough for a walk to read as one.
const ANIMATION_FRAME: Duration = Duration::from_millis(40);
/// How long the tray glows after something new lands in it (the twin of the task alert).
const TRAY_FLASH: Duration = Duration::from_millis(2500);

/// Colours of the room, for the light or dark theme; the lights and people keep theirs.
struct Palette {
    wall: Color,
    floor: Color,
    glass: Color,
    frame: Color,
    chair: Color,
}

impl Palette {
    fn new(dark: bool) -> Palette {
        if dark {
            Palette {
                wall: hex(0x2b3440),
                floor: hex(0x20262e),
                glass: hex(0x3b566b),
                frame: hex(0x5b6b7a),
                chair: hex(0x46505d),
            }
        } else {
            Palette {
                wall: hex(0xe4ded2),
                floor: hex(0xcbc1b0),
                glass: hex(0xb9d3e2),
                frame: hex(0x8996a3),
                chair: hex(0x98a3b0),
            }
        }
    }
}

/// The wall behind everything: the scene camera's clear colour.
pub fn wall_colour(dark: bool) -> Color {
    Palette::new(dark).wall
}

const WOOD: u32 = 0x8a6a4f;
const WOOD_TOP: u32 = 0xb08b67;
const CONSOLE_BODY: u32 = 0x181c21;
const CONSOLE_LABEL: u32 = 0xc8ccd2;
const LIGHT_OFF: u32 = 0x3a3f46;
const LIGHT_RING: u32 = 0x5be37a;
const LIGHT_RING_DIM: u32 = 0x2c8f46;
const LIGHT_TALK: u32 = 0x3fbf5f;
const LIGHT_HOLD: u32 = 0xf2a93b;
const MISSED: u32 = 0xd9473b;
const PAPER: u32 = 0xf2efe6;
const CLOCK_FACE: u32 = 0xece8de;
const CLOCK_INK: u32 = 0x1f2328;
const DOOR_SHUT: u32 = 0x5e4b3c;
const DOOR_OPEN: u32 = 0xd9b47a;
const SELECTED: u32 = 0xf5d76e;
const SKIN: [u32; 4] = [0xf1d2b6, 0xd9a77e, 0xa8754f, 0x6e4b33];

fn hex(rgb: u32) -> Color {
    Color::srgb_u8((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
}

/// The colour of a line's light.
pub fn light_colour(state: LightState) -> Option<Color> {
    match state {
        LightState::Ringing { flash: true, .. } => Some(hex(LIGHT_RING)),
        LightState::Ringing { flash: false, .. } => Some(hex(LIGHT_RING_DIM)),
        LightState::Talking => Some(hex(LIGHT_TALK)),
        LightState::OnHold => Some(hex(LIGHT_HOLD)),
        LightState::Free | LightState::Abandoned | LightState::Done => None,
    }
}

/// A person's colour: calm blue, impatient amber, angry red (their posture says it too).
pub fn mood_colour(mood: Mood) -> Color {
    match mood {
        Mood::Calm => hex(0x4f8fc0),
        Mood::Impatient => hex(0xe0a030),
        Mood::Angry => hex(0xd9473b),
    }
}

#[derive(Clone, Copy)]
enum Shape {
    Square,
    Circle,
    Ring,
}

/// Unit meshes, scaled per piece, and one material per colour: a handful of assets in all.
#[derive(Resource)]
struct Kit {
    square: Handle<Mesh>,
    circle: Handle<Mesh>,
    ring: Handle<Mesh>,
    paints: HashMap<[u8; 4], Handle<ColorMaterial>>,
}

struct Brush<'a> {
    kit: &'a mut Kit,
    materials: &'a mut Assets<ColorMaterial>,
}

impl Brush<'_> {
    fn paint(&mut self, colour: Color) -> Handle<ColorMaterial> {
        let key = colour.to_srgba().to_u8_array();
        let materials = &mut *self.materials;
        self.kit
            .paints
            .entry(key)
            .or_insert_with(|| materials.add(ColorMaterial::from_color(colour)))
            .clone()
    }
}

/// The room: wall and floor, the trainee's desk with the phone console, the reception window
/// and counter, the waiting room's chairs and the door, the clock's face.
fn build_the_room(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    settings: Res<Settings>,
    kit: Option<ResMut<Kit>>,
) {
    let mut kit = match kit {
        Some(kit) => kit.into_inner().clone_handles(),
        None => Kit {
            square: meshes.add(Rectangle::new(1.0, 1.0)),
            circle: meshes.add(Circle::new(0.5)),
            ring: meshes.add(Annulus::new(0.38, 0.5)),
            paints: HashMap::new(),
        },
    };
    let palette = Palette::new(settings.dark);
    let mut brush = Brush {
        kit: &mut kit,
        materials: &mut materials,
    };
    let mut room = Vec::new();
    let wide = CANVAS.x * 3.0;
    // Floor (wider than the canvas, so a wide area shows no edge).
    room.push(piece(
        &mut brush,
        Shape::Square,
        palette.floor,
        Vec2::new(0.0, -115.0 - CANVAS.y),
        Vec2::new(wide, 70.0 + CANVAS.y * 2.0),
        0.0,
        0.0,
    ));
    // The reception window: frame, glass, and the counter in front of whoever stands there.
    room.push(piece(
        &mut brush,
        Shape::Square,
        palette.frame,
        Vec2::new(-80.0, 74.0),
        Vec2::new(232.0, 140.0),
        0.1,
        0.0,
    ));
    room.push(piece(
        &mut brush,
        Shape::Square,
        palette.glass,
        Vec2::new(-80.0, 76.0),
        Vec2::new(218.0, 126.0),
        0.2,
        0.0,
    ));
    room.push(piece(
        &mut brush,
        Shape::Square,
        hex(WOOD),
        Vec2::new(-80.0, -75.0),
        Vec2::new(250.0, 150.0),
        4.0,
        0.0,
    ));
    room.push(piece(
        &mut brush,
        Shape::Square,
        hex(WOOD_TOP),
        Vec2::new(-80.0, 3.0),
        Vec2::new(262.0, 10.0),
        4.1,
        0.0,
    ));
    // The trainee's desk, with the console on it.
    room.push(piece(
        &mut brush,
        Shape::Square,
        hex(WOOD_TOP),
        Vec2::new(-262.0, -124.0),
        Vec2::new(120.0, 56.0),
        0.3,
        0.0,
    ));
    room.push(piece(
        &mut brush,
        Shape::Square,
        hex(CONSOLE_BODY),
        CONSOLE,
        CONSOLE_SIZE,
        0.4,
        0.0,
    ));
    room.push(piece(
        &mut brush,
        Shape::Square,
        hex(LIGHT_OFF),
        CONSOLE + Vec2::new(0.0, CONSOLE_SIZE.y / 2.0 - 12.0),
        Vec2::new(CONSOLE_SIZE.x - 20.0, 10.0),
        0.5,
        0.0,
    ));
    // Chairs: a back and a seat each.
    for seat in SEATS {
        room.push(piece(
            &mut brush,
            Shape::Square,
            palette.chair,
            seat + Vec2::new(0.0, 6.0),
            Vec2::new(34.0, 34.0),
            0.6,
            0.0,
        ));
        room.push(piece(
            &mut brush,
            Shape::Square,
            palette.chair,
            seat + Vec2::new(0.0, -16.0),
            Vec2::new(38.0, 8.0),
            3.5,
            0.0,
        ));
    }
    // The clock's rim and its twelve hour marks; the hands belong to the clock's spot.
    room.push(piece(
        &mut brush,
        Shape::Circle,
        hex(CLOCK_FACE),
        CLOCK,
        Vec2::splat(CLOCK_RADIUS * 2.0),
        0.7,
        0.0,
    ));
    room.push(piece(
        &mut brush,
        Shape::Ring,
        hex(CLOCK_INK),
        CLOCK,
        Vec2::splat(CLOCK_RADIUS * 2.0 + 4.0),
        0.8,
        0.0,
    ));
    for hour in 0..12 {
        let angle = hour as f32 * std::f32::consts::TAU / 12.0;
        let along = Vec2::new(angle.sin(), angle.cos()) * (CLOCK_RADIUS - 6.0);
        let long = if hour % 3 == 0 { 7.0 } else { 4.0 };
        room.push(piece(
            &mut brush,
            Shape::Square,
            hex(CLOCK_INK),
            CLOCK + along,
            Vec2::new(2.0, long),
            0.8,
            -angle,
        ));
    }
    for piece in room {
        commands.spawn((piece, DespawnOnExit(Screen::Desk)));
    }
    // The door, lit while someone comes in.
    let mut brush = Brush {
        kit: &mut kit,
        materials: &mut materials,
    };
    // Both of its paints exist before anyone walks in.
    brush.paint(hex(DOOR_OPEN));
    let door = piece(
        &mut brush,
        Shape::Square,
        hex(DOOR_SHUT),
        Vec2::new(DOOR.x, -5.0),
        Vec2::new(44.0, 150.0),
        0.6,
        0.0,
    );
    commands.spawn((door, Door, DespawnOnExit(Screen::Desk)));
    commands.insert_resource(kit);
}

impl Kit {
    fn clone_handles(&self) -> Kit {
        Kit {
            square: self.square.clone(),
            circle: self.circle.clone(),
            ring: self.ring.clone(),
            paints: self.paints.clone(),
        }
    }
}

#[derive(Component)]
struct Door;

/// The look a spot's shapes were last built for.
#[derive(Component, PartialEq)]
struct Drawn(Look, bool);

/// The tray glows until then (real time since the app started).
#[derive(Resource, Default)]
struct TrayFlash(Option<Duration>);

/// Rebuilds the shapes of the spots whose look (or selection) changed since they were drawn;
/// names and places change without redrawing.
fn draw_changed_spots(
    mut commands: Commands,
    changed: Query<(Entity, &Spot, Option<&Drawn>), Changed<Spot>>,
    kit: Option<ResMut<Kit>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    flash: Res<TrayFlash>,
    time: Res<Time<Real>>,
) {
    let Some(mut kit) = kit else {
        return;
    };
    let mut brush = Brush {
        kit: &mut kit,
        materials: &mut materials,
    };
    let glowing = flash.0.is_some_and(|until| time.elapsed() < until);
    for (entity, spot, drawn) in &changed {
        let wanted = Drawn(spot.look, spot.selected);
        if drawn == Some(&wanted) && !matches!(spot.look, Look::Inbox { .. }) {
            continue;
        }
        let mut pieces = Vec::new();
        if spot.selected {
            selection_frame(&mut brush, spot.size, &mut pieces);
        }
        match spot.look {
            Look::Light(state) => light(&mut brush, state, spot, &mut pieces),
            Look::Person {
                mood,
                patience_used,
                at_window,
            } => person(
                &mut brush,
                mood,
                patience_used,
                at_window,
                spot.event.unwrap_or(0),
                &mut pieces,
            ),
            Look::Inbox { count } => tray(&mut brush, count, glowing, &mut pieces),
            Look::Clock { hour, minute } => hands(&mut brush, hour, minute, &mut pieces),
        }
        let mut entity = commands.entity(entity);
        entity.despawn_children().insert(wanted);
        entity.with_children(|parent| {
            for piece in pieces {
                parent.spawn(piece);
            }
        });
    }
}

type Piece = (
    Mesh2d,
    MeshMaterial2d<ColorMaterial>,
    Transform,
    RenderLayers,
);

fn piece(
    brush: &mut Brush,
    shape: Shape,
    colour: Color,
    at: Vec2,
    size: Vec2,
    z: f32,
    angle: f32,
) -> Piece {
    let mesh = match shape {
        Shape::Square => brush.kit.square.clone(),
        Shape::Circle => brush.kit.circle.clone(),
        Shape::Ring => brush.kit.ring.clone(),
    };
    (
        Mesh2d(mesh),
        MeshMaterial2d(brush.paint(colour)),
        Transform {
            translation: at.extend(z),
            rotation: Quat::from_rotation_z(angle),
            scale: size.extend(1.0),
        },
        RenderLayers::layer(SCENE_LAYER),
    )
}

/// A thin frame round the spot the panels have selected.
fn selection_frame(brush: &mut Brush, size: Vec2, pieces: &mut Vec<Piece>) {
    let colour = hex(SELECTED);
    let (w, h, t) = (size.x + 6.0, size.y + 6.0, 2.5);
    for (at, size) in [
        (Vec2::new(0.0, h / 2.0), Vec2::new(w, t)),
        (Vec2::new(0.0, -h / 2.0), Vec2::new(w, t)),
        (Vec2::new(w / 2.0, 0.0), Vec2::new(t, h)),
        (Vec2::new(-w / 2.0, 0.0), Vec2::new(t, h)),
    ] {
        pieces.push(piece(brush, Shape::Square, colour, at, size, 0.9, 0.0));
    }
}

/// A line's light with its number: lit (and haloed while ringing), amber on hold, dark when
/// free or over, with a red ring when the caller gave up unanswered.
fn light(brush: &mut Brush, state: LightState, spot: &Spot, pieces: &mut Vec<Piece>) {
    let lamp = LAMP_OFFSET;
    if let LightState::Ringing { flash, .. } = state {
        let halo = if flash { 32.0 } else { 26.0 };
        let alpha = if flash { 0.45 } else { 0.2 };
        pieces.push(piece(
            brush,
            Shape::Circle,
            hex(LIGHT_RING).with_alpha(alpha),
            lamp,
            Vec2::splat(halo),
            0.1,
            0.0,
        ));
    }
    let colour = light_colour(state).unwrap_or(hex(LIGHT_OFF));
    pieces.push(piece(
        brush,
        Shape::Circle,
        colour,
        lamp,
        Vec2::splat(20.0),
        0.2,
        0.0,
    ));
    if state == LightState::Abandoned {
        pieces.push(piece(
            brush,
            Shape::Ring,
            hex(MISSED),
            lamp,
            Vec2::splat(24.0),
            0.3,
            0.0,
        ));
    }
    if let super::layout::SpotKey::Line(line) = spot.key {
        digits(
            brush,
            line,
            Vec2::new(14.0, 0.0),
            hex(CONSOLE_LABEL),
            pieces,
        );
    }
}

/// Someone at the window (standing behind the counter) or on a seat: their colour and posture
/// show their mood (upright and calm, leaning when impatient, arms up when angry), and a bar
/// under the seat how much of their patience is used.
fn person(
    brush: &mut Brush,
    mood: Mood,
    patience_used: f32,
    at_window: bool,
    seed: usize,
    pieces: &mut Vec<Piece>,
) {
    let colour = mood_colour(mood);
    let skin = hex(SKIN[seed % SKIN.len()]);
    // Large enough to read a mood at a glance at the smallest scene the desk draws.
    let scale = if at_window { 1.7 } else { 1.3 };
    let lean = match mood {
        Mood::Calm => 0.0,
        Mood::Impatient => -0.12,
        Mood::Angry => 0.0,
    };
    let body = Vec2::new(0.0, 2.0) * scale;
    let head = body + Vec2::new(-lean * 60.0, 24.0) * scale;
    pieces.push(piece(
        brush,
        Shape::Square,
        colour,
        body,
        Vec2::new(20.0, 30.0) * scale,
        0.3,
        lean,
    ));
    pieces.push(piece(
        brush,
        Shape::Circle,
        skin,
        head,
        Vec2::splat(17.0 * scale),
        0.4,
        0.0,
    ));
    if mood == Mood::Angry {
        for side in [-1.0, 1.0] {
            pieces.push(piece(
                brush,
                Shape::Square,
                colour,
                body + Vec2::new(side * 14.0, 16.0) * scale,
                Vec2::new(5.0, 20.0) * scale,
                0.3,
                side * 0.5,
            ));
        }
    }
    if !at_window {
        // Legs on the seat, then the patience bar under it.
        pieces.push(piece(
            brush,
            Shape::Square,
            colour.darker(0.15),
            Vec2::new(0.0, -18.0) * scale,
            Vec2::new(20.0, 10.0) * scale,
            0.35,
            0.0,
        ));
        let width = 34.0 * scale;
        pieces.push(piece(
            brush,
            Shape::Square,
            hex(0x000000).with_alpha(0.35),
            Vec2::new(0.0, -30.0 * scale),
            Vec2::new(width, 5.0),
            0.3,
            0.0,
        ));
        let used = patience_used.clamp(0.0, 1.0) * width;
        if used > 0.5 {
            pieces.push(piece(
                brush,
                Shape::Square,
                colour,
                Vec2::new(-width / 2.0 + used / 2.0, -30.0 * scale),
                Vec2::new(used, 5.0),
                0.4,
                0.0,
            ));
        }
    }
}

/// The tray with a sheet per item (up to five) and a badge with the count.
fn tray(brush: &mut Brush, count: usize, glowing: bool, pieces: &mut Vec<Piece>) {
    if glowing {
        pieces.push(piece(
            brush,
            Shape::Square,
            hex(SELECTED).with_alpha(0.35),
            Vec2::ZERO,
            Vec2::new(96.0, 44.0),
            0.05,
            0.0,
        ));
    }
    pieces.push(piece(
        brush,
        Shape::Square,
        hex(WOOD).darker(0.1),
        Vec2::new(-8.0, -12.0),
        Vec2::new(68.0, 10.0),
        0.1,
        0.0,
    ));
    for sheet in 0..count.min(5) {
        pieces.push(piece(
            brush,
            Shape::Square,
            hex(PAPER),
            Vec2::new(-8.0 + sheet as f32 * 1.5, -5.0 + sheet as f32 * 4.0),
            Vec2::new(56.0, 3.0),
            0.2,
            0.0,
        ));
    }
    let badge = if count > 0 {
        hex(MISSED)
    } else {
        hex(LIGHT_OFF)
    };
    let at = Vec2::new(34.0, 6.0);
    pieces.push(piece(
        brush,
        Shape::Circle,
        badge,
        at,
        Vec2::splat(26.0),
        0.3,
        0.0,
    ));
    digits(brush, count.min(99), at, hex(0xffffff), pieces);
}

/// The clock's hands at the office time.
fn hands(brush: &mut Brush, hour: u32, minute: u32, pieces: &mut Vec<Piece>) {
    let (hour_angle, minute_angle) = hand_angles(hour, minute);
    for (angle, length, width) in [(hour_angle, 15.0, 4.0), (minute_angle, 23.0, 2.5)] {
        let along = Vec2::new(angle.sin(), angle.cos()) * length / 2.0;
        pieces.push(piece(
            brush,
            Shape::Square,
            hex(CLOCK_INK),
            along,
            Vec2::new(width, length),
            0.2,
            -angle,
        ));
    }
    pieces.push(piece(
        brush,
        Shape::Circle,
        hex(CLOCK_INK),
        Vec2::ZERO,
        Vec2::splat(5.0),
        0.3,
        0.0,
    ));
}

/// The hands' angles, clockwise from twelve, in radians: (hour hand, minute hand).
pub fn hand_angles(hour: u32, minute: u32) -> (f32, f32) {
    let tau = std::f32::consts::TAU;
    let minute_turn = minute as f32 / 60.0;
    let hour_turn = ((hour % 12) as f32 + minute_turn) / 12.0;
    (hour_turn * tau, minute_turn * tau)
}

/// Which of a seven-segment digit's segments are lit: top, top right, bottom right, bottom,
/// bottom left, top left, middle.
pub fn segments(digit: usize) -> [bool; 7] {
    const TABLE: [u8; 10] = [
        0b0111111, 0b0000110, 0b1011011, 0b1001111, 0b1100110, 0b1101101, 0b1111101, 0b0000111,
        0b1111111, 0b1101111,
    ];
    let bits = TABLE[digit % 10];
    std::array::from_fn(|segment| bits & (1 << segment) != 0)
}

/// A number in seven-segment digits centred at `at` (no font needed).
fn digits(brush: &mut Brush, number: usize, at: Vec2, colour: Color, pieces: &mut Vec<Piece>) {
    let text: Vec<usize> = number
        .to_string()
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let (w, h, t, gap) = (7.0, 12.0, 2.0, 3.0);
    let total = text.len() as f32 * (w + gap) - gap;
    for (n, digit) in text.into_iter().enumerate() {
        let centre = at + Vec2::new(-total / 2.0 + w / 2.0 + n as f32 * (w + gap), 0.0);
        let places = [
            (Vec2::new(0.0, h / 2.0), Vec2::new(w, t)),
            (Vec2::new(w / 2.0, h / 4.0), Vec2::new(t, h / 2.0)),
            (Vec2::new(w / 2.0, -h / 4.0), Vec2::new(t, h / 2.0)),
            (Vec2::new(0.0, -h / 2.0), Vec2::new(w, t)),
            (Vec2::new(-w / 2.0, -h / 4.0), Vec2::new(t, h / 2.0)),
            (Vec2::new(-w / 2.0, h / 4.0), Vec2::new(t, h / 2.0)),
            (Vec2::ZERO, Vec2::new(w, t)),
        ];
        for (lit, (offset, size)) in segments(digit).into_iter().zip(places) {
            if lit {
                pieces.push(piece(
                    brush,
                    Shape::Square,
                    colour,
                    centre + offset,
                    size,
                    0.5,
                    0.0,
                ));
            }
        }
    }
}

/// People walk from where they are to their place (newcomers from the door).
fn walk_people_to_their_places(
    mut people: Query<(&Spot, &mut Transform), Without<Door>>,
    time: Res<Time<Real>>,
    mut walking: ResMut<Walking>,
) {
    // A slow frame moves them further (the walk takes the same time at any frame rate); a wake
    // after a long sleep does not jump them to their seat.
    let step = WALK_SPEED * time.delta_secs().min(0.25);
    walking.0 = false;
    for (spot, mut transform) in &mut people {
        let here = transform.translation.truncate();
        let to_go = spot.at - here;
        if to_go.length() <= step {
            if to_go != Vec2::ZERO {
                transform.translation = spot.at.extend(transform.translation.z);
            }
            continue;
        }
        walking.0 = true;
        transform.translation += (to_go.normalize() * step).extend(0.0);
    }
}

/// Whether anyone is walking this frame.
#[derive(Resource, Default)]
pub(super) struct Walking(pub bool);

fn flash_the_tray_on_new_work(
    mut cues: MessageReader<SceneCue>,
    mut flash: ResMut<TrayFlash>,
    time: Res<Time<Real>>,
    mut trays: Query<&mut Spot>,
) {
    let now = time.elapsed();
    let started = cues.read().any(|cue| *cue == SceneCue::Task);
    let ended = flash.0.is_some_and(|until| now >= until);
    if started {
        flash.0 = Some(now + TRAY_FLASH);
    } else if ended {
        flash.0 = None;
    }
    if started || ended {
        // Redraw the tray with or without its glow.
        for mut spot in &mut trays {
            if matches!(spot.look, Look::Inbox { .. }) {
                spot.set_changed();
            }
        }
    }
}

fn light_the_door_while_someone_comes_in(
    walking: Res<Walking>,
    mut door: Query<&mut MeshMaterial2d<ColorMaterial>, With<Door>>,
    kit: Option<Res<Kit>>,
    mut was: Local<bool>,
) {
    let Some(kit) = kit else {
        return;
    };
    if walking.0 == *was {
        return;
    }
    *was = walking.0;
    let colour = hex(if walking.0 { DOOR_OPEN } else { DOOR_SHUT });
    let key = colour.to_srgba().to_u8_array();
    if let Some(paint) = kit.paints.get(&key) {
        for mut material in &mut door {
            material.0 = paint.clone();
        }
    }
}

/// Asks for the next frame only while something moves: a walk (frames at `ANIMATION_FRAME`),
/// a glowing tray (one more frame when it ends). Otherwise the scene sleeps.
fn plan_the_next_frame(
    walking: Res<Walking>,
    flash: Res<TrayFlash>,
    time: Res<Time<Real>>,
    mut wake: ResMut<SceneWake>,
    mut walked: Local<bool>,
) {
    let glow_left = flash.0.map(|until| until.saturating_sub(time.elapsed()));
    // One frame more after a walk ends, so the door is seen to close.
    let moving = walking.0 || *walked;
    *walked = walking.0;
    let next = if moving {
        Some(ANIMATION_FRAME)
    } else {
        glow_left.map(|left| left.max(ANIMATION_FRAME))
    };
    if wake.0 != next {
        wake.0 = next;
    }
}
