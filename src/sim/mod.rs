//! The deterministic runtime of one attempt. A `Session` owns the simulated clock, the events
//! (with their seeded arrival times), the office state and the log of every trainee action,
//! refused ones included. Same scenario, policy, seed and actions → the same session, always.

mod refusal;
mod state;

pub use refusal::Refusal;
pub use state::{Booking, ChargeState, OfficeState, StockLot, StockState};

use crate::model::*;
use crate::scenario::{Event, Office, Policy, Scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::sync::Arc;

/// Where a live event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EventStatus {
    /// Not arrived yet.
    Pending,
    /// A call ringing, or a person or alert waiting for attention.
    Waiting,
    /// On the line or at the window.
    Active,
    /// On hold since the given time.
    OnHold(SimTime),
    Ended,
}

/// One event of the timeline as this attempt plays it.
#[derive(Debug, Clone, Serialize)]
pub struct LiveEvent {
    pub id: EventId,
    /// Index into the scenario's `events`.
    pub source: usize,
    pub arrival: SimTime,
    pub status: EventStatus,
    pub answered_at: Option<SimTime>,
    /// What was said, in order: the person's lines, the trainee's choices and replies.
    pub transcript: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub at: SimTime,
    pub speaker: Speaker,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Speaker {
    Trainee,
    Other,
}

/// An action as the session logged it, with the details it derived and the reason if refused.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedAction {
    /// Position in the log; "before" and "after" in rules compare these.
    pub seq: usize,
    pub at: SimTime,
    pub act: ActKind,
    /// Index into `Session::events`.
    pub event: Option<usize>,
    pub patient: Option<PatientId>,
    pub details: Vec<Detail>,
    pub refused: Option<Refusal>,
    /// The dialogue choice's words, for `Say`.
    pub said: Option<String>,
    pub action: Action,
}

impl LoggedAction {
    pub fn has(&self, detail: Detail) -> bool {
        self.details.contains(&detail)
    }

    pub fn is_refused(&self) -> bool {
        self.refused.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub scenario: Arc<Scenario>,
    pub office: Arc<Office>,
    pub policy: Arc<Policy>,
    pub seed: u64,
    pub now: SimTime,
    pub events: Vec<LiveEvent>,
    pub log: Vec<LoggedAction>,
    pub state: OfficeState,
    /// Display names chosen for the scenario's patients, by patient index.
    pub patient_names: Vec<String>,
}

impl Session {
    pub fn new(
        scenario: Arc<Scenario>,
        office: Arc<Office>,
        policy: Arc<Policy>,
        seed: u64,
    ) -> Session {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let patient_names = scenario
            .patients
            .iter()
            .map(|p| {
                if p.name_pool.is_empty() {
                    p.name.clone()
                } else {
                    let pick = rng.random_range(0..=p.name_pool.len());
                    p.name_pool.get(pick).unwrap_or(&p.name).clone()
                }
            })
            .collect();
        let mut events: Vec<LiveEvent> = scenario
            .events
            .iter()
            .enumerate()
            .map(|(source, e)| {
                let jitter = e.jitter.seconds();
                let delay = if jitter == 0 {
                    0
                } else {
                    rng.random_range(0..=jitter)
                };
                LiveEvent {
                    id: e.id.clone(),
                    source,
                    arrival: e.at.plus(delay),
                    status: EventStatus::Pending,
                    answered_at: None,
                    transcript: Vec::new(),
                }
            })
            .collect();
        events.sort_by_key(|e| (e.arrival, e.source));
        let state = OfficeState::new(&scenario, &office, &policy, &mut rng);
        let starts_at = scenario.starts_at;
        let mut session = Session {
            scenario,
            office,
            policy,
            seed,
            now: starts_at,
            events,
            log: Vec::new(),
            state,
            patient_names,
        };
        session.advance_to(starts_at);
        session
    }

    /// The scenario's definition of a live event.
    pub fn event_def(&self, index: usize) -> &Event {
        &self.scenario.events[self.events[index].source]
    }

    /// The name this attempt uses for a scenario patient (the seed may pick from its pool).
    pub fn patient_name(&self, id: &str) -> Option<&str> {
        let index = self.scenario.patients.iter().position(|p| p.id == id)?;
        self.patient_names.get(index).map(String::as_str)
    }

    /// Fills `{patient}` in an event's lines with the name this attempt gave its patient.
    fn personalise(&self, text: &str, event: usize) -> String {
        let name = self
            .event_def(event)
            .patient
            .as_deref()
            .and_then(|id| self.patient_name(id));
        match name {
            Some(name) if text.contains("{patient}") => text.replace("{patient}", name),
            _ => text.to_owned(),
        }
    }

    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
    }

    pub fn finished(&self) -> bool {
        self.now >= self.scenario.ends_at
    }

    /// Moves the clock forward (never back) and lets arriving events in.
    pub fn advance_to(&mut self, time: SimTime) {
        let time = time.min(self.scenario.ends_at);
        if time > self.now {
            self.now = time;
        }
        for index in 0..self.events.len() {
            if self.events[index].status == EventStatus::Pending
                && self.events[index].arrival <= self.now
            {
                let arrival = self.events[index].arrival;
                let event = self.event_def(index);
                let opening: Vec<String> = if event.kind == EventKind::Call {
                    Vec::new() // a caller speaks once answered
                } else {
                    event
                        .says
                        .iter()
                        .map(|t| self.personalise(t, index))
                        .collect()
                };
                let live = &mut self.events[index];
                live.status = EventStatus::Waiting;
                for text in opening {
                    live.transcript.push(Line {
                        at: arrival,
                        speaker: Speaker::Other,
                        text,
                    });
                }
            }
        }
    }

    /// The office-clock time a scripted action happens at.
    pub fn resolve_time(&self, action: &Action) -> Result<SimTime, Refusal> {
        match action.at {
            ActionTime::At(t) => Ok(t),
            ActionTime::AfterArrival(seconds) => {
                let id = action
                    .event
                    .as_ref()
                    .ok_or(Refusal::RelativeWithoutEvent { at: action.at })?;
                let index = self
                    .event_index(id)
                    .ok_or_else(|| Refusal::UnknownEvent(id.clone()))?;
                Ok(self.events[index].arrival.plus(seconds))
            }
        }
    }

    /// Seconds per ring, from the policy.
    pub fn ring_seconds(&self) -> u32 {
        self.policy
            .value(PolicyParam::RingSeconds)
            .unwrap_or(6)
            .max(1)
    }

    /// Rings so far on a waiting call, given the policy's seconds per ring.
    pub fn rings(&self, index: usize) -> u32 {
        let ring_seconds = self.ring_seconds();
        let live = &self.events[index];
        let until = live.answered_at.unwrap_or(self.now);
        until.since(live.arrival) / ring_seconds + 1
    }

    /// Applies one trainee action at its time. Impossible actions are refused with a reason and
    /// logged all the same (the rules may judge them); the returned value says which.
    pub fn apply(&mut self, action: Action) -> Result<(), Refusal> {
        let at = match self.resolve_time(&action) {
            Ok(at) => at,
            Err(reason) => return self.log_refused(self.now, None, action, reason),
        };
        let event = match &action.event {
            Some(id) => match self.event_index(id) {
                Some(index) => Some(index),
                None => {
                    let reason = Refusal::UnknownEvent(id.clone());
                    return self.log_refused(at, None, action, reason);
                }
            },
            None => None,
        };
        if at < self.now {
            let reason = Refusal::OutOfOrder { at, now: self.now };
            return self.log_refused(at, event, action, reason);
        }
        if at > self.scenario.ends_at {
            let reason = Refusal::AfterEnd {
                end: self.scenario.ends_at,
            };
            return self.log_refused(at, event, action, reason);
        }
        self.advance_to(at);
        match self.carry_out(at, event, &action) {
            Ok(outcome) => {
                self.log_done(at, event, action, outcome);
                Ok(())
            }
            Err(reason) => self.log_refused(at, event, action, reason),
        }
    }

    fn log_refused(
        &mut self,
        at: SimTime,
        event: Option<usize>,
        action: Action,
        reason: Refusal,
    ) -> Result<(), Refusal> {
        let mut details = action.details.clone();
        details.push(Detail::Refused);
        self.log.push(LoggedAction {
            seq: self.log.len(),
            at,
            act: action.act,
            event,
            patient: action.patient.clone(),
            details,
            refused: Some(reason.clone()),
            said: None,
            action,
        });
        Err(reason)
    }

    fn log_done(&mut self, at: SimTime, event: Option<usize>, action: Action, outcome: Outcome) {
        let patient = action
            .patient
            .clone()
            .or_else(|| event.and_then(|i| self.event_def(i).patient.clone()));
        if let Some(index) = event {
            let reply = self
                .event_def(index)
                .replies
                .iter()
                .find(|r| r.after == outcome.act)
                .map(|r| r.text.clone());
            let reply = reply.map(|text| self.personalise(&text, index));
            let transcript = &mut self.events[index].transcript;
            let trainee_line = match &outcome.said {
                Some(said) => Some(said.clone()),
                // Answering is written into the transcript before the caller's first words.
                None if outcome.act == ActKind::Answer => None,
                None => Some(format!("[{}]", outcome.act.label())),
            };
            if let Some(text) = trainee_line {
                transcript.push(Line {
                    at,
                    speaker: Speaker::Trainee,
                    text,
                });
            }
            if let Some(text) = reply {
                transcript.push(Line {
                    at,
                    speaker: Speaker::Other,
                    text,
                });
            }
        }
        self.log.push(LoggedAction {
            seq: self.log.len(),
            at,
            act: outcome.act,
            event,
            patient,
            details: outcome.details,
            refused: None,
            said: outcome.said,
            action,
        });
    }

    /// Checks that the action is possible, changes the office state, and says what was done.
    fn carry_out(
        &mut self,
        at: SimTime,
        event: Option<usize>,
        action: &Action,
    ) -> Result<Outcome, Refusal> {
        let mut outcome = Outcome {
            act: action.act,
            details: action.details.clone(),
            said: None,
        };
        if let Some(index) = event {
            let live = &self.events[index];
            if live.status == EventStatus::Pending {
                return Err(Refusal::NotYet {
                    event: live.id.clone(),
                    arrives: live.arrival,
                });
            }
            if live.status == EventStatus::Ended && action.act != ActKind::Document {
                return Err(Refusal::Over(live.id.clone()));
            }
        }
        if action.act == ActKind::Say {
            let index = event.ok_or(Refusal::SayWithoutEvent)?;
            let choice_id = action.choice.as_ref().ok_or(Refusal::SayWithoutChoice)?;
            let choice = self
                .event_def(index)
                .choices
                .iter()
                .find(|c| &c.id == choice_id)
                .ok_or_else(|| Refusal::UnknownChoice {
                    event: self.events[index].id.clone(),
                    choice: choice_id.clone(),
                })?;
            outcome.act = choice.counts_as;
            outcome.details.extend(choice.details.iter().copied());
            outcome.said = Some(choice.text.clone());
        }
        self.check_conversation(event, outcome.act)?;
        self.change_call_state(at, event, outcome.act);
        let patient = action
            .patient
            .clone()
            .or_else(|| event.and_then(|i| self.event_def(i).patient.clone()));
        let extra = self
            .state
            .apply(at, outcome.act, action, patient.as_ref(), &self.policy)?;
        outcome.details.extend(extra);
        Ok(outcome)
    }

    /// Calls must be answered before talking, and a caller on hold cannot hear you.
    fn check_conversation(&self, event: Option<usize>, act: ActKind) -> Result<(), Refusal> {
        let Some(index) = event else { return Ok(()) };
        let live = &self.events[index];
        let is_call = self.event_def(index).kind == EventKind::Call;
        match (act, live.status) {
            (ActKind::Answer, EventStatus::Waiting) if is_call => Ok(()),
            (ActKind::Answer, _) if is_call => Err(Refusal::NotRinging(live.id.clone())),
            (ActKind::Answer, _) => Err(Refusal::NotACall(live.id.clone())),
            (_, EventStatus::Waiting) if is_call && talks(act) => {
                Err(Refusal::StillRinging(live.id.clone()))
            }
            (ActKind::PlaceOnHold, EventStatus::OnHold(_)) => {
                Err(Refusal::AlreadyOnHold(live.id.clone()))
            }
            (ActKind::ResumeCall | ActKind::CheckBack, EventStatus::OnHold(_)) => Ok(()),
            (ActKind::ResumeCall | ActKind::CheckBack, _) => {
                Err(Refusal::NotOnHold(live.id.clone()))
            }
            (_, EventStatus::OnHold(_)) if talks(act) => Err(Refusal::OnHold(live.id.clone())),
            _ => Ok(()),
        }
    }

    fn change_call_state(&mut self, at: SimTime, event: Option<usize>, act: ActKind) {
        let Some(index) = event else { return };
        let opening: Vec<String> = self
            .event_def(index)
            .says
            .iter()
            .map(|t| self.personalise(t, index))
            .collect();
        let live = &mut self.events[index];
        match act {
            ActKind::Answer => {
                live.status = EventStatus::Active;
                live.answered_at = Some(at);
                live.transcript.push(Line {
                    at,
                    speaker: Speaker::Trainee,
                    text: format!("[{}]", ActKind::Answer.label()),
                });
                for text in opening {
                    live.transcript.push(Line {
                        at,
                        speaker: Speaker::Other,
                        text,
                    });
                }
            }
            ActKind::PlaceOnHold => live.status = EventStatus::OnHold(at),
            ActKind::CheckBack => live.status = EventStatus::OnHold(at),
            ActKind::ResumeCall => live.status = EventStatus::Active,
            ActKind::EndCall => live.status = EventStatus::Ended,
            _ if live.status == EventStatus::Waiting => live.status = EventStatus::Active,
            _ => {}
        }
    }

    /// Applies a whole script: resolves each action's time, orders them (stably) and applies
    /// them, then runs the clock to the end. Returns how many were refused.
    pub fn play_script(&mut self, actions: &[Action]) -> usize {
        let mut timed: Vec<(SimTime, usize)> = actions
            .iter()
            .enumerate()
            .map(|(i, a)| (self.resolve_time(a).unwrap_or(self.now), i))
            .collect();
        timed.sort();
        let refused = timed
            .into_iter()
            .filter(|(_, i)| self.apply(actions[*i].clone()).is_err())
            .count();
        self.finish();
        refused
    }

    /// The attempt so far as a script that `play_script` replays to the same state: every
    /// action as given, pinned to the clock time it was applied at.
    pub fn script(&self) -> Vec<Action> {
        self.log
            .iter()
            .map(|logged| Action {
                at: ActionTime::At(logged.at),
                ..logged.action.clone()
            })
            .collect()
    }

    /// Ends the shift: the clock runs to the scenario's end, as after a scripted attempt.
    pub fn finish(&mut self) {
        self.advance_to(self.scenario.ends_at);
    }

    pub fn refused(&self) -> impl Iterator<Item = &LoggedAction> {
        self.log.iter().filter(|a| a.is_refused())
    }
}

/// Acts that need someone listening on the line.
fn talks(act: ActKind) -> bool {
    !matches!(
        act,
        ActKind::Document
            | ActKind::TakeMessage
            | ActKind::NotifyProvider
            | ActKind::NotifyManager
            | ActKind::EscalateToClinician
            | ActKind::OpenRecord
            | ActKind::UpdateRecord
            | ActKind::AmendRecord
            | ActKind::RequestApproval
            | ActKind::EndCall
    )
}

struct Outcome {
    act: ActKind,
    details: Vec<Detail>,
    said: Option<String>,
}

#[cfg(test)]
mod tests;
