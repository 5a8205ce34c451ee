//! The title and study-plan screens through egui's accessibility tree: a trainee is added from
//! the keyboard and mouse, screens that need a trainee say so, and the study plan offers the
//! review that is due.
#![cfg(feature = "gui")]

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::study::{StudyIntent, study_ui};
use frontdesk::app::title::{TitleIntent, title_ui};
use frontdesk::app::trainee::Trainee;
use frontdesk::app::{Content, Screen};
use frontdesk::exam::{Card, CardKind, mastery};
use frontdesk::library::content_root;
use frontdesk::progress::{ProfileSummary, study_plan};

struct Title {
    trainee: Trainee,
    name: String,
    intent: Option<TitleIntent>,
}

#[test]
fn a_new_trainee_is_added_and_the_study_screens_wait_for_one() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut harness = Harness::new_ui_state(
        |ui, state: &mut Title| {
            if let Some(intent) = title_ui(ui, &state.trainee, &mut state.name) {
                state.intent = Some(intent);
            }
        },
        Title {
            trainee: Trainee::open(data.path()),
            name: String::new(),
            intent: None,
        },
    );
    harness.get_by_label("No trainee chosen: you can play, but nothing is saved.");
    // Progress needs a trainee: its button does nothing yet.
    harness.get_by_label("Progress").click();
    harness.run();
    assert_eq!(harness.state().intent, None);
    harness.get_by_label("Take a practice exam").click();
    harness.run();
    assert_eq!(
        harness.state().intent,
        Some(TitleIntent::Go(Screen::ExamSetup))
    );

    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .focus();
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("Ana Ruiz");
    harness.run();
    harness.get_by_label("Add").click();
    harness.run();
    assert_eq!(
        harness.state().intent,
        Some(TitleIntent::Create("Ana Ruiz".into()))
    );
}

#[test]
fn the_study_plan_offers_the_due_review_and_a_quiz_for_the_weakest_domain() {
    let content = Content::load(&content_root());
    let summary = ProfileSummary {
        name: "ana".into(),
        history: Vec::new(),
        mastery: mastery(&[], &[]),
        due: vec![Card {
            kind: CardKind::Question,
            id: "bil-001".into(),
            leitner_box: 1,
            due_day: 0,
        }],
        cards: 1,
    };
    let plan = study_plan(&summary, &content.library, &Default::default());
    let mut harness = Harness::new_ui_state(
        move |ui, intent: &mut Option<StudyIntent>| {
            if let Some(chosen) = study_ui(ui, &plan, &content) {
                *intent = Some(chosen);
            }
        },
        None,
    );
    harness.get_by_label("Review 1 due question(s)").click();
    harness.run();
    assert_eq!(*harness.state(), Some(StudyIntent::ReviewQuestions));
    assert_eq!(
        harness.get_all_by_label_contains("Quiz: ").count(),
        3,
        "a quiz per focus domain"
    );
}

#[test]
fn any_scenario_attempt_in_the_history_plays_again_from_its_seed() {
    use frontdesk::app::progress::{ProgressIntent, progress_ui};
    use frontdesk::progress::{AttemptKind, AttemptSummary};
    let summary = ProfileSummary {
        name: "ana".into(),
        history: vec![AttemptSummary {
            id: 1,
            kind: AttemptKind::Scenario,
            at: 1_780_000_000,
            item: "chest-pain-caller".into(),
            seed: 482_913,
            score_percent: 64.0,
            passed: false,
            scaled: None,
        }],
        mastery: mastery(&[], &[]),
        due: Vec::new(),
        cards: 0,
    };
    let mut harness = Harness::new_ui_state(
        move |ui, intent: &mut Option<ProgressIntent>| {
            if let Some(chosen) = progress_ui(ui, &summary) {
                *intent = Some(chosen);
            }
        },
        None,
    );
    harness.get_by_label("Play seed 482913 again").click();
    harness.run();
    assert_eq!(
        *harness.state(),
        Some(ProgressIntent::Replay {
            scenario: "chest-pain-caller".into(),
            seed: 482_913
        })
    );
}
