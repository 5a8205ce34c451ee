//! The scene of the desk mirrors the session, headless (MinimalPlugins + the app's systems, no
//! window, no renderer): a figure per waiting patient, a light per line that is lit while it
//! rings, amber on hold, dark when the caller gave up; the wall clock at the office time; a ring,
//! an arrival and new work each cue a sound. Clicking a figure (through egui's accessibility
//! tree, as a screen reader or a mouse would) selects its event.
#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::attempt::Desk;
use frontdesk::app::desk::desk_ui;
use frontdesk::app::office::DeskPanels;
use frontdesk::app::scene::SceneCue;
use frontdesk::app::scene::art::{hand_angles, light_colour, segments};
use frontdesk::app::scene::layout::{LightState, Look, Spot, SpotKey, spots};
use frontdesk::app::session_view::{DeskIntent, DeskView};
use frontdesk::app::{Options, Screen};
use frontdesk::model::{ActKind, Action, ActionTime, EventKind, SimTime};
use frontdesk::sim::EventStatus;
use std::path::Path;
use std::time::Duration;

/// Three patients walk up to the window in turn (08:50, 08:52, 08:54) and one calls.
const WAITING_ROOM: &str = "waiting-room-boils-over";
const CHEST_PAIN: &str = "chest-pain-caller";

/// What the scene asked to be heard, in order.
#[derive(Resource, Default)]
struct Heard(Vec<SceneCue>);

fn listen(mut cues: MessageReader<SceneCue>, mut heard: ResMut<Heard>) {
    heard.0.extend(cues.read().copied());
}

fn headless_desk(scenario: &str, data_dir: &Path) -> App {
    let mut app = common::headless_app(
        data_dir,
        Options {
            scenario: Some(scenario.into()),
            seed: Some(0),
            ..Options::default()
        },
    );
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(1)))
        .init_resource::<Heard>()
        .add_systems(Last, listen);
    for _ in 0..2000 {
        app.update();
        if *app.world().resource::<State<Screen>>().get() == Screen::Desk {
            // The clock stands still unless a test moves it.
            view_mut(&mut app).paused = true;
            app.update();
            return app;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the desk never opened");
}

fn view_mut(app: &mut App) -> &mut DeskView {
    app.world_mut()
        .resource_mut::<Desk>()
        .into_inner()
        .view
        .as_mut()
        .expect("an attempt")
}

fn view(app: &App) -> &DeskView {
    app.world()
        .resource::<Desk>()
        .view
        .as_ref()
        .expect("an attempt")
}

/// Moves the office clock and lets the scene look again.
fn advance_to(app: &mut App, time: SimTime) {
    view_mut(app).session.advance_to(time);
    app.update();
}

fn act(app: &mut App, kind: ActKind, event: &str) {
    let session = &mut view_mut(app).session;
    let action = Action::new(ActionTime::At(session.now), kind).on(event);
    session.apply(action).expect("possible");
    app.update();
}

/// The scene's entities, as drawn now.
fn scene(app: &mut App) -> Vec<Spot> {
    let mut query = app.world_mut().query::<&Spot>();
    let mut spots: Vec<Spot> = query.iter(app.world()).cloned().collect();
    spots.sort_by_key(|s| s.key);
    spots
}

fn figures_waiting(app: &mut App) -> usize {
    scene(app)
        .iter()
        .filter(|s| {
            matches!(
                s.look,
                Look::Person {
                    at_window: false,
                    ..
                }
            )
        })
        .count()
}

fn light_of(app: &mut App, event: &str) -> LightState {
    let index = view(app).session.event_index(event).expect("event");
    let spot = scene(app)
        .into_iter()
        .find(|s| matches!(s.key, SpotKey::Line(_)) && s.event == Some(index))
        .expect("a line for the call");
    match spot.look {
        Look::Light(state) => state,
        other => panic!("a line looks like {other:?}"),
    }
}

fn arrival(app: &App, event: &str) -> SimTime {
    let session = &view(app).session;
    session.events[session.event_index(event).expect("event")].arrival
}

#[test]
fn each_waiting_patient_has_a_figure_in_the_waiting_room() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_desk(WAITING_ROOM, data.path());
    let arrivals = ["dispute", "note-pickup", "toddler-check-in"].map(|e| arrival(&app, e));
    assert_eq!(figures_waiting(&mut app), 0, "nobody has come yet");
    for (n, at) in arrivals.into_iter().enumerate() {
        advance_to(&mut app, at.plus(5));
        let waiting = view(&app)
            .session
            .events
            .iter()
            .enumerate()
            .filter(|(i, live)| {
                live.status == EventStatus::Waiting
                    && view(&app).session.event_def(*i).kind == EventKind::WalkIn
            })
            .count();
        assert_eq!(waiting, n + 1);
        assert_eq!(
            figures_waiting(&mut app),
            n + 1,
            "one figure per waiting patient"
        );
    }
    // Greeting the first brings her to the window: one fewer in the waiting room.
    act(&mut app, ActKind::Greet, "dispute");
    assert_eq!(figures_waiting(&mut app), 2);
    let dispute = view(&app).session.event_index("dispute").expect("event");
    assert!(
        scene(&mut app)
            .iter()
            .any(|s| s.key == SpotKey::Person(dispute)
                && matches!(
                    s.look,
                    Look::Person {
                        at_window: true,
                        ..
                    }
                ))
    );
    // Each came in through the door, so each arrival cued the chime.
    let heard = &app.world().resource::<Heard>().0;
    let chimes = heard.iter().filter(|c| **c == SceneCue::Arrival).count();
    assert_eq!(chimes, 3, "{heard:?}");
}

#[test]
fn a_ringing_line_is_lit_a_held_one_amber_an_abandoned_one_dark() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_desk(CHEST_PAIN, data.path());
    let rings_at = arrival(&app, "chest-pain-call");
    advance_to(&mut app, rings_at);
    let ringing = light_of(&mut app, "chest-pain-call");
    assert!(matches!(ringing, LightState::Ringing { flash: true, .. }));
    assert!(ringing.lit() && light_colour(ringing).is_some());
    // Between two rings the light glows dimmer, still lit.
    advance_to(&mut app, rings_at.plus(4));
    let between = light_of(&mut app, "chest-pain-call");
    assert!(matches!(between, LightState::Ringing { flash: false, .. }));
    assert!(between.lit());
    assert_ne!(light_colour(between), light_colour(ringing));
    // Every ring so far was cued, on line 1.
    let rings = app
        .world()
        .resource::<Heard>()
        .0
        .iter()
        .filter(|c| **c == SceneCue::Ring { line: 1 })
        .count();
    assert!(rings >= 1);
    advance_to(&mut app, rings_at.plus(7));
    let more = app
        .world()
        .resource::<Heard>()
        .0
        .iter()
        .filter(|c| **c == SceneCue::Ring { line: 1 })
        .count();
    assert_eq!(more, rings + 1, "the second ring is heard");

    act(&mut app, ActKind::Answer, "chest-pain-call");
    assert_eq!(light_of(&mut app, "chest-pain-call"), LightState::Talking);
    act(&mut app, ActKind::PlaceOnHold, "chest-pain-call");
    let held = light_of(&mut app, "chest-pain-call");
    assert_eq!(held, LightState::OnHold);
    let amber = light_colour(held).expect("lit").to_srgba();
    assert!(
        amber.red > 0.8 && amber.green > 0.5 && amber.blue < 0.4,
        "{amber:?}"
    );

    // A fresh attempt where nobody answers: the caller gives up and the line goes dark.
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_desk(CHEST_PAIN, data.path());
    let rings_at = arrival(&app, "chest-pain-call");
    advance_to(&mut app, rings_at.plus(60 * 10));
    let index = view(&app)
        .session
        .event_index("chest-pain-call")
        .expect("call");
    assert!(matches!(
        view(&app).session.events[index].status,
        EventStatus::HungUp(_)
    ));
    let abandoned = light_of(&mut app, "chest-pain-call");
    assert_eq!(abandoned, LightState::Abandoned);
    assert!(!abandoned.lit() && light_colour(abandoned).is_none());
    let name = scene(&mut app)
        .into_iter()
        .find(|s| s.event == Some(index))
        .expect("line")
        .name;
    assert!(
        name.starts_with("Line 1: the caller hung up unanswered"),
        "{name}"
    );
}

#[test]
fn the_wall_clock_shows_the_office_time() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_desk(CHEST_PAIN, data.path());
    advance_to(&mut app, SimTime::hms(9, 12, 40));
    let clock = scene(&mut app)
        .into_iter()
        .find(|s| s.key == SpotKey::Clock)
        .expect("a clock");
    assert_eq!(
        clock.look,
        Look::Clock {
            hour: 9,
            minute: 12
        }
    );
    assert_eq!(clock.name, "Wall clock: 09:12");
    // Half past nine: the minute hand points down, the hour hand between nine and ten.
    let (hour_hand, minute_hand) = hand_angles(9, 30);
    let tau = std::f32::consts::TAU;
    assert!((minute_hand - tau / 2.0).abs() < 1e-5);
    assert!((hour_hand - tau * 9.5 / 12.0).abs() < 1e-5);
    // The console's numbers: an eight lights every segment, a one two.
    assert!(segments(8).iter().all(|lit| *lit));
    assert_eq!(segments(1).iter().filter(|lit| **lit).count(), 2);
}

#[test]
fn work_landing_in_the_tray_is_counted_and_cued() {
    let library = common::shipped();
    // Any scenario whose tray fills: the first with a message, task or alert.
    let scenario = library
        .scenarios
        .iter()
        .find(|s| {
            s.value
                .events
                .iter()
                .any(|e| !matches!(e.kind, EventKind::Call | EventKind::WalkIn) && e.at.is_some())
        })
        .expect("a scenario with work for the tray");
    let id = scenario.value.id.to_string();
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_desk(&id, data.path());
    let session = &view(&app).session;
    let end = session.ends_at();
    let item = (0..session.events.len())
        .filter(|&i| {
            !matches!(
                session.event_def(i).kind,
                EventKind::Call | EventKind::WalkIn
            )
        })
        .min_by_key(|&i| session.events[i].arrival)
        .expect("an item");
    let comes = session.events[item].arrival;
    let opened_at = session.now;
    if comes > opened_at {
        advance_to(&mut app, comes.min(end));
    }
    let tray = scene(&mut app)
        .into_iter()
        .find(|s| s.key == SpotKey::Inbox)
        .expect("a tray");
    let Look::Inbox { count } = tray.look else {
        panic!("the tray looks like {:?}", tray.look);
    };
    assert!(count >= 1, "{}", tray.name);
    assert!(tray.name.starts_with("Inbox tray: "));
    assert!(
        tray.event.is_some(),
        "a click on the tray selects its oldest item"
    );
    // Work that came while the desk was open was cued (what was there already was not).
    if comes > opened_at {
        assert!(app.world().resource::<Heard>().0.contains(&SceneCue::Task));
    }
}

#[test]
fn clicking_a_figure_selects_its_event_and_the_scene_marks_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_desk(WAITING_ROOM, data.path());
    let last = arrival(&app, "toddler-check-in");
    advance_to(&mut app, last.plus(5));
    let desk_view = view(&app).clone();
    let note = desk_view.session.event_index("note-pickup").expect("event");
    let name = spots(&desk_view)
        .into_iter()
        .find(|s| s.key == SpotKey::Person(note))
        .expect("her figure")
        .name;
    assert!(name.starts_with("Waiting room, waiting "), "{name}");

    // The desk as the trainee sees it: the figure is a named button in the scene's area.
    struct State {
        view: DeskView,
        panels: DeskPanels,
        intents: Vec<DeskIntent>,
    }
    let mut harness = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let intents = desk_ui(ui, &state.view, &mut state.panels);
                state.intents.extend(intents);
            },
            State {
                view: desk_view,
                panels: DeskPanels::default(),
                intents: Vec::new(),
            },
        );
    harness.get_by_label(&name).click();
    harness.run();
    let state = harness.state();
    assert!(state.intents.contains(&DeskIntent::Select(note)));
    assert!(
        state.panels.scene_area.is_some(),
        "the desk says where the scene shows"
    );

    // The same intent in the app selects her, and the scene marks her figure.
    app.world_mut().write_message(DeskIntent::Select(note));
    app.update();
    assert_eq!(view(&app).selected, Some(note));
    let marked: Vec<SpotKey> = scene(&mut app)
        .into_iter()
        .filter(|s| s.selected)
        .map(|s| s.key)
        .collect();
    assert_eq!(marked, [SpotKey::Person(note)]);
}
