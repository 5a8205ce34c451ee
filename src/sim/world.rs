//! World facts: what the office itself knows about an event, derived from its state at the
//! moment the event arrives (not from what an author wrote on it). The event's patient's record
//! (age, contact restrictions, risk flag, coverage) and the things it is about (lots and stock
//! items, safety equipment, charges) decide them; `Fact::WORLD` lists the facts derived here.

use super::Session;
use super::state::{ChargeState, EquipmentState, StockLot};
use crate::model::{Fact, FactSet, Money, PolicyParam};
use crate::scenario::{EquipmentKind, EquipmentStatus, Patient, PatientFlag, PlanKind};

/// A bill this much above its good-faith estimate can be disputed (45 CFR 149.620).
pub const DISPUTE_THRESHOLD: Money = Money::from_cents(40_000);

/// The world facts of the event (index into `Session::events`) as the office stands now.
pub fn world_facts(session: &Session, event: usize) -> FactSet {
    let mut facts = FactSet::default();
    let def = session.event_def(event);
    if let Some(patient) = def
        .patient
        .as_ref()
        .and_then(|id| session.scenario.patients.iter().find(|p| &p.id == id))
    {
        record_facts(session, patient, &mut facts);
    }
    let state = &session.state;
    let today = i64::from(session.now.day());
    let days = |param: PolicyParam| i64::from(session.policy.value(param).unwrap_or(30));
    for id in &def.about {
        for item in state.stock.iter().filter(|s| &s.id == id) {
            lot_facts(item.lots.iter(), today, &mut facts);
            if item.usable_on(today) <= item.reorder_point {
                facts.insert(Fact::StockLow);
            }
        }
        let lots = state.stock.iter().flat_map(|s| s.lots.iter());
        lot_facts(lots.filter(|l| &l.id == id), today, &mut facts);
        for equipment in state.equipment.iter().filter(|e| &e.id == id) {
            equipment_facts(equipment, today, &days, &mut facts);
        }
        for charge in state.charges.iter().filter(|c| &c.id == id) {
            charge_facts(charge, &state.charges, &mut facts);
        }
        for booking in state
            .bookings
            .iter()
            .filter(|b| &b.id == id && !b.cancelled)
        {
            // Notice is counted from when the cancellation comes in to the visit's start.
            let starts = booking.start.on_day(booking.day.max(0) as u32);
            let notice_hours = session
                .policy
                .value(PolicyParam::LateCancelHours)
                .unwrap_or(24);
            if starts.since(session.now) < notice_hours.saturating_mul(3600) {
                facts.insert(Fact::LateCancellation);
            }
        }
    }
    if over_estimate(session, &def.about) {
        facts.insert(Fact::BillOverEstimate);
    }
    facts
}

/// Whether the bill for the charges an event is about comes to $400 or more above their good-
/// faith estimate: the dispute threshold compares totals (45 CFR 149.620(a)), and a line added on
/// the day with no estimate counts as estimated at nothing.
fn over_estimate(session: &Session, about: &[crate::model::Id]) -> bool {
    let charges: Vec<&ChargeState> = session
        .state
        .charges
        .iter()
        .filter(|c| !c.reversed && about.contains(&c.id))
        .collect();
    if charges.iter().all(|c| c.estimate.is_none()) {
        return false;
    }
    let billed: i64 = charges.iter().map(|c| c.amount.cents).sum();
    let estimated: i64 = charges
        .iter()
        .filter_map(|c| c.estimate)
        .map(|m| m.cents)
        .sum();
    billed - estimated >= DISPUTE_THRESHOLD.cents
}

/// What the office's record says of a patient, as facts (age, contact restrictions, risk,
/// coverage, the collection-call log).
pub fn patient_facts(session: &Session, id: &str) -> FactSet {
    let mut facts = FactSet::default();
    if let Some(patient) = session.scenario.patients.iter().find(|p| p.id == id) {
        record_facts(session, patient, &mut facts);
    }
    facts
}

/// Collection calls on one account in seven consecutive days, at which the office stops
/// (office policy modelled on 12 CFR 1006.14(b)(2)(i)).
pub const CALLS_IN_SEVEN_DAYS: usize = 7;

fn record_facts(session: &Session, patient: &Patient, facts: &mut FactSet) {
    let calendar = session.calendar();
    let today = i64::from(session.now.day());
    let recent = patient
        .collection_calls
        .iter()
        .map(|d| d.offset_days(calendar))
        .filter(|d| (today - 6..=today).contains(d))
        .count();
    if recent >= CALLS_IN_SEVEN_DAYS {
        facts.insert(Fact::SevenCallsInSevenDays);
    }
    if patient.age.is_minor() {
        facts.insert(Fact::MinorPatient);
    }
    let flagged = |flag: PatientFlag| patient.flags.contains(&flag);
    if flagged(PatientFlag::ConfidentialContact) || flagged(PatientFlag::NoCallsAtHome) {
        facts.insert(Fact::ConfidentialContactRequested);
    }
    if flagged(PatientFlag::HighRisk) {
        facts.insert(Fact::HighRiskPatient);
    }
    if flagged(PatientFlag::InterpreterNeeded) {
        facts.insert(Fact::InterpreterNeeded);
    }
    if let Some(registration) = &patient.registration {
        facts.insert(Fact::NewPatientRegistration);
        if registration.card.is_some() {
            facts.insert(Fact::HasInsuranceCard);
        }
        if registration.needs_interpreter {
            facts.insert(Fact::InterpreterNeeded);
        }
        if registration.photo_id.is_none() {
            facts.insert(Fact::NoPhotoId);
        }
        if registration.coverage_mismatch() {
            facts.insert(Fact::CoverageMismatch);
        }
    }
    if patient.self_pay {
        facts.insert(Fact::SelfPay);
    }
    if patient
        .insurance
        .as_ref()
        .is_some_and(|i| i.plan == PlanKind::OriginalMedicare)
    {
        facts.insert(Fact::OriginalMedicare);
    }
}

fn lot_facts<'a>(lots: impl Iterator<Item = &'a StockLot>, today: i64, facts: &mut FactSet) {
    for lot in lots {
        if lot.on_shelf && lot.expired_on(today) {
            facts.insert(Fact::ExpiredLot);
        }
    }
}

fn equipment_facts(
    equipment: &EquipmentState,
    today: i64,
    days: &dyn Fn(PolicyParam) -> i64,
    facts: &mut FactSet,
) {
    let due = |param: PolicyParam| {
        equipment
            .last_checked
            .is_some_and(|last| today - last >= days(param))
    };
    let fault = equipment.status == EquipmentStatus::Fault;
    if fault {
        facts.insert(Fact::EquipmentFault);
    }
    match equipment.kind {
        EquipmentKind::Aed => {
            if due(PolicyParam::AedCheckDays) {
                facts.insert(Fact::AedCheckDue);
            }
            if fault {
                facts.insert(Fact::AedFault);
            }
            let soon = days(PolicyParam::ExpiringSoonDays);
            if equipment.pads_expire.is_some_and(|d| d - today <= soon) {
                facts.insert(Fact::AedPadsExpireSoon);
            }
        }
        EquipmentKind::EmergencyKit => {
            if due(PolicyParam::KitCheckDays) || equipment.used {
                facts.insert(Fact::EmergencyKitCheckDue);
            }
            if equipment.used {
                facts.insert(Fact::KitUsed);
            }
        }
        EquipmentKind::FireExtinguisher => {
            if due(PolicyParam::ExtinguisherCheckDays) {
                facts.insert(Fact::ExtinguisherCheckDue);
            }
            // A discharged extinguisher is out of service until recharged, however little was used.
            if equipment.used {
                facts.insert(Fact::EquipmentFault);
            }
        }
        EquipmentKind::EyewashStation | EquipmentKind::Other => {}
    }
}

fn charge_facts(charge: &ChargeState, all: &[ChargeState], facts: &mut FactSet) {
    if charge.reversed {
        return;
    }
    let twin = all
        .iter()
        .any(|c| c.id != charge.id && !c.reversed && c.same_service(charge));
    if twin {
        facts.insert(Fact::DuplicateCharge);
    }
}
