//! Trainees and their progress in the app: the title screen (choose or create a trainee, then
//! what to do), the progress screen (score over time, mastery per domain, history) and the
//! study plan (reviews due, weakest domains, what to play next).

use super::exam::{ExamState, Sitting, fresh_seed, start_exam};
use super::ui::BestResults;
use super::{Content, PROBLEM_COLOR, Screen, root_ui};
use crate::exam::{ExamResult, assemble_review};
use crate::model::Action;
use crate::progress::{
    Attempt, AttemptKind, ProfileInfo, ProfileSummary, Store, StudyPlan, day_of, now, study_plan,
};
use crate::scoring::Report;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::Path;
use std::sync::Mutex;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<NewTraineeName>()
        .add_systems(Startup, choose_last_trainee)
        .add_systems(
            EguiPrimaryContextPass,
            (
                title_screen.run_if(in_state(Screen::Title)),
                progress_screen.run_if(in_state(Screen::Progress)),
                study_screen.run_if(in_state(Screen::Study)),
            ),
        );
}

/// The progress store and the trainee using the app.
#[derive(Resource)]
pub struct Trainee {
    store: Option<Mutex<Store>>,
    /// Why progress cannot be kept, when it cannot.
    pub problem: Option<String>,
    pub profile: Option<String>,
    pub profiles: Vec<ProfileInfo>,
    pub best: BestResults,
    pub summary: Option<ProfileSummary>,
}

impl Trainee {
    /// Opens the progress store in `data_dir`; a store that cannot open leaves the app usable
    /// without saving, and says why.
    pub fn open(data_dir: &Path) -> Trainee {
        let (store, problem) = match Store::open_in(data_dir) {
            Ok(store) => (Some(Mutex::new(store)), None),
            Err(e) => (
                None,
                Some(format!("Progress will not be saved: {e} ({})", e.hint())),
            ),
        };
        let mut trainee = Trainee {
            store,
            problem,
            profile: None,
            profiles: Vec::new(),
            best: BestResults::new(),
            summary: None,
        };
        trainee.refresh();
        trainee
    }

    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> crate::progress::Result<T>,
    ) -> Result<T, String> {
        let store = self.store.as_ref().ok_or("progress is not being kept")?;
        let mut store = store
            .lock()
            .map_err(|_| "the progress store is unavailable")?;
        f(&mut store).map_err(|e| format!("{e} ({})", e.hint()))
    }

    /// Re-reads the profiles and the chosen trainee's summary.
    pub fn refresh(&mut self) {
        self.profiles = self.with_store(|s| s.profiles()).unwrap_or_default();
        let Some(name) = self.profile.clone() else {
            self.best.clear();
            self.summary = None;
            return;
        };
        self.best = self
            .with_store(|s| s.best_results(&name))
            .unwrap_or_default();
        match self.with_store(|s| s.summary(&name, day_of(now()))) {
            Ok(summary) => self.summary = Some(summary),
            Err(problem) => self.problem = Some(problem),
        }
    }

    pub fn select(&mut self, name: &str) {
        self.profile = Some(name.to_owned());
        self.refresh();
    }

    pub fn create(&mut self, name: &str) -> Result<(), String> {
        self.with_store(|s| s.create_profile(name, now()))?;
        self.select(name.trim());
        Ok(())
    }

    fn save(&mut self, attempt: crate::progress::Result<Attempt>) -> Option<String> {
        let name = self.profile.clone()?;
        let saved = attempt
            .map_err(|e| e.to_string())
            .and_then(|a| self.with_store(|s| s.save_attempt(&name, &a)));
        self.refresh();
        Some(match saved {
            Ok(_) => format!("Saved to {name}'s progress."),
            Err(problem) => format!("Not saved: {problem}"),
        })
    }

    /// Keeps a finished scenario for the chosen trainee; says what happened, if anyone is chosen.
    pub fn save_scenario(&mut self, report: &Report, script: &[Action]) -> Option<String> {
        self.save(Attempt::of_scenario(report, script, now()))
    }

    pub fn save_exam(&mut self, result: &ExamResult, answers: &[Option<usize>]) -> Option<String> {
        self.save(Attempt::of_exam(result, answers, now()))
    }
}

#[derive(Resource, Default)]
pub struct NewTraineeName(pub String);

/// Starts with the trainee chosen last time, if that profile still exists.
fn choose_last_trainee(mut trainee: ResMut<Trainee>, settings: Res<super::settings::Settings>) {
    if let Some(name) = &settings.last_trainee
        && trainee.profiles.iter().any(|p| &p.name == name)
    {
        trainee.select(name);
    }
}

/// What the trainee chose on the title screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleIntent {
    Select(String),
    Create(String),
    Go(Screen),
    Quit,
}

pub fn title_ui(
    ui: &mut egui::Ui,
    trainee: &Trainee,
    new_name: &mut String,
) -> Option<TitleIntent> {
    let mut intent = None;
    ui.heading("Frontdesk");
    ui.label("Practise the front desk of a medical office, and prepare for a CMAA-style exam.");
    if let Some(problem) = &trainee.problem {
        ui.colored_label(PROBLEM_COLOR, problem);
    }
    ui.separator();
    ui.strong("Who is training?");
    ui.horizontal_wrapped(|ui| {
        for p in &trainee.profiles {
            let chosen = trainee.profile.as_deref() == Some(p.name.as_str());
            if ui
                .selectable_label(chosen, format!("{} ({} attempts)", p.name, p.attempts))
                .clicked()
            {
                intent = Some(TitleIntent::Select(p.name.clone()));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("New trainee:");
        let field = ui.text_edit_singleline(new_name);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add").clicked() || enter) && !new_name.trim().is_empty() {
            intent = Some(TitleIntent::Create(new_name.trim().to_owned()));
        }
    });
    match &trainee.profile {
        Some(name) => ui.label(format!("Training as {name}: attempts and exams are saved.")),
        None => ui.label("No trainee chosen: you can play, but nothing is saved."),
    };
    ui.separator();
    let menu = [
        ("Play a scenario at the desk", Screen::Picker),
        ("Take a practice exam", Screen::ExamSetup),
        ("Study plan and reviews", Screen::Study),
        ("Progress", Screen::Progress),
        ("Settings", Screen::Settings),
    ];
    for (label, screen) in menu {
        let needs_trainee = matches!(screen, Screen::Study | Screen::Progress);
        let enabled = !needs_trainee || trainee.profile.is_some();
        let button = ui.add_enabled(
            enabled,
            egui::Button::new(label).min_size(egui::vec2(280.0, 32.0)),
        );
        let button = if enabled {
            button
        } else {
            button.on_disabled_hover_text("Choose a trainee first")
        };
        if button.clicked() {
            intent = Some(TitleIntent::Go(screen));
        }
    }
    if ui.button("Quit").clicked() {
        intent = Some(TitleIntent::Quit);
    }
    intent
}

fn title_screen(
    mut contexts: EguiContexts,
    mut trainee: ResMut<Trainee>,
    mut settings: ResMut<super::settings::Settings>,
    mut new_name: ResMut<NewTraineeName>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut intent = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        intent = title_ui(ui, &trainee, &mut new_name.0);
    });
    match intent {
        Some(TitleIntent::Select(name)) => trainee.select(&name),
        Some(TitleIntent::Create(name)) => match trainee.create(&name) {
            Ok(()) => new_name.0.clear(),
            Err(problem) => trainee.problem = Some(problem),
        },
        Some(TitleIntent::Go(screen)) => {
            trainee.refresh();
            next.set(screen);
        }
        Some(TitleIntent::Quit) => {
            exit.write(AppExit::Success);
        }
        None => {}
    }
    if trainee.profile.is_some() && settings.last_trainee != trainee.profile {
        settings.last_trainee = trainee.profile.clone();
        settings.save();
    }
    Ok(())
}

fn mastery_bars(ui: &mut egui::Ui, summary: &ProfileSummary) {
    for m in &summary.mastery {
        let (fraction, text) = match m.percent {
            Some(p) => (
                p as f32 / 100.0,
                format!(
                    "{}: {p:.0}% ({} answers, {} scenario findings)",
                    m.domain.label(),
                    m.answers,
                    m.findings
                ),
            ),
            None => (0.0, format!("{}: no evidence yet", m.domain.label())),
        };
        ui.add(egui::ProgressBar::new(fraction).text(text));
    }
}

/// Returns true when the trainee asks to go back.
pub fn progress_ui(ui: &mut egui::Ui, summary: &ProfileSummary) -> bool {
    let back = super::ui::title_row(ui, format!("Progress — {}", summary.name));
    ui.label(format!(
        "{} attempts · {} review cards, {} due today",
        summary.history.len(),
        summary.cards,
        summary.due.len()
    ));
    ui.separator();
    ui.strong("Mastery per exam domain");
    mastery_bars(ui, summary);
    ui.separator();
    ui.strong("Score over time (%): scenarios and exams");
    let series = |kind: AttemptKind| -> egui_plot::PlotPoints<'static> {
        summary
            .history
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == kind)
            .map(|(k, a)| [k as f64 + 1.0, a.score_percent])
            .collect()
    };
    egui_plot::Plot::new("score-over-time")
        .height(180.0)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("attempt")
        .legend(egui_plot::Legend::default())
        .show(ui, |plot| {
            plot.line(egui_plot::Line::new(
                "scenarios",
                series(AttemptKind::Scenario),
            ));
            plot.points(egui_plot::Points::new("exams", series(AttemptKind::Exam)).radius(4.0));
        });
    ui.separator();
    ui.strong("History (newest first)");
    egui::ScrollArea::vertical()
        .id_salt("history")
        .show(ui, |ui| {
            for a in summary.history.iter().rev().take(200) {
                let kind = match a.kind {
                    AttemptKind::Scenario => "scenario",
                    AttemptKind::Exam => "exam",
                };
                let scaled = a.scaled.map_or(String::new(), |s| format!(" · scaled {s}"));
                let verdict = if a.passed { "passed" } else { "not passed" };
                let (y, m, d) = crate::progress::civil_date(day_of(a.at));
                ui.label(format!(
                    "{y:04}-{m:02}-{d:02} · {kind} {} · {:.0}%{scaled} · {verdict}",
                    a.item, a.score_percent
                ));
            }
        });
    back
}

fn progress_screen(
    mut contexts: EguiContexts,
    trainee: Res<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(summary) = &trainee.summary else {
        next.set(Screen::Title);
        return Ok(());
    };
    let mut back = false;
    egui::CentralPanel::default().show(&mut root, |ui| back = progress_ui(ui, summary));
    if back {
        next.set(Screen::Title);
    }
    Ok(())
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
    if super::ui::title_row(ui, "Study plan") {
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
    mut exams: ResMut<ExamState>,
    mut commands: Commands,
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
            let exam = assemble_review(&content.bank, &plan.review_questions, fresh_seed());
            exams.sitting = Some(Sitting::new(exam, "Review of due questions"));
            next.set(Screen::Exam);
        }
        Some(StudyIntent::Quiz(id)) => match start_exam(&content, &id, fresh_seed()) {
            Ok(sitting) => {
                exams.sitting = Some(sitting);
                next.set(Screen::Exam);
            }
            Err(problem) => exams.notice = Some(problem),
        },
        Some(StudyIntent::Play(id)) => {
            if let Ok(desk) = super::desk::start_attempt(&content, &id, fresh_seed() % 1000) {
                commands.insert_resource(desk);
                next.set(Screen::Desk);
            }
        }
        Some(StudyIntent::Back) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}
