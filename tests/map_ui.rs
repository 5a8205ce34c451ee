//! The instructor's map in the app: the picker offers a scenario's map, and the map paints the
//! same layout `frontdesk graph` draws, with its summary of walked branches.
#![cfg(feature = "gui")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::content::Content;
use frontdesk::app::map_view::map_ui;
use frontdesk::app::picker::{PickerFilter, PickerIntent, open_scenario_map, picker_ui};
use frontdesk::library::content_root;

#[test]
fn the_picker_opens_a_scenarios_map() {
    let content = Content::load(&content_root());
    let cards = content.cards.clone();
    let mut harness = Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 4000.0))
        .build_ui_state(
            move |ui, intent: &mut Option<PickerIntent>| {
                let mut filter = PickerFilter {
                    text: "Chest pressure on line one".into(),
                    ..PickerFilter::default()
                };
                if let Some(chosen) = picker_ui(ui, &cards, &mut filter, &Default::default()) {
                    *intent = Some(chosen);
                }
            },
            None,
        );
    harness.get_by_label("Map").click();
    harness.run();
    assert_eq!(
        *harness.state(),
        Some(PickerIntent::Map("chest-pain-caller".into()))
    );
}

#[test]
fn the_map_paints_with_its_summary() {
    let content = Content::load(&content_root());
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
