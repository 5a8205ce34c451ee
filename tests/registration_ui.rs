//! The registration panel through egui's accessibility tree: it lists what a new patient's
//! record lacks, its buttons aim the action form at the act that fills a field (for that patient,
//! with the details that say how), the keyboard reaches them, and an entry once made shows its
//! value and its source.
#![cfg(feature = "gui")]

mod common;

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::desk::desk_ui;
use frontdesk::app::office::{DeskPanels, OfficeTab};
use frontdesk::app::session_view::{DeskIntent, DeskView};
use frontdesk::model::{ActKind, Action, Detail, SimTime};

struct State {
    view: DeskView,
    panels: DeskPanels,
    intents: Vec<DeskIntent>,
}

/// The desk on a scenario at `at`, with the first event selected and the registration tab open.
fn desk(scenario: &str, at: SimTime) -> Harness<'static, State> {
    let library = common::shipped();
    let scenario = &library.scenario(scenario).expect("scenario").value;
    let setup = library.setup(scenario, None).expect("setup");
    let mut session = setup.session(0);
    session.advance_to(at);
    let mut view = DeskView::new(session);
    view.selected = Some(0);
    let panels = DeskPanels {
        tab: OfficeTab::Registration,
        ..DeskPanels::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let intents = desk_ui(ui, &state.view, &mut state.panels);
                state.intents.extend(intents);
            },
            State {
                view,
                panels,
                intents: Vec::new(),
            },
        )
}

fn acted(state: &State) -> Vec<Action> {
    state
        .intents
        .iter()
        .filter_map(|i| match i {
            DeskIntent::Act(a) => Some(a.clone()),
            _ => None,
        })
        .collect()
}

/// The panel's "Missing: …" line, as the accessibility tree has it.
fn missing_line(harness: &Harness<'static, State>) -> String {
    format!("{:?}", harness.get_by_label_contains("Missing: "))
}

#[test]
fn scanning_the_card_from_the_panel_fills_the_record_from_the_card() {
    let mut harness = desk("maple-new-patient-registration", SimTime::hms(8, 43, 0));
    let text = missing_line(&harness);
    assert!(text.contains("Insurance card (front)"), "{text}");
    assert!(text.contains("NPP acknowledgment"), "{text}");
    harness.get_by_label("scan the insurance card").click();
    harness.run();
    harness.get_by_label("Do it").click();
    harness.run();
    let acts = acted(harness.state());
    assert_eq!(acts.len(), 1, "{acts:?}");
    let scan = acts[0].clone();
    assert_eq!(scan.act, ActKind::ScanInsuranceCard);
    assert_eq!(scan.patient.as_deref(), Some("new-adult"));
    assert_eq!(scan.event.as_deref(), Some("new-patient-window"));
    assert!(scan.details.contains(&Detail::CardFront) && scan.details.contains(&Detail::CardBack));
    // The app applies what the form sends; the panel then shows the entry and its source.
    harness
        .state_mut()
        .view
        .session
        .apply(scan)
        .expect("the card is there to scan");
    harness.run();
    harness.get_by_label_contains("member EVG-771304");
    assert!(
        harness
            .get_all_by_label_contains("from insurance card at")
            .count()
            >= 2,
        "front and back, each with its source"
    );
    let text = missing_line(&harness);
    assert!(!text.contains("Insurance card"), "{text}");
}

#[test]
fn the_acknowledgment_buttons_are_reached_from_the_keyboard() {
    let mut harness = desk("maple-new-patient-registration", SimTime::hms(8, 43, 0));
    harness
        .get_by_label("record: declined (effort and reason documented)")
        .focus();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let composer = &harness.state().panels.composer;
    assert_eq!(composer.act, Some(ActKind::RecordNppAcknowledgment));
    assert!(composer.details.contains(&Detail::Refusal));
    assert!(composer.details.contains(&Detail::GoodFaithEffort));
    assert_eq!(composer.patient.as_deref(), Some("new-adult"));
}

#[test]
fn a_refused_entry_leaves_the_field_missing() {
    let mut harness = desk("maple-new-patient-registration", SimTime::hms(8, 43, 0));
    let at = frontdesk::model::ActionTime::At(SimTime::hms(8, 43, 10));
    let mut action = Action::new(at, ActKind::RecordNppAcknowledgment).on("new-patient-window");
    action.details = vec![Detail::Signed];
    let refused = harness.state_mut().view.session.apply(action);
    assert!(refused.is_err(), "the notice was not given yet");
    harness.run();
    let text = missing_line(&harness);
    assert!(text.contains("NPP acknowledgment"), "{text}");
}

#[test]
fn a_scenario_without_new_patients_says_so() {
    let harness = desk("duplicate-charge", SimTime::hms(9, 0, 0));
    harness.get_by_label("No new patient to register in this scenario.");
}
