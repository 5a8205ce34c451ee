//! The desk's screens as plain functions of `&mut egui::Ui` and state, testable without Bevy.
//! They show a core `Session` and return what the trainee asked for; they never decide what is
//! correct (the core's rules do, after the attempt).

use crate::model::{
    ActKind, Action, ActionTime, Detail, Difficulty, Domain, Family, Setting, SimTime,
};
use crate::scenario::Scenario;
use crate::scoring::Report;
use crate::sim::{EventStatus, Session, Speaker};
use bevy::prelude::{Message, Resource};
use bevy_egui::egui;
use std::collections::BTreeMap;

/// One row of the scenario picker.
#[derive(Debug, Clone)]
pub struct ScenarioCard {
    pub id: String,
    pub title: String,
    pub family: Family,
    pub setting: Setting,
    pub difficulty: Difficulty,
    pub domains: Vec<Domain>,
    pub brief: String,
}

impl ScenarioCard {
    pub fn of(scenario: &Scenario) -> ScenarioCard {
        ScenarioCard {
            id: scenario.id.to_string(),
            title: scenario.title.clone(),
            family: scenario.family,
            setting: scenario.setting,
            difficulty: scenario.difficulty,
            domains: scenario.domains.clone(),
            brief: scenario.brief.clone(),
        }
    }
}

/// The picker's filters; `None` means any.
#[derive(Resource, Debug, Clone, Default)]
pub struct PickerFilter {
    pub text: String,
    pub family: Option<Family>,
    pub setting: Option<Setting>,
    pub domain: Option<Domain>,
    pub difficulty: Option<Difficulty>,
}

impl PickerFilter {
    pub fn accepts(&self, card: &ScenarioCard) -> bool {
        let needle = self.text.to_lowercase();
        (needle.is_empty()
            || card.title.to_lowercase().contains(&needle)
            || card.brief.to_lowercase().contains(&needle))
            && self.family.is_none_or(|f| f == card.family)
            && self.setting.is_none_or(|s| s == card.setting)
            && self.domain.is_none_or(|d| card.domains.contains(&d))
            && self.difficulty.is_none_or(|d| d == card.difficulty)
    }
}

/// What the trainee chose on the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerIntent {
    Play(String),
    Back,
}

/// A trainee's best result on a scenario: percent and whether it passed.
pub type BestResults = BTreeMap<String, (f64, bool)>;

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

impl DeskView {
    pub fn new(session: Session) -> DeskView {
        DeskView {
            session,
            selected: None,
            paused: false,
            speed: 1,
        }
    }

    /// The next office-clock time at which the desk would show something different without any
    /// input: the minute on the clock, the next ring of a ringing line, a hold timer's second,
    /// an arrival, the end of the shift. The window sleeps until then (reactive rendering).
    pub fn next_change(&self) -> SimTime {
        let session = &self.session;
        let now = session.now;
        let mut next = now
            .plus(60 - now.seconds() % 60)
            .min(session.scenario.ends_at);
        let ring = session.ring_seconds();
        for (index, live) in session.events.iter().enumerate() {
            let at = match live.status {
                EventStatus::Pending => live.arrival,
                EventStatus::Waiting
                    if session.event_def(index).kind == crate::model::EventKind::Call =>
                {
                    let rung = now.since(live.arrival) / ring + 1;
                    live.arrival.plus(rung * ring)
                }
                EventStatus::OnHold(_) => now.plus(1),
                _ => continue,
            };
            next = next.min(at);
        }
        next.max(now.plus(1))
    }
}

/// What the trainee asked for on the desk.
#[derive(Message, Debug, Clone, PartialEq)]
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

/// A drop-down of a closed word list, with "any" first.
fn choose_one<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) {
    ui.label(format!("{label}:"));
    egui::ComboBox::from_id_salt(label)
        .selected_text(value.map_or("any", &name))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "any");
            for &item in all {
                ui.selectable_value(value, Some(item), name(item));
            }
        });
}

/// A screen's title row: a back button (also Escape) and the heading. True when going back.
pub fn title_row(ui: &mut egui::Ui, heading: impl Into<egui::RichText>) -> bool {
    ui.horizontal(|ui| {
        let back = ui.button("⬅ Back").on_hover_text("Escape").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape));
        ui.heading(heading);
        back
    })
    .inner
}

pub fn picker_ui(
    ui: &mut egui::Ui,
    cards: &[ScenarioCard],
    filter: &mut PickerFilter,
    best: &BestResults,
) -> Option<PickerIntent> {
    let mut chosen = None;
    if title_row(ui, "Choose a scenario") {
        chosen = Some(PickerIntent::Back);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Search:");
        ui.text_edit_singleline(&mut filter.text)
            .on_hover_text("Words from the title or the brief");
        choose_one(ui, "Family", &mut filter.family, Family::ALL, Family::label);
        choose_one(
            ui,
            "Setting",
            &mut filter.setting,
            Setting::ALL,
            Setting::label,
        );
        choose_one(
            ui,
            "Exam domain",
            &mut filter.domain,
            Domain::ALL,
            Domain::label,
        );
        choose_one(
            ui,
            "Difficulty",
            &mut filter.difficulty,
            Difficulty::ALL,
            Difficulty::label,
        );
    });
    let shown: Vec<&ScenarioCard> = cards.iter().filter(|c| filter.accepts(c)).collect();
    ui.label(format!("{} of {} scenarios", shown.len(), cards.len()));
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for card in shown {
            ui.group(|ui| {
                ui.horizontal(|ui| {
                    if ui.button(&card.title).clicked() {
                        chosen = Some(PickerIntent::Play(card.id.clone()));
                    }
                    ui.label(format!(
                        "{} · {} · {}",
                        card.family.label(),
                        card.setting.label(),
                        card.difficulty.label()
                    ));
                    match best.get(&card.id) {
                        Some((percent, true)) => {
                            ui.strong(format!("best {percent:.0}% ✔ passed"));
                        }
                        Some((percent, false)) => {
                            ui.label(format!("best {percent:.0}%, not passed yet"));
                        }
                        None => {}
                    }
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

/// Where an event shows on the desk.
fn desk_area(kind: crate::model::EventKind) -> &'static str {
    use crate::model::EventKind;
    match kind {
        EventKind::Call => "Phone",
        EventKind::WalkIn => "Window and waiting room",
        EventKind::PortalMessage
        | EventKind::Voicemail
        | EventKind::Task
        | EventKind::ClinicianRequest
        | EventKind::Alert => "Inbox, tasks and alerts",
    }
}

/// The desk: clock on top, what needs the trainee on the left, the office on the right, the
/// selected call or visit in the middle.
pub fn desk_ui(
    ui: &mut egui::Ui,
    view: &DeskView,
    panels: &mut super::office::DeskPanels,
) -> Vec<DeskIntent> {
    let mut intents = Vec::new();
    let session = &view.session;
    egui::Panel::top("clock").show(ui, |ui| {
        ui.horizontal(|ui| {
            let now = session.now;
            ui.heading(format!("{:02}:{:02}", now.hour(), now.seconds() / 60 % 60));
            ui.label(&session.scenario.title);
            let pause = if view.paused {
                "Resume clock"
            } else {
                "Pause clock"
            };
            let typing = ui.memory(|m| m.focused().is_some());
            if ui.button(pause).on_hover_text("Space").clicked()
                || (!typing && ui.input(|i| i.key_pressed(egui::Key::Space)))
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
            if ui
                .button("End shift and debrief")
                .on_hover_text(
                    "The clock runs to the end of the scenario; anything still waiting counts as missed.",
                )
                .clicked()
            {
                intents.push(DeskIntent::Finish);
            }
        });
    });
    egui::Panel::left("events")
        .default_size(290.0)
        .size_range(220.0..=420.0)
        .show(ui, |ui| {
            for area in [
                "Phone",
                "Window and waiting room",
                "Inbox, tasks and alerts",
            ] {
                ui.strong(area);
                let mut any = false;
                for (index, live) in session.events.iter().enumerate() {
                    let def = session.event_def(index);
                    if live.status == EventStatus::Pending || desk_area(def.kind) != area {
                        continue;
                    }
                    any = true;
                    let text = format!("{} · {}", def.summary, status_text(view, index));
                    if ui
                        .selectable_label(view.selected == Some(index), text)
                        .clicked()
                    {
                        intents.push(DeskIntent::Select(index));
                    }
                }
                if !any {
                    ui.weak("nothing now");
                }
                ui.add_space(6.0);
            }
            ui.separator();
            ui.strong("Brief");
            egui::ScrollArea::vertical()
                .id_salt("brief")
                .show(ui, |ui| {
                    ui.label(&session.scenario.brief);
                });
        });
    egui::Panel::right("office")
        .default_size(470.0)
        .size_range(320.0..=620.0)
        .show(ui, |ui| {
            // The form sits under the office panels that aim it, always in view.
            egui::Panel::bottom("action-form").show(ui, |ui| {
                ui.strong("Action form");
                if let Some(intent) = super::office::composer_intent(ui, view, panels) {
                    intents.push(intent);
                }
            });
            super::office::office_ui(ui, view, panels);
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("conversation")
            .show(ui, |ui| conversation_ui(ui, view, &mut intents));
    });
    intents
}

/// The selected event: what was said, the dialogue choices and the acts that fit it.
fn conversation_ui(ui: &mut egui::Ui, view: &DeskView, intents: &mut Vec<DeskIntent>) {
    let session = &view.session;
    let Some(index) = view.selected else {
        ui.label("Pick something from the desk on the left.");
        return;
    };
    let live = &session.events[index];
    let def = session.event_def(index);
    ui.heading(&def.summary);
    ui.label(status_text(view, index));
    egui::ScrollArea::vertical()
        .id_salt("transcript")
        .max_height(260.0)
        .stick_to_bottom(true)
        .show(ui, |ui| {
            for line in &live.transcript {
                let fallback = match def.kind {
                    crate::model::EventKind::Call => "Caller",
                    crate::model::EventKind::WalkIn => "Patient",
                    _ => "Message",
                };
                let other = def
                    .caller
                    .as_deref()
                    .or_else(|| def.patient.as_deref().and_then(|p| session.patient_name(p)))
                    .unwrap_or(fallback);
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
    let typing = ui.memory(|m| m.focused().is_some());
    ui.horizontal_wrapped(|ui| {
        for (kind, label, key) in offered {
            let mut button = ui.button(*label);
            if let Some(key) = key {
                button = button.on_hover_text(format!("Shortcut: {key:?}"));
            }
            let pressed = !typing && key.is_some_and(|k| ui.input(|i| i.key_pressed(k)));
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
}

/// What the trainee chose on the debrief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebriefIntent {
    TryAgain,
    BackToPicker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DebriefTab {
    #[default]
    Findings,
    Timeline,
    Replay,
}

/// The finished attempt, to be stepped through action by action.
#[derive(Debug, Clone)]
pub struct Replay {
    pub finished: Session,
    pub script: Vec<Action>,
    /// How many of the script's actions the shown state includes.
    pub step: usize,
    pub shown: Session,
    pub tab: DebriefTab,
}

impl Replay {
    pub fn new(finished: Session, script: Vec<Action>) -> Replay {
        Replay {
            step: script.len(),
            shown: finished.clone(),
            finished,
            script,
            tab: DebriefTab::default(),
        }
    }

    /// Rebuilds the attempt as it stood after `step` actions (the core replays them).
    pub fn go_to(&mut self, step: usize) {
        let step = step.min(self.script.len());
        let f = &self.finished;
        let mut session = Session::new(&f.scenario, &f.office, &f.policy, f.seed);
        for action in &self.script[..step] {
            // A refused action is refused again, and logged again, just as it was.
            let _ = session.apply(action.clone());
        }
        self.step = step;
        self.shown = session;
    }
}

fn verdict_ui(ui: &mut egui::Ui, report: &Report) {
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
            super::PROBLEM_COLOR,
            format!(
                "Critical rules missed: {}. Any one fails the attempt, whatever the points.",
                report.critical_failures.join(", ")
            ),
        );
    }
}

fn findings_ui(ui: &mut egui::Ui, report: &Report) {
    for f in &report.findings {
        let mark = if f.passed { "✔ met" } else { "✖ missed" };
        ui.strong(format!(
            "{mark} · {} {} ({}/{} pts) · {}",
            f.rule, f.title, f.points, f.max_points, f.at
        ));
        for p in &f.problems {
            ui.label(format!("• {p}"));
        }
        ui.label(&f.feedback);
        ui.small(format!("Reference: {}", f.reference));
        ui.add_space(6.0);
    }
}

/// The attempt in time order: what the trainee did, and each finding pinned at its time.
fn timeline_ui(ui: &mut egui::Ui, report: &Report, replay: &Replay) {
    let mut rows: Vec<(crate::model::SimTime, u8, String)> = Vec::new();
    for logged in &replay.finished.log {
        let on = logged
            .event
            .map(|e| format!(" · {}", replay.finished.event_def(e).summary))
            .unwrap_or_default();
        let text = match &logged.refused {
            Some(reason) => format!("You tried: {}{on} — refused: {reason}", logged.act.label()),
            None => match &logged.said {
                Some(words) => format!("You said: \u{201c}{words}\u{201d}{on}"),
                None => format!("You: {}{on}", logged.act.label()),
            },
        };
        rows.push((logged.at, 0, text));
    }
    for f in &report.findings {
        let mark = if f.passed { "✔" } else { "✖" };
        rows.push((f.at, 1, format!("{mark} {} {}", f.rule, f.title)));
    }
    rows.sort_by_key(|r| (r.0, r.1));
    for (at, kind, text) in rows {
        if kind == 0 {
            ui.label(format!("{at}  {text}"));
        } else {
            ui.strong(format!("{at}  {text}"));
        }
    }
}

fn replay_ui(ui: &mut egui::Ui, replay: &mut Replay) {
    let total = replay.script.len();
    let mut step = replay.step;
    ui.horizontal(|ui| {
        if ui
            .button("◀ Previous")
            .on_hover_text("Left arrow")
            .clicked()
            || ui.input(|i| i.key_pressed(egui::Key::ArrowLeft))
        {
            step = step.saturating_sub(1);
        }
        if ui.button("Next ▶").on_hover_text("Right arrow").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::ArrowRight))
        {
            step = (step + 1).min(total);
        }
        ui.add(egui::Slider::new(&mut step, 0..=total).text(format!("of {total} actions")));
    });
    if step != replay.step {
        replay.go_to(step);
    }
    let session = &replay.shown;
    let last = step
        .checked_sub(1)
        .and_then(|k| replay.script.get(k))
        .map(|a| a.act.label())
        .unwrap_or("the start");
    ui.label(format!("{} — after {last}", session.now));
    for (index, live) in session.events.iter().enumerate() {
        if live.status == EventStatus::Pending {
            continue;
        }
        let def = session.event_def(index);
        ui.group(|ui| {
            ui.strong(&def.summary);
            for line in &live.transcript {
                let who = match line.speaker {
                    Speaker::Trainee => "You",
                    Speaker::Other => "Them",
                };
                ui.label(format!("{} {who}: {}", line.at, line.text));
            }
        });
    }
}

pub fn debrief_ui(
    ui: &mut egui::Ui,
    report: &Report,
    replay: Option<&mut Replay>,
) -> Option<DebriefIntent> {
    let mut intent = None;
    verdict_ui(ui, report);
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
    let Some(replay) = replay else {
        egui::ScrollArea::vertical().show(ui, |ui| findings_ui(ui, report));
        return intent;
    };
    ui.horizontal(|ui| {
        ui.selectable_value(&mut replay.tab, DebriefTab::Findings, "Findings");
        ui.selectable_value(&mut replay.tab, DebriefTab::Timeline, "Timeline");
        ui.selectable_value(&mut replay.tab, DebriefTab::Replay, "Replay");
    });
    egui::ScrollArea::vertical().show(ui, |ui| match replay.tab {
        DebriefTab::Findings => findings_ui(ui, report),
        DebriefTab::Timeline => timeline_ui(ui, report, replay),
        DebriefTab::Replay => replay_ui(ui, replay),
    });
    intent
}
