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
    pub starts_at: SimTime,
    pub ends_at: SimTime,
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
    #[serde(default)]
    pub test_plans: Vec<TestPlan>,
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
    #[serde(default)]
    pub allergies: Vec<Allergy>,
    /// True when the record states "no known drug allergies".
    #[serde(default)]
    pub nkda: bool,
    #[serde(default)]
    pub balance: Money,
    #[serde(default)]
    pub flags: Vec<PatientFlag>,
    #[serde(default)]
    pub notes: Vec<String>,
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
    pub description: String,
    pub amount: Money,
    /// What the insurer's explanation of benefits said about this line.
    #[serde(default)]
    pub eob: Option<EobLine>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EquipmentKind {
    Aed,
    FireExtinguisher,
    EmergencyKit,
    EyewashStation,
    Other,
}

/// Something that reaches the desk at a simulated time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: EventId,
    pub at: SimTime,
    /// The seed moves the event up to this much later, so trainees cannot memorise the timing.
    #[serde(default)]
    pub jitter: SimDuration,
    pub kind: EventKind,
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
    /// What the person says when the trainee picks up or turns to them.
    #[serde(default)]
    pub says: Vec<String>,
    /// What the person says after the trainee does something.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// Dialogue the trainee may choose; each counts as an act the rules can judge.
    #[serde(default)]
    pub choices: Vec<Choice>,
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
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: ChoiceId,
    pub text: String,
    pub counts_as: ActKind,
    #[serde(default)]
    pub details: Vec<Detail>,
}

/// A scripted attempt and the outcome it must get; `frontdesk check` runs every one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestPlan {
    pub name: String,
    #[serde(default)]
    pub seed: u64,
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
