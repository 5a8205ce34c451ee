//! The practice exam screens through egui's accessibility tree (egui_kittest): answer, flag,
//! go back, review, submit, and the per-domain result with item-by-item rationales.
#![cfg(feature = "gui")]

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::Content;
use frontdesk::app::exam::{ExamIntent, Sitting, exam_ui, results_ui, start_exam};
use frontdesk::exam::Bank;
use frontdesk::library::ContentSource;

struct State {
    sitting: Sitting,
    intent: Option<ExamIntent>,
}

fn sitting() -> (Bank, Sitting) {
    let content = Content::load(&ContentSource::BuiltIn);
    let sitting = start_exam(&content, "quiz-scheduling", 5).expect("the quiz assembles");
    (content.bank, sitting)
}

fn harness(bank: Bank, sitting: Sitting) -> Harness<'static, State> {
    Harness::new_ui_state(
        move |ui, state: &mut State| {
            if let Some(intent) = exam_ui(ui, &mut state.sitting, &bank) {
                state.intent = Some(intent);
            }
        },
        State {
            sitting,
            intent: None,
        },
    )
}

/// The label of the option shown at `position` of item `k`, as the screen writes it.
fn option_label(bank: &Bank, sitting: &Sitting, k: usize, position: usize) -> String {
    let item = &sitting.exam.items[k];
    let question = bank.get(&item.question).expect("question");
    let letter = ["A", "B", "C", "D"][position];
    format!("{letter}. {}", question.options[item.order[position]].text)
}

fn correct_position(bank: &Bank, sitting: &Sitting, k: usize) -> usize {
    let item = &sitting.exam.items[k];
    let answer = bank.get(&item.question).expect("question").answer();
    item.order.iter().position(|&o| o == answer).expect("shown")
}

#[test]
fn answer_flag_go_back_review_and_submit() {
    let (bank, sitting) = sitting();
    assert_eq!(sitting.exam.items.len(), 10);
    assert_eq!(sitting.remaining, Some(600.0));
    let right = correct_position(&bank, &sitting, 0);
    let first_right = option_label(&bank, &sitting, 0, right);
    let wrong_second = (correct_position(&bank, &sitting, 1) + 1) % 4;
    let mut harness = harness(bank.clone(), sitting);

    harness.get_by_label("Question 1 of 10");
    harness.get_by_label(&first_right).click();
    harness.run();
    harness.get_by_label("Flag for review").click();
    harness.run();
    assert_eq!(harness.state().sitting.answers[0], Some(right));
    assert!(harness.state().sitting.flagged[0]);

    harness.get_by_label("Next ▶").click();
    harness.run();
    harness.get_by_label("Question 2 of 10");
    // The keyboard alone: 1–4 choose the option in that position.
    let key = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
    ][wrong_second];
    harness.key_press(key);
    harness.run();
    assert_eq!(harness.state().sitting.answers[1], Some(wrong_second));

    harness.get_by_label("◀ Previous").click();
    harness.run();
    harness.get_by_label("Question 1 of 10");
    harness.get_by_label("Unflag");
    assert_eq!(
        harness.state().sitting.answers[0],
        Some(right),
        "the answer is kept"
    );

    harness.get_by_label("Review and submit").click();
    harness.run();
    harness.get_by_label_contains("8 unanswered, 1 flagged");
    harness.get_by_label("1 🚩").click();
    harness.run();
    assert_eq!(harness.state().sitting.current, 0);
    assert!(!harness.state().sitting.reviewing);

    harness.get_by_label("Review and submit").click();
    harness.run();
    harness.get_by_label("Submit the exam").click();
    harness.run();
    assert_eq!(harness.state().intent, Some(ExamIntent::Submit));

    let state = harness.state();
    let result = state.sitting.exam.score(&bank, &state.sitting.answers);
    assert_eq!(
        (result.correct, result.scored, result.unanswered),
        (1, 10, 8)
    );
    assert!(!result.passed);

    let exam = state.sitting.exam.clone();
    let mut results = Harness::new_ui(move |ui| {
        results_ui(ui, &exam, &result, &bank);
    });
    results.run();
    results.get_by_label_contains("Not yet a pass — scaled score");
    results.get_by_label_contains("Scheduling: 1/10 (10%)");
    results.get_by_label_contains("1. ✔ correct · Scheduling");
    results.get_by_label_contains("2. ✖ wrong · Scheduling");
    results.get_by_label_contains("3. ✖ not answered · Scheduling");
}

#[test]
fn the_item_review_explains_every_option() {
    let (bank, sitting) = sitting();
    let mut answers = vec![None; sitting.exam.items.len()];
    answers[0] = Some(correct_position(&bank, &sitting, 0));
    let result = sitting.exam.score(&bank, &answers);
    let question = bank
        .get(&sitting.exam.items[0].question)
        .expect("question")
        .clone();
    let exam = sitting.exam.clone();
    let mut results = Harness::new_ui(move |ui| {
        results_ui(ui, &exam, &result, &bank);
    });
    results.run();
    results.get_by_label_contains("1. ✔ correct").click();
    results.run();
    results.get_by_label(&question.stem);
    results.get_by_label(&format!("Why: {}", question.rationale));
    for option in &question.options {
        results.get_by_label_contains(&option.why);
    }
}
