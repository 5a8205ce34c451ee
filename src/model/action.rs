//! A trainee action as scripts, test plans and the desk produce it: what was done, when, and to
//! what. One flat shape for every act keeps scripts readable; the session checks that the fields
//! an act needs are there and refuses the act (with a reason) when they are not.

use super::{
    ActKind, ActionTime, ChoiceId, Day, Detail, EventId, Id, PatientId, ProviderId, SimTime,
    VisitType,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// `"09:02:10"` on the office clock, or `"+10s"` after the action's event arrived.
    pub at: ActionTime,
    pub act: ActKind,
    /// The call, visit, message or alert this action answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Detail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<PatientId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<VisitType>,
    /// What the act works on: an appointment, charge, stock item, lot or piece of equipment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// For `Say`: the id of one of the event's dialogue choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<ChoiceId>,
}

impl Action {
    /// A bare action at a clock time; fill in the rest with struct update syntax.
    pub fn new(at: ActionTime, act: ActKind) -> Self {
        Action {
            at,
            act,
            event: None,
            details: Vec::new(),
            patient: None,
            provider: None,
            day: None,
            start: None,
            visit: None,
            target: None,
            quantity: None,
            choice: None,
        }
    }

    pub fn on(mut self, event: &str) -> Self {
        self.event = Some(EventId::from(event));
        self
    }
}
