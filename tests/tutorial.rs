//! The first shift, played through the app's own systems headless (MinimalPlugins + StatesPlugin,
//! content through bevy's asset server): each hint stays until its step is done at the desk and
//! then gives way to the next, time alone never moves a hint on, the tutorial completes when its
//! steps are done, and its debrief says it was practice.
#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;

use frontdesk::app::attempt::{Desk, LastAttempt};
use frontdesk::app::office::DeskPanels;
use frontdesk::app::requests::StartAttempt;
use frontdesk::app::session_view::{DeskIntent, DeskView};
use frontdesk::app::tutorial::{FIRST_SHIFT, STEPS, Step, Tutorial};
use frontdesk::app::{Options, Screen};
use frontdesk::model::{ActKind, Action, ActionTime, SimTime};
use std::path::Path;
use std::time::Duration;

fn headless_app(data_dir: &Path) -> App {
    common::headless_app(data_dir, Options::default())
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Asks for the scenario as the title does, until the content has loaded and the desk opens.
fn open(app: &mut App, scenario: &str) {
    for _ in 0..2000 {
        app.world_mut().write_message(StartAttempt {
            scenario: scenario.into(),
            seed: Some(0),
            script: Vec::new(),
        });
        app.update();
        app.update();
        if screen(app) == Screen::Desk {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the desk never opened (screen {:?})", screen(app));
}

fn step(app: &App) -> Option<Step> {
    app.world().resource::<Tutorial>().current()
}

fn view(app: &App) -> &DeskView {
    app.world().resource::<Desk>().view.as_ref().expect("desk")
}

fn now(app: &App) -> SimTime {
    view(app).session.now
}

fn index_of(app: &App, event: &str) -> usize {
    view(app).session.event_index(event).expect("event")
}

/// Sends an intent as the desk does, and lets a frame pass.
fn send(app: &mut App, intent: DeskIntent) {
    app.world_mut().write_message(intent);
    app.update();
}

fn act(app: &mut App, event: &str, kind: ActKind) {
    let action = Action::new(ActionTime::At(now(app)), kind).on(event);
    send(app, DeskIntent::Act(action));
}

fn say(app: &mut App, event: &str, choice: &str) {
    let mut action = Action::new(ActionTime::At(now(app)), ActKind::Say).on(event);
    action.choice = Some(choice.into());
    send(app, DeskIntent::Act(action));
}

/// Does `what`, and checks that the hint showing was `before` until then and is `after` now.
fn expect_step(app: &mut App, before: Step, after: Option<Step>, what: impl FnOnce(&mut App)) {
    assert_eq!(step(app), Some(before), "the hint before");
    // Time passing is not doing the step.
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(step(app), Some(before), "time alone moved the hint on");
    what(app);
    assert_eq!(step(app), after, "the hint after {before:?}");
}

#[test]
fn the_first_shift_hints_advance_step_by_step_and_it_completes_with_a_practice_debrief() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_app(data.path());
    open(&mut app, FIRST_SHIFT);
    assert!(app.world().resource::<Tutorial>().active);
    // The phone rings a few seconds in.
    for _ in 0..8 {
        app.update();
    }
    let call = index_of(&app, "late-call");
    let visitor = index_of(&app, "form-drop");
    // Each step's hint gives way to the next one's, in the order of `STEPS`.
    let mut next = STEPS.iter().copied().skip(1).map(Some).chain([None]);
    let mut walk = |app: &mut App, before: Step, what: &dyn Fn(&mut App)| {
        let after = next.next().expect("a step after");
        expect_step(app, before, after, what);
    };
    walk(&mut app, Step::SelectCall, &|app| {
        send(app, DeskIntent::Select(call))
    });
    walk(&mut app, Step::Answer, &|app| {
        act(app, "late-call", ActKind::Answer)
    });
    walk(&mut app, Step::Greet, &|app| {
        say(app, "late-call", "greeting")
    });
    walk(&mut app, Step::AskBeforeHold, &|app| {
        say(app, "late-call", "who");
        assert_eq!(step(app), Some(Step::AskBeforeHold), "one line is not all");
        say(app, "late-call", "not-urgent");
        say(app, "late-call", "may-i-hold");
    });
    walk(&mut app, Step::Hold, &|app| {
        act(app, "late-call", ActKind::PlaceOnHold)
    });
    walk(&mut app, Step::Resume, &|app| {
        act(app, "late-call", ActKind::ResumeCall)
    });
    walk(&mut app, Step::OpenMove, &|app| {
        // The "move" button on the schedule aims the action form (the desk's own state).
        app.world_mut()
            .resource_mut::<DeskPanels>()
            .composer
            .aim(ActKind::Move, Some("late-visit"));
        app.update();
    });
    walk(&mut app, Step::Move, &|app| {
        let mut action = Action::new(ActionTime::At(now(app)), ActKind::Move).on("late-call");
        action.target = Some("late-visit".into());
        action.start = Some(SimTime::parse("10:00").expect("time"));
        send(app, DeskIntent::Act(action));
    });
    walk(&mut app, Step::TellHer, &|app| {
        say(app, "late-call", "moved")
    });
    walk(&mut app, Step::EndCall, &|app| {
        act(app, "late-call", ActKind::EndCall)
    });
    walk(&mut app, Step::Pause, &|app| {
        send(app, DeskIntent::TogglePause)
    });
    walk(&mut app, Step::RunClock, &|app| {
        send(app, DeskIntent::TogglePause)
    });
    walk(&mut app, Step::Skip, &|app| {
        send(app, DeskIntent::SkipAhead);
        app.update();
    });
    walk(&mut app, Step::SelectVisitor, &|app| {
        send(app, DeskIntent::Select(visitor))
    });
    walk(&mut app, Step::GreetVisitor, &|app| {
        say(app, "form-drop", "welcome")
    });
    walk(&mut app, Step::TakeForm, &|app| {
        say(app, "form-drop", "take-form")
    });
    assert_eq!(step(&app), Some(Step::EndShift));
    send(&mut app, DeskIntent::Finish);
    assert_eq!(
        app.world().resource::<Tutorial>().done,
        STEPS.len(),
        "every step done"
    );
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
    let report = app
        .world()
        .resource::<LastAttempt>()
        .report
        .clone()
        .expect("a report");
    assert!(report.passed, "the hints lead to a pass");
    assert_eq!(report.percent, 100);
    assert!(
        app.world().resource::<Tutorial>().practice_note,
        "the debrief says it was practice"
    );
}

#[test]
fn a_trainee_who_does_things_their_own_way_is_followed_not_sent_back() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_app(data.path());
    open(&mut app, FIRST_SHIFT);
    for _ in 0..8 {
        app.update();
    }
    // Answers with the key, without clicking the call first, and holds without asking.
    act(&mut app, "late-call", ActKind::Answer);
    assert_eq!(step(&app), Some(Step::Greet));
    say(&mut app, "late-call", "greeting");
    act(&mut app, "late-call", ActKind::PlaceOnHold);
    assert_eq!(
        step(&app),
        Some(Step::Resume),
        "the hold is done: on to what comes after it"
    );
}

#[test]
fn other_scenarios_show_no_hints() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_app(data.path());
    open(&mut app, "chest-pain-caller");
    assert!(!app.world().resource::<Tutorial>().active);
    assert_eq!(step(&app), None);
}

/// A hint's note leaves the scene in view, where the step's own cue shows (the ringing line's
/// lamp, the wall clock): on a 1280×800 desk, whether its control is a row of the lists, a
/// button of the clock bar, one under the conversation or the action form's.
#[test]
fn a_hint_leaves_the_scene_in_view() {
    use bevy_egui::egui::{Rect, pos2, vec2};
    use frontdesk::app::tutorial::{HINT_FRAME, place_hint};
    let screen = Rect::from_min_max(pos2(0.0, 0.0), pos2(1280.0, 800.0));
    let (middle_left, middle_right) = (289.0, 810.0);
    let scene = Rect::from_min_max(pos2(middle_left, 28.0), pos2(middle_right, 270.0));
    let under_conversation = Some(pos2(302.0, 314.0));
    let controls = [
        (
            "a row of the phone list",
            Rect::from_min_size(pos2(8.0, 48.0), vec2(197.0, 36.0)),
        ),
        (
            "Pause clock",
            Rect::from_min_size(pos2(355.0, 4.0), vec2(85.0, 20.0)),
        ),
        (
            "End shift and debrief",
            Rect::from_min_size(pos2(705.0, 4.0), vec2(160.0, 20.0)),
        ),
        (
            "Answer",
            Rect::from_min_size(pos2(298.0, 355.0), vec2(55.0, 20.0)),
        ),
        (
            "the action form's Do it",
            Rect::from_min_size(pos2(830.0, 777.0), vec2(34.0, 20.0)),
        ),
    ];
    for (name, control) in controls {
        let place = place_hint(
            Some(control),
            screen,
            middle_left,
            middle_right,
            under_conversation,
        );
        assert_eq!(place.linked, Some(control), "{name}: linked by a line");
        // Hanging from its top-left corner, as wide as its text and frame, a few lines tall.
        assert_eq!(place.pivot, bevy_egui::egui::Align2::LEFT_TOP, "{name}");
        let note = Rect::from_min_size(place.pos, vec2(place.width + HINT_FRAME, 90.0));
        assert!(
            !note.intersects(scene),
            "{name}: the note {note:?} covers the scene {scene:?}"
        );
        assert!(
            screen.contains_rect(note),
            "{name}: the note {note:?} is off screen"
        );
    }
}
