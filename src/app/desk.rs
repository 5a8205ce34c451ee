//! The desk: the clock on top, what needs the trainee on the left (phone, window, inbox), the
//! selected call or visit in the middle, the office on the right. The trainee's intents are
//! messages applied to the core session, so the same systems run in the window and in a
//! headless test; ending the shift scores the attempt and opens the debrief.

use super::attempt::{Desk, LastAttempt};
use super::content::Content;
use super::office::{DeskPanels, composer_intent, office_ui};
use super::scene::hotspots::scene_ui;
use super::screen::Screen;
use super::session_view::{DeskIntent, DeskView};
use super::spots::{mark, mark_rect, spot};
use super::trainee::Trainee;
use super::widgets::{PROBLEM_COLOR, root_ui};
use crate::model::{ActKind, Action, ActionTime, Detail, EventKind, Mood};
use crate::rules::Rule;
use crate::scoring::score;
use crate::sim::{EventStatus, Speaker};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_message::<DeskIntent>()
        .add_systems(OnEnter(Screen::Desk), fresh_panels)
        .add_systems(
            Update,
            (apply_desk_intents, tick_clock)
                .chain()
                .run_if(in_state(Screen::Desk)),
        )
        .add_systems(
            EguiPrimaryContextPass,
            desk_screen.run_if(in_state(Screen::Desk)),
        );
}

/// Each attempt starts with the office panels as new.
fn fresh_panels(mut panels: ResMut<DeskPanels>) {
    *panels = DeskPanels::default();
}

/// Runs the office clock on real time (the reactive window wakes when the desk would change).
fn tick_clock(time: Res<Time<Real>>, mut desk: ResMut<Desk>) {
    let desk = &mut *desk;
    let Some(view) = desk.view.as_mut() else {
        return;
    };
    if view.paused || view.session.finished() {
        return;
    }
    desk.owed += time.delta_secs_f64() * f64::from(view.speed);
    let whole = desk.owed.floor();
    if whole >= 1.0 {
        desk.owed -= whole;
        let next = view.session.now.plus(whole as u32);
        view.session.advance_to(next);
    }
}

/// Carries out what the trainee asked for: acts go to the core session, which may refuse them.
fn apply_desk_intents(
    mut intents: MessageReader<DeskIntent>,
    mut desk: ResMut<Desk>,
    mut last: ResMut<LastAttempt>,
    mut trainee: ResMut<Trainee>,
    content: Option<Res<Content>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let desk = &mut *desk;
    for intent in intents.read() {
        let Some(view) = desk.view.as_mut() else {
            return;
        };
        match intent {
            DeskIntent::Act(action) => {
                desk.notice =
                    view.session.apply(action.clone()).err().map(|reason| {
                        format!("Not possible: {}", view.session.refusal_text(&reason))
                    });
            }
            DeskIntent::Select(index) => view.selected = Some(*index),
            DeskIntent::TogglePause => view.paused = !view.paused,
            DeskIntent::SetSpeed(speed) => view.speed = *speed,
            DeskIntent::SkipAhead if !view.needs_trainee() => {
                let target = view.skip_target();
                view.session.advance_to(target);
                desk.owed = 0.0;
            }
            DeskIntent::SkipAhead => {}
            DeskIntent::Finish => {
                view.session.finish();
                let rules: Vec<&Rule> = desk.rules.iter().collect();
                let report = score(&view.session, &rules);
                let script = view.session.script();
                // The file as the attempt last followed it (play-as-you-write rebuilds it; a
                // broken edit keeps the last good version, in play and here).
                let version = content
                    .as_ref()
                    .and_then(|c| c.library.scenario(report.scenario.as_str()))
                    .map(|s| s.source.version());
                *last = LastAttempt {
                    saved: trainee.save_scenario(&report, &script, version),
                    report: Some(report),
                    finished: Some(view.session.clone()),
                    script,
                };
                next.set(Screen::Debrief);
            }
        }
    }
}

pub(super) fn desk_screen(
    mut contexts: EguiContexts,
    desk: Res<Desk>,
    mut panels: ResMut<DeskPanels>,
    mut intents: MessageWriter<DeskIntent>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(view) = desk.view.as_ref() else {
        next.set(Screen::Picker);
        return Ok(());
    };
    if let Some(notice) = &desk.notice {
        egui::Panel::bottom("notice").show(&mut root, |ui| ui.colored_label(PROBLEM_COLOR, notice));
    }
    // Draw from a borrow (no per-frame copy of the session); the intents are applied in Update.
    intents.write_batch(desk_ui(&mut root, view, &mut panels));
    Ok(())
}

/// The keys that say the first nine open dialogue choices.
const CHOICE_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// Acts that are things said: when the scenario writes dialogue for one, it is said through
/// the conversation only.
const SPOKEN_ACTS: &[ActKind] = &[
    ActKind::Greet,
    ActKind::AskNameAndReason,
    ActKind::ScreenForEmergency,
    ActKind::AskToHold,
    ActKind::ConfirmLocation,
    ActKind::ConfirmCallbackNumber,
    ActKind::AdviseEmergency,
    ActKind::ConfirmWillCallEmergency,
    ActKind::RepeatEmergencyAdvice,
    ActKind::GiveCrisisLine,
    ActKind::OfferCallback,
];

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
    (ActKind::AdviseEmergency, "Advise 911", None),
    (
        ActKind::ConfirmWillCallEmergency,
        "Confirm they will call 911",
        None,
    ),
    (ActKind::TransferToNurse, "Transfer to nurse", None),
    (ActKind::EscalateToClinician, "Escalate to clinician", None),
    (ActKind::EndCall, "End call", Some(egui::Key::E)),
];

/// Whether the phone act fits the line as it is: a ringing line can only be answered, a held
/// caller taken off hold or checked on, a live call anything but answering again. The acts
/// that judge the call (advise 911, transfer, escalate) stay on every live call, routine or not:
/// knowing when to use them is what the scenario asks.
fn fits_the_line(kind: ActKind, status: EventStatus) -> bool {
    match status {
        EventStatus::Waiting => kind == ActKind::Answer,
        EventStatus::OnHold(_) => matches!(
            kind,
            ActKind::ResumeCall | ActKind::CheckBack | ActKind::EndCall
        ),
        EventStatus::Active => !matches!(kind, ActKind::Answer | ActKind::ResumeCall),
        _ => false,
    }
}

fn status_text(view: &DeskView, index: usize) -> String {
    let live = &view.session.events[index];
    match live.status {
        EventStatus::Pending => "not yet".into(),
        EventStatus::Waiting if view.session.event_def(index).kind == EventKind::Call => {
            match view.session.rings(index) {
                1 => "ringing (1 ring)".into(),
                rings => format!("ringing ({rings} rings)"),
            }
        }
        EventStatus::Waiting if view.session.event_def(index).kind == EventKind::WalkIn => {
            let waited = view.session.now.since(live.arrival) / 60;
            let mood = match live.mood {
                Mood::Calm => String::new(),
                mood => format!(" · {}", mood.label()),
            };
            format!("waiting since {} ({waited} min){mood}", live.arrival)
        }
        EventStatus::Waiting => format!("waiting since {}", live.arrival),
        EventStatus::Active => match live.mood {
            Mood::Calm => "with you".into(),
            mood => format!("with you · {}", mood.label()),
        },
        EventStatus::OnHold(since) => format!("on hold {}s", view.session.now.since(since)),
        EventStatus::Ended => "done".into(),
        EventStatus::HungUp(at) => format!("hung up at {at}"),
        EventStatus::Left(at) => format!("left at {at} without being seen"),
        EventStatus::Cancelled => "did not happen".into(),
    }
}

/// Where an event shows on the desk.
fn desk_area(kind: EventKind) -> &'static str {
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
pub fn desk_ui(ui: &mut egui::Ui, view: &DeskView, panels: &mut DeskPanels) -> Vec<DeskIntent> {
    let mut intents = Vec::new();
    let session = &view.session;
    egui::Panel::top("clock").show(ui, |ui| {
        ui.horizontal(|ui| {
            let now = session.now;
            ui.heading(format!("{:02}:{:02}", now.hour(), now.seconds() / 60 % 60));
            ui.label(session.date_of(now).long());
            let scene = &session.windows[session.scene()].title;
            if !scene.is_empty() {
                ui.strong(scene);
            }
            ui.label(&session.scenario.title);
            ui.weak(format!("seed {}", session.seed))
                .on_hover_text("frontdesk --scenario ID --seed N plays this attempt again");
            let pause = if view.paused {
                "Resume clock"
            } else {
                "Pause clock"
            };
            let typing = ui.memory(|m| m.focused().is_some());
            let pause = ui.button(pause).on_hover_text("Space");
            mark(&pause, spot::pause());
            if pause.clicked() || (!typing && ui.input(|i| i.key_pressed(egui::Key::Space)))
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
            // Pacing: nobody waits minutes at 1× for the first ring.
            let typing = ui.memory(|m| m.focused().is_some());
            let idle = !view.needs_trainee() && !session.finished();
            let skip = ui
                .add_enabled(idle, egui::Button::new("Skip to the next event ⏩"))
                .on_hover_text("N: nothing needs you now, so the clock runs on to what comes next")
                .on_disabled_hover_text("Something needs you now");
            mark(&skip, spot::skip());
            if skip.clicked() || (idle && !typing && ui.input(|i| i.key_pressed(egui::Key::N))) {
                intents.push(DeskIntent::SkipAhead);
            }
            let end = ui.button("End shift and debrief").on_hover_text(
                "The clock runs to the end of the scenario; anything still waiting counts as missed.",
            );
            mark(&end, spot::end_shift());
            if end.clicked() {
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
                    let hidden =
                        matches!(live.status, EventStatus::Pending | EventStatus::Cancelled);
                    if hidden || desk_area(def.kind) != area {
                        continue;
                    }
                    any = true;
                    let text = format!("{} · {}", session.summary(index), status_text(view, index));
                    let row = ui.selectable_label(view.selected == Some(index), text);
                    mark(&row, spot::event(index));
                    if row.clicked() {
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
                    ui.label(session.brief());
                });
        });
    egui::Panel::right("office")
        .default_size(470.0)
        .size_range(320.0..=620.0)
        .show(ui, |ui| {
            // The form sits under the office panels that aim it, always in view.
            egui::Panel::bottom("action-form").show(ui, |ui| {
                ui.strong("Action form");
                if let Some(intent) = composer_intent(ui, view, panels) {
                    intents.push(intent);
                }
            });
            office_ui(ui, view, panels);
        });
    // The scene of the desk above the conversation; egui leaves it clear for the scene camera.
    // As tall as the canvas is at this width, leaving most of the column to the conversation.
    let canvas = super::scene::layout::CANVAS;
    let scene_height = (ui.available_width() * canvas.y / canvas.x)
        .min(ui.available_height() * 0.36)
        .clamp(120.0, 340.0);
    let area = egui::Panel::top("scene")
        .frame(egui::Frame::NONE)
        .resizable(false)
        .exact_size(scene_height)
        .show(ui, |ui| scene_ui(ui, view, &mut intents))
        .inner;
    let ppp = ui.ctx().pixels_per_point();
    panels.scene_area = Some([
        area.min.x * ppp,
        area.min.y * ppp,
        area.width() * ppp,
        area.height() * ppp,
    ]);
    egui::CentralPanel::default().show(ui, |ui| {
        let shown = egui::ScrollArea::vertical()
            .id_salt("conversation")
            .show(ui, |ui| conversation_ui(ui, view, &mut intents));
        let used = shown.inner_rect.top() + shown.content_size.y;
        mark_rect(
            ui.ctx(),
            spot::conversation(),
            shown.inner_rect.with_max_y(used),
        );
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
    ui.heading(session.summary(index));
    ui.label(status_text(view, index));
    egui::ScrollArea::vertical()
        .id_salt("transcript")
        .max_height(260.0)
        .stick_to_bottom(true)
        .show(ui, |ui| {
            let fallback = match def.kind {
                EventKind::Call => "Caller",
                EventKind::WalkIn => "Patient",
                _ => "Message",
            };
            let other = session.caller(index).unwrap_or_else(|| fallback.to_owned());
            for line in &live.transcript {
                let who = match line.speaker {
                    Speaker::Trainee => "You",
                    Speaker::Other if line.is_narration() => {
                        ui.label(format!("{} {}", line.at, line.text));
                        continue;
                    }
                    Speaker::Other => other.as_str(),
                };
                ui.label(format!("{} {who}: {}", line.at, line.text));
            }
        });
    ui.separator();
    // A bare act: what it says (a full greeting, say) comes from the dialogue choices, so
    // the desk never decides for the trainee that an act was complete.
    let act_now = |kind: ActKind| Action::new(ActionTime::At(session.now), kind).on(&live.id);
    // Only what fits the conversation now: choices open as the person tells more, and close.
    let open = session.open_choices(index);
    let in_conversation = match live.status {
        EventStatus::Active | EventStatus::OnHold(_) => true,
        // A ringing line has no conversation yet; someone at the window or a message does.
        EventStatus::Waiting => def.kind != EventKind::Call,
        _ => false,
    };
    let typing = ui.memory(|m| m.focused().is_some());
    if !open.is_empty() && in_conversation {
        ui.label("Say (1–9):");
        for (n, choice) in open.iter().enumerate() {
            let key = CHOICE_KEYS.get(n).copied();
            let label = match key {
                Some(_) => format!("{}. {}", n + 1, session.fill_for(&choice.text, index)),
                None => session.fill_for(&choice.text, index),
            };
            let pressed = !typing && key.is_some_and(|k| ui.input(|i| i.key_pressed(k)));
            let line = ui.button(label);
            mark(&line, spot::choice(&choice.id));
            if line.clicked() || pressed {
                let mut action = act_now(ActKind::Say);
                action.choice = Some(choice.id.clone());
                intents.push(DeskIntent::Act(action));
            }
        }
    }
    if let EventStatus::HungUp(at) = live.status {
        ui.label(format!(
            "The caller hung up at {at}. You can call them back."
        ));
        if ui
            .button("Call back")
            .on_hover_text("Shortcut: C")
            .clicked()
            || (!typing && ui.input(|i| i.key_pressed(egui::Key::C)))
        {
            intents.push(DeskIntent::Act(act_now(ActKind::CallPatient)));
        }
    }
    ui.label("Do:");
    let offered = if def.kind == EventKind::Call {
        PHONE_ACTS
    } else {
        DESK_ACTS
    };
    ui.horizontal_wrapped(|ui| {
        // What the scenario writes as dialogue is said in the conversation, when it fits; a
        // bare button would let the trainee skip the conversation. Handling the line (answer,
        // hold, end, transfer) stays a button.
        let spoken = |kind: &ActKind| {
            SPOKEN_ACTS.contains(kind) && def.choices.iter().any(|c| c.counts_as == *kind)
        };
        // A call offers what fits the line now; at the window or in the inbox, what is still
        // open. Once it is over, only its note is left to write.
        let fits = |kind: &ActKind| match def.kind {
            EventKind::Call => fits_the_line(*kind, live.status),
            _ => matches!(live.status, EventStatus::Waiting | EventStatus::Active),
        };
        for (kind, label, key) in offered
            .iter()
            .filter(|(kind, ..)| !spoken(kind) && fits(kind))
        {
            let mut button = ui.button(*label);
            mark(&button, spot::act(*kind));
            if let Some(key) = key {
                button = button.on_hover_text(format!("Shortcut: {key:?}"));
            }
            let pressed = !typing && key.is_some_and(|k| ui.input(|i| i.key_pressed(k)));
            if button.clicked() || pressed {
                intents.push(DeskIntent::Act(act_now(*kind)));
            }
        }
        let note_label = match def.kind {
            EventKind::Call => "Document the call",
            EventKind::WalkIn => "Document the visit",
            _ => "Document it",
        };
        if ui.button(note_label).clicked() {
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
