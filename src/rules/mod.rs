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
/// Each word's meaning: `Trigger::WORDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    Event(Condition),
    Action {
        act: ActKind,
        /// Only acts that carry all of these details…
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        includes: Vec<Detail>,
        /// …none of these…
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        excludes: Vec<Detail>,
        /// …and whose event (or, without one, whose patient) matches this.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<Condition>,
    },
    Session,
}

impl Trigger {
    /// The words of `applies_when`, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Event",
            "Event(Fact(BillDispute))",
            "judged once for each event that meets the condition and arrived, whether or not the trainee dealt with it; windows count from its arrival",
        ),
        WordMeaning::new(
            "Action",
            "Action(act: Book, includes: [TenBusinessDaysAhead], excludes: [], when: Fact(SelfPay))",
            "judged once for each act of this kind the desk carried out with all of `includes`, none of `excludes`, on an event (or patient) meeting `when`; windows count from that act",
        ),
        WordMeaning::new(
            "Session",
            "Session",
            "judged once per attempt, over all acts; windows count from the scenario's start",
        ),
    ];
}

/// A test on an event's kind and facts. Each word's meaning: `Condition::WORDS`.
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
    Suffered(Mishap),
    Did(Vec<ActKind>),
}

impl Condition {
    /// The words of a rule's conditions, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new("Always", "Always", "any event"),
        WordMeaning::new(
            "Kind",
            "Kind(Call)",
            "the event is of this kind (word list `EventKind`)",
        ),
        WordMeaning::new(
            "Fact",
            "Fact(ChestPain)",
            "the event has this fact: authored, revealed in a reply (told yet or not), or a world fact the office knew when it arrived",
        ),
        WordMeaning::new(
            "AnyFact",
            "AnyFact([ChestPain, ChestPressure])",
            "the event has at least one of these facts",
        ),
        WordMeaning::new(
            "AllFacts",
            "AllFacts([AedCheckDue, AedPadsExpireSoon])",
            "the event has all of these facts",
        ),
        WordMeaning::new(
            "Tag",
            "Tag(\"school-form\")",
            "the event has this exact tag (for what no fact names)",
        ),
        WordMeaning::new(
            "TemperatureAtLeastF",
            "TemperatureAtLeastF(100.4)",
            "the event's `temperature_f` is at least this (no temperature: false)",
        ),
        WordMeaning::new(
            "PatientAgeUnderMonths",
            "PatientAgeUnderMonths(3)",
            "the event's patient is younger than this many whole months (no patient: false)",
        ),
        WordMeaning::new(
            "All",
            "All([Kind(Call), Fact(Fever)])",
            "every condition listed holds",
        ),
        WordMeaning::new(
            "Any",
            "Any([Fact(NewAllergy), Tag(\"allergy-review\")])",
            "at least one condition listed holds",
        ),
        WordMeaning::new(
            "Not",
            "Not(PatientAgeUnderMonths(3))",
            "the condition does not hold",
        ),
        WordMeaning::new(
            "Suffered",
            "Suffered(LeftUnseen)",
            "this happened to the event by the end of the attempt (word list `Mishap`): for rules that judge only what went wrong",
        ),
        WordMeaning::new(
            "Did",
            "Did([OpenRecord, Disclose])",
            "the trainee did one of these acts on the event (refused tries do not count) by the end of the attempt: a rule about how something is done judges only where it was done",
        ),
    ];
}

/// Something that must hold for the rule to pass. Each word's meaning: `Clause::WORDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Clause {
    Act(ActClause),
    AnyOf(Vec<Clause>),
    Invariant(Invariant),
    Never(Mishap),
}

impl Clause {
    /// The words of `require`, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Act",
            "Act(act: AdviseEmergency, before: [PlaceOnHold])",
            "at least `count` (1) of the trainee's acts match it (its fields below); in `forbid`, `count` matching acts break the rule",
        ),
        WordMeaning::new(
            "AnyOf",
            "AnyOf([Act(act: CheckBack), Act(act: ResumeCall)])",
            "at least one of the clauses listed holds: how \"either is fine\" is written",
        ),
        WordMeaning::new(
            "Invariant",
            "Invariant(NoExpiredLotsOnShelf)",
            "this holds of the whole office at the end of the attempt",
        ),
        WordMeaning::new(
            "Never",
            "Never(HungUpRinging)",
            "this never happened to the judged event (word list `Mishap`): a caller hanging up unreached, a patient leaving unseen",
        ),
    ];
}

/// Matches the trainee's acts. In `require` at least `count` matching acts must exist; in
/// `forbid` none (or fewer than `count`) may. Each field's meaning: `ActClause::FIELDS`.
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

impl ActClause {
    /// The fields of an act clause, with their meanings: an act matches only if it meets every
    /// field given.
    pub const FIELDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "act",
            "act: AdviseEmergency",
            "the act is of this kind (a spoken choice is of the kind it counts as)",
        ),
        WordMeaning::new(
            "includes",
            "includes: [PracticeName, OwnName]",
            "it carries all these details; listing `Refused` makes only refused acts match",
        ),
        WordMeaning::new(
            "excludes",
            "excludes: [DuplicateFound]",
            "it carries none of these details",
        ),
        WordMeaning::new(
            "some_of",
            "some_of: (count: 2, of: [FullName, DateOfBirth, Address])",
            "it carries at least `count` of the details in `of`",
        ),
        WordMeaning::new(
            "within",
            "within: Policy(\"emergency_advice_seconds\")",
            "it came no later than this after the window's start (`since`), and not before it",
        ),
        WordMeaning::new(
            "since",
            "since: Reveal",
            "where the `within` window starts (default `Arrival`)",
        ),
        WordMeaning::new(
            "before",
            "before: [PlaceOnHold, Book]",
            "no act of any kind listed came earlier (holds if none happened at all)",
        ),
        WordMeaning::new(
            "after",
            "after: [CompareWithEob]",
            "some act of each kind listed came earlier",
        ),
        WordMeaning::new(
            "for_patient",
            "for_patient: true",
            "only acts for the judged event's patient (useful with `scope: Anywhere`)",
        ),
        WordMeaning::new(
            "about_event",
            "about_event: true",
            "only acts whose `target` is one of the things the judged event is `about` (when it lists any)",
        ),
        WordMeaning::new(
            "count",
            "count: 2",
            "in `require`, at least this many acts must match; in `forbid`, this many break it (default 1)",
        ),
        WordMeaning::new(
            "scope",
            "scope: Anywhere",
            "which acts are looked at (default `SameEvent`); `before` and `after` look in the same scope",
        ),
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SomeOf {
    pub count: u32,
    pub of: Vec<Detail>,
}

/// How long an act clause's window lasts (`within`). Each word's meaning: `TimeLimit::WORDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TimeLimit {
    Seconds(u32),
    Minutes(u32),
    Policy(PolicyParam),
    BusinessDays(u32),
}

impl TimeLimit {
    /// The words of `within`, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new("Seconds", "Seconds(30)", "this many seconds"),
        WordMeaning::new("Minutes", "Minutes(5)", "this many minutes"),
        WordMeaning::new(
            "Policy",
            "Policy(\"hold_check_back_seconds\")",
            "a number of seconds named in the office policy (see `PolicyParam`)",
        ),
        WordMeaning::new(
            "BusinessDays",
            "BusinessDays(1)",
            "by the end of the office day this many business days later (weekends and the office's holidays skipped): 1 from a Friday is the Monday; 0 is the same day",
        ),
    ];

    /// The policy number it reads, if any.
    pub fn param(&self) -> Option<PolicyParam> {
        match self {
            TimeLimit::Policy(param) => Some(*param),
            _ => None,
        }
    }
}

/// A number an invariant compares with. Each word's meaning: `Limit::WORDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Limit {
    Value(u32),
    Policy(PolicyParam),
}

impl Limit {
    /// The words of an invariant's limit, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new("Value", "Value(60)", "this number, written in the rule"),
        WordMeaning::new(
            "Policy",
            "Policy(\"max_booked_minutes_per_hour\")",
            "a number named in the office policy (see `PolicyParam`)",
        ),
    ];

    /// The policy number it reads, if any.
    pub fn param(&self) -> Option<PolicyParam> {
        match self {
            Limit::Policy(param) => Some(*param),
            Limit::Value(_) => None,
        }
    }
}

/// Where a time window starts. Each word's meaning: `Since::WORDS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Since {
    #[default]
    Arrival,
    Act(ActKind),
    Reveal,
}

impl Since {
    /// The words of `since`, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Arrival",
            "since: Arrival",
            "the default: when the event arrived (for a rule judged per act, that act; per session, the scenario's start)",
        ),
        WordMeaning::new(
            "Act",
            "since: Act(AdviseEmergency)",
            "the first act of this kind on the judged event (none: nothing matches)",
        ),
        WordMeaning::new(
            "Reveal",
            "since: Reveal",
            "when the person first told one of the facts the rule's condition names; a fact in the opening words, or a world fact, counts from the arrival; one never told opens no window",
        ),
    ];
}

/// Which acts a clause looks at. Each word's meaning: `Scope::WORDS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Scope {
    #[default]
    SameEvent,
    Anywhere,
}

impl Scope {
    /// The words of `scope`, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "SameEvent",
            "scope: SameEvent",
            "the default: only acts on the event the rule is judging",
        ),
        WordMeaning::new(
            "Anywhere",
            "scope: Anywhere",
            "every act in the attempt, on any event or none",
        ),
    ];
}

/// Facts about the office when the attempt ends. Each word's meaning: `Invariant::WORDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Invariant {
    MaxBookedMinutesPerHour(Limit),
    NoExpiredLotsOnShelf,
    LowStockOrderedToPar,
    NoDuplicateCharges,
}

impl Invariant {
    /// The words of `Invariant( … )`, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "MaxBookedMinutesPerHour",
            "MaxBookedMinutesPerHour(Policy(\"max_booked_minutes_per_hour\"))",
            "no provider has more booked minutes than this in any clock hour today (appointments, booked blocks, new bookings and double-books; cancelled ones not)",
        ),
        WordMeaning::new(
            "NoExpiredLotsOnShelf",
            "NoExpiredLotsOnShelf",
            "no expired lot is left on a shelf",
        ),
        WordMeaning::new(
            "LowStockOrderedToPar",
            "LowStockOrderedToPar",
            "every stock item that began the day at or below its reorder point has usable stock plus orders reaching par",
        ),
        WordMeaning::new(
            "NoDuplicateCharges",
            "NoDuplicateCharges",
            "no two open charges bill one patient the same code and `site` on the same day",
        ),
    ];
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
