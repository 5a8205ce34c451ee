//! The office panels and the action form through egui's accessibility tree: billing, supplies
//! and records aim the form, "Do it" turns it into the core action, and an incomplete form
//! says what is missing instead of acting.
#![cfg(feature = "gui")]

mod common;

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::desk::desk_ui;
use frontdesk::app::office::{DeskPanels, OfficeTab};
use frontdesk::app::session_view::{DeskIntent, DeskView};
use frontdesk::model::{ActKind, Action};

struct State {
    view: DeskView,
    panels: DeskPanels,
    intents: Vec<DeskIntent>,
}

fn desk(scenario: &str, tab: OfficeTab) -> Harness<'static, State> {
    let library = common::shipped();
    let scenario = &library.scenario(scenario).expect("scenario").value;
    let setup = library.setup(scenario, None).expect("setup");
    let mut view = DeskView::new(setup.session(0));
    view.selected = Some(0);
    let panels = DeskPanels {
        tab,
        ..DeskPanels::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
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

fn acted(state: &State) -> Vec<&Action> {
    state
        .intents
        .iter()
        .filter_map(|i| match i {
            DeskIntent::Act(a) => Some(a),
            _ => None,
        })
        .collect()
}

#[test]
fn reversing_a_charge_from_the_billing_panel_names_the_charge() {
    let mut harness = desk("duplicate-charge", OfficeTab::Billing);
    let reverse = harness
        .get_all_by_label("reverse a charge")
        .nth(1)
        .expect("a second charge line");
    reverse.click();
    harness.run();
    assert_eq!(
        harness.state().panels.composer.target.as_deref(),
        Some("lab-draw"),
        "{:?}",
        harness.state().panels.composer
    );
    harness.get_by_label("Do it").click();
    harness.run();
    let acts = acted(harness.state());
    assert_eq!(
        acts.len(),
        1,
        "{acts:?} {:?}",
        harness.state().panels.composer
    );
    assert_eq!(acts[0].act, ActKind::ReverseCharge);
    assert_eq!(acts[0].target.as_deref(), Some("lab-draw"));
}

#[test]
fn an_order_without_a_quantity_is_not_sent_and_says_why() {
    let mut harness = desk("expired-gauze", OfficeTab::Supplies);
    harness
        .get_all_by_label("order stock")
        .next()
        .expect("an item")
        .click();
    harness.run();
    harness.get_by_label("Do it").click();
    harness.run();
    assert!(acted(harness.state()).is_empty());
    harness.get_by_label("order at least 1");
}

#[test]
fn removing_an_expired_lot_targets_that_lot() {
    let mut harness = desk("expired-gauze", OfficeTab::Supplies);
    harness.get_by_label_contains("lot GZ-2311");
    harness
        .get_all_by_label("remove a lot from the shelf")
        .next()
        .expect("first lot")
        .click();
    harness.run();
    harness.get_by_label("Do it").click();
    harness.run();
    let acts = acted(harness.state());
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(acts[0].target.as_deref(), Some("GZ-2311"));
}

#[test]
fn a_record_stays_closed_until_identity_is_verified() {
    let mut harness = desk("riverside-address-insurance-update", OfficeTab::Records);
    harness
        .get_all_by_label_contains("Verify identity (two identifiers)")
        .next()
        .expect("closed");
    assert!(harness.query_by_label_contains("Insurance ").is_none());
    harness
        .get_all_by_label("Verify identity…")
        .next()
        .expect("button")
        .click();
    harness.run();
    assert_eq!(
        harness.state().panels.composer.act,
        Some(ActKind::VerifyIdentity)
    );
    assert!(harness.state().panels.composer.patient.is_some());
}
