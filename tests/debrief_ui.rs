//! The debrief's "Save as test plan": the button asks for it, and what is saved is a new file
//! holding a test plan whose expectation is the attempt's outcome.
#![cfg(feature = "gui")]

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::debrief::{DebriefIntent, debrief_ui, save_as_test_plan};
use frontdesk::library::plan_actions;
use frontdesk::scenario::TestPlan;
use frontdesk::scoring::Report;
use std::path::Path;

fn played(plan: &str) -> (Report, Vec<frontdesk::model::Action>) {
    let library = common::shipped();
    let scenario = &library
        .scenario("chest-pain-caller")
        .expect("scenario")
        .value;
    let plan = scenario
        .test_plans
        .iter()
        .find(|p| p.name == plan)
        .expect("plan");
    let actions = plan_actions(scenario, plan).expect("actions");
    let setup = library.setup(scenario, None).expect("setup");
    let (_, report) = setup.play(plan.seed, &actions);
    (report, actions)
}

fn debrief_harness(report: &Report, instructor_tools: bool) -> Harness<'_, Option<DebriefIntent>> {
    Harness::builder()
        .with_size(bevy_egui::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            move |ui, intent: &mut Option<DebriefIntent>| {
                if let Some(chosen) = debrief_ui(ui, report, None, instructor_tools) {
                    *intent = Some(chosen);
                }
            },
            None,
        )
}

#[test]
fn the_debrief_offers_instructors_to_save_the_attempt_as_a_test_plan() {
    let (report, _) = played("lets the line ring out");
    let mut harness = debrief_harness(&report, true);
    harness.get_by_label("Save as test plan").click();
    harness.run();
    assert_eq!(*harness.state(), Some(DebriefIntent::SaveAsTestPlan));
}

#[test]
fn a_students_debrief_has_no_instructor_tools() {
    let (report, _) = played("lets the line ring out");
    let harness = debrief_harness(&report, false);
    assert!(harness.query_by_label("Save as test plan").is_none());
    assert!(harness.query_by_label("Try again (new seed)").is_some());
}

#[test]
fn a_saved_test_plan_is_a_new_file_expecting_the_attempts_outcome() {
    let (report, actions) = played("says it is heartburn and ends the call; sends his wife to 911");
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("plans");
    let (first, text) = save_as_test_plan(&folder, &report, &actions).expect("saved");
    let (second, _) = save_as_test_plan(&folder, &report, &actions).expect("saved again");
    assert_ne!(first, second, "a second save never overwrites the first");
    // It ends with a comma, ready to go into a list of plans.
    let one = text.trim_end().strip_suffix(',').expect("a list item");
    let plan: TestPlan = frontdesk::source::parse(Path::new("pasted.ron"), one).expect("a plan");
    assert_eq!(plan.expect.passed, report.passed);
    let mut fails: Vec<&str> = plan.expect.fails.iter().map(|r| r.as_str()).collect();
    fails.sort_unstable();
    assert_eq!(fails, report.failed_rules());
    assert_eq!(plan.expect.score_percent, Some(report.percent));
    assert_eq!(plan.actions, actions);
    assert!(!plan.vary_seed);
}

#[test]
fn an_attempt_the_store_refused_is_offered_again_or_to_a_file() {
    use frontdesk::app::trainee::Trainee;
    use frontdesk::app::unsaved::{UnsavedIntent, unsaved_ui};
    let (report, actions) = played("lets the line ring out");
    let data = tempfile::tempdir().expect("tempdir");
    let mut trainee = Trainee::open(data.path());
    // Nothing waiting: no notice.
    let mut quiet = Harness::builder().build_ui_state(
        |ui, trainee: &mut Trainee| {
            unsaved_ui(ui, trainee);
        },
        Trainee::open(data.path()),
    );
    quiet.run();
    assert!(quiet.query_by_label("Save again").is_none());

    let attempt = frontdesk::progress::Attempt::of_scenario(&report, &actions, 0).expect("attempt");
    trainee.unsaved.push(("ana".into(), attempt));
    trainee.unsaved_problem = Some("the disk is full".into());
    for (button, expected) in [
        ("Save again", UnsavedIntent::SaveAgain),
        ("Save to a file in", UnsavedIntent::SaveToFile),
    ] {
        let mut harness = Harness::builder()
            .with_size(bevy_egui::egui::vec2(1000.0, 300.0))
            .build_ui_state(
                |ui, (trainee, chosen): &mut (Trainee, Option<UnsavedIntent>)| {
                    if let Some(intent) = unsaved_ui(ui, trainee) {
                        *chosen = Some(intent);
                    }
                },
                (Trainee::open(data.path()), None),
            );
        harness.state_mut().0.unsaved = trainee.unsaved.clone();
        harness.state_mut().0.unsaved_problem = trainee.unsaved_problem.clone();
        harness.run();
        harness.get_by_label_contains("1 finished attempt(s) not saved yet: the disk is full");
        harness.get_by_label_contains(button).click();
        harness.run();
        assert_eq!(harness.state().1, Some(expected));
    }
}
