//! The RON shapes instructors write: scenarios, offices and policy packs. Field by field they
//! are documented for instructors in `docs/SCENARIO_FORMAT.md`; keep the two in step.

use crate::model::*;
use crate::rules::Rule;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: ScenarioId,
    pub title: String,
    pub family: Family,
    pub setting: Setting,
    pub domains: Vec<Domain>,
    pub difficulty: Difficulty,
    /// What the trainee reads before starting.
    pub brief: String,
    pub expected_minutes: u32,
    /// The office it runs in (an `*.office.ron` id).
    pub office: OfficeId,
    /// A policy pack id, when the scenario should not use the office's own.
    #[serde(default)]
    pub policy: Option<PolicyId>,
    /// When the first scene starts and ends, on the day played (day 0).
    pub starts_at: SimTime,
    pub ends_at: SimTime,
    /// The weekday the scenario is played on; the seed picks the date (a day the office is
    /// open), so business days, weekends and holidays fall as they would that week.
    #[serde(default)]
    pub weekday: Option<Weekday>,
    /// Later parts of the scenario ("the next morning", "three business days later"); the
    /// clock jumps from the end of one scene to the start of the next.
    #[serde(default)]
    pub scenes: Vec<Scene>,
    #[serde(default)]
    pub patients: Vec<Patient>,
    #[serde(default)]
    pub schedule: Vec<Appointment>,
    /// Blocks of the day already booked with routine visits (names drawn from a seeded pool).
    #[serde(default)]
    pub booked_blocks: Vec<BookedBlock>,
    #[serde(default)]
    pub ledger: Vec<Charge>,
    #[serde(default)]
    pub inventory: Vec<StockItem>,
    #[serde(default)]
    pub equipment: Vec<Equipment>,
    pub events: Vec<Event>,
    /// How the world reacts to what happens: callbacks, changed moods, new events, outcomes.
    #[serde(default)]
    pub consequences: Vec<super::Consequence>,
    #[serde(default)]
    pub test_plans: Vec<TestPlan>,
}

/// A later part of a scenario, on another day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    pub id: Id,
    /// What the desk shows when the clock jumps to it, e.g. "Three business days later".
    pub title: String,
    /// Its day, counted from the day played: `DaysAhead(1)`, `BusinessDaysAhead(3)`.
    pub day: Day,
    pub starts_at: SimTime,
    pub ends_at: SimTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    pub id: PatientId,
    pub name: String,
    /// Other names the seed may pick instead of `name`, so trainees cannot memorise.
    #[serde(default)]
    pub name_pool: Vec<String>,
    pub age: Age,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub insurance: Option<Insurance>,
    /// Pays for care without insurance (or chose not to use it): the office owes them a
    /// good-faith estimate (world fact `SelfPay`).
    #[serde(default)]
    pub self_pay: bool,
    #[serde(default)]
    pub allergies: Vec<Allergy>,
    /// True when the record states "no known drug allergies".
    #[serde(default)]
    pub nkda: bool,
    #[serde(default)]
    pub balance: Money,
    #[serde(default)]
    pub flags: Vec<PatientFlag>,
    /// Days of the collection-call attempts on the account's log (one entry per call), for
    /// the world fact `SevenCallsInSevenDays`.
    #[serde(default)]
    pub collection_calls: Vec<Day>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// A new patient to register: what they bring and what the world answers when asked
    /// (world fact `NewPatientRegistration`).
    #[serde(default)]
    pub registration: Option<super::Registration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PatientFlag {
    NoCallsAtHome,
    ConfidentialContact,
    HighRisk,
    InterpreterNeeded,
    MobilityAid,
}

impl PatientFlag {
    /// The flags, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "NoCallsAtHome",
            "flags: [NoCallsAtHome]",
            "the patient asked not to be called at home: the office knows `ConfidentialContactRequested`",
        ),
        WordMeaning::new(
            "ConfidentialContact",
            "flags: [ConfidentialContact]",
            "the patient asked to be contacted only one way: the office knows `ConfidentialContactRequested`",
        ),
        WordMeaning::new(
            "HighRisk",
            "flags: [HighRisk]",
            "a missed visit is followed up (calls, a certified letter): the office knows `HighRiskPatient`",
        ),
        WordMeaning::new(
            "InterpreterNeeded",
            "flags: [InterpreterNeeded]",
            "the patient needs a qualified interpreter: the office knows `InterpreterNeeded`",
        ),
        WordMeaning::new(
            "MobilityAid",
            "flags: [MobilityAid]",
            "the patient uses a mobility aid (shown on the record)",
        ),
    ];

    /// How the record shows the flag.
    pub fn label(self) -> &'static str {
        match self {
            PatientFlag::NoCallsAtHome => "no calls at home",
            PatientFlag::ConfidentialContact => "confidential contact only",
            PatientFlag::HighRisk => "high risk: follow up missed visits",
            PatientFlag::InterpreterNeeded => "needs a qualified interpreter",
            PatientFlag::MobilityAid => "uses a mobility aid",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Insurance {
    pub payer: String,
    pub member_id: String,
    #[serde(default)]
    pub copay: Money,
    #[serde(default)]
    pub deductible: Money,
    #[serde(default)]
    pub deductible_met: Money,
    #[serde(default)]
    pub coinsurance_percent: u32,
    #[serde(default)]
    pub secondary: Option<String>,
    /// What kind of plan it is (world fact `OriginalMedicare` for Original Medicare).
    #[serde(default)]
    pub plan: PlanKind,
}

/// The kind of insurance plan. Each word's meaning: `PlanKind::WORDS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PlanKind {
    #[default]
    Commercial,
    OriginalMedicare,
    MedicareAdvantage,
    Medicaid,
}

impl PlanKind {
    /// The plan kinds, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Commercial",
            "plan: Commercial",
            "the default: a private or employer plan",
        ),
        WordMeaning::new(
            "OriginalMedicare",
            "plan: OriginalMedicare",
            "Medicare Part A and B, fee for service: the ABN applies, and the office knows `OriginalMedicare`",
        ),
        WordMeaning::new(
            "MedicareAdvantage",
            "plan: MedicareAdvantage",
            "a Medicare Advantage (Part C) plan: the plan decides coverage, no ABN",
        ),
        WordMeaning::new("Medicaid", "plan: Medicaid", "a state Medicaid plan"),
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allergy {
    pub allergen: String,
    pub reaction: String,
    pub severity: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appointment {
    pub id: Id,
    /// A patient of this scenario, or none for a routine visit shown by `name`.
    #[serde(default)]
    pub patient: Option<PatientId>,
    #[serde(default)]
    pub name: Option<String>,
    pub provider: ProviderId,
    #[serde(default)]
    pub day: Day,
    pub start: SimTime,
    pub visit: VisitType,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookedBlock {
    pub provider: ProviderId,
    pub from: SimTime,
    pub to: SimTime,
    pub visit: VisitType,
    /// How many of the block's slots the seed leaves free (which ones varies).
    #[serde(default)]
    pub free: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    pub id: Id,
    pub patient: PatientId,
    /// Date of service.
    pub day: Day,
    /// CPT/HCPCS code as billed, e.g. "99213".
    pub code: String,
    /// What tells two lines of one code apart: a modifier, a tooth or quadrant ("UR", "-59").
    /// Two open lines with the same patient, day, code and `site` bill one service twice.
    #[serde(default)]
    pub site: String,
    pub description: String,
    pub amount: Money,
    /// What the insurer's explanation of benefits said about this line.
    #[serde(default)]
    pub eob: Option<EobLine>,
    /// The good-faith estimate the patient was given for this service (world fact
    /// `BillOverEstimate` when the bill is $400 or more above it).
    #[serde(default)]
    pub estimate: Option<Money>,
    /// The seed moves every amount of this charge (and its EOB) by up to this many percent,
    /// keeping the EOB's arithmetic; say the amounts with `{amount:ID}`, `{owes:ID}`.
    #[serde(default)]
    pub vary_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EobLine {
    pub allowed: Money,
    pub insurer_paid: Money,
    pub patient_owes: Money,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockItem {
    pub id: Id,
    pub name: String,
    pub unit: String,
    pub par: u32,
    pub reorder_point: u32,
    #[serde(default)]
    pub lots: Vec<Lot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    pub id: Id,
    pub quantity: u32,
    pub expires: Day,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Equipment {
    pub id: Id,
    pub name: String,
    pub kind: EquipmentKind,
    #[serde(default)]
    pub notes: Vec<String>,
    /// When it was last checked; with the policy's interval this makes a check due.
    #[serde(default)]
    pub last_checked: Option<Day>,
    /// What its indicator, gauge or seal shows.
    #[serde(default)]
    pub status: EquipmentStatus,
    /// An AED's pads' use-by date (world fact `AedPadsExpireSoon` within the policy's days).
    #[serde(default)]
    pub pads_expire: Option<Day>,
    /// An AED's battery's install-by date.
    #[serde(default)]
    pub battery_expires: Option<Day>,
    /// Used since its last check (an emergency kit opened, an extinguisher discharged).
    #[serde(default)]
    pub used: bool,
}

/// What a piece of equipment shows. Each word's meaning: `EquipmentStatus::WORDS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EquipmentStatus {
    #[default]
    Ready,
    Fault,
}

impl EquipmentStatus {
    /// The statuses, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Ready",
            "status: Ready",
            "the default: a green indicator, a gauge in the green, a seal intact",
        ),
        WordMeaning::new(
            "Fault",
            "status: Fault",
            "shows a fault (a red indicator or a chirp, a gauge out of the green, a missing pin or seal, damage): the office knows `EquipmentFault` (`AedFault` for an AED)",
        ),
    ];
}

/// The kind of a piece of safety equipment. Each word's meaning: `EquipmentKind::WORDS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EquipmentKind {
    Aed,
    FireExtinguisher,
    EmergencyKit,
    EyewashStation,
    Other,
}

impl EquipmentKind {
    /// The kinds, with their meanings.
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "Aed",
            "kind: Aed",
            "an automated external defibrillator: checked every `aed_check_days`; its `pads_expire` is watched",
        ),
        WordMeaning::new(
            "FireExtinguisher",
            "kind: FireExtinguisher",
            "a fire extinguisher: inspected every `extinguisher_check_days`; once `used` it is out of service",
        ),
        WordMeaning::new(
            "EmergencyKit",
            "kind: EmergencyKit",
            "the emergency kit: checked every `kit_check_days`, and again once `used`",
        ),
        WordMeaning::new(
            "EyewashStation",
            "kind: EyewashStation",
            "an eyewash station: only its `status` is read (no check interval)",
        ),
        WordMeaning::new(
            "Other",
            "kind: Other",
            "any other equipment: only its `status` is read",
        ),
    ];
}

/// Something that reaches the desk at a simulated time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: EventId,
    /// When it arrives; an event without one arrives only when a consequence brings it.
    #[serde(default)]
    pub at: Option<SimTime>,
    /// The seed moves the event up to this much later, so trainees cannot memorise the timing.
    #[serde(default)]
    pub jitter: SimDuration,
    pub kind: EventKind,
    /// The scene it happens in (its `at` is a time of that scene's day); the first when none.
    #[serde(default)]
    pub scene: Option<Id>,
    /// One line for the desk's lists, e.g. "Caller with chest pain".
    pub summary: String,
    #[serde(default)]
    pub patient: Option<PatientId>,
    /// Who is on the line or at the window when it is not the patient.
    #[serde(default)]
    pub caller: Option<String>,
    #[serde(default)]
    pub facts: Vec<Fact>,
    #[serde(default)]
    pub temperature_f: Option<f32>,
    /// Scenario-specific facts that rules may match with `Tag("…")`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// What the person says when the trainee picks up or turns to them; a line may be a list
    /// of wordings the seed chooses between.
    #[serde(default)]
    pub says: Vec<Text>,
    /// What the person says after the trainee does something.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// Dialogue the trainee may choose; each counts as an act the rules can judge.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// How long this person waits, when not the policy's default.
    #[serde(default)]
    pub patience: Option<super::Patience>,
    /// The mood they arrive in.
    #[serde(default)]
    pub mood: Mood,
    /// Ids of the things this event is about (equipment, stock items, lots, charges,
    /// appointments); rules with `about_event: true` only count acts on these.
    #[serde(default)]
    pub about: Vec<Id>,
    /// A document that comes with the event (an EOB, a letter), relative to this file.
    #[serde(default)]
    pub attachment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub after: ActKind,
    /// Only when this holds (after the act): replies depend on the whole conversation.
    #[serde(default)]
    pub when: Option<super::When>,
    pub text: Text,
    /// Facts the person tells only now (the caller mentions chest pressure when screened):
    /// facts of the event, known to the trainee from this reply on.
    #[serde(default)]
    pub reveals: Vec<Fact>,
    /// Said at most once: the next time, the next reply that fits is said instead (a reply
    /// `when: Said(choice: …)` would otherwise come back on every later act of its kind).
    #[serde(default)]
    pub once: bool,
}

/// What someone says: one wording, or several the seed chooses between (`["…", "…"]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    One(String),
    Variants(Vec<String>),
}

impl Text {
    /// The wording numbered `pick` (wrapping), for a seed's choice.
    pub fn pick(&self, pick: usize) -> &str {
        match self {
            Text::One(text) => text,
            Text::Variants(all) => all.get(pick % all.len().max(1)).map_or("", String::as_str),
        }
    }

    /// How many wordings there are.
    pub fn variants(&self) -> usize {
        match self {
            Text::One(_) => 1,
            Text::Variants(all) => all.len(),
        }
    }

    pub fn all(&self) -> &[String] {
        match self {
            Text::One(text) => std::slice::from_ref(text),
            Text::Variants(all) => all,
        }
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::One(text) => serializer.serialize_str(text),
            Text::Variants(all) => all.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a line in quotes, or a list of wordings [\"…\", \"…\"]")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text::One(text.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text::One(text))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                let mut all = Vec::new();
                while let Some(text) = seq.next_element::<String>()? {
                    all.push(text);
                }
                if all.is_empty() {
                    return Err(serde::de::Error::custom(
                        "a list of wordings needs at least one",
                    ));
                }
                Ok(Text::Variants(all))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: ChoiceId,
    pub text: String,
    pub counts_as: ActKind,
    #[serde(default)]
    pub details: Vec<Detail>,
    /// What the act works on, as an action's `target` (the extinguisher grabbed, the lot picked).
    #[serde(default)]
    pub target: Option<Id>,
    /// Offered only while this holds (the caller has said what is wrong, say).
    #[serde(default)]
    pub when: Option<super::When>,
    /// Withdrawn once said. (A greeting is withdrawn, with the other greetings, once one of
    /// them was said, without it.)
    #[serde(default)]
    pub once: bool,
}

/// A scripted attempt and the outcome it must get; `frontdesk check` runs every one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestPlan {
    pub name: String,
    #[serde(default)]
    pub seed: u64,
    /// Play on this date instead of the seed's (e.g. to put a weekend or holiday in between).
    #[serde(default)]
    pub date: Option<Date>,
    /// `check` also plays the plan under other seeds and wants the same verdict; `false` when
    /// the verdict rightly depends on this seed.
    #[serde(default = "yes")]
    pub vary_seed: bool,
    /// Run under this policy pack instead of the scenario's.
    #[serde(default)]
    pub policy: Option<PolicyId>,
    /// Start from another plan's actions…
    #[serde(default)]
    pub from: Option<String>,
    /// …without every action of these kinds…
    #[serde(default)]
    pub drop: Vec<ActKind>,
    /// …and with these added.
    #[serde(default)]
    pub actions: Vec<Action>,
    pub expect: Expect,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub passed: bool,
    /// Exactly the rules that must fail; every other applicable rule must pass.
    #[serde(default)]
    pub fails: Vec<RuleId>,
    #[serde(default)]
    pub score_percent: Option<u32>,
    /// How many actions the session must refuse.
    #[serde(default)]
    pub refused: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub id: OfficeId,
    pub name: String,
    pub setting: Setting,
    pub phone: String,
    /// The trainee's name at this desk, used in greetings.
    pub desk_name: String,
    pub opens: SimTime,
    pub closes: SimTime,
    /// The weekdays it is open (Monday to Friday when not given).
    #[serde(default = "weekdays")]
    pub open_days: Vec<Weekday>,
    /// The holidays it closes for.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    pub providers: Vec<Provider>,
    /// Slots held back for same-day needs.
    #[serde(default)]
    pub buffer_slots: Vec<BufferSlot>,
    /// The policy pack this office follows.
    pub policy: PolicyId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: ProviderId,
    pub name: String,
    pub role: ProviderRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BufferSlot {
    pub provider: ProviderId,
    pub start: SimTime,
    pub minutes: u32,
}

/// The numbers clinics differ on, and any rules of their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: PolicyId,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Named numbers rules refer to with `Policy("name")` (see `PolicyParam` for each one's
    /// meaning, unit and default).
    #[serde(default)]
    pub values: BTreeMap<PolicyParam, u32>,
    /// Minutes each visit type takes on the schedule.
    pub visit_minutes: BTreeMap<VisitType, u32>,
    /// The score an attempt needs to pass, when no critical rule failed.
    #[serde(default = "default_pass_percent")]
    pub pass_percent: u32,
    /// Built-in rules this clinic does not use (never a critical one).
    #[serde(default)]
    pub disable: Vec<RuleId>,
    /// Rules of the clinic's own.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

fn default_pass_percent() -> u32 {
    80
}

fn yes() -> bool {
    true
}

fn weekdays() -> Vec<Weekday> {
    Weekday::ALL[..5].to_vec()
}

impl Policy {
    /// A named number: the policy's own, else the parameter's default; `None` when neither.
    pub fn value(&self, param: PolicyParam) -> Option<u32> {
        self.values
            .get(&param)
            .copied()
            .or_else(|| param.default_value())
    }

    pub fn visit_minutes(&self, visit: VisitType) -> u32 {
        self.visit_minutes.get(&visit).copied().unwrap_or(15)
    }
}
