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
    session.advance_to(SimTime::hms(9, 5, 0));
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

#[test]
fn clicking_advise_911_on_a_chest_pain_call_yields_the_core_action() {
    let mut harness = harness(chest_pain_desk());
    harness.get_by_label("Advise 911").click();
    harness.run();
    let state = harness.state();
    let action: &Action = state
        .intents
        .iter()
        .find_map(|i| match i {
            DeskIntent::Act(a) if a.act == ActKind::AdviseEmergency => Some(a),
            _ => None,
        })
        .expect("an AdviseEmergency action");
    assert_eq!(action.event.as_deref(), Some("chest-pain-call"));
    assert_eq!(action.at, ActionTime::At(state.view.session.now));
}

#[test]
fn dialogue_choices_are_buttons_that_say_the_choice() {
    let mut harness = harness(chest_pain_desk());
    harness
        .get_by_label("Where are you right now, in case we get cut off?")
        .click();
    harness.run();
    let state = harness.state();
    assert!(state.intents.iter().any(|i| matches!(
        i,
        DeskIntent::Act(a) if a.act == ActKind::Say && a.choice.as_deref() == Some("ask-location")
    )));
}

#[test]
fn the_keyboard_alone_answers_and_advises() {
    let mut harness = harness(chest_pain_desk());
    harness.key_press(bevy_egui::egui::Key::A);
    harness.run();
    harness.key_press(bevy_egui::egui::Key::Num9);
    harness.run();
    let got = acts(harness.state());
    assert!(got.contains(&ActKind::Answer), "{got:?}");
    assert!(got.contains(&ActKind::AdviseEmergency), "{got:?}");
}

#[test]
fn the_desk_lists_the_ringing_call_with_its_rings() {
    let harness = harness(chest_pain_desk());
    // `get_by_…` fails the test when no such node is in the accessibility tree.
    harness.get_by_label_contains("Caller asking for a same-day appointment · ringing (");
    harness.get_by_label_contains("Patient collecting a school form · waiting since");
}

#[test]
fn clicking_an_event_on_the_desk_selects_it() {
    let mut state = chest_pain_desk();
    state.view.selected = None;
    let mut harness = harness(state);
    harness
        .get_by_label_contains("Patient collecting a school form")
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
    use frontdesk::library::content_root;

    let root = content_root();
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
    let shown = harness.get_by_label_contains("chest-pain-caller.scenario.ron:6:5");
    let text = format!("{shown:?}");
    assert!(text.contains("`titel` is not a field"), "{text}");
    assert!(text.contains("did you mean `title`?"), "{text}");
}
