//! Where everything stands in the scene, worked out from the session alone: one `Spot` per light
//! of the phone console, per person at the window or in the waiting room, the inbox tray and
//! the wall clock, each with its place on the canvas, how it looks and its accessible name.
//! The drawn entities and the clickable, named areas over them both come from here.

use crate::app::session_view::DeskView;
use crate::model::{EventKind, Mood};
use crate::sim::EventStatus;
use bevy::prelude::*;

/// The canvas the scene is drawn on, in world units; the camera fits it into the area the
/// panels leave (x from -320 to 320, y from -150 to 150).
pub const CANVAS: Vec2 = Vec2::new(640.0, 300.0);

/// The phone console has at least this many lines and at most `MAX_LINES`.
pub const MIN_LINES: usize = 4;
pub const MAX_LINES: usize = 8;

/// Where a line's lamp sits in its spot (its number is to the right).
pub const LAMP_OFFSET: Vec2 = Vec2::new(-12.0, 0.0);

/// Where a canvas point lands in an area of the screen (top-left corner and size, y down), and
/// how many screen units a canvas unit is: the scene camera fits the whole canvas, centred.
pub fn canvas_to_area(corner: Vec2, size: Vec2, at: Vec2) -> (Vec2, f32) {
    let scale = (size.x / CANVAS.x).min(size.y / CANVAS.y);
    let centre = corner + size / 2.0;
    (centre + Vec2::new(at.x, -at.y) * scale, scale)
}

/// Where a person walking in comes from.
pub const DOOR: Vec2 = Vec2::new(290.0, -40.0);
pub const CONSOLE: Vec2 = Vec2::new(-262.0, 8.0);
pub const CONSOLE_SIZE: Vec2 = Vec2::new(104.0, 196.0);
const INBOX: Vec2 = Vec2::new(-262.0, -124.0);
const AT_WINDOW: Vec2 = Vec2::new(-80.0, 20.0);
pub const CLOCK: Vec2 = Vec2::new(160.0, 104.0);
pub const CLOCK_RADIUS: f32 = 30.0;
/// The waiting room's seats: back row, then front row.
pub const SEATS: [Vec2; 8] = [
    Vec2::new(95.0, -12.0),
    Vec2::new(140.0, -12.0),
    Vec2::new(185.0, -12.0),
    Vec2::new(230.0, -12.0),
    Vec2::new(95.0, -96.0),
    Vec2::new(140.0, -96.0),
    Vec2::new(185.0, -96.0),
    Vec2::new(230.0, -96.0),
];

/// What a spot stands for; stays the same while the thing it shows changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpotKey {
    /// A phone line, numbered from 1.
    Line(usize),
    /// Someone at the window or in the waiting room: the event's index in the session.
    Person(usize),
    Inbox,
    Clock,
}

/// A phone line's light.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LightState {
    /// No call on the line: dark.
    Free,
    /// Ringing: lit, bright during each ring (`flash`) and dimmer between.
    Ringing { rings: u32, flash: bool },
    /// On the line with the trainee: lit, steady.
    Talking,
    /// On hold: amber.
    OnHold,
    /// The caller hung up before anyone dealt with them: dark, marked as missed.
    Abandoned,
    /// The call ended: dark.
    Done,
}

impl LightState {
    /// Whether the light is on.
    pub fn lit(self) -> bool {
        matches!(
            self,
            LightState::Ringing { .. } | LightState::Talking | LightState::OnHold
        )
    }
}

/// How a spot looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Look {
    Light(LightState),
    Person {
        mood: Mood,
        /// How much of their patience is used, 0 to 1 (the bar under their seat).
        patience_used: f32,
        at_window: bool,
    },
    Inbox {
        count: usize,
    },
    Clock {
        hour: u32,
        minute: u32,
    },
}

/// One thing in the scene: where it is, how it looks, what it is called, which event it selects.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Spot {
    pub key: SpotKey,
    /// The event a click selects.
    pub event: Option<usize>,
    /// Its accessible name, also its tooltip.
    pub name: String,
    /// Its centre on the canvas.
    pub at: Vec2,
    /// The clickable area around the centre.
    pub size: Vec2,
    pub look: Look,
    /// The event it stands for is the one selected in the panels.
    pub selected: bool,
}

/// Events shown in the inbox tray.
fn in_tray(kind: EventKind) -> bool {
    !matches!(kind, EventKind::Call | EventKind::WalkIn)
}

fn arrived(status: EventStatus) -> bool {
    !matches!(status, EventStatus::Pending | EventStatus::Cancelled)
}

/// Every spot of the scene for the desk as it is now.
pub fn spots(view: &DeskView) -> Vec<Spot> {
    let mut spots = lines(view);
    spots.extend(people(view));
    spots.push(inbox(view));
    let now = view.session.now;
    let minute = now.seconds() / 60 % 60;
    spots.push(Spot {
        key: SpotKey::Clock,
        event: None,
        name: format!("Wall clock: {:02}:{minute:02}", now.hour()),
        at: CLOCK,
        size: Vec2::splat(CLOCK_RADIUS * 2.2),
        look: Look::Clock {
            hour: now.hour(),
            minute,
        },
        selected: false,
    });
    for spot in &mut spots {
        spot.selected = spot.event.is_some() && spot.event == view.selected;
    }
    spots
}

/// Where a line's light sits on the console.
pub fn light_position(line: usize, lines: usize) -> Vec2 {
    let (column, row) = ((line - 1) / MIN_LINES, (line - 1) % MIN_LINES);
    let x = if lines <= MIN_LINES {
        CONSOLE.x - 14.0
    } else {
        CONSOLE.x - 32.0 + column as f32 * 48.0
    };
    Vec2::new(x, CONSOLE.y + 60.0 - row as f32 * 42.0)
}

/// One light per line: the k-th call to come in rings on line k (calls long over give their
/// line up when there are more calls than lines).
fn lines(view: &DeskView) -> Vec<Spot> {
    let session = &view.session;
    let mut calls: Vec<usize> = (0..session.events.len())
        .filter(|&i| {
            session.event_def(i).kind == EventKind::Call && arrived(session.events[i].status)
        })
        .collect();
    calls.sort_by_key(|&i| (session.events[i].arrival, i));
    while calls.len() > MAX_LINES {
        let over = calls.iter().position(|&i| !session.events[i].is_live());
        calls.remove(over.unwrap_or(0));
    }
    let count = calls.len().max(MIN_LINES);
    (1..=count)
        .map(|line| {
            let call = calls.get(line - 1).copied();
            let state = call.map_or(LightState::Free, |i| light_state(view, i));
            let what = match state {
                LightState::Free => "free".to_owned(),
                LightState::Ringing { rings, .. } => format!("ringing, {rings} rings"),
                LightState::Talking => "on the line with you".to_owned(),
                LightState::OnHold => "on hold".to_owned(),
                LightState::Abandoned => "the caller hung up unanswered".to_owned(),
                LightState::Done => "call ended".to_owned(),
            };
            let name = match call {
                Some(i) => format!("Line {line}: {what}: {}", session.summary(i)),
                None => format!("Line {line}: {what}"),
            };
            Spot {
                key: SpotKey::Line(line),
                event: call,
                name,
                at: light_position(line, count) + Vec2::new(12.0, 0.0),
                size: Vec2::new(46.0, 36.0),
                look: Look::Light(state),
                selected: false,
            }
        })
        .collect()
}

fn light_state(view: &DeskView, index: usize) -> LightState {
    let session = &view.session;
    let live = &session.events[index];
    match live.status {
        EventStatus::Waiting => LightState::Ringing {
            rings: session.rings(index),
            flash: view.ring_flash(index),
        },
        EventStatus::Active => LightState::Talking,
        EventStatus::OnHold(_) => LightState::OnHold,
        EventStatus::HungUp(_) if live.answered_at.is_none() => LightState::Abandoned,
        _ => LightState::Done,
    }
}

/// The person the trainee is seeing stands at the window; the others wait on the seats in the
/// order they came, and stand by the door when the seats are full.
fn people(view: &DeskView) -> Vec<Spot> {
    let session = &view.session;
    let mut waiting: Vec<usize> = Vec::new();
    let mut at_window: Option<usize> = None;
    for (index, live) in session.events.iter().enumerate() {
        if session.event_def(index).kind != EventKind::WalkIn {
            continue;
        }
        match live.status {
            EventStatus::Active if at_window.is_none() || view.selected == Some(index) => {
                at_window.into_iter().for_each(|i| waiting.push(i));
                at_window = Some(index);
            }
            EventStatus::Active | EventStatus::Waiting | EventStatus::OnHold(_) => {
                waiting.push(index);
            }
            _ => {}
        }
    }
    waiting.sort_by_key(|&i| (session.events[i].arrival, i));
    let mut spots = Vec::new();
    if let Some(index) = at_window {
        let live = &session.events[index];
        spots.push(Spot {
            key: SpotKey::Person(index),
            event: Some(index),
            name: format!(
                "At the window{}: {}",
                mood_words(live.mood),
                session.summary(index)
            ),
            at: AT_WINDOW,
            size: Vec2::new(60.0, 110.0),
            look: Look::Person {
                mood: live.mood,
                patience_used: 0.0,
                at_window: true,
            },
            selected: false,
        });
    }
    for (n, &index) in waiting.iter().enumerate() {
        let live = &session.events[index];
        // Seats full: they stand in a line by the door.
        let at = SEATS.get(n).copied().unwrap_or_else(|| {
            DOOR + Vec2::new(-34.0 - 10.0 * n.saturating_sub(SEATS.len()) as f32, -50.0)
        });
        let minutes = session.now.since(live.arrival) / 60;
        spots.push(Spot {
            key: SpotKey::Person(index),
            event: Some(index),
            name: format!(
                "Waiting room, waiting {minutes} min{}: {}",
                mood_words(live.mood),
                session.summary(index)
            ),
            at,
            size: Vec2::new(44.0, 90.0),
            look: Look::Person {
                mood: live.mood,
                // In twentieths: the bar grows in visible steps, not a redraw every second.
                patience_used: (session.patience_used(index) * 20.0).floor() / 20.0,
                at_window: false,
            },
            selected: false,
        });
    }
    spots
}

fn mood_words(mood: Mood) -> String {
    match mood {
        Mood::Calm => String::new(),
        mood => format!(", {}", mood.label()),
    }
}

/// The tray holds what came in writing or from the office and is not dealt with yet; a click
/// selects the oldest.
fn inbox(view: &DeskView) -> Spot {
    let session = &view.session;
    let mut items: Vec<usize> = (0..session.events.len())
        .filter(|&i| in_tray(session.event_def(i).kind) && session.events[i].is_live())
        .collect();
    items.sort_by_key(|&i| (session.events[i].arrival, i));
    let count = items.len();
    let name = match count {
        0 => "Inbox tray: empty".to_owned(),
        1 => format!("Inbox tray: 1 item: {}", session.summary(items[0])),
        n => format!(
            "Inbox tray: {n} items, the oldest: {}",
            session.summary(items[0])
        ),
    };
    Spot {
        key: SpotKey::Inbox,
        event: items.first().copied(),
        name,
        at: INBOX,
        size: Vec2::new(96.0, 44.0),
        look: Look::Inbox { count },
        selected: false,
    }
}
