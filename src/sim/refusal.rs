//! Why the desk refused an action: typed, so the app and tests can tell the cases apart, and
//! worded (its `Display`) the way the trainee reads it in the debrief.

use crate::model::{ActionTime, ChoiceId, EventId, EventKind, Id, ProviderId, SimTime};
use serde::{Serialize, Serializer};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    // time and events
    #[error("`{at}` is relative to an event, but the action names no `event`")]
    RelativeWithoutEvent { at: ActionTime },
    #[error("there is no event `{0}` in this scenario")]
    UnknownEvent(EventId),
    #[error("actions happen in time order: {at} is before the clock's {now}")]
    OutOfOrder { at: SimTime, now: SimTime },
    #[error("the scenario ended at {end}")]
    AfterEnd { end: SimTime },
    #[error("`{event}` has not happened yet (it arrives at {arrives})")]
    NotYet { event: EventId, arrives: SimTime },
    #[error("`{0}` never came in this attempt: nothing that would bring it happened")]
    NeverCame(EventId),
    #[error("`{0}` is over")]
    Over(EventId),
    #[error("the caller on `{event}` hung up at {at}")]
    HungUp { event: EventId, at: SimTime },
    #[error("the patient at the window (`{event}`) left at {at} without being seen")]
    Left { event: EventId, at: SimTime },
    #[error("`{0}` did not happen in this attempt")]
    Cancelled(EventId),

    // the conversation
    #[error("saying something needs the `event` it is said to")]
    SayWithoutEvent,
    #[error("`Say` needs the `choice` to say")]
    SayWithoutChoice,
    #[error("`{event}` has no choice `{choice}`")]
    UnknownChoice { event: EventId, choice: ChoiceId },
    #[error("«{text}» does not fit the conversation on `{event}` now")]
    ChoiceNotOpen { event: EventId, text: String },
    #[error("`{0}` is not ringing")]
    NotRinging(EventId),
    #[error("`{0}` is not a phone call")]
    NotACall(EventId),
    #[error("`{0}` is still ringing: answer it first")]
    StillRinging(EventId),
    #[error("`{0}` is already on hold")]
    AlreadyOnHold(EventId),
    #[error("`{0}` is not on hold")]
    NotOnHold(EventId),
    #[error("the caller on `{0}` is on hold and cannot hear you: take them off hold first")]
    OnHold(EventId),

    // the office
    /// The action lacks a field the act needs; the text says which.
    #[error("{0}")]
    Incomplete(&'static str),
    #[error("there is no {what} `{id}`")]
    NoSuch { what: &'static str, id: Id },
    #[error("there is no provider `{0}` in this office")]
    UnknownProvider(ProviderId),
    #[error("the office is closed on {date} ({why}); choose a day it is open")]
    Closed { date: String, why: String },
    #[error("the office is closed between scenes; the next one starts at {next}")]
    BetweenScenes { next: SimTime },
    #[error("{0} does not see patients; book with a clinician")]
    NotBookable(ProviderId),
    #[error("{start} has already passed; {} a time still to come", if *.moving { "move it to" } else { "book" })]
    InThePast { start: SimTime, moving: bool },
    #[error("{start}–{end} is outside office hours ({opens}–{closes})")]
    OutsideHours {
        start: SimTime,
        end: SimTime,
        opens: SimTime,
        closes: SimTime,
    },
    #[error(
        "{provider} is already booked at {start}: pick a free slot, or ask the provider's approval and double-book"
    )]
    SlotTaken {
        provider: ProviderId,
        start: SimTime,
    },
    #[error("{provider} is already booked at {start}")]
    MoveClash {
        provider: ProviderId,
        start: SimTime,
    },
    #[error("double-booking {0} needs the provider's approval first")]
    NeedsApproval(ProviderId),
    #[error("charge `{0}` is already reversed")]
    AlreadyReversed(Id),
    #[error("lot `{0}` is already off the shelf")]
    LotAlreadyOff(Id),
    #[error("take lot `{0}` off the shelf first")]
    LotStillOnShelf(Id),
    #[error("lot `{0}` is not on the shelf")]
    LotNotOnShelf(Id),

    // registration
    #[error("{0} has no insurance card with them")]
    NoInsuranceCard(String),
    #[error(
        "scan the front of the insurance card first: the inquiry needs the payer and the member ID"
    )]
    CardNotScanned,
    #[error("{0} has no photo ID with them: confirm identity with two other identifiers")]
    NoPhotoId(String),
    #[error("nobody came with {0} who could interpret")]
    NoCompanion(String),
    #[error("give the Notice of Privacy Practices first")]
    NppNotGiven,
    #[error("{0} did not sign the acknowledgment: record the refusal and your good-faith effort")]
    NppNotSigned(String),
    #[error("{0} signed the acknowledgment: record it as signed")]
    NppSigned(String),
    #[error("no parent or guardian came with {0} to sign")]
    NoGuardianHere(String),
}

impl Serialize for Refusal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl super::Session {
    /// How the desk names an event to the trainee: whose call, whose visit, which message (the
    /// scenario's ids are for authors).
    pub fn event_name(&self, index: usize) -> String {
        let def = self.event_def(index);
        match (def.kind, self.caller(index)) {
            (EventKind::Call, Some(who)) => format!("the call from {who}"),
            (EventKind::WalkIn, Some(who)) => format!("{who}'s visit to the window"),
            (EventKind::Voicemail, Some(who)) => format!("the voicemail from {who}"),
            (EventKind::PortalMessage, Some(who)) => format!("the portal message from {who}"),
            (kind, _) => format!("the {} “{}”", kind.label(), self.summary(index)),
        }
    }

    /// A refusal as the trainee reads it in the desk and the debrief: the events it names are
    /// named by who they are. Its `Display` (with the scenario's ids) is for authors and the CLI.
    pub fn refusal_text(&self, refusal: &Refusal) -> String {
        let live = |id: &EventId| self.event_index(id);
        let name = |id: &EventId| match live(id) {
            Some(index) => self.event_name(index),
            None => match self.scenario.events.iter().find(|e| &e.id == id) {
                Some(def) => format!("that {}", def.kind.label()),
                None => format!("`{id}`"),
            },
        };
        let who = |id: &EventId| {
            live(id)
                .and_then(|index| self.caller(index))
                .unwrap_or_else(|| "the caller".to_owned())
        };
        match refusal {
            Refusal::NotYet { event, arrives } => {
                format!(
                    "{} has not happened yet (it comes at {arrives})",
                    name(event)
                )
            }
            Refusal::NeverCame(event) => {
                format!(
                    "{} never came in this attempt: nothing that would bring it happened",
                    name(event)
                )
            }
            Refusal::Over(event) => format!("{} is over", name(event)),
            Refusal::HungUp { event, at } => format!("{} hung up at {at}", who(event)),
            Refusal::Left { event, at } => {
                format!("{} left the window at {at} without being seen", who(event))
            }
            Refusal::Cancelled(event) => format!("{} did not happen in this attempt", name(event)),
            Refusal::ChoiceNotOpen { text, .. } => {
                format!("«{text}» does not fit the conversation now")
            }
            Refusal::NotRinging(event) => format!("{} is not ringing", name(event)),
            Refusal::NotACall(event) => format!("{} is not a phone call", name(event)),
            Refusal::StillRinging(event) => {
                format!("{} is still ringing: answer it first", name(event))
            }
            Refusal::AlreadyOnHold(event) => format!("{} is already on hold", who(event)),
            Refusal::NotOnHold(event) => format!("{} is not on hold", who(event)),
            Refusal::OnHold(event) => format!(
                "{} is on hold and cannot hear you: take the call off hold first",
                who(event)
            ),
            other => other.to_string(),
        }
    }
}
