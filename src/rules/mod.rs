//! The rule language and its evaluator. Rules are data (RON rule packs and policy packs): when a
//! rule applies, which acts it requires or forbids — with time windows, order and counts — and
//! which office-state invariants must hold. `evaluate` walks a finished session once and returns
//! one `Finding` per rule and subject, with the evidence that decided it.

use crate::model::*;
use serde::{Deserialize, Serialize};

/// A file of related rules (`scenarios/rules/*.rules.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    pub id: Id,
    pub title: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, cited by test plans and reports, e.g. "TRI-01".
    pub id: RuleId,
    pub title: String,
    pub domain: Domain,
    pub severity: Severity,
    pub points: u32,
    pub applies_when: Trigger,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<Clause>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbid: Vec<ActClause>,
    pub feedback: Feedback,
    /// The public source behind the rule.
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// Said when the trainee got it right: what they did and why it matters.
    pub pass: String,
    /// Said when they did not: why it matters and what to do next time.
    pub fail: String,
}

/// What a rule is judged for: each matching event, each matching act, or the whole session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    Event(Condition),
    Action {
        act: ActKind,
        /// Only acts that carry all of these details…
        #[serde(default)]
        includes: Vec<Detail>,
        /// …none of these…
        #[serde(default)]
        excludes: Vec<Detail>,
        /// …and whose event (or, without one, whose patient) matches this.
        #[serde(default)]
        when: Option<Condition>,
    },
    Session,
}

/// A test on an event's kind and facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    Kind(EventKind),
    Fact(Fact),
    AnyFact(Vec<Fact>),
    AllFacts(Vec<Fact>),
    Tag(String),
    TemperatureAtLeastF(f32),
    PatientAgeUnderMonths(u32),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// Something happened to the event by the end of the attempt (a caller hung up, a patient
    /// left unseen): for rules that judge only what went wrong.
    Suffered(Mishap),
    /// The trainee did one of these acts on the event (not counting refused tries), by the end
    /// of the attempt: a rule about how something is done judges only where it was done
    /// ("two identifiers before discussing a record" where a record was discussed).
    Did(Vec<ActKind>),
}

/// Something that must hold for the rule to pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Clause {
    /// An act (or `count` of them) with these particulars, in this window and order.
    Act(ActClause),
    /// At least one of these holds.
    AnyOf(Vec<Clause>),
    /// A fact about the office at the end of the attempt.
    Invariant(Invariant),
    /// This never happened to the judged event (a caller hanging up unreached, a patient
    /// leaving unseen).
    Never(Mishap),
}

/// Matches the trainee's acts. In `require` at least `count` matching acts must exist; in
/// `forbid` none (or fewer than `count`) may.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Act")]
pub struct ActClause {
    pub act: ActKind,
    /// The act must carry all of these details…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<Detail>,
    /// …none of these…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes: Vec<Detail>,
    /// …and at least `count` of the details in `of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub some_of: Option<SomeOf>,
    /// No later than this after `since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<TimeLimit>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub since: Since,
    /// Earlier than every act of these kinds (when they happen at all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<ActKind>,
    /// Later than some act of each of these kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<ActKind>,
    /// Only acts for the judged event's patient (useful with `scope: Anywhere`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub for_patient: bool,
    /// Only acts whose `target` is one of the things the judged event is `about`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub about_event: bool,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: u32,
    #[serde(default, skip_serializing_if = "is_default")]
    pub scope: Scope,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// For leaving a field at its default out of RON written back (`frontdesk explain`).
fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SomeOf {
    pub count: u32,
    pub of: Vec<Detail>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TimeLimit {
    Seconds(u32),
    Minutes(u32),
    /// A number of seconds named in the office policy pack.
    Policy(PolicyParam),
    /// By the end of the office day this many business days later (weekends and the office's
    /// holidays skipped): `BusinessDays(1)` from a Friday is the Monday.
    BusinessDays(u32),
}

impl TimeLimit {
    /// The policy number it reads, if any.
    pub fn param(&self) -> Option<PolicyParam> {
        match self {
            TimeLimit::Policy(param) => Some(*param),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Limit {
    Value(u32),
    /// A number named in the office policy pack.
    Policy(PolicyParam),
}

impl Limit {
    /// The policy number it reads, if any.
    pub fn param(&self) -> Option<PolicyParam> {
        match self {
            Limit::Policy(param) => Some(*param),
            Limit::Value(_) => None,
        }
    }
}

/// Where a time window starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Since {
    /// When the event arrived (or, for rules triggered by an act, when that act happened).
    #[default]
    Arrival,
    /// The first act of this kind on the same event.
    Act(ActKind),
    /// The moment the trainee could know what the rule is about: when the person first told
    /// one of the facts the rule's condition names (a fact in the opening words, or one the
    /// office knows, counts from the event's arrival: the person would have said it at once).
    Reveal,
}

/// Which acts a clause looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Scope {
    /// Acts on the event the rule is judging.
    #[default]
    SameEvent,
    /// Any act in the attempt.
    Anywhere,
}

/// Facts about the office when the attempt ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Invariant {
    /// No provider has more booked minutes than this in any clock hour today.
    MaxBookedMinutesPerHour(Limit),
    /// No expired lot is left on a shelf.
    NoExpiredLotsOnShelf,
    /// Every item that started at or below its reorder point is ordered up to par.
    LowStockOrderedToPar,
    /// No two open charges bill one patient the same code on the same day.
    NoDuplicateCharges,
}

impl Rule {
    /// Every `Policy("name")` this rule reads, for validation.
    pub fn policy_keys(&self) -> Vec<PolicyParam> {
        let mut keys = Vec::new();
        fn clause_keys(clause: &Clause, keys: &mut Vec<PolicyParam>) {
            match clause {
                Clause::Act(act) => act_keys(act, keys),
                Clause::AnyOf(clauses) => clauses.iter().for_each(|c| clause_keys(c, keys)),
                Clause::Invariant(Invariant::MaxBookedMinutesPerHour(limit)) => {
                    keys.extend(limit.param())
                }
                Clause::Invariant(_) | Clause::Never(_) => {}
            }
        }
        fn act_keys(act: &ActClause, keys: &mut Vec<PolicyParam>) {
            keys.extend(act.within.as_ref().and_then(TimeLimit::param));
        }
        self.require.iter().for_each(|c| clause_keys(c, &mut keys));
        self.forbid.iter().for_each(|a| act_keys(a, &mut keys));
        keys
    }
}
