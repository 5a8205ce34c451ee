//! The instructor's map in the app: the picker offers a scenario's map, and the map paints the
//! same layout `frontdesk graph` draws, with its summary of walked branches.
#![cfg(feature = "gui")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::content::{Content, ScenarioCard};
use frontdesk::app::map_view::map_ui;
use frontdesk::app::picker::{PickerFilter, PickerIntent, open_scenario_map, picker_ui};
use frontdesk::library::ContentSource;

fn picker_harness(
    cards: Vec<ScenarioCard>,
    instructor_tools: bool,
) -> Harness<'static, Option<PickerIntent>> {
    Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 4000.0))
        .build_ui_state(
            move |ui, intent: &mut Option<PickerIntent>| {
                let mut filter = PickerFilter {
                    text: "Chest pressure on line one".into(),
                    ..PickerFilter::default()
                };
                if let Some(chosen) = picker_ui(
                    ui,
                    &cards,
                    &mut filter,
                    &Default::default(),
                    instructor_tools,
                ) {
                    *intent = Some(chosen);
                }
            },
            None,
        )
}

#[test]
fn the_picker_opens_a_scenarios_map_for_instructors() {
    let content = Content::load(&ContentSource::BuiltIn);
    let mut harness = picker_harness(content.cards.clone(), true);
    harness.get_by_label("Map").click();
    harness.run();
    assert_eq!(
        *harness.state(),
        Some(PickerIntent::Map("chest-pain-caller".into()))
    );
}

#[test]
fn a_student_sees_no_map_that_would_spoil_the_scenario() {
    let content = Content::load(&ContentSource::BuiltIn);
    let harness = picker_harness(content.cards.clone(), false);
    assert!(harness.query_by_label("Map").is_none());
    assert!(
        harness
            .query_by_label("Chest pressure on line one")
            .is_some()
    );
}

#[test]
fn the_map_paints_with_its_summary() {
    let content = Content::load(&ContentSource::BuiltIn);
    let open = open_scenario_map(&content, "chest-pain-caller").expect("a map");
    assert_eq!(open.layout.nodes.len(), open.map.nodes.len());
    let summary = open.map.summary();
    assert!(summary.contains("11 of 11 branch(es) walked"), "{summary}");
    let harness = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1400.0, 900.0))
        .build_ui(move |ui| map_ui(ui, &open));
    harness.get_by_label(&summary);
    assert!(open_scenario_map(&content, "no-such-scenario").is_none());
}
