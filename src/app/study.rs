//! The study plan: reviews due today, the weakest domains with their quizzes, and scenarios to
//! play next. Its buttons send requests (`StartExam`, `StartAttempt`); it starts nothing itself.

use super::content::Content;
use super::requests::{StartAttempt, StartExam};
use super::screen::Screen;
use super::trainee::Trainee;
use super::widgets::{root_ui, title_row};
use crate::progress::{StudyPlan, study_plan};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        study_screen.run_if(in_state(Screen::Study)),
    );
}

/// What the trainee chose on the study plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StudyIntent {
    ReviewQuestions,
    Play(String),
    Quiz(String),
    Back,
}

pub fn study_ui(ui: &mut egui::Ui, plan: &StudyPlan, content: &Content) -> Option<StudyIntent> {
    let mut intent = None;
    if title_row(ui, "Study plan") {
        intent = Some(StudyIntent::Back);
    }
    ui.strong("Review due today");
    if plan.review_questions.is_empty() {
        ui.label("No questions are due. Missed questions come back on a spaced schedule: 1, 2, 4, 8 and 16 days.");
    } else if ui
        .button(format!(
            "Review {} due question(s)",
            plan.review_questions.len()
        ))
        .clicked()
    {
        intent = Some(StudyIntent::ReviewQuestions);
    }
    if !plan.review_rules.is_empty() {
        let rules = content.library.all_rules();
        ui.label("Rules you missed in scenarios, due again:");
        for id in &plan.review_rules {
            let title = rules
                .iter()
                .find(|r| &r.id == id)
                .map_or("", |r| r.title.as_str());
            ui.label(format!("• {id} {title}"));
        }
    }
    ui.separator();
    ui.strong("Your weakest domains");
    for m in &plan.focus {
        let text = match m.percent {
            Some(p) => format!("{}: {p:.0}%", m.domain.label()),
            None => format!("{}: not practised yet", m.domain.label()),
        };
        ui.label(text);
    }
    ui.horizontal_wrapped(|ui| {
        for id in &plan.quizzes {
            if let Some(profile) = content.library.exam_profile(id)
                && ui.button(&profile.title).clicked()
            {
                intent = Some(StudyIntent::Quiz(id.clone()));
            }
        }
    });
    ui.separator();
    ui.strong("Scenarios to play next");
    for id in &plan.scenarios {
        if let Some(s) = content.library.scenario(id) {
            let s = &s.value;
            ui.horizontal(|ui| {
                if ui.button(&s.title).clicked() {
                    intent = Some(StudyIntent::Play(id.clone()));
                }
                ui.label(format!("{} · {}", s.family.label(), s.difficulty.label()));
            });
        }
    }
    intent
}

fn study_screen(
    mut contexts: EguiContexts,
    trainee: Res<Trainee>,
    content: Option<Res<Content>>,
    mut attempts: MessageWriter<StartAttempt>,
    mut exams: MessageWriter<StartExam>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let (Some(summary), Some(content)) = (&trainee.summary, content) else {
        next.set(Screen::Title);
        return Ok(());
    };
    let plan = study_plan(summary, &content.library, &trainee.best);
    let mut intent = None;
    egui::CentralPanel::default().show(&mut root, |ui| intent = study_ui(ui, &plan, &content));
    match intent {
        Some(StudyIntent::ReviewQuestions) => {
            exams.write(StartExam::Review(plan.review_questions.clone()));
        }
        Some(StudyIntent::Quiz(id)) => {
            exams.write(StartExam::Profile(id));
        }
        Some(StudyIntent::Play(id)) => {
            attempts.write(StartAttempt::fresh(id));
        }
        Some(StudyIntent::Back) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}
