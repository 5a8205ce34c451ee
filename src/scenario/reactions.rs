//! How the world reacts, as data: conditions over what has been said, done and told (`When`),
//! consequences that fire when their condition first holds (`Consequence`, with its `Effect`s),
//! people's patience and moods. The session evaluates them; this is only their shape.

use crate::model::*;
use serde::{Deserialize, Serialize};

/// A condition on the attempt so far. Inside an event (a choice's or reply's `when`) `event`
/// may be left out and means that event; in a scenario's `consequences` it names the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum When {
    /// An act of this kind was done on the event (a spoken choice counts as its act), with
    /// these details if `includes` lists any (a booking `SameDay`, a message with `CallbackNumber`).
    Did {
        act: ActKind,
        #[serde(default)]
        event: Option<EventId>,
        #[serde(default)]
        includes: Vec<Detail>,
    },
    /// This dialogue choice was said.
    Said {
        choice: ChoiceId,
        #[serde(default)]
        event: Option<EventId>,
    },
    /// The person has told this fact (in their opening words once heard, or in a reply), or the
    /// office knows it.
    Told {
        fact: Fact,
        #[serde(default)]
        event: Option<EventId>,
    },
    /// The event is in this mood.
    Mood {
        mood: Mood,
        #[serde(default)]
        event: Option<EventId>,
    },
    /// Something happened to the event: a caller hung up, a patient left, an event arrived.
    Happened {
        what: Mishap,
        #[serde(default)]
        event: Option<EventId>,
    },
    /// Another consequence has fired.
    Fired(Id),
    /// The office clock has reached this time (`"d3 09:00"` on a later day).
    After(SimTime),
    All(Vec<When>),
    Any(Vec<When>),
    Not(Box<When>),
}

impl When {
    /// Every event a condition names, explicitly.
    pub fn events(&self) -> Vec<&EventId> {
        let mut out = Vec::new();
        fn walk<'a>(when: &'a When, out: &mut Vec<&'a EventId>) {
            match when {
                When::Did { event, .. }
                | When::Said { event, .. }
                | When::Told { event, .. }
                | When::Mood { event, .. }
                | When::Happened { event, .. } => out.extend(event.as_ref()),
                When::All(all) | When::Any(all) => all.iter().for_each(|w| walk(w, out)),
                When::Not(inner) => walk(inner, out),
                When::Fired(_) | When::After(_) => {}
            }
        }
        walk(self, &mut out);
        out
    }

    /// The clock times a condition waits for (it may become true then, with nothing else
    /// happening).
    pub fn times(&self) -> Vec<SimTime> {
        let mut out = Vec::new();
        fn walk(when: &When, out: &mut Vec<SimTime>) {
            match when {
                When::After(t) => out.push(*t),
                When::All(all) | When::Any(all) => all.iter().for_each(|w| walk(w, out)),
                When::Not(inner) => walk(inner, out),
                _ => {}
            }
        }
        walk(self, &mut out);
        out
    }
}

/// How long someone waits before they give up, when it is not the policy's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patience {
    /// A caller hangs up after ringing this long.
    #[serde(default)]
    pub ring: Option<SimDuration>,
    /// A caller on hold hangs up after this long without anyone coming back.
    #[serde(default)]
    pub hold: Option<SimDuration>,
    /// A patient waiting unattended grows impatient after this long…
    #[serde(default)]
    pub impatient: Option<SimDuration>,
    /// …angry (and complains) after this long…
    #[serde(default)]
    pub angry: Option<SimDuration>,
    /// …and leaves without being seen after this long.
    #[serde(default)]
    pub leave: Option<SimDuration>,
    /// Never hangs up or leaves, however long it takes (moods still change).
    #[serde(default)]
    pub stays: bool,
}

/// A reaction of the world: when its condition first holds (and after its `after`), its
/// effects happen, once, logged with the consequence as their cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consequence {
    pub id: Id,
    pub when: When,
    /// How long after the condition holds the effects happen (at once by default).
    #[serde(default)]
    pub after: Option<SimDuration>,
    pub then: Vec<Effect>,
    /// Why, in the debrief's words, completing "… because …": "you told her it was nothing".
    pub because: String,
}

/// What a consequence does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// An event arrives now (one without `at` waits for this).
    Arrive(EventId),
    /// A pending event never comes.
    Cancel(EventId),
    /// The person ends the call, or walks away from the window.
    HangUp(EventId),
    /// The person says this (wordings allowed).
    Say {
        event: EventId,
        text: Text,
    },
    /// The event gains a fact (symptoms that change while waiting).
    AddFact {
        event: EventId,
        fact: Fact,
    },
    SetMood {
        event: EventId,
        mood: Mood,
    },
    /// What became of a patient, for the debrief ("reached the emergency department at 09:31").
    Outcome {
        patient: PatientId,
        text: String,
    },
    /// Another consequence's effects, still waiting for its `after`, never happen (the desk
    /// called him back before he called again).
    CallOff(Id),
    /// The scenario ends here.
    End,
}

impl Effect {
    /// The event the effect acts on, if any.
    pub fn event(&self) -> Option<&EventId> {
        match self {
            Effect::Arrive(e) | Effect::Cancel(e) | Effect::HangUp(e) => Some(e),
            Effect::Say { event, .. }
            | Effect::AddFact { event, .. }
            | Effect::SetMood { event, .. } => Some(event),
            Effect::Outcome { .. } | Effect::CallOff(_) | Effect::End => None,
        }
    }
}

use super::Text;
