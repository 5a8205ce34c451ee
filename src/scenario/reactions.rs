//! How the world reacts, as data: conditions over what has been said, done and told (`When`),
//! consequences that fire when their condition first holds (`Consequence`, with its `Effect`s),
//! people's patience and moods. The session evaluates them; this is only their shape.

use crate::model::*;
use serde::{Deserialize, Serialize};

/// A condition on the attempt so far. Inside an event (a choice's or reply's `when`) `event`
/// may be left out and means that event; in a scenario's `consequences` it names the event.
/// Each word's meaning: `When::WORDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum When {
    Did {
        act: ActKind,
        #[serde(default)]
        event: Option<EventId>,
        #[serde(default)]
        includes: Vec<Detail>,
    },
    Said {
        choice: ChoiceId,
        #[serde(default)]
        event: Option<EventId>,
    },
    Told {
        fact: Fact,
        #[serde(default)]
        event: Option<EventId>,
    },
    Mood {
        mood: Mood,
        #[serde(default)]
        event: Option<EventId>,
    },
    Happened {
        what: Mishap,
        #[serde(default)]
        event: Option<EventId>,
    },
    Fired(Id),
    After(SimTime),
    All(Vec<When>),
    Any(Vec<When>),
    Not(Box<When>),
}

impl When {
    /// The words of a reaction's condition, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Did",
            "Did(act: Book, event: \"call\", includes: [SameDay])",
            "the trainee did this act on the event (a spoken choice counts as its act), with all of `includes` if it lists any",
        ),
        WordMeaning::new(
            "Said",
            "Said(choice: \"heartburn\", event: \"call\")",
            "this dialogue choice was said",
        ),
        WordMeaning::new(
            "Told",
            "Told(fact: ChestPressure, event: \"call\")",
            "the trainee could know the fact by now: said in the opening words once heard (a caller's once answered), told in a reply, added while waiting, or known to the office",
        ),
        WordMeaning::new(
            "Mood",
            "Mood(mood: Angry, event: \"walk-in\")",
            "the person is in this mood now",
        ),
        WordMeaning::new(
            "Happened",
            "Happened(what: HungUp, event: \"call\")",
            "this happened to the event (word list `Mishap`)",
        ),
        WordMeaning::new(
            "Fired",
            "Fired(\"wife-calls-back\")",
            "another consequence has fired: its condition held (effects waiting for its `after` may not have happened yet, or been called off)",
        ),
        WordMeaning::new(
            "After",
            "After(\"09:30\")",
            "the office clock has reached this time (`\"d3 09:00\"` on a later day)",
        ),
        WordMeaning::new(
            "All",
            "All([Did(act: EndCall), Not(Did(act: AdviseEmergency))])",
            "every condition listed holds",
        ),
        WordMeaning::new(
            "Any",
            "Any([Did(act: EndCall), Happened(what: HungUp)])",
            "at least one condition listed holds",
        ),
        WordMeaning::new(
            "Not",
            "Not(Did(act: AdviseEmergency))",
            "the condition does not hold",
        ),
    ];

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

/// What a consequence does. Each word's meaning: `Effect::WORDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    Arrive(EventId),
    Cancel(EventId),
    HangUp(EventId),
    Say { event: EventId, text: Text },
    AddFact { event: EventId, fact: Fact },
    SetMood { event: EventId, mood: Mood },
    Outcome { patient: PatientId, text: String },
    CallOff(Id),
    End,
}

impl Effect {
    /// The words of a consequence's `then`, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Arrive",
            "Arrive(\"wife-calls\")",
            "the event arrives now (an event with no `at` waits for this)",
        ),
        WordMeaning::new(
            "Cancel",
            "Cancel(\"follow-up-call\")",
            "a pending event never comes",
        ),
        WordMeaning::new(
            "HangUp",
            "HangUp(\"call\")",
            "the caller ends the call, or the person walks away from the window",
        ),
        WordMeaning::new(
            "Say",
            "Say(event: \"call\", text: \"Are you still there?\")",
            "the person says something new (wordings and placeholders allowed); a text opening with a stage direction in brackets is shown as written, so someone else can speak",
        ),
        WordMeaning::new(
            "AddFact",
            "AddFact(event: \"walk-in\", fact: Vomiting)",
            "the event gains a fact (symptoms that change while someone waits); rules see it from now",
        ),
        WordMeaning::new(
            "SetMood",
            "SetMood(event: \"walk-in\", mood: Angry)",
            "the person's mood changes",
        ),
        WordMeaning::new(
            "Outcome",
            "Outcome(patient: \"caller\", text: \"{patient} called 911 from home.\")",
            "what became of a patient, a whole sentence told in the debrief under \"What became of them\"",
        ),
        WordMeaning::new(
            "CallOff",
            "CallOff(\"wife-calls-back\")",
            "another consequence still waiting for its `after` never happens; the debrief says what was averted",
        ),
        WordMeaning::new("End", "End", "the scenario ends now"),
    ];

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
