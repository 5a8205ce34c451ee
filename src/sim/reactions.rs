//! The world reacting: people's patience running out (a caller hangs up, a waiting patient grows
//! impatient, angry, leaves), consequences firing when their condition first holds, and their
//! effects, each logged as a `Happening` with its cause. Everything here happens at times the
//! session computes from the scenario, the seed and the actions, so it is as deterministic as
//! the rest.

use super::{EventStatus, Line, Session, Speaker, text};
use crate::model::*;
use crate::scenario::{Effect, When};
use serde::Serialize;

/// Something that happened without the trainee doing it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Happening {
    pub at: SimTime,
    /// The event it happened to (index into `Session::events`), if any.
    pub event: Option<usize>,
    pub what: What,
    pub cause: Cause,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum What {
    /// A consequence brought the event.
    Arrived,
    /// The caller hung up; `on_hold` when they were on hold.
    HungUp {
        on_hold: bool,
    },
    /// The person walked away from the window unseen.
    Left,
    Mood(Mood),
    /// A pending event will not come.
    Cancelled,
    /// The person said something new.
    Said(String),
    FactAdded(Fact),
    /// What became of a patient.
    Outcome {
        patient: PatientId,
        text: String,
    },
    /// The scenario ended early.
    Ended,
    /// Another consequence, still waiting for its `after`, will not happen (index into
    /// `Scenario::consequences`).
    CalledOff(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Cause {
    /// They waited longer than their patience.
    Patience,
    /// A consequence of the scenario (index into `Scenario::consequences`).
    Consequence(usize),
}

/// The acts whose doing can change a consequence's condition: those a `Did` names, those a
/// `Said` choice counts as, and, for `Told`, answering (the opening words are heard) and the acts
/// whose replies reveal facts.
pub(super) fn acts_that_matter(scenario: &crate::scenario::Scenario) -> ActSet {
    let mut acts = ActSet::default();
    let mut stack: Vec<&When> = scenario.consequences.iter().map(|c| &c.when).collect();
    while let Some(when) = stack.pop() {
        fn event<'a>(
            scenario: &'a crate::scenario::Scenario,
            id: &'a Option<EventId>,
        ) -> impl Iterator<Item = &'a crate::scenario::Event> {
            scenario
                .events
                .iter()
                .filter(move |e| id.as_ref().is_none_or(|id| &e.id == id))
        }
        match when {
            When::Did { act, .. } => acts.insert(*act),
            When::Said { choice, event: e } => {
                for def in event(scenario, e) {
                    for c in def.choices.iter().filter(|c| &c.id == choice) {
                        acts.insert(c.counts_as);
                    }
                }
                acts.insert(ActKind::Say);
            }
            When::Told { event: e, .. } => {
                acts.insert(ActKind::Answer);
                for def in event(scenario, e) {
                    for reply in def.replies.iter().filter(|r| !r.reveals.is_empty()) {
                        acts.insert(reply.after);
                    }
                }
            }
            When::All(all) | When::Any(all) => stack.extend(all.iter()),
            When::Not(inner) => stack.push(inner),
            When::Mood { .. } | When::Happened { .. } | When::Fired(_) | When::After(_) => {}
        }
    }
    acts
}

/// An event's patience in seconds: ringing, on hold, unattended at the window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    ring: u32,
    hold: u32,
    impatient: u32,
    angry: u32,
    leave: u32,
    stays: bool,
}

impl Session {
    /// An event's patience (worked out once per attempt; see `own_limits`).
    pub(super) fn limits(&self, index: usize) -> Limits {
        self.limits[index]
    }

    /// How much of a waiting walk-in's patience is used up, from 0 (just came) to 1 (about to
    /// leave, or angry when they stay): what the desk's waiting room shows.
    pub fn patience_used(&self, index: usize) -> f32 {
        let live = &self.events[index];
        let limits = self.limits(index);
        let limit = if limits.stays {
            limits.angry
        } else {
            limits.leave
        };
        (self.now.since(live.arrival) as f32 / limit.max(1) as f32).clamp(0.0, 1.0)
    }

    /// An event's patience: its own, else the policy's, else the defaults.
    pub(super) fn own_limits(&self, index: usize) -> Limits {
        let own = self.event_def(index).patience.unwrap_or_default();
        let policy =
            |param: PolicyParam, fallback: u32| self.policy.value(param).unwrap_or(fallback);
        let pick = |own: Option<SimDuration>, param, fallback| {
            own.map_or_else(|| policy(param, fallback), SimDuration::seconds)
        };
        Limits {
            ring: pick(own.ring, PolicyParam::RingPatienceSeconds, 90),
            hold: pick(own.hold, PolicyParam::HoldPatienceSeconds, 180),
            impatient: pick(own.impatient, PolicyParam::WaitImpatientSeconds, 600),
            angry: pick(own.angry, PolicyParam::WaitAngrySeconds, 1200),
            leave: pick(own.leave, PolicyParam::WaitLeaveSeconds, 1800),
            stays: own.stays,
        }
    }

    /// The next moment after `now` at which something would happen with nobody acting: an
    /// arrival, a patience running out, a consequence's effects or the time it waits for.
    pub fn next_happening(&self) -> Option<SimTime> {
        let now = self.now;
        let mut next: Option<SimTime> = None;
        let mut consider = |t: SimTime| {
            if t > now {
                next = Some(next.map_or(t, |n| n.min(t)));
            }
        };
        for (index, live) in self.events.iter().enumerate() {
            if let Some(t) = self.patience_due(index) {
                consider(t);
            }
            if live.status == EventStatus::Pending && !live.held {
                consider(live.arrival);
            }
        }
        for (at, _) in &self.scheduled {
            consider(*at);
        }
        for (k, times) in self.waits.iter().enumerate() {
            if self.fired[k].is_none() {
                times.iter().copied().for_each(&mut consider);
            }
        }
        next
    }

    /// When the event's patience next runs out, if it is waiting on the trainee.
    fn patience_due(&self, index: usize) -> Option<SimTime> {
        let live = &self.events[index];
        let limits = self.limits(index);
        let kind = self.event_def(index).kind;
        match (kind, live.status) {
            (EventKind::Call, EventStatus::Waiting) if !limits.stays => {
                Some(live.arrival.plus(limits.ring))
            }
            (EventKind::Call, EventStatus::OnHold(since)) if !limits.stays => {
                Some(since.plus(limits.hold))
            }
            (EventKind::WalkIn, EventStatus::Waiting) => {
                let steps = [
                    (Mood::Impatient, limits.impatient),
                    (Mood::Angry, limits.angry),
                ];
                let mood = steps
                    .iter()
                    .find(|(mood, _)| live.mood < *mood)
                    .map(|(_, after)| live.arrival.plus(*after));
                let leave = (!limits.stays).then(|| live.arrival.plus(limits.leave));
                match (mood, leave) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
            _ => None,
        }
    }

    /// Runs out every patience due by now, in time order (the session calls this as the clock
    /// moves).
    pub(super) fn run_out_patience(&mut self) {
        for index in 0..self.events.len() {
            while let Some(due) = self.patience_due(index).filter(|t| *t <= self.now) {
                let live = &self.events[index];
                let limits = self.limits(index);
                match live.status {
                    EventStatus::Waiting if self.event_def(index).kind == EventKind::Call => {
                        self.hang_up(index, due, false, Cause::Patience);
                    }
                    EventStatus::OnHold(_) => self.hang_up(index, due, true, Cause::Patience),
                    EventStatus::Waiting => {
                        let waited = due.since(live.arrival);
                        if !limits.stays && waited >= limits.leave {
                            self.events[index].status = EventStatus::Left(due);
                            self.happen(due, Some(index), What::Left, Cause::Patience);
                        } else {
                            let mood = if waited >= limits.angry {
                                Mood::Angry
                            } else {
                                Mood::Impatient
                            };
                            self.set_mood(index, due, mood, Cause::Patience);
                        }
                    }
                    _ => break,
                }
            }
        }
    }

    fn hang_up(&mut self, index: usize, at: SimTime, on_hold: bool, cause: Cause) {
        self.events[index].status = EventStatus::HungUp(at);
        self.happen(at, Some(index), What::HungUp { on_hold }, cause);
    }

    fn set_mood(&mut self, index: usize, at: SimTime, mood: Mood, cause: Cause) {
        if self.events[index].mood != mood {
            self.events[index].mood = mood;
            self.happen(at, Some(index), What::Mood(mood), cause);
        }
    }

    pub(super) fn happen(&mut self, at: SimTime, event: Option<usize>, what: What, cause: Cause) {
        self.happenings.push(Happening {
            at,
            event,
            what,
            cause,
        });
    }

    /// Fires every consequence whose condition holds now (once each), applying the effects of
    /// those due, until nothing more changes.
    pub(super) fn react(&mut self) {
        loop {
            let mut changed = false;
            let due: Vec<usize> = self
                .scheduled
                .iter()
                .filter(|(at, _)| *at <= self.now)
                .map(|(_, k)| *k)
                .collect();
            if !due.is_empty() {
                self.scheduled.retain(|(at, _)| *at > self.now);
                for k in due {
                    self.apply_effects(k);
                }
                changed = true;
            }
            for k in 0..self.scenario.consequences.len() {
                if self.fired[k].is_some() || !self.holds(&self.scenario.consequences[k].when, None)
                {
                    continue;
                }
                self.fired[k] = Some(self.now);
                let after = self.scenario.consequences[k]
                    .after
                    .map_or(0, SimDuration::seconds);
                self.scheduled.push((self.now.plus(after), k));
                changed = true;
            }
            if !changed {
                break;
            }
        }
    }

    fn apply_effects(&mut self, k: usize) {
        let now = self.now;
        let cause = Cause::Consequence(k);
        let scenario = self.scenario.clone();
        for effect in &scenario.consequences[k].then {
            let index = effect.event().and_then(|id| self.event_index(id));
            match (effect, index) {
                (Effect::Arrive(_), Some(i)) if self.events[i].status == EventStatus::Pending => {
                    self.events[i].held = false;
                    self.events[i].arrival = now;
                    self.happen(now, Some(i), What::Arrived, cause);
                    self.arrive(i);
                }
                (Effect::Cancel(_), Some(i)) if self.events[i].status == EventStatus::Pending => {
                    self.events[i].status = EventStatus::Cancelled;
                    self.happen(now, Some(i), What::Cancelled, cause);
                }
                (Effect::HangUp(_), Some(i)) if self.events[i].is_live() => {
                    if self.event_def(i).kind == EventKind::Call {
                        self.hang_up(i, now, false, cause);
                    } else {
                        self.events[i].status = EventStatus::Left(now);
                        self.happen(now, Some(i), What::Left, cause);
                    }
                }
                (Effect::Say { text: said, .. }, Some(i)) if self.events[i].is_live() => {
                    let wording = self.events[i].wording;
                    let line = text::fill(self, said.pick(wording), Some(i));
                    self.events[i].transcript.push(Line {
                        at: now,
                        speaker: Speaker::Other,
                        text: line.clone(),
                    });
                    self.happen(now, Some(i), What::Said(line), cause);
                }
                (Effect::AddFact { fact, .. }, Some(i)) => {
                    let live = &mut self.events[i];
                    live.facts.insert(*fact);
                    if !live.revealed.iter().any(|(f, _)| f == fact) {
                        live.revealed.push((*fact, now));
                    }
                    self.happen(now, Some(i), What::FactAdded(*fact), cause);
                }
                (Effect::SetMood { mood, .. }, Some(i)) => self.set_mood(i, now, *mood, cause),
                (
                    Effect::Outcome {
                        patient,
                        text: said,
                    },
                    _,
                ) => {
                    let said = text::fill_about(self, said, Some(patient));
                    let what = What::Outcome {
                        patient: patient.clone(),
                        text: said,
                    };
                    self.happen(now, None, what, cause);
                }
                (Effect::CallOff(id), _) => {
                    if let Some(other) = scenario.consequences.iter().position(|c| &c.id == id)
                        && self.scheduled.iter().any(|(_, k)| *k == other)
                    {
                        self.scheduled.retain(|(_, k)| *k != other);
                        self.happen(now, None, What::CalledOff(other), cause);
                    }
                }
                (Effect::End, _) if self.ended.is_none() => {
                    self.ended = Some(now);
                    self.happen(now, None, What::Ended, cause);
                }
                _ => {}
            }
        }
    }

    /// Whether a condition holds now. `here` is the event a choice's or reply's condition
    /// belongs to (a condition that names no event means it).
    pub fn holds(&self, when: &When, here: Option<usize>) -> bool {
        let event = |id: &Option<EventId>| match id {
            Some(id) => self.event_index(id),
            None => here,
        };
        match when {
            When::Did {
                act,
                event: e,
                includes,
            } => event(e).is_some_and(|i| {
                self.events[i].done.contains(*act)
                    && (includes.is_empty()
                        || self.log.iter().any(|l| {
                            l.event == Some(i)
                                && l.act == *act
                                && !l.is_refused()
                                && includes.iter().all(|d| l.details.contains(*d))
                        }))
            }),
            When::Said { choice, event: e } => {
                event(e).is_some_and(|i| self.events[i].said.contains(choice))
            }
            When::Told { fact, event: e } => event(e).is_some_and(|i| self.told(i, *fact)),
            When::Mood { mood, event: e } => event(e).is_some_and(|i| self.events[i].mood == *mood),
            When::Happened { what, event: e } => event(e).is_some_and(|i| self.suffered(i, *what)),
            When::Fired(id) => self
                .scenario
                .consequences
                .iter()
                .position(|c| &c.id == id)
                .is_some_and(|k| self.fired[k].is_some()),
            When::After(t) => self.now >= *t,
            When::All(all) => all.iter().all(|w| self.holds(w, here)),
            When::Any(any) => any.iter().any(|w| self.holds(w, here)),
            When::Not(inner) => !self.holds(inner, here),
        }
    }

    /// Whether the event has suffered this mishap.
    pub fn suffered(&self, index: usize, what: Mishap) -> bool {
        self.mishap(index, what).is_some()
            || (what == Mishap::Arrived
                && !matches!(
                    self.events[index].status,
                    EventStatus::Pending | EventStatus::Cancelled
                ))
    }

    /// Whether the trainee had done anything for the event (spoken to, acted on) by `at`: the
    /// debrief tells a patient who left after a word from the desk from one who never had one.
    pub fn attended_before(&self, index: usize, at: SimTime) -> bool {
        self.log
            .iter()
            .any(|a| a.event == Some(index) && !a.is_refused() && a.at <= at)
    }

    /// The happening (index into `happenings`) in which the event first suffered this mishap.
    pub fn mishap(&self, index: usize, what: Mishap) -> Option<usize> {
        self.happenings.iter().position(|h| {
            h.event == Some(index)
                && match (what, &h.what) {
                    (Mishap::HungUpRinging, What::HungUp { on_hold: false }) => {
                        h.cause == Cause::Patience
                    }
                    (Mishap::HungUpOnHold, What::HungUp { on_hold: true }) => true,
                    (Mishap::HungUp, What::HungUp { .. }) => true,
                    (Mishap::LeftUnseen, What::Left) => true,
                    (Mishap::Complained, What::Mood(Mood::Angry)) => h.cause == Cause::Patience,
                    (Mishap::Arrived, What::Arrived) => true,
                    _ => false,
                }
        })
    }

    /// Whether the trainee could know the fact by now: said in the opening words once heard
    /// (a caller's once answered), told in a reply or while waiting, or known to the office.
    pub fn told(&self, index: usize, fact: Fact) -> bool {
        let live = &self.events[index];
        if !live.facts.contains(fact) || live.status == EventStatus::Pending {
            return false;
        }
        if live.revealed.iter().any(|(f, _)| *f == fact) {
            return true;
        }
        let later = self
            .event_def(index)
            .replies
            .iter()
            .any(|r| r.reveals.contains(&fact));
        if later {
            return false;
        }
        let opening = self.event_def(index).facts.contains(&fact);
        let heard = self.event_def(index).kind != EventKind::Call || live.answered_at.is_some();
        !opening || heard
    }
}
