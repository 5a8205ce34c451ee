//! The practice exam: choose a profile, sit the exam against a countdown (answer, flag, go back,
//! review before submitting), then see the scaled-score estimate, the per-domain bars and every
//! item with its rationale. Reviews of due questions use the same screens, untimed.

use super::content::Content;
use super::requests::{Notice, StartExam, fresh_seed};
use super::screen::Screen;
use super::trainee::Trainee;
use super::unsaved::{act_on_unsaved, unsaved_ui};
use super::widgets::{PROBLEM_COLOR, problems_ui, root_ui, title_row};
use crate::exam::{Bank, Exam, ExamProfile, ExamResult, Question, assemble, assemble_review};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ExamState>()
        .add_systems(Update, start_exams)
        .add_systems(Update, count_down.run_if(in_state(Screen::Exam)))
        .add_systems(
            EguiPrimaryContextPass,
            (
                setup_screen.run_if(in_state(Screen::ExamSetup)),
                exam_screen.run_if(in_state(Screen::Exam)),
                results_screen.run_if(in_state(Screen::ExamResults)),
            ),
        );
}

/// An exam being sat.
#[derive(Debug, Clone)]
pub struct Sitting {
    pub exam: Exam,
    pub title: String,
    /// The chosen position per item.
    pub answers: Vec<Option<usize>>,
    pub flagged: Vec<bool>,
    pub current: usize,
    /// On the review-before-submit page.
    pub reviewing: bool,
    /// Seconds left; `None` for an untimed review.
    pub remaining: Option<f64>,
}

impl Sitting {
    pub fn new(exam: Exam, title: impl Into<String>) -> Sitting {
        let n = exam.items.len();
        Sitting {
            remaining: (exam.time_limit_minutes > 0)
                .then(|| f64::from(exam.time_limit_minutes) * 60.0),
            exam,
            title: title.into(),
            answers: vec![None; n],
            flagged: vec![false; n],
            current: 0,
            reviewing: false,
        }
    }

    /// Seconds spent so far on a timed sitting (the time limit less what is left).
    pub fn elapsed_seconds(&self) -> Option<u32> {
        let left = self.remaining?;
        let limit = f64::from(self.exam.time_limit_minutes) * 60.0;
        Some((limit - left.max(0.0)).clamp(0.0, limit).round() as u32)
    }

    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }
}

#[derive(Resource, Default)]
pub struct ExamState {
    pub sitting: Option<Sitting>,
    pub result: Option<(Exam, ExamResult)>,
    pub notice: Option<String>,
}

/// What the trainee asked for during an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamIntent {
    Submit,
    Quit,
}

/// What the trainee chose after an exam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupIntent {
    Start(String),
    Back,
}

pub fn setup_ui(ui: &mut egui::Ui, profiles: &[&ExamProfile], bank: &Bank) -> Option<SetupIntent> {
    let mut intent = None;
    if title_row(ui, "Practice exams") {
        intent = Some(SetupIntent::Back);
    }
    ui.label(format!(
        "{} questions in the bank. Items are drawn in each exam's domain proportions and never repeat within an exam.",
        bank.questions.len()
    ));
    ui.separator();
    for profile in profiles {
        ui.group(|ui| {
            ui.horizontal(|ui| {
                if ui.button(&profile.title).clicked() {
                    intent = Some(SetupIntent::Start(profile.id.clone()));
                }
                ui.label(format!(
                    "{} items · {} min · pass {} on {}–{}",
                    profile.scored_items + profile.pretest_items,
                    profile.time_limit_minutes,
                    profile.scale.pass,
                    profile.scale.min,
                    profile.scale.max
                ));
            });
            if !profile.description.is_empty() {
                ui.label(&profile.description);
            }
        });
    }
    intent
}

fn clock_text(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The option keys: 1–4 (or A–D) choose, in the order shown.
const OPTION_KEYS: [(egui::Key, egui::Key, &str); 4] = [
    (egui::Key::Num1, egui::Key::A, "A"),
    (egui::Key::Num2, egui::Key::B, "B"),
    (egui::Key::Num3, egui::Key::C, "C"),
    (egui::Key::Num4, egui::Key::D, "D"),
];

pub fn exam_ui(ui: &mut egui::Ui, sitting: &mut Sitting, bank: &Bank) -> Option<ExamIntent> {
    let mut intent = None;
    let total = sitting.exam.items.len();
    ui.horizontal(|ui| {
        ui.heading(&sitting.title);
        match sitting.remaining {
            Some(left) => {
                let text = format!("Time left {}", clock_text(left));
                if left < 300.0 {
                    ui.colored_label(PROBLEM_COLOR, text);
                } else {
                    ui.label(text);
                }
            }
            None => {
                ui.label("Untimed");
            }
        }
        ui.label(format!("{} of {total} answered", sitting.answered()));
        if ui.button("Quit without submitting").clicked() {
            intent = Some(ExamIntent::Quit);
        }
    });
    ui.separator();
    if sitting.reviewing {
        ui.heading("Review before you submit");
        let unanswered = total - sitting.answered();
        let flagged = sitting.flagged.iter().filter(|f| **f).count();
        ui.label(format!(
            "{unanswered} unanswered, {flagged} flagged. Choose an item to go back to it."
        ));
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for k in 0..total {
                        let mark = match (sitting.answers[k].is_some(), sitting.flagged[k]) {
                            (_, true) => "🚩",
                            (true, false) => "✔",
                            (false, false) => "·",
                        };
                        if ui
                            .button(format!("{} {mark}", k + 1))
                            .on_hover_text(if sitting.answers[k].is_some() {
                                "answered"
                            } else {
                                "not answered"
                            })
                            .clicked()
                        {
                            sitting.current = k;
                            sitting.reviewing = false;
                        }
                    }
                });
            });
        ui.separator();
        if ui.button("Submit the exam").clicked() {
            intent = Some(ExamIntent::Submit);
        }
        return intent;
    }
    let k = sitting.current.min(total.saturating_sub(1));
    let Some(item) = sitting.exam.items.get(k) else {
        ui.label("This exam has no items.");
        return intent;
    };
    let Some(question) = bank.get(&item.question) else {
        ui.colored_label(
            PROBLEM_COLOR,
            format!("Question {} is no longer in the bank.", item.question),
        );
        return intent;
    };
    ui.label(format!("Question {} of {total}", k + 1));
    ui.add(egui::Label::new(egui::RichText::new(&question.stem).size(17.0)).wrap());
    ui.add_space(8.0);
    for (position, &original) in item.order.iter().enumerate() {
        let (digit, letter, name) = OPTION_KEYS[position];
        let text = format!("{name}. {}", question.options[original].text);
        let selected = sitting.answers[k] == Some(position);
        let response = ui
            .radio(selected, text)
            .on_hover_text(format!("Key {} or {name}", position + 1));
        let pressed = ui.input(|i| i.key_pressed(digit) || i.key_pressed(letter));
        if response.clicked() || pressed {
            sitting.answers[k] = Some(position);
        }
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(k > 0, egui::Button::new("◀ Previous"))
            .on_hover_text("P or Left arrow")
            .clicked()
            || (k > 0
                && ui.input(|i| i.key_pressed(egui::Key::P) || i.key_pressed(egui::Key::ArrowLeft)))
        {
            sitting.current = k - 1;
        }
        let flag = if sitting.flagged[k] {
            "Unflag"
        } else {
            "Flag for review"
        };
        if ui.button(flag).on_hover_text("F").clicked() || ui.input(|i| i.key_pressed(egui::Key::F))
        {
            sitting.flagged[k] = !sitting.flagged[k];
        }
        if k + 1 < total
            && (ui
                .button("Next ▶")
                .on_hover_text("N or Right arrow")
                .clicked()
                || ui
                    .input(|i| i.key_pressed(egui::Key::N) || i.key_pressed(egui::Key::ArrowRight)))
        {
            sitting.current = k + 1;
        }
        if ui.button("Review and submit").clicked() {
            sitting.reviewing = true;
        }
    });
    intent
}

/// What the trainee chose on the results page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsIntent {
    Done,
}

fn option_line(
    question: &Question,
    original: usize,
    position: usize,
    chosen: Option<usize>,
) -> String {
    let name = OPTION_KEYS[position].2;
    let option = &question.options[original];
    let mark = match (option.correct, chosen == Some(position)) {
        (true, true) => "✔ your answer, correct",
        (true, false) => "✔ correct answer",
        (false, true) => "✖ your answer",
        (false, false) => "",
    };
    format!("{name}. {} {mark}\n    {}", option.text, option.why)
}

pub fn results_ui(
    ui: &mut egui::Ui,
    exam: &Exam,
    result: &ExamResult,
    bank: &Bank,
) -> Option<ResultsIntent> {
    let mut intent = None;
    if exam.profile == crate::exam::REVIEW_PROFILE {
        ui.heading(format!(
            "Review done — {} of {} correct",
            result.correct, result.scored
        ));
        ui.label("Questions you got right move to a later review; missed ones come back tomorrow.");
    } else {
        let verdict = if result.passed {
            "Pass"
        } else {
            "Not yet a pass"
        };
        ui.heading(format!(
            "{verdict} — scaled score {} (pass mark {})",
            result.scaled, result.pass_mark
        ));
        ui.label(format!(
            "{} of {} scored items correct ({:.0}%), {} unanswered. The scaled score is an estimate, not the real exam's equating.",
            result.correct, result.scored, result.percent, result.unanswered
        ));
    }
    if ui.button("Done").clicked() {
        intent = Some(ResultsIntent::Done);
    }
    ui.separator();
    ui.strong("By domain");
    for d in &result.domains {
        ui.add(
            egui::ProgressBar::new(d.percent() as f32 / 100.0).text(format!(
                "{}: {}/{} ({:.0}%)",
                d.domain.label(),
                d.correct,
                d.total,
                d.percent()
            )),
        );
    }
    ui.separator();
    ui.strong("Item by item");
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (k, (item, outcome)) in exam.items.iter().zip(&result.items).enumerate() {
            let Some(question) = bank.get(&item.question) else {
                continue;
            };
            let mark = match (outcome.pretest, outcome.correct, outcome.chosen) {
                (true, _, _) => "unscored pretest item",
                (false, true, _) => "✔ correct",
                (false, false, None) => "✖ not answered",
                (false, false, Some(_)) => "✖ wrong",
            };
            egui::CollapsingHeader::new(format!(
                "{}. {mark} · {} · {}",
                k + 1,
                item.domain.label(),
                question.id
            ))
            .id_salt(k)
            .show(ui, |ui| {
                ui.label(&question.stem);
                for (position, &original) in item.order.iter().enumerate() {
                    ui.label(option_line(question, original, position, outcome.chosen));
                }
                ui.label(format!("Why: {}", question.rationale));
                ui.small(format!("Reference: {}", question.reference));
            });
        }
    });
    intent
}

/// Starts an exam of `profile` with a fresh seed.
pub fn start_exam(content: &Content, profile_id: &str, seed: u64) -> Result<Sitting, String> {
    let profile = content
        .library
        .exam_profile(profile_id)
        .ok_or_else(|| format!("there is no exam profile `{profile_id}`"))?;
    let exam = assemble(&content.bank, profile, seed).map_err(|e| e.to_string())?;
    Ok(Sitting::new(exam, profile.title.clone()))
}

fn setup_screen(
    mut contexts: EguiContexts,
    content: Option<Res<Content>>,
    mut state: ResMut<ExamState>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(content) = content else {
        return Ok(());
    };
    let mut profiles: Vec<&ExamProfile> = content
        .library
        .exam_profiles
        .iter()
        .map(|p| &*p.value)
        .collect();
    profiles.sort_by_key(|p| (std::cmp::Reverse(p.scored_items), p.id.clone()));
    let mut intent = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        problems_ui(ui, &content.problems);
        if let Some(notice) = &state.notice {
            ui.colored_label(PROBLEM_COLOR, notice);
        }
        intent = setup_ui(ui, &profiles, &content.bank);
    });
    match intent {
        Some(SetupIntent::Start(id)) => match start_exam(&content, &id, fresh_seed()) {
            Ok(sitting) => {
                state.sitting = Some(sitting);
                state.notice = None;
                next.set(Screen::Exam);
            }
            Err(problem) => state.notice = Some(format!("Cannot start: {problem}")),
        },
        Some(SetupIntent::Back) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}

/// Carries out `StartExam` requests (from the study plan), each with a fresh seed.
fn start_exams(
    mut requests: MessageReader<StartExam>,
    content: Option<Res<Content>>,
    mut state: ResMut<ExamState>,
    mut notice: ResMut<Notice>,
    mut next: ResMut<NextState<Screen>>,
) {
    for request in requests.read() {
        let Some(content) = content.as_deref() else {
            notice.0 = Some("The content is still loading; try again in a moment.".into());
            continue;
        };
        let sitting = match request {
            StartExam::Profile(id) => start_exam(content, id, fresh_seed()),
            StartExam::Review(questions) => Ok(Sitting::new(
                assemble_review(&content.bank, questions, fresh_seed()),
                "Review of due questions",
            )),
        };
        match sitting {
            Ok(sitting) => {
                state.sitting = Some(sitting);
                next.set(Screen::Exam);
            }
            Err(problem) => notice.0 = Some(format!("Cannot start the exam: {problem}")),
        }
    }
}

/// Runs the exam timer on real time; the exam screen submits when it reaches zero.
fn count_down(time: Res<Time<Real>>, mut state: ResMut<ExamState>) {
    if let Some(left) = state.sitting.as_mut().and_then(|s| s.remaining.as_mut()) {
        *left -= time.delta_secs_f64();
    }
}

/// Scores the sitting, saves it for the trainee and shows the results.
fn finish(state: &mut ExamState, content: &Content, trainee: &mut Trainee) {
    let Some(sitting) = state.sitting.take() else {
        return;
    };
    let result = sitting.exam.score(&content.bank, &sitting.answers);
    state.notice = trainee.save_exam(&result, &sitting.answers, sitting.elapsed_seconds());
    state.result = Some((sitting.exam, result));
}

fn exam_screen(
    mut contexts: EguiContexts,
    content: Option<Res<Content>>,
    mut state: ResMut<ExamState>,
    mut trainee: ResMut<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let (Some(content), Some(sitting)) = (content, state.sitting.as_mut()) else {
        next.set(Screen::Title);
        return Ok(());
    };
    let out_of_time = sitting.remaining.is_some_and(|left| left <= 0.0);
    let mut intent = None;
    egui::CentralPanel::default()
        .show(&mut root, |ui| intent = exam_ui(ui, sitting, &content.bank));
    if out_of_time {
        intent = Some(ExamIntent::Submit);
    }
    match intent {
        Some(ExamIntent::Submit) => {
            finish(&mut state, &content, &mut trainee);
            next.set(Screen::ExamResults);
        }
        Some(ExamIntent::Quit) => {
            state.sitting = None;
            next.set(Screen::Title);
        }
        None => {}
    }
    Ok(())
}

fn results_screen(
    mut contexts: EguiContexts,
    content: Option<Res<Content>>,
    mut state: ResMut<ExamState>,
    mut trainee: ResMut<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let (Some(content), Some((exam, result))) = (content, state.result.as_ref()) else {
        next.set(Screen::Title);
        return Ok(());
    };
    let mut intent = None;
    let mut unsaved = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(notice) = &state.notice {
            ui.small(notice);
        }
        unsaved = unsaved_ui(ui, &trainee);
        intent = results_ui(ui, exam, result, &content.bank);
    });
    if let Some(unsaved) = unsaved {
        state.notice = Some(act_on_unsaved(&mut trainee, unsaved));
    }
    if intent == Some(ResultsIntent::Done) {
        next.set(Screen::Title);
    }
    Ok(())
}
