//! The title screen: what Frontdesk is, who is training (add, switch), what to do next from the
//! study plan, recent results, then the ways in (`WAYS_IN`). A first run (no trainee with an
//! attempt yet) is offered the first shift. Keyboard alone works: Tab moves in reading order,
//! Enter or Space presses, and the main way forward has the focus when the screen opens.

use super::content::Content;
use super::requests::StartAttempt;
use super::screen::Screen;
use super::settings::Settings;
use super::theme::{self, Palette, size};
use super::trainee::Trainee;
use super::tutorial::FIRST_SHIFT;
use super::widgets::root_ui;
use crate::progress::{AttemptKind, AttemptSummary, day_of, now, study_plan};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<NewTraineeName>().add_systems(
        EguiPrimaryContextPass,
        title_screen.run_if(in_state(Screen::Title)),
    );
}

#[derive(Resource, Default)]
pub struct NewTraineeName(pub String);

/// What the trainee chose on the title screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleIntent {
    Select(String),
    Create(String),
    Go(Screen),
    /// Start the first shift (the tutorial scenario).
    FirstShift,
    Quit,
}

/// Where a way in leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Screen(Screen),
    FirstShift,
}

impl Way {
    fn intent(self) -> TitleIntent {
        match self {
            Way::Screen(screen) => TitleIntent::Go(screen),
            Way::FirstShift => TitleIntent::FirstShift,
        }
    }
}

/// One way into the app from the title: its button, a line saying what is there, and whether
/// it needs a trainee (it shows their own progress).
#[derive(Debug, Clone, Copy)]
pub struct WayIn {
    pub label: &'static str,
    pub blurb: &'static str,
    pub way: Way,
    pub needs_trainee: bool,
}

/// The ways in, in the order shown (and tabbed through). Add a row to add a way in.
pub const WAYS_IN: &[WayIn] = &[
    WayIn {
        label: "Play a scenario at the desk",
        blurb: "Phones, the window and the office: pick a scenario by family, setting or domain.",
        way: Way::Screen(Screen::Picker),
        needs_trainee: false,
    },
    WayIn {
        label: "Take a practice exam",
        blurb: "CMAA-style: the full timed exam, a 30-minute mini exam, or a quiz per domain.",
        way: Way::Screen(Screen::ExamSetup),
        needs_trainee: false,
    },
    WayIn {
        label: "Study plan and reviews",
        blurb: "What is due for review today, and practice for your weakest domains.",
        way: Way::Screen(Screen::Study),
        needs_trainee: true,
    },
    WayIn {
        label: "Progress",
        blurb: "Your scores over time and your mastery of each exam domain.",
        way: Way::Screen(Screen::Progress),
        needs_trainee: true,
    },
    WayIn {
        label: "Cohort report (instructors)",
        blurb: "Every trainee at a glance: who is ready for the exam and why, who misses which rule.",
        way: Way::Screen(Screen::Report),
        needs_trainee: false,
    },
    WayIn {
        label: "First shift (tutorial)",
        blurb: "Five minutes at the desk with a hint beside each thing to do.",
        way: Way::FirstShift,
        needs_trainee: false,
    },
];

/// What the title proposes to do next, and the button that does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    pub text: String,
    pub button: Option<(String, TitleIntent)>,
}

/// True before anyone has played: no trainee yet, or the chosen one has no attempt.
pub fn first_run(trainee: &Trainee) -> bool {
    match &trainee.profile {
        Some(_) => trainee
            .summary
            .as_ref()
            .is_none_or(|s| s.history.is_empty()),
        None => trainee.profiles.iter().all(|p| p.attempts == 0),
    }
}

/// The next step from the trainee's study plan: "Continue: 3 reviews due · weakest domain:
/// Billing & Revenue Cycle (42%)", or the first shift on a first run.
pub fn next_step(trainee: &Trainee, content: Option<&Content>) -> NextStep {
    if first_run(trainee) {
        return NextStep {
            text: "New here? Your first shift takes about five minutes: a call, a hold, the \
                   schedule and a visitor at the window, with a hint beside each thing to do."
                .into(),
            button: Some(("Start your first shift".into(), TitleIntent::FirstShift)),
        };
    }
    let (Some(summary), Some(content)) = (&trainee.summary, content) else {
        return NextStep {
            text: "Choose who is training to carry on where you left off.".into(),
            button: None,
        };
    };
    let plan = study_plan(summary, &content.library, &trainee.best);
    let due = plan.review_questions.len() + plan.review_rules.len();
    let mut parts = vec![match due {
        0 => "no reviews due".to_owned(),
        1 => "1 review due".to_owned(),
        n => format!("{n} reviews due"),
    }];
    // The weakest of the domains practised so far, when it has room to grow; the plan puts
    // unpractised domains first, but "weakest" means something only with evidence.
    let weakest = summary
        .mastery
        .iter()
        .filter_map(|m| Some((m.percent?, m.domain)))
        .filter(|(percent, _)| *percent < 100.0)
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let unpractised = plan.focus.iter().find(|m| m.percent.is_none());
    match (weakest, unpractised) {
        (Some((percent, domain)), _) => {
            parts.push(format!(
                "weakest domain: {} ({percent:.0}%)",
                domain.label()
            ));
        }
        (None, Some(m)) => parts.push(format!("not practised yet: {}", m.domain.label())),
        (None, None) => {}
    }
    if let Some(s) = plan
        .scenarios
        .first()
        .and_then(|id| content.library.scenario(id))
    {
        parts.push(format!("next scenario: {}", s.value.title));
    }
    NextStep {
        text: format!("Continue: {}", parts.join(" · ")),
        button: Some(("Continue".into(), TitleIntent::Go(Screen::Study))),
    }
}

/// A past attempt in words: "✔ Chest pressure on line one · 92% · passed · today".
pub fn result_line(attempt: &AttemptSummary, content: Option<&Content>, today: i64) -> String {
    let library = content.map(|c| &c.library);
    let title = match attempt.kind {
        AttemptKind::Scenario => library
            .and_then(|l| l.scenario(&attempt.item))
            .map(|s| s.value.title.clone()),
        _ => library
            .and_then(|l| l.exam_profile(&attempt.item))
            .map(|p| p.title.clone()),
    }
    .unwrap_or_else(|| attempt.item.clone());
    // The marks the debrief uses (both are in egui's default fonts).
    let (mark, verdict) = if attempt.passed {
        ("✔", "passed")
    } else {
        ("✖", "not passed")
    };
    let score = match attempt.scaled {
        Some(scaled) => format!("scaled {scaled}"),
        None => format!("{:.0}%", attempt.score_percent),
    };
    let when = match today - day_of(attempt.at) {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{n} days ago"),
    };
    format!("{mark} {title} · {score} · {verdict} · {when}")
}

fn attempts(n: u32) -> String {
    match n {
        1 => "1 attempt".into(),
        n => format!("{n} attempts"),
    }
}

/// How many past attempts the title lists.
const RECENT: usize = 4;

fn card<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let palette = Palette::current(ui.ctx());
    theme::card(palette, egui::Stroke::new(1.0, palette.border.egui()))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// The main way forward: accent-filled, and focused when nothing else is.
fn primary_button(ui: &mut egui::Ui, label: &str) -> egui::Response {
    let palette = Palette::current(ui.ctx());
    let text = egui::RichText::new(label)
        .color(palette.on_accent.egui())
        .strong();
    let button = ui.add(
        egui::Button::new(text)
            .fill(palette.accent.egui())
            .min_size(egui::vec2(220.0, 34.0)),
    );
    if ui.memory(|m| m.focused().is_none()) {
        button.request_focus();
        // The focus lands in the next pass: ask for it (the window only redraws when asked).
        ui.ctx().request_repaint();
    }
    button
}

pub fn title_ui(
    ui: &mut egui::Ui,
    trainee: &Trainee,
    content: Option<&Content>,
    new_name: &mut String,
) -> Option<TitleIntent> {
    let mut intent = None;
    let palette = Palette::current(ui.ctx());
    ui.label(
        egui::RichText::new("Frontdesk")
            .size(size::DISPLAY)
            .color(palette.accent.egui())
            .strong(),
    );
    ui.label("Practise the front desk of a medical office, and prepare for a CMAA-style exam.");
    if let Some(problem) = &trainee.problem {
        ui.colored_label(palette.alert.egui(), problem);
    }
    ui.add_space(12.0);

    let step = next_step(trainee, content);
    card(ui, |ui| {
        ui.label(egui::RichText::new(&step.text).size(15.0));
        if let Some((label, chosen)) = &step.button {
            ui.add_space(6.0);
            if primary_button(ui, label).clicked() {
                intent = Some(chosen.clone());
            }
        }
    });
    ui.add_space(12.0);

    ui.heading("Who is training?");
    ui.horizontal_wrapped(|ui| {
        for p in &trainee.profiles {
            let chosen = trainee.profile.as_deref() == Some(p.name.as_str());
            if ui
                .selectable_label(chosen, format!("{} ({})", p.name, attempts(p.attempts)))
                .clicked()
            {
                intent = Some(TitleIntent::Select(p.name.clone()));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("New trainee:");
        let field = ui.add(
            egui::TextEdit::singleline(new_name)
                .hint_text("your name")
                .desired_width(200.0),
        );
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add").clicked() || enter) && !new_name.trim().is_empty() {
            intent = Some(TitleIntent::Create(new_name.trim().to_owned()));
        }
    });
    match &trainee.profile {
        Some(name) => ui.weak(format!("Training as {name}: attempts and exams are saved.")),
        None => ui.weak("No trainee chosen: you can play, but nothing is saved."),
    };

    if let Some(summary) = &trainee.summary
        && !summary.history.is_empty()
    {
        ui.add_space(12.0);
        ui.heading("Recent results");
        let today = day_of(now());
        for attempt in summary.history.iter().rev().take(RECENT) {
            let line = result_line(attempt, content, today);
            let colour = if attempt.passed {
                palette.good
            } else {
                palette.muted
            };
            ui.colored_label(colour.egui(), line);
        }
    }

    ui.add_space(12.0);
    ui.heading("Ways in");
    egui::Grid::new("ways-in")
        .num_columns(2)
        .spacing([18.0, 10.0])
        .show(ui, |ui| {
            for (n, way) in WAYS_IN.iter().enumerate() {
                let enabled = !way.needs_trainee || trainee.profile.is_some();
                ui.vertical(|ui| {
                    let button = ui.add_enabled(
                        enabled,
                        egui::Button::new(way.label).min_size(egui::vec2(300.0, 30.0)),
                    );
                    if button
                        .on_disabled_hover_text("Choose a trainee first")
                        .clicked()
                    {
                        intent = Some(way.way.intent());
                    }
                    ui.weak(way.blurb);
                });
                if n % 2 == 1 {
                    ui.end_row();
                }
            }
        });
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if ui
            .button("Settings")
            .on_hover_text("Text size and light or dark theme")
            .clicked()
        {
            intent = Some(TitleIntent::Go(Screen::Settings));
        }
        if ui.button("Quit").clicked() {
            intent = Some(TitleIntent::Quit);
        }
    });
    intent
}

/// Carries out what the title asked of the trainee store (choose, add); true when handled.
pub fn apply_to_trainee(
    trainee: &mut Trainee,
    new_name: &mut String,
    intent: &TitleIntent,
) -> bool {
    match intent {
        TitleIntent::Select(name) => trainee.select(name),
        TitleIntent::Create(name) => match trainee.create(name) {
            Ok(()) => new_name.clear(),
            Err(problem) => trainee.problem = Some(problem),
        },
        _ => return false,
    }
    true
}

/// The title, centred in a column of readable width, scrolling when the window is small.
fn centred(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        let width = ui.available_width().min(760.0);
        let margin = ((ui.available_width() - width) / 2.0).max(0.0);
        ui.horizontal(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_width(width);
                ui.add_space(24.0);
                add(ui);
                ui.add_space(24.0);
            });
        });
    });
}

#[allow(clippy::too_many_arguments)]
fn title_screen(
    mut contexts: EguiContexts,
    mut trainee: ResMut<Trainee>,
    content: Option<Res<Content>>,
    mut settings: ResMut<Settings>,
    mut new_name: ResMut<NewTraineeName>,
    mut next: ResMut<NextState<Screen>>,
    mut start: MessageWriter<StartAttempt>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut intent = None;
    egui::CentralPanel::default()
        .frame(
            egui::Frame::central_panel(&ctx.global_style())
                .fill(Palette::current(ctx).background.egui()),
        )
        .show(&mut root, |ui| {
            centred(ui, |ui| {
                intent = title_ui(ui, &trainee, content.as_deref(), &mut new_name.0);
            });
        });
    if let Some(intent) = intent
        && !apply_to_trainee(&mut trainee, &mut new_name.0, &intent)
    {
        match intent {
            TitleIntent::Go(screen) => {
                trainee.refresh();
                next.set(screen);
            }
            TitleIntent::FirstShift => {
                start.write(StartAttempt::fresh(FIRST_SHIFT));
            }
            TitleIntent::Quit => {
                exit.write(AppExit::Success);
            }
            TitleIntent::Select(_) | TitleIntent::Create(_) => {}
        }
    }
    if trainee.profile.is_some() && settings.last_trainee != trainee.profile {
        settings.last_trainee = trainee.profile.clone();
        settings.save();
    }
    Ok(())
}
