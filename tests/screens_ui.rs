//! The title and study-plan screens through egui's accessibility tree: a trainee is added from
//! the keyboard and mouse, screens that need a trainee say so, and the study plan offers the
//! review that is due.
#![cfg(feature = "gui")]

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::study::{StudyIntent, study_ui};
use frontdesk::app::title::{TitleIntent, apply_to_trainee, next_step, title_ui};
use frontdesk::app::trainee::Trainee;
use frontdesk::app::{Content, Screen};
use frontdesk::exam::{Card, CardKind, mastery};
use frontdesk::library::ContentSource;
use frontdesk::progress::{ProfileSummary, study_plan};

struct Title {
    trainee: Trainee,
    name: String,
    intent: Option<TitleIntent>,
}

/// Focuses the title's name field and types `name` into it.
fn type_a_name<State>(harness: &mut Harness<'_, State>, name: &str) {
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .focus();
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text(name);
    harness.run();
}

#[test]
fn a_new_trainee_is_added_and_the_study_screens_wait_for_one() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut harness = Harness::new_ui_state(
        |ui, state: &mut Title| {
            if let Some(intent) = title_ui(ui, &state.trainee, None, &mut state.name) {
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
    // A first run is offered the first shift, first.
    harness.get_by_label("Start your first shift").click();
    harness.run();
    assert_eq!(harness.state().intent, Some(TitleIntent::FirstShift));
    harness.state_mut().intent = None;
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

    type_a_name(&mut harness, "Ana Ruiz");
    harness.get_by_label("Add").click();
    harness.run();
    assert_eq!(
        harness.state().intent,
        Some(TitleIntent::Create("Ana Ruiz".into()))
    );
}

#[test]
fn the_study_plan_offers_the_due_review_and_a_quiz_for_the_weakest_domain() {
    let content = Content::load(&ContentSource::BuiltIn);
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

/// The title as the app runs it: its intents carried out on the real progress store.
struct LiveTitle {
    trainee: Trainee,
    content: Content,
    name: String,
    intent: Option<TitleIntent>,
}

fn live_title(trainee: Trainee, content: Content) -> Harness<'static, LiveTitle> {
    Harness::new_ui_state(
        |ui, state: &mut LiveTitle| {
            let intent = title_ui(ui, &state.trainee, Some(&state.content), &mut state.name);
            if let Some(intent) = intent {
                apply_to_trainee(&mut state.trainee, &mut state.name, &intent);
                state.intent = Some(intent);
            }
        },
        LiveTitle {
            trainee,
            content,
            name: String::new(),
            intent: None,
        },
    )
}

#[test]
fn trainees_are_added_and_switched_from_the_keyboard_and_the_title_follows_the_store() {
    let data = tempfile::tempdir().expect("temp dir");
    let content = Content::load(&frontdesk::library::ContentSource::BuiltIn);
    let mut harness = live_title(Trainee::open(data.path()), content);

    // Keyboard only: type a name, Enter adds it.
    for name in ["Ana Ruiz", "Ben Cole"] {
        type_a_name(&mut harness, name);
        harness.key_press(egui::Key::Enter);
        harness.run();
        harness.run();
    }
    assert_eq!(harness.state().trainee.profile.as_deref(), Some("Ben Cole"));
    assert_eq!(harness.state().trainee.profiles.len(), 2);
    assert!(harness.state().name.is_empty(), "the field is cleared");
    harness.get_by_label("Training as Ben Cole: attempts and exams are saved.");

    // Switch with a click; the choice is the store's.
    harness.get_by_label("Ana Ruiz (0 attempts)").click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().trainee.profile.as_deref(), Some("Ana Ruiz"));
    harness.get_by_label("Training as Ana Ruiz: attempts and exams are saved.");
    // No attempt yet: still a first run.
    harness.get_by_label("Start your first shift");
}

#[test]
fn the_next_step_line_reflects_the_progress_store() {
    use frontdesk::exam::ExamResult;
    let data = tempfile::tempdir().expect("temp dir");
    let content = Content::load(&frontdesk::library::ContentSource::BuiltIn);
    let mut trainee = Trainee::open(data.path());
    trainee.create("Ana Ruiz").expect("profile");
    assert!(
        next_step(&trainee, Some(&content))
            .text
            .starts_with("New here?")
    );

    // A quiz on billing with every answer wrong: its questions come due for review, and billing
    // is the weakest domain.
    let profile = content
        .library
        .exam_profile("quiz-billing")
        .expect("the billing quiz")
        .clone();
    let paper = frontdesk::exam::assemble(&content.bank, &profile, 7).expect("a paper");
    let blank: Vec<Option<usize>> = vec![None; paper.items.len()];
    let result: ExamResult = paper.score(&content.bank, &blank);
    let saved = trainee.save_exam(&result, &blank, None).expect("a trainee");
    assert!(saved.starts_with("Saved"), "{saved}");
    let step = next_step(&trainee, Some(&content));
    assert!(
        step.text
            .starts_with("Continue: no reviews due · weakest domain: Billing & Revenue Cycle (0%)"),
        "{}",
        step.text
    );
    // Missed questions come back the next day: the store as it will be tomorrow.
    let tomorrow = frontdesk::progress::day_of(frontdesk::progress::now()) + 1;
    let store = frontdesk::progress::Store::open_in(data.path()).expect("store");
    trainee.summary = Some(store.summary("Ana Ruiz", tomorrow).expect("summary"));
    let items = paper.items.len();

    let step = next_step(&trainee, Some(&content));
    assert_eq!(
        step.button,
        Some(("Continue".into(), TitleIntent::Go(Screen::Study)))
    );
    assert!(
        step.text.starts_with(&format!(
            "Continue: {items} reviews due · weakest domain: Billing"
        )),
        "{}",
        step.text
    );

    // The title shows the line, the result and a Continue button that opens the study plan.
    let mut harness = live_title(trainee, content);
    harness.get_by_label(&step.text);
    assert_eq!(
        harness.get_all_by_label_contains("Quiz: Billing").count(),
        1,
        "the quiz in the recent results"
    );
    harness.get_by_label("Continue").click();
    harness.run();
    assert_eq!(harness.state().intent, Some(TitleIntent::Go(Screen::Study)));
}
