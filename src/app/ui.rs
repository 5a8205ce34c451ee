//! The desk's screens as plain functions of `&mut egui::Ui` and state, testable without Bevy.
//! They show a core `Session` and return what the trainee asked for; they never decide what is
//! correct (the core's rules do, after the attempt).

use crate::model::{ActKind, Action, ActionTime, Detail};
use crate::scoring::Report;
use crate::sim::{EventStatus, Session, Speaker};
use bevy_egui::egui;

/// One row of the scenario picker.
#[derive(Debug, Clone)]
pub struct ScenarioCard {
    pub id: String,
    pub title: String,
    pub family: String,
    pub setting: String,
    pub difficulty: String,
    pub brief: String,
}

/// The trainee's view of the desk that is not part of the attempt itself.
#[derive(Debug, Clone)]
pub struct DeskView {
    pub session: Session,
    /// The event (index into `session.events`) the trainee is working on.
    pub selected: Option<usize>,
    pub paused: bool,
    /// Simulated seconds per real second: 1, 2 or 4.
    pub speed: u32,
}

/// What the trainee asked for on the desk.
#[derive(Debug, Clone, PartialEq)]
pub enum DeskIntent {
    Act(Action),
    Select(usize),
    TogglePause,
    SetSpeed(u32),
    Finish,
}

/// Acts offered for people at the window, messages and alerts.
const DESK_ACTS: &[(ActKind, &str, Option<egui::Key>)] = &[
    (ActKind::Greet, "Greet", Some(egui::Key::G)),
    (ActKind::NotifyProvider, "Notify the provider", None),
    (ActKind::NotifyManager, "Notify the manager", None),
    (ActKind::EscalateToClinician, "Escalate to clinician", None),
    (
        ActKind::NotifyWaitingPatients,
        "Tell the waiting room about delays",
        None,
    ),
];

/// Acts offered as buttons for a call, with their keyboard shortcut.
const PHONE_ACTS: &[(ActKind, &str, Option<egui::Key>)] = &[
    (ActKind::Answer, "Answer", Some(egui::Key::A)),
    (ActKind::AskNameAndReason, "Ask name and reason", None),
    (ActKind::ScreenForEmergency, "Screen for an emergency", None),
    (ActKind::AskToHold, "Ask to hold", None),
    (ActKind::PlaceOnHold, "Hold", Some(egui::Key::H)),
    (ActKind::CheckBack, "Check back", None),
    (ActKind::ResumeCall, "Resume", Some(egui::Key::R)),
    (ActKind::ConfirmLocation, "Confirm location", None),
    (
        ActKind::ConfirmCallbackNumber,
        "Confirm callback number",
        None,
    ),
    (
        ActKind::AdviseEmergency,
        "Advise 911",
        Some(egui::Key::Num9),
    ),
    (
        ActKind::ConfirmWillCallEmergency,
        "Confirm they will call 911",
        None,
    ),
    (ActKind::TransferToNurse, "Transfer to nurse", None),
    (ActKind::EscalateToClinician, "Escalate to clinician", None),
    (ActKind::EndCall, "End call", Some(egui::Key::E)),
];

pub fn picker_ui(ui: &mut egui::Ui, cards: &[ScenarioCard], filter: &mut String) -> Option<String> {
    let mut chosen = None;
    ui.heading("Frontdesk — choose a scenario");
    ui.horizontal(|ui| {
        ui.label("Filter:");
        ui.text_edit_singleline(filter)
            .on_hover_text("Type part of a title, family, setting or difficulty");
    });
    ui.separator();
    let needle = filter.to_lowercase();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for card in cards.iter().filter(|c| {
            needle.is_empty()
                || [&c.title, &c.family, &c.setting, &c.difficulty]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&needle))
        }) {
            ui.group(|ui| {
                ui.horizontal(|ui| {
                    if ui.button(&card.title).clicked() {
                        chosen = Some(card.id.clone());
                    }
                    ui.label(format!(
                        "{} · {} · {}",
                        card.family, card.setting, card.difficulty
                    ));
                });
                ui.label(&card.brief);
            });
        }
    });
    chosen
}

fn status_text(view: &DeskView, index: usize) -> String {
    let live = &view.session.events[index];
    match live.status {
        EventStatus::Pending => "not yet".into(),
        EventStatus::Waiting
            if view.session.event_def(index).kind == crate::model::EventKind::Call =>
        {
            format!("ringing ({} rings)", view.session.rings(index))
        }
        EventStatus::Waiting => format!("waiting since {}", live.arrival),
        EventStatus::Active => "with you".into(),
        EventStatus::OnHold(since) => format!("on hold {}s", view.session.now.since(since)),
        EventStatus::Ended => "done".into(),
    }
}

pub fn desk_ui(ui: &mut egui::Ui, view: &DeskView) -> Vec<DeskIntent> {
    let mut intents = Vec::new();
    let session = &view.session;
    egui::Panel::top("clock").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(format!("{}", session.now));
            ui.label(&session.scenario.title);
            let pause = if view.paused {
                "Resume clock"
            } else {
                "Pause clock"
            };
            if ui.button(pause).on_hover_text("Space").clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Space))
            {
                intents.push(DeskIntent::TogglePause);
            }
            for speed in [1, 2, 4] {
                if ui
                    .selectable_label(view.speed == speed, format!("{speed}×"))
                    .clicked()
                {
                    intents.push(DeskIntent::SetSpeed(speed));
                }
            }
            if ui.button("Finish and debrief").clicked() {
                intents.push(DeskIntent::Finish);
            }
        });
    });
    egui::Panel::left("events").show(ui, |ui| {
        ui.heading("Desk");
        for (index, live) in session.events.iter().enumerate() {
            if live.status == EventStatus::Pending {
                continue;
            }
            let def = session.event_def(index);
            let text = format!("{} · {}", def.summary, status_text(view, index));
            if ui
                .selectable_label(view.selected == Some(index), text)
                .clicked()
            {
                intents.push(DeskIntent::Select(index));
            }
        }
        ui.separator();
        ui.label(&session.scenario.brief);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(index) = view.selected else {
            ui.label("Pick something from the desk on the left.");
            return;
        };
        let live = &session.events[index];
        let def = session.event_def(index);
        ui.heading(&def.summary);
        ui.label(status_text(view, index));
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| {
                for line in &live.transcript {
                    let other = def
                        .caller
                        .as_deref()
                        .or_else(|| def.patient.as_deref().and_then(|p| session.patient_name(p)))
                        .unwrap_or("Caller");
                    let who = match line.speaker {
                        Speaker::Trainee => "You",
                        Speaker::Other => other,
                    };
                    ui.label(format!("{} {who}: {}", line.at, line.text));
                }
            });
        ui.separator();
        // A bare act: what it says (a full greeting, say) comes from the dialogue choices, so
        // the desk never decides for the trainee that an act was complete.
        let act_now = |kind: ActKind| Action::new(ActionTime::At(session.now), kind).on(&live.id);
        if !def.choices.is_empty() {
            ui.label("Say:");
            for choice in &def.choices {
                if ui.button(&choice.text).clicked() {
                    let mut action = act_now(ActKind::Say);
                    action.choice = Some(choice.id.clone());
                    intents.push(DeskIntent::Act(action));
                }
            }
        }
        ui.label("Do:");
        let offered = if def.kind == crate::model::EventKind::Call {
            PHONE_ACTS
        } else {
            DESK_ACTS
        };
        ui.horizontal_wrapped(|ui| {
            for (kind, label, key) in offered {
                let mut button = ui.button(*label);
                if let Some(key) = key {
                    button = button.on_hover_text(format!("Shortcut: {key:?}"));
                }
                let pressed = key.is_some_and(|k| ui.input(|i| i.key_pressed(k)));
                if button.clicked() || pressed {
                    intents.push(DeskIntent::Act(act_now(*kind)));
                }
            }
            if ui.button("Document the call").clicked() {
                let mut note = act_now(ActKind::Document);
                note.details = vec![
                    Detail::DateTime,
                    Detail::CallerWords,
                    Detail::AdviceGiven,
                    Detail::Outcome,
                    Detail::HighPriority,
                ];
                intents.push(DeskIntent::Act(note));
            }
        });
    });
    intents
}

/// What the trainee chose on the debrief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebriefIntent {
    TryAgain,
    BackToPicker,
}

pub fn debrief_ui(ui: &mut egui::Ui, report: &Report) -> Option<DebriefIntent> {
    let mut intent = None;
    let verdict = if report.passed {
        "Passed"
    } else {
        "Not passed"
    };
    ui.heading(format!("{} — {verdict}", report.title));
    ui.label(format!(
        "Score {}/{} ({}%, {}% needed)",
        report.points, report.max_points, report.percent, report.pass_percent
    ));
    if !report.critical_failures.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(200, 60, 60),
            format!(
                "Critical rules missed: {}. Any one fails the attempt.",
                report.critical_failures.join(", ")
            ),
        );
    }
    ui.horizontal(|ui| {
        if ui.button("Try again (new seed)").clicked() {
            intent = Some(DebriefIntent::TryAgain);
        }
        if ui.button("Choose another scenario").clicked() {
            intent = Some(DebriefIntent::BackToPicker);
        }
    });
    for d in &report.domains {
        let fraction = d.points as f32 / d.max_points.max(1) as f32;
        ui.add(egui::ProgressBar::new(fraction).text(format!(
            "{}: {}/{}",
            d.domain.label(),
            d.points,
            d.max_points
        )));
    }
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for f in &report.findings {
            let mark = if f.passed { "✓" } else { "✗" };
            ui.strong(format!(
                "{mark} {} {} ({}/{} pts)",
                f.rule, f.title, f.points, f.max_points
            ));
            for p in &f.problems {
                ui.label(format!("• {p}"));
            }
            ui.label(&f.feedback);
            ui.small(format!("Reference: {}", f.reference));
            ui.add_space(6.0);
        }
    });
    intent
}
