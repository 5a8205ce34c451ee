//! The deterministic runtime of one attempt. A `Session` owns the simulated clock (days and
//! scenes on the office's calendar), the events (with their seeded arrival times), the office
//! state and the log of every trainee action, refused ones included. Same scenario, policy,
//! seed and actions → the same session, always.
//!
//! `variation` draws what the seed varies; `world` derives what the office knows about each
//! event when it arrives; `reactions` runs out people's patience and fires the scenario's
//! consequences; `text` fills names and amounts into what people say; `state` is the office;
//! `refusal` says why an action was refused.

mod reactions;
mod refusal;
pub mod registration;
mod state;
mod text;
mod variation;
mod world;

pub use reactions::{Cause, Happening, What};
pub use refusal::Refusal;
pub use state::{Booking, ChargeState, Draws, EquipmentState, OfficeState, StockLot, StockState};
pub use text::PLACEHOLDERS;
pub use world::{DISPUTE_THRESHOLD, patient_facts, world_facts};

use crate::model::*;
use crate::scenario::{Effect, Event, Office, Policy, Scenario};
use serde::Serialize;
use std::sync::Arc;
use variation::Variation;

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
    /// The caller hung up at this time (ringing or on hold too long, or a consequence).
    HungUp(SimTime),
    /// The person at the window walked away unseen at this time.
    Left(SimTime),
    /// A consequence cancelled it before it came.
    Cancelled,
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
    /// Everything true of the event: its authored facts, those its replies reveal, and the
    /// world facts the office knew when it arrived.
    #[serde(skip)]
    pub facts: FactSet,
    /// When facts told only in a reply were told (the trainee could not know them before).
    pub revealed: Vec<(Fact, SimTime)>,
    /// Which wording of each line this attempt uses.
    #[serde(skip)]
    pub wording: usize,
    /// Arrives only when a consequence brings it (no `at`).
    pub held: bool,
    pub mood: Mood,
    /// The acts done on it (a spoken choice as its act), for conditions.
    #[serde(skip)]
    pub done: ActSet,
    /// The dialogue choices said on it.
    pub said: Vec<ChoiceId>,
    /// The replies (by position) said on it, so a `once` reply is not said again.
    #[serde(skip)]
    pub replied: Vec<usize>,
}

impl LiveEvent {
    /// Arrived and still waiting on the trainee, or being dealt with.
    pub fn is_live(&self) -> bool {
        matches!(
            self.status,
            EventStatus::Waiting | EventStatus::Active | EventStatus::OnHold(_)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub at: SimTime,
    pub speaker: Speaker,
    pub text: String,
}

impl Line {
    /// Whether the line is wholly a stage direction, "(It rings five times, then the answering
    /// machine…)": what is heard or seen, said by nobody, so shown without a speaker's name. A
    /// line that only opens with one, "(She stops at the desk) Alex, …", is still the person's.
    pub fn is_narration(&self) -> bool {
        let text = self.text.trim();
        let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else {
            return false;
        };
        // The opening parenthesis closes only at the very end.
        let mut depth = 1usize;
        for c in inner.chars() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return false;
                    }
                }
                _ => {}
            }
        }
        true
    }
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
    #[serde(serialize_with = "details_as_list")]
    pub details: DetailSet,
    pub refused: Option<Refusal>,
    /// The dialogue choice's words, for `Say`.
    pub said: Option<String>,
    pub action: Action,
}

impl LoggedAction {
    pub fn has(&self, detail: Detail) -> bool {
        self.details.contains(detail)
    }

    pub fn is_refused(&self) -> bool {
        self.refused.is_some()
    }
}

/// A stretch of the office clock the scenario plays: its first part, or a later scene.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub start: SimTime,
    pub end: SimTime,
    /// What the desk shows for it ("Three business days later"); empty for the first.
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub scenario: Arc<Scenario>,
    pub office: Arc<Office>,
    pub policy: Arc<Policy>,
    pub seed: u64,
    pub now: SimTime,
    /// The scenario's scenes on the office clock, in order.
    pub windows: Vec<Window>,
    pub events: Vec<LiveEvent>,
    pub log: Vec<LoggedAction>,
    pub state: OfficeState,
    /// Display names chosen for the scenario's patients, by patient index.
    pub patient_names: Vec<String>,
    /// What happened without the trainee doing it, in order.
    pub happenings: Vec<Happening>,
    /// When each consequence's condition first held (by index into `Scenario::consequences`).
    pub fired: Vec<Option<SimTime>>,
    /// Consequences whose effects are still to come, with when.
    pub scheduled: Vec<(SimTime, usize)>,
    /// When a consequence ended the scenario early.
    pub ended: Option<SimTime>,
    /// Each event's patience (by index into `events`), worked out once from it and the policy.
    limits: Vec<reactions::Limits>,
    /// The clock times each consequence's condition waits for (by index into `consequences`).
    waits: Vec<Vec<SimTime>>,
    /// The acts that can make a consequence's condition true or false: the others leave them
    /// as they were, so after those the consequences are not looked at.
    reacts_to: ActSet,
}

impl Session {
    /// A new attempt on the date the seed picks.
    pub fn new(
        scenario: Arc<Scenario>,
        office: Arc<Office>,
        policy: Arc<Policy>,
        seed: u64,
    ) -> Session {
        Session::new_on(scenario, office, policy, seed, None)
    }

    /// A new attempt, on `date` when given (a test plan that needs a weekend in between).
    pub fn new_on(
        scenario: Arc<Scenario>,
        office: Arc<Office>,
        policy: Arc<Policy>,
        seed: u64,
        date: Option<Date>,
    ) -> Session {
        let mut draws = Variation::new(seed);
        let calendar = Calendar::new(
            date.unwrap_or_else(|| draws.date(&scenario, &office)),
            office.open_days.clone(),
            office.holidays.clone(),
        );
        let patient_names = draws.names(&scenario);
        let windows = windows(&scenario, &calendar);
        let mut events: Vec<LiveEvent> = scenario
            .events
            .iter()
            .enumerate()
            .map(|(source, e)| {
                let day = scene_day(&scenario, &windows, e);
                let mut facts: FactSet = e.facts.iter().copied().collect();
                facts.extend(e.replies.iter().flat_map(|r| r.reveals.iter().copied()));
                let delay = draws.delay(e.jitter);
                LiveEvent {
                    id: e.id.clone(),
                    source,
                    arrival: e
                        .at
                        .map_or(SimTime(u32::MAX), |at| at.on_day(day).plus(delay)),
                    status: EventStatus::Pending,
                    answered_at: None,
                    transcript: Vec::new(),
                    facts,
                    revealed: Vec::new(),
                    wording: draws.wording(),
                    held: e.at.is_none(),
                    mood: e.mood,
                    done: ActSet::default(),
                    said: Vec::new(),
                    replied: Vec::new(),
                }
            })
            .collect();
        events.sort_by_key(|e| (e.arrival, e.source));
        let (slots, amounts) = draws.office_streams();
        let state = OfficeState::new(
            &scenario,
            &office,
            &policy,
            Draws {
                calendar: &calendar,
                names: &patient_names,
                slots,
                amounts,
            },
        );
        let starts_at = scenario.starts_at;
        let mut session = Session {
            scenario,
            office,
            policy,
            seed,
            now: starts_at,
            windows,
            events,
            log: Vec::new(),
            state,
            patient_names,
            happenings: Vec::new(),
            fired: Vec::new(),
            scheduled: Vec::new(),
            ended: None,
            limits: Vec::new(),
            waits: Vec::new(),
            reacts_to: ActSet::default(),
        };
        session.fired = vec![None; session.scenario.consequences.len()];
        session.limits = (0..session.events.len())
            .map(|i| session.own_limits(i))
            .collect();
        session.waits = session
            .scenario
            .consequences
            .iter()
            .map(|c| c.when.times())
            .collect();
        session.reacts_to = reactions::acts_that_matter(&session.scenario);
        session.advance_to(starts_at);
        // What holds before anything happens (a `Not(…)`) fires at the start.
        session.react();
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

    /// The office's calendar, with today's date.
    pub fn calendar(&self) -> &Calendar {
        &self.state.calendar
    }

    /// The date of a moment on the office clock.
    pub fn date_of(&self, at: SimTime) -> Date {
        self.calendar().date(i64::from(at.day()))
    }

    /// The event's one-line summary, with this attempt's names filled in.
    pub fn summary(&self, index: usize) -> String {
        text::fill(self, &self.event_def(index).summary, Some(index))
    }

    /// The scenario's brief, with this attempt's names filled in.
    pub fn brief(&self) -> String {
        text::fill(self, &self.scenario.brief, None)
    }

    /// Any text of the scenario with this attempt's names and amounts filled in (a patient's
    /// notes, a scene's title).
    pub fn fill(&self, text: &str) -> String {
        text::fill(self, text, None)
    }

    /// `text` with its placeholders filled for the event at `index`: `{patient}` is its patient.
    pub fn fill_for(&self, text: &str, index: usize) -> String {
        text::fill(self, text, Some(index))
    }

    /// Who is on the line or at the window for the event, with names filled in.
    pub fn caller(&self, index: usize) -> Option<String> {
        let def = self.event_def(index);
        match &def.caller {
            Some(caller) => Some(text::fill(self, caller, Some(index))),
            None => def
                .patient
                .as_deref()
                .and_then(|p| self.patient_name(p))
                .map(str::to_owned),
        }
    }

    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
    }

    /// When the last scene ends (or when a consequence ended the scenario).
    pub fn ends_at(&self) -> SimTime {
        let last = self.windows.last().map_or(self.scenario.ends_at, |w| w.end);
        self.ended.map_or(last, |at| at.min(last))
    }

    pub fn finished(&self) -> bool {
        self.now >= self.ends_at()
    }

    /// The scene the clock is in (index into `windows`).
    pub fn scene(&self) -> usize {
        self.windows
            .iter()
            .rposition(|w| w.start <= self.now)
            .unwrap_or(0)
    }

    /// The start of the next scene, if `at` falls after one scene's end and before the next.
    fn gap_until(&self, at: SimTime) -> Option<SimTime> {
        self.windows
            .windows(2)
            .find(|pair| at > pair[0].end && at < pair[1].start)
            .map(|pair| pair[1].start)
    }

    /// Moves the clock forward (never back), letting everything that happens on its way happen
    /// in time order: arrivals, patience running out, consequences. Between scenes the clock
    /// jumps to the next scene's start.
    pub fn advance_to(&mut self, time: SimTime) {
        loop {
            let target = self.clamp(time);
            match self.next_happening() {
                Some(next) if next <= target => {
                    self.set_now(next);
                    self.settle();
                }
                _ => {
                    self.set_now(target);
                    self.settle();
                    return;
                }
            }
        }
    }

    /// A time the clock may stand at: not past the end, not between scenes.
    fn clamp(&self, time: SimTime) -> SimTime {
        let time = time.min(self.ends_at());
        self.gap_until(time).unwrap_or(time)
    }

    fn set_now(&mut self, time: SimTime) {
        if time > self.now {
            self.now = time;
            self.state.day = i64::from(time.day());
        }
    }

    /// Lets in what has arrived by now, runs out patience, and fires consequences. Conditions
    /// change only with acts (`apply` reacts to those), happenings, arrivals and the clock, so
    /// the consequences are looked at only when one of those moved.
    fn settle(&mut self) {
        let before = self.happenings.len();
        let mut arrived = false;
        for index in 0..self.events.len() {
            let live = &self.events[index];
            if live.status == EventStatus::Pending && !live.held && live.arrival <= self.now {
                self.arrive(index);
                arrived = true;
            }
        }
        self.run_out_patience();
        let now = self.now;
        let clock = self.scheduled.iter().any(|(at, _)| *at <= now)
            || self
                .waits
                .iter()
                .zip(&self.fired)
                .any(|(times, fired)| fired.is_none() && times.iter().any(|t| *t <= now));
        if arrived || clock || self.happenings.len() != before {
            self.react();
        }
    }

    /// An event arrives: it waits for the trainee, with what the office knows of it now; a
    /// person at the window or a message speaks at once (a caller once answered).
    fn arrive(&mut self, index: usize) {
        let world = world_facts(self, index);
        let arrival = self.events[index].arrival;
        let opening = if self.event_def(index).kind == EventKind::Call {
            Vec::new()
        } else {
            self.opening_lines(index)
        };
        let live = &mut self.events[index];
        live.status = EventStatus::Waiting;
        live.facts = live.facts.union(world);
        for text in opening {
            live.transcript.push(Line {
                at: arrival,
                speaker: Speaker::Other,
                text,
            });
        }
    }

    /// What the person says first, in this attempt's wording, with names filled in.
    fn opening_lines(&self, index: usize) -> Vec<String> {
        let wording = self.events[index].wording;
        self.event_def(index)
            .says
            .iter()
            .enumerate()
            .map(|(k, line)| text::fill(self, line.pick(wording + k), Some(index)))
            .collect()
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
        if let Some(index) = event
            && self.events[index].held
        {
            let reason = Refusal::NeverCame(self.events[index].id.clone());
            return self.log_refused(self.now, event, action, reason);
        }
        if at < self.now {
            let reason = Refusal::OutOfOrder { at, now: self.now };
            return self.log_refused(at, event, action, reason);
        }
        if at > self.ends_at() {
            let reason = Refusal::AfterEnd {
                end: self.ends_at(),
            };
            return self.log_refused(at, event, action, reason);
        }
        if let Some(next) = self.gap_until(at) {
            return self.log_refused(at, event, action, Refusal::BetweenScenes { next });
        }
        self.advance_to(at);
        if at > self.ends_at() {
            let reason = Refusal::AfterEnd {
                end: self.ends_at(),
            };
            return self.log_refused(at, event, action, reason);
        }
        match self.carry_out(at, event, &action) {
            Ok(outcome) => {
                let act = outcome.act;
                self.log_done(at, event, action, outcome);
                // The world reacts to what was just done.
                if self.reacts_to.contains(act) {
                    self.react();
                }
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
        let mut details: DetailSet = action.details.iter().copied().collect();
        for detail in Detail::SESSION {
            details.remove(*detail);
        }
        details.insert(Detail::Refused);
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

    fn log_done(
        &mut self,
        at: SimTime,
        event: Option<usize>,
        mut action: Action,
        outcome: Outcome,
    ) {
        if outcome.target.is_some() {
            action.target.clone_from(&outcome.target);
        }
        let patient = action
            .patient
            .clone()
            .or_else(|| event.and_then(|i| self.event_def(i).patient.clone()));
        if let Some(index) = event {
            let live = &mut self.events[index];
            live.done.insert(outcome.act);
            if let Some(choice) = &action.choice
                && action.act == ActKind::Say
            {
                live.said.push(choice.clone());
            }
            let wording = self.events[index].wording;
            // The first reply to this act whose condition holds, now that the act is done.
            let replied = &self.events[index].replied;
            let reply = self
                .event_def(index)
                .replies
                .iter()
                .enumerate()
                .position(|(k, r)| {
                    r.after == outcome.act
                        && !(r.once && replied.contains(&k))
                        && r.when.as_ref().is_none_or(|w| self.holds(w, Some(index)))
                });
            if let Some(k) = reply {
                self.events[index].replied.push(k);
            }
            let reply = reply.map(|k| &self.event_def(index).replies[k]);
            let reveals: Vec<Fact> = reply.map(|r| r.reveals.clone()).unwrap_or_default();
            let reply = reply.map(|r| text::fill(self, r.text.pick(wording), Some(index)));
            let live = &mut self.events[index];
            for fact in reveals {
                if !live.revealed.iter().any(|(f, _)| *f == fact) {
                    live.revealed.push((fact, at));
                }
            }
            let transcript = &mut self.events[index].transcript;
            let trainee_line = match &outcome.said {
                Some(said) => Some(said.clone()),
                // Answering is written into the transcript before the caller's first words.
                None if outcome.act == ActKind::Answer => None,
                None => {
                    // Not `format!`: this runs for every act of every attempt.
                    let label = outcome.act.label();
                    let mut line = String::with_capacity(label.len() + 2);
                    line.push('[');
                    line.push_str(label);
                    line.push(']');
                    Some(line)
                }
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
            details: action.details.iter().copied().collect(),
            said: None,
            target: None,
        };
        if let Some(index) = event {
            let live = &self.events[index];
            if live.status == EventStatus::Pending {
                return Err(Refusal::NotYet {
                    event: live.id.clone(),
                    arrives: live.arrival,
                });
            }
            // A spoken line is what it counts as: "(rings her back) Hi, it's Alex" calls her.
            let act = match (&action.act, &action.choice) {
                (ActKind::Say, Some(choice)) => self
                    .event_def(index)
                    .choices
                    .iter()
                    .find(|c| &c.id == choice)
                    .map_or(ActKind::Say, |c| c.counts_as),
                _ => action.act,
            };
            // What can still be done for someone the desk can no longer talk to: write it up,
            // tell a clinician or the manager.
            let behind_the_scenes = matches!(
                act,
                ActKind::Document
                    | ActKind::NotifyProvider
                    | ActKind::NotifyManager
                    | ActKind::AlertClinician
                    | ActKind::EscalateToClinician
            );
            // Once a call has ended, the caller can be rung back or left a voicemail.
            let after_the_end =
                behind_the_scenes || matches!(act, ActKind::CallPatient | ActKind::LeaveVoicemail);
            if live.status == EventStatus::Ended && !after_the_end {
                return Err(Refusal::Over(live.id.clone()));
            }
            // A caller who hung up can be called back; nothing else reaches them, and a patient
            // who left is gone.
            match live.status {
                EventStatus::HungUp(_) if behind_the_scenes || act == ActKind::CallPatient => {}
                EventStatus::HungUp(at) => {
                    return Err(Refusal::HungUp {
                        event: live.id.clone(),
                        at,
                    });
                }
                EventStatus::Left(_) if behind_the_scenes => {}
                EventStatus::Left(at) => {
                    return Err(Refusal::Left {
                        event: live.id.clone(),
                        at,
                    });
                }
                EventStatus::Cancelled => return Err(Refusal::Cancelled(live.id.clone())),
                _ => {}
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
            if !self.choice_open(index, choice) {
                return Err(Refusal::ChoiceNotOpen {
                    event: self.events[index].id.clone(),
                    text: text::fill(self, &choice.text, Some(index)),
                });
            }
            outcome.act = choice.counts_as;
            outcome.details.extend(choice.details.iter().copied());
            outcome.said = Some(text::fill(self, &choice.text, Some(index)));
            if action.target.is_none() {
                outcome.target = choice.target.clone();
            }
        }
        // What the session knows, it says itself: an act never brings its own `Expired`.
        for detail in Detail::SESSION {
            outcome.details.remove(*detail);
        }
        if matches!(outcome.act, ActKind::CallPatient | ActKind::LeaveVoicemail)
            && !(CALLS_FROM..CALLS_UNTIL).contains(&at.time_of_day())
        {
            outcome.details.insert(Detail::AfterHours);
        }
        self.check_conversation(event, outcome.act)?;
        self.change_call_state(at, event, outcome.act);
        let patient = action
            .patient
            .clone()
            .or_else(|| event.and_then(|i| self.event_def(i).patient.clone()));
        let acting = match &outcome.target {
            Some(target) => std::borrow::Cow::Owned(Action {
                target: Some(target.clone()),
                ..action.clone()
            }),
            None => std::borrow::Cow::Borrowed(action),
        };
        let extra = self
            .state
            .apply(at, outcome.act, &acting, patient.as_ref(), &self.policy)?;
        outcome.details.extend(extra);
        let registered =
            self.state
                .register(at, outcome.act, &outcome.details, patient.as_ref())?;
        outcome.details.extend(registered);
        Ok(outcome)
    }

    /// Whether a dialogue choice fits the conversation now: its condition holds and, if it may be
    /// said once, it has not been.
    pub fn choice_open(&self, index: usize, choice: &crate::scenario::Choice) -> bool {
        let said = &self.events[index].said;
        choice
            .when
            .as_ref()
            .is_none_or(|w| self.holds(w, Some(index)))
            && !(choice.once && said.contains(&choice.id))
            // A person is greeted once: every greeting closes when one was said, `once` or not.
            && !(choice.counts_as == ActKind::Greet
                && self
                    .event_def(index)
                    .choices
                    .iter()
                    .any(|c| c.counts_as == ActKind::Greet && said.contains(&c.id)))
    }

    /// The dialogue choices open on an event now, in the order written.
    pub fn open_choices(&self, index: usize) -> Vec<&crate::scenario::Choice> {
        self.event_def(index)
            .choices
            .iter()
            .filter(|c| self.choice_open(index, c))
            .collect()
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
            // Ending a ringing call would be declining it: it rings until answered or until
            // the caller gives up.
            (_, EventStatus::Waiting) if is_call && (talks(act) || act == ActKind::EndCall) => {
                Err(Refusal::StillRinging(live.id.clone()))
            }
            (ActKind::PlaceOnHold, EventStatus::OnHold(_)) => {
                Err(Refusal::AlreadyOnHold(live.id.clone()))
            }
            (ActKind::ResumeCall | ActKind::CheckBack, EventStatus::OnHold(_)) => Ok(()),
            (ActKind::ResumeCall | ActKind::CheckBack, _) => {
                Err(Refusal::NotOnHold(live.id.clone()))
            }
            (_, EventStatus::OnHold(_)) if talks(act) && !desk_work(act) => {
                Err(Refusal::OnHold(live.id.clone()))
            }
            _ => Ok(()),
        }
    }

    fn change_call_state(&mut self, at: SimTime, event: Option<usize>, act: ActKind) {
        let Some(index) = event else { return };
        let opening = if act == ActKind::Answer {
            self.opening_lines(index)
        } else {
            Vec::new()
        };
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
            // Calling back a caller who hung up, or whose call ended, reaches them again.
            ActKind::CallPatient
                if matches!(live.status, EventStatus::HungUp(_) | EventStatus::Ended)
                    && self.scenario.events[live.source].kind == EventKind::Call =>
            {
                live.status = EventStatus::Active;
            }
            _ if live.status == EventStatus::Waiting => live.status = EventStatus::Active,
            _ => {}
        }
    }

    /// Applies a whole script: resolves each action's time, orders them (stably) and applies
    /// them, then runs the clock to the end. Returns how many were refused.
    pub fn play_script(&mut self, actions: &[Action]) -> usize {
        let refused = self.apply_script(actions);
        self.finish();
        refused
    }

    /// Applies a script as `play_script` does (in time order, actions on a brought event
    /// waiting for it to come, the world moving in between), but leaves the clock where the
    /// script ends instead of running it to the end of the shift: the desk opens there
    /// (`frontdesk --scenario ID --script FILE`). Returns how many were refused.
    pub fn apply_script(&mut self, actions: &[Action]) -> usize {
        use std::collections::BTreeMap;
        // Events a consequence may bring (sooner than their `at`, or at all): actions timed
        // from their arrival wait for it.
        let brought: Vec<bool> = self
            .events
            .iter()
            .map(|live| {
                self.scenario.consequences.iter().any(|c| {
                    c.then
                        .iter()
                        .any(|e| matches!(e, Effect::Arrive(id) if *id == live.id))
                })
            })
            .collect();
        // Actions whose time is known, latest first so the next is at the end (ties keep the
        // script's order), and those waiting for their event, by event.
        let mut due: Vec<(SimTime, usize)> = Vec::with_capacity(actions.len());
        let mut waiting: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, action) in actions.iter().enumerate() {
            let event = action.event.as_ref().and_then(|id| self.event_index(id));
            match (action.at, event) {
                (ActionTime::AfterArrival(_), Some(e)) if brought[e] => {
                    waiting.entry(e).or_default().push(i);
                }
                _ => due.push((self.resolve_time(action).unwrap_or(self.now), i)),
            }
        }
        due.sort_unstable_by(|a, b| b.cmp(a));
        // Moves the actions of events that have come into `due`.
        let release = |session: &Session,
                       waiting: &mut BTreeMap<usize, Vec<usize>>,
                       due: &mut Vec<(SimTime, usize)>| {
            waiting.retain(|&e, list| {
                if session.events[e].status == EventStatus::Pending {
                    return true;
                }
                for &i in list.iter() {
                    let at = session.resolve_time(&actions[i]).unwrap_or(session.now);
                    let place = due.partition_point(|d| *d > (at, i));
                    due.insert(place, (at, i));
                }
                false
            });
        };
        let mut refused = 0;
        loop {
            if !waiting.is_empty() {
                // The world may move first and bring an event a waiting action is relative to.
                let next = due.last().map(|(at, _)| *at);
                let happening = self
                    .next_happening()
                    .filter(|h| *h <= self.ends_at() && self.clamp(*h) > self.now)
                    .filter(|h| next.is_none_or(|at| *h < at && self.clamp(*h) < at));
                if let Some(h) = happening {
                    self.advance_to(h);
                    release(self, &mut waiting, &mut due);
                    continue;
                }
            }
            let Some((_, i)) = due.pop() else {
                break;
            };
            refused += usize::from(self.apply(actions[i].clone()).is_err());
            // What the action set off may have brought an event others wait for.
            release(self, &mut waiting, &mut due);
        }
        // What is left acts on events that never came: refused, and logged as such.
        for i in waiting.into_values().flatten() {
            refused += usize::from(self.apply(actions[i].clone()).is_err());
        }
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
        self.advance_to(self.ends_at());
    }

    pub fn refused(&self) -> impl Iterator<Item = &LoggedAction> {
        self.log.iter().filter(|a| a.is_refused())
    }
}

/// Calls to a patient before 8 a.m. or from 9 p.m. their time are presumed inconvenient
/// (12 CFR 1006.6(b)(1)(i), which offices adopt for their own calls).
const CALLS_FROM: SimTime = SimTime::hms(8, 0, 0);
const CALLS_UNTIL: SimTime = SimTime::hms(21, 0, 0);

/// Acts that need someone listening on the line.
/// Work done at the desk's screen or shelves, not said to anyone: it can be done while the
/// caller waits on hold ("let me check the schedule"), though not before the call is answered.
fn desk_work(act: ActKind) -> bool {
    matches!(
        act,
        ActKind::Book
            | ActKind::DoubleBook
            | ActKind::Move
            | ActKind::Cancel
            | ActKind::BackfillSlot
            | ActKind::CheckEligibility
            | ActKind::ConfirmReferralOnFile
            | ActKind::CompareWithEob
            | ActKind::ReverseCharge
            | ActKind::RouteToCoder
            | ActKind::SuspendCollections
            | ActKind::SendReferral
            | ActKind::TrackReferral
            | ActKind::AlertClinician
            | ActKind::CheckAuthorisation
            | ActKind::OrderStock
            | ActKind::LogCheck
    )
}

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
    details: DetailSet,
    said: Option<String>,
    /// The target a dialogue choice acts on, when the action named none.
    target: Option<Id>,
}

#[cfg(test)]
mod reactions_tests;
#[cfg(test)]
mod tests;

/// The scenario's scenes as stretches of the office clock: the first part on day 0, then each
/// scene on its day of the calendar.
fn windows(scenario: &Scenario, calendar: &Calendar) -> Vec<Window> {
    let mut windows = vec![Window {
        start: scenario.starts_at,
        end: scenario.ends_at,
        title: String::new(),
    }];
    for scene in &scenario.scenes {
        let day = scene.day.offset_days(calendar).max(0) as u32;
        windows.push(Window {
            start: scene.starts_at.on_day(day),
            end: scene.ends_at.on_day(day),
            title: scene.title.clone(),
        });
    }
    windows
}

/// The day (from day 0) an event's scene is on.
fn scene_day(scenario: &Scenario, windows: &[Window], event: &Event) -> u32 {
    event
        .scene
        .as_ref()
        .and_then(|id| scenario.scenes.iter().position(|s| &s.id == id))
        .and_then(|k| windows.get(k + 1))
        .map_or(0, |w| w.start.day())
}

fn details_as_list<S: serde::Serializer>(
    details: &DetailSet,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(details.iter())
}
