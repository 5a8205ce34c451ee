//! The desk's panels, driven through egui's accessibility tree (egui_kittest): what a trainee
//! clicks becomes the core action it stands for, and labels are reachable by role and name.
#![cfg(feature = "gui")]

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::desk::desk_ui;
use frontdesk::app::office::DeskPanels;
use frontdesk::app::session_view::{DeskIntent, DeskView};
use frontdesk::model::{ActKind, Action, ActionTime, SimTime};
use frontdesk::sim::EventStatus;

struct State {
    view: DeskView,
    panels: DeskPanels,
    intents: Vec<DeskIntent>,
}

fn chest_pain_desk() -> State {
    let library = common::shipped();
    let scenario = &library
        .scenario("chest-pain-caller")
        .expect("scenario")
        .value;
    let setup = library.setup(scenario, None).expect("setup");
    let mut session = setup.session(0);
    // The call (09:02:15 under seed 0) has rung a few times; the walk-in came at 09:03.
    session.advance_to(SimTime::hms(9, 3, 10));
    let call = session.event_index("chest-pain-call").expect("call");
    State {
        view: DeskView {
            session,
            selected: Some(call),
            paused: false,
            speed: 1,
        },
        panels: DeskPanels::default(),
        intents: Vec::new(),
    }
}

fn harness(state: State) -> Harness<'static, State> {
    // The desk is laid out for a 1280×800 window.
    Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let intents = desk_ui(ui, &state.view, &mut state.panels);
                state.intents.extend(intents);
            },
            state,
        )
}

fn acts(state: &State) -> Vec<ActKind> {
    state
        .intents
        .iter()
        .filter_map(|i| match i {
            DeskIntent::Act(action) => Some(action.act),
            _ => None,
        })
        .collect()
}

/// Applies what the desk asked for to the session, as the app does between frames.
fn apply_intents(state: &mut State) {
    for intent in std::mem::take(&mut state.intents) {
        if let DeskIntent::Act(action) = intent {
            state
                .view
                .session
                .apply(action)
                .expect("the desk offers only possible acts");
        }
    }
}

fn said(state: &State) -> Vec<String> {
    state
        .intents
        .iter()
        .filter_map(|i| match i {
            DeskIntent::Act(a) if a.act == ActKind::Say => a.choice.as_deref().map(str::to_owned),
            _ => None,
        })
        .collect()
}

#[test]
fn the_911_advice_is_offered_only_once_the_caller_has_said_what_is_wrong() {
    let advise =
        "What you're describing needs emergency care right now. Please hang up and call 911.";
    let mut state = chest_pain_desk();
    let answer =
        Action::new(ActionTime::At(state.view.session.now), ActKind::Answer).on("chest-pain-call");
    state.view.session.apply(answer).expect("answered");
    let mut harness = harness(state);
    // He has asked for an appointment, nothing more: no 911 line, and no bare "Advise 911"
    // button to skip the conversation with.
    assert!(harness.query_by_label_contains(advise).is_none());
    assert!(harness.query_by_label("Advise 911").is_none());
    harness
        .get_by_label_contains("Can you tell me what's going on today?")
        .click();
    harness.run();
    assert_eq!(said(harness.state()), ["ask-why"]);
    apply_intents(harness.state_mut());
    harness.run();
    // Now he has described chest pressure: the advice is there, and says the choice.
    harness.get_by_label_contains(advise).click();
    harness.run();
    let state = harness.state();
    let action = state
        .intents
        .iter()
        .find_map(|i| match i {
            DeskIntent::Act(a) if a.act == ActKind::Say => Some(a),
            _ => None,
        })
        .expect("a Say action");
    assert_eq!(action.choice.as_deref(), Some("advise-911"));
    assert_eq!(action.event.as_deref(), Some("chest-pain-call"));
    assert_eq!(action.at, ActionTime::At(state.view.session.now));
}

#[test]
fn dialogue_choices_are_buttons_that_say_the_choice() {
    let mut state = chest_pain_desk();
    let now = ActionTime::At(state.view.session.now);
    for action in [
        Action::new(now, ActKind::Answer).on("chest-pain-call"),
        Action::new(now, ActKind::AskNameAndReason).on("chest-pain-call"),
    ] {
        state.view.session.apply(action).expect("applied");
    }
    let mut harness = harness(state);
    harness
        .get_by_label_contains("Where are you right now, in case we get cut off?")
        .click();
    harness.run();
    assert_eq!(said(harness.state()), ["ask-location"]);
}

#[test]
fn the_keyboard_alone_answers_and_talks_through_the_call() {
    let mut harness = harness(chest_pain_desk());
    harness.key_press(bevy_egui::egui::Key::A);
    harness.run();
    assert_eq!(acts(harness.state()), [ActKind::Answer]);
    apply_intents(harness.state_mut());
    harness.run();
    // The numbered lines are the open choices, in order.
    let key_for = |state: &State, choice: &str| {
        let session = &state.view.session;
        let call = session.event_index("chest-pain-call").expect("call");
        let n = session
            .open_choices(call)
            .iter()
            .position(|c| c.id == choice)
            .unwrap_or_else(|| panic!("`{choice}` is not open"));
        [
            bevy_egui::egui::Key::Num1,
            bevy_egui::egui::Key::Num2,
            bevy_egui::egui::Key::Num3,
            bevy_egui::egui::Key::Num4,
            bevy_egui::egui::Key::Num5,
            bevy_egui::egui::Key::Num6,
            bevy_egui::egui::Key::Num7,
        ][n]
    };
    for choice in ["ask-why", "ask-location", "advise-911", "confirm-911"] {
        let key = key_for(harness.state(), choice);
        harness.key_press(key);
        harness.run();
        assert_eq!(said(harness.state()), [choice]);
        apply_intents(harness.state_mut());
        harness.run();
    }
    harness.key_press(bevy_egui::egui::Key::E);
    harness.run();
    assert_eq!(acts(harness.state()), [ActKind::EndCall]);
}

#[test]
fn the_desk_shows_an_abandoned_line_and_a_patient_who_left() {
    let library = common::shipped();
    let scenario = &library
        .scenario("chest-pain-caller")
        .expect("scenario")
        .value;
    let setup = library.setup(scenario, None).expect("setup");
    // A clinic whose waiting patients give up sooner than the default half hour.
    let mut policy = (**setup.policy).clone();
    policy
        .values
        .insert(frontdesk::model::PolicyParam::WaitLeaveSeconds, 900);
    let mut session = frontdesk::sim::Session::new(
        setup.scenario.clone(),
        setup.office.clone(),
        std::sync::Arc::new(policy),
        0,
    );
    session.advance_to(SimTime::hms(9, 12, 0));
    let call = session.event_index("chest-pain-call").expect("call");
    let mut harness = harness(State {
        view: DeskView {
            session,
            selected: Some(call),
            paused: false,
            speed: 1,
        },
        panels: DeskPanels::default(),
        intents: Vec::new(),
    });
    // Seed 0 rings the call at 09:02:15; its caller gives up after the policy's 90 s.
    harness.get_by_label_contains("Caller asking for a same-day appointment · hung up at 09:03:45");
    // She came at 09:03 and has waited nine minutes: still calm.
    harness.get_by_label_contains("Patient collecting a school form · waiting since 09:03 (9 min)");
    harness
        .state_mut()
        .view
        .session
        .advance_to(SimTime::hms(9, 14, 0));
    harness.run();
    harness.get_by_label_contains(
        "Patient collecting a school form · waiting since 09:03 (11 min) · growing impatient",
    );
    harness
        .state_mut()
        .view
        .session
        .advance_to(SimTime::hms(9, 19, 0));
    harness.run();
    harness.get_by_label_contains(
        "Patient collecting a school form · left at 09:18 without being seen",
    );
}

#[test]
fn the_desk_lists_the_ringing_call_with_its_rings() {
    let desk = harness(chest_pain_desk());
    // `get_by_…` fails the test when no such node is in the accessibility tree.
    desk.get_by_label_contains("Caller asking for a same-day appointment · ringing (");
    desk.get_by_label_contains("Patient collecting a school form · waiting since");

    // Counted in words: "1 ring", then "2 rings" (the call came at 09:02:15, six seconds a ring).
    let library = common::shipped();
    let scenario = &library
        .scenario("chest-pain-caller")
        .expect("scenario")
        .value;
    let mut state = chest_pain_desk();
    state.view.session = library.setup(scenario, None).expect("setup").session(0);
    state.view.session.advance_to(SimTime::hms(9, 2, 16));
    let mut desk = harness(state);
    desk.get_by_label_contains("Caller asking for a same-day appointment · ringing (1 ring)");
    desk.state_mut()
        .view
        .session
        .advance_to(SimTime::hms(9, 2, 22));
    desk.run();
    desk.get_by_label_contains("Caller asking for a same-day appointment · ringing (2 rings)");
}

#[test]
fn clicking_an_event_on_the_desk_selects_it() {
    let mut state = chest_pain_desk();
    state.view.selected = None;
    let mut harness = harness(state);
    // The list's row (the scene's figure of her is named too: see tests/scene.rs).
    harness
        .get_by_label_contains("Patient collecting a school form · waiting")
        .click();
    harness.run();
    let state = harness.state();
    let walk_in = state.view.session.event_index("form-at-window");
    assert!(
        state
            .intents
            .iter()
            .any(|i| Some(i) == walk_in.map(DeskIntent::Select).as_ref())
    );
}

#[test]
fn a_broken_scenario_file_is_shown_on_screen_with_its_place_and_hint() {
    use frontdesk::app::Content;
    use frontdesk::app::content::{read_from_disk, rebuild};
    use frontdesk::app::widgets::problems_ui;

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = read_from_disk(&root);
    let mut last_good = std::collections::BTreeMap::new();
    rebuild(&root, &files, &mut last_good);
    for (path, text) in &mut files {
        if path.ends_with("chest-pain-caller.scenario.ron") {
            *text = Ok(text.as_ref().expect("text").replacen("title:", "titel:", 1));
        }
    }
    let (library, problems) = rebuild(&root, &files, &mut last_good);
    let content = Content::new(library, problems);
    assert!(
        content.library.scenario("chest-pain-caller").is_some(),
        "last good version"
    );
    let harness = Harness::new_ui(move |ui| problems_ui(ui, &content.problems));
    harness.get_by_label_contains("1 problem(s) in the content");
    // The first `title:` of the file, where the misspelling is.
    let line = std::fs::read_to_string(root.join("phone/chest-pain-caller.scenario.ron"))
        .expect("the shipped file")
        .lines()
        .position(|l| l.trim_start().starts_with("title:"))
        .expect("a title line")
        + 1;
    let place = format!("chest-pain-caller.scenario.ron:{line}:5");
    let shown = harness.get_by_label_contains(&place);
    let text = format!("{shown:?}");
    assert!(text.contains("`titel` is not a field"), "{text}");
    assert!(text.contains("did you mean `title`?"), "{text}");
}

/// A choice's placeholders are filled for the event's patient, as the conversation log fills
/// them: the trainee reads "Thanks for holding, Priya", never "{patient_first}".
#[test]
fn a_choice_names_the_events_patient_not_a_placeholder() {
    let library = common::shipped();
    let scenario = &library
        .scenario("held-caller-gives-up")
        .expect("scenario")
        .value;
    let setup = library.setup(scenario, None).expect("setup");
    let mut session = setup.session(0);
    let call = session.event_index("statement-call").expect("call");
    while session.events[call].status == frontdesk::sim::EventStatus::Pending {
        let next = session.now.plus(1);
        session.advance_to(next);
    }
    for act in [ActKind::Answer, ActKind::PlaceOnHold] {
        let action = Action::new(ActionTime::At(session.now), act).on("statement-call");
        session.apply(action).expect("applied");
    }
    let first = session
        .patient_name("statement-caller")
        .and_then(|name| name.split_whitespace().next())
        .expect("a name")
        .to_owned();
    let harness = harness(State {
        view: DeskView {
            session,
            selected: Some(call),
            paused: false,
            speed: 1,
        },
        panels: DeskPanels::default(),
        intents: Vec::new(),
    });
    harness.get_by_label_contains(&format!("Thanks for holding, {first}."));
    assert!(harness.query_by_label_contains("{patient_first}").is_none());
}

/// The voicemail scenario at 14:02 under seed 0, Dr. Okafor's request come.
fn lab_request() -> frontdesk::sim::Session {
    let library = common::shipped();
    let scenario = &library
        .scenario("lab-followup-voicemail")
        .expect("scenario")
        .value;
    let mut session = library.setup(scenario, None).expect("setup").session(0);
    session.advance_to(SimTime::hms(14, 2, 0));
    session
}

/// Says the choices, in turn, on `event`, now.
fn say_in_turn(session: &mut frontdesk::sim::Session, event: &str, choices: &[&str]) {
    for choice in choices {
        let mut say = Action::new(ActionTime::At(session.now), ActKind::Say).on(event);
        say.choice = Some((*choice).into());
        session.apply(say).expect(choice);
    }
}

/// A stage direction is shown as narration, not put in someone's mouth: the answering machine's
/// greeting after the desk dials is not Dr. Okafor's line, though her request is the event.
#[test]
fn a_stage_direction_is_shown_without_a_speaker() {
    let mut session = lab_request();
    say_in_turn(&mut session, "okafor-asks", &["call"]);
    let request = session.event_index("okafor-asks").expect("request");
    let mut state = chest_pain_desk();
    state.view.session = session;
    state.view.selected = Some(request);
    let desk = harness(state);
    // Her request is hers, by name; the ringing and the machine are nobody's.
    desk.get_by_label_contains("Dr. Nia Okafor: (Dr. Okafor stops at the desk");
    desk.get_by_label_contains("14:02 (It rings five times, then the answering machine");
    assert!(
        desk.query_by_label_contains("Okafor: (It rings five times")
            .is_none()
    );
}

/// Work from the inbox already taken up holds nobody on a line, so the clock may skip ahead:
/// after the voicemail Dr. Okafor's request asked for, "Skip to the next event" brings the
/// patient's call back; the request unread, or the call ringing, still needs the trainee.
#[test]
fn inbox_work_taken_up_does_not_hold_the_clock() {
    let session = lab_request();
    let mut view = DeskView::new(session);
    assert!(view.needs_trainee(), "the request is not read yet");
    say_in_turn(&mut view.session, "okafor-asks", &["call", "vm-minimal"]);
    assert!(
        !view.needs_trainee(),
        "a voicemail left: nothing to do until she calls back"
    );
    let target = view.skip_target();
    view.session.advance_to(target);
    let call = view
        .session
        .event_index("patient-calls-back")
        .expect("the call back");
    assert_eq!(view.session.events[call].status, EventStatus::Waiting);
    assert!(view.needs_trainee(), "her call rings");
}

/// A person is greeted once: after the greeting, it is no longer offered (the desk once let a
/// trainee greet the same caller four times, and the caller answered four times).
#[test]
fn a_greeting_is_offered_until_one_is_said() {
    let mut session = lab_request();
    say_in_turn(&mut session, "okafor-asks", &["call", "vm-minimal"]);
    // To her call back, as "Skip to the next event" would.
    let arrives = session.next_happening().expect("she calls back");
    session.advance_to(arrives);
    let call = session
        .event_index("patient-calls-back")
        .expect("the call back");
    let answer = Action::new(ActionTime::At(session.now), ActKind::Answer).on("patient-calls-back");
    session.apply(answer).expect("answered");
    let offered = |session: &frontdesk::sim::Session| -> Vec<String> {
        session
            .open_choices(call)
            .iter()
            .map(|c| c.id.to_string())
            .collect()
    };
    assert!(offered(&session).contains(&"greeting".to_owned()));
    let mut greet = Action::new(ActionTime::At(session.now), ActKind::Say).on("patient-calls-back");
    greet.choice = Some("greeting".into());
    session.apply(greet.clone()).expect("greeted");
    assert!(
        !offered(&session).contains(&"greeting".to_owned()),
        "{:?}",
        offered(&session)
    );
    assert!(
        session.apply(greet).is_err(),
        "a second greeting does not fit"
    );
}
