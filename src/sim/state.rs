//! Office state during an attempt: the schedule, the ledger, stock, the safety log and the paper
//! trail (messages, documentation, referrals). Acts that change it are checked here and refused
//! when impossible, with a reason the trainee can act on.

use super::Refusal;
use super::registration::{RegistrationRecord, is_registration_act};
use crate::model::*;
use crate::scenario::{EobLine, EquipmentKind, EquipmentStatus, Office, Policy, Scenario};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize)]
pub struct Booking {
    pub id: Id,
    pub patient: Option<PatientId>,
    pub name: String,
    pub provider: ProviderId,
    /// Calendar days from today.
    pub day: i64,
    pub start: SimTime,
    pub minutes: u32,
    pub visit: VisitType,
    pub double_booked: bool,
    pub cancelled: bool,
}

impl Booking {
    pub fn end(&self) -> SimTime {
        self.start.plus(self.minutes * 60)
    }

    fn overlaps(&self, provider: &str, day: i64, start: SimTime, end: SimTime) -> bool {
        !self.cancelled
            && self.provider == provider
            && self.day == day
            && self.start < end
            && start < self.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChargeState {
    pub id: Id,
    pub patient: PatientId,
    pub day: i64,
    pub code: String,
    pub site: String,
    /// As billed in this attempt (the seed may move authored amounts; see `vary_percent`).
    pub amount: Money,
    pub eob: Option<EobLine>,
    pub estimate: Option<Money>,
    pub reversed: bool,
}

impl ChargeState {
    /// Whether `other` bills the same service: same patient, day, code and site.
    pub fn same_service(&self, other: &ChargeState) -> bool {
        self.patient == other.patient
            && self.day == other.day
            && self.code == other.code
            && self.site == other.site
    }

    /// The patient owes this much on the line: the EOB's share, else the amount billed.
    pub fn owes(&self) -> Money {
        self.eob.as_ref().map_or(self.amount, |e| e.patient_owes)
    }
}

/// A piece of safety equipment as the office knows it during the attempt.
#[derive(Debug, Clone, Serialize)]
pub struct EquipmentState {
    pub id: Id,
    pub kind: EquipmentKind,
    /// The day (from day 0) of its last check, if known.
    pub last_checked: Option<i64>,
    pub status: EquipmentStatus,
    pub pads_expire: Option<i64>,
    pub battery_expires: Option<i64>,
    /// Used since its last check and not yet restocked.
    pub used: bool,
    /// Tagged "Not Ready" during the attempt.
    pub not_ready: bool,
    /// Checks logged during the attempt.
    pub checks_logged: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct StockLot {
    pub id: Id,
    pub quantity: u32,
    /// Calendar days from today; negative is already expired.
    pub expires: i64,
    pub on_shelf: bool,
    pub segregated: bool,
    pub disposal_logged: bool,
}

impl StockLot {
    /// Past its use-by date on `day` (days from day 0).
    pub fn expired_on(&self, day: i64) -> bool {
        self.expires < day
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StockState {
    pub id: Id,
    pub par: u32,
    pub reorder_point: u32,
    pub lots: Vec<StockLot>,
    pub on_order: u32,
    /// Usable stock on the shelf when the day began.
    pub usable_at_start: u32,
}

impl StockState {
    /// Unexpired units on the shelf on `day`.
    pub fn usable_on(&self, day: i64) -> u32 {
        self.lots
            .iter()
            .filter(|l| l.on_shelf && !l.expired_on(day))
            .map(|l| l.quantity)
            .sum()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OfficeState {
    pub bookings: Vec<Booking>,
    pub approvals: BTreeSet<ProviderId>,
    pub charges: Vec<ChargeState>,
    pub payment_plans: BTreeSet<PatientId>,
    pub stock: Vec<StockState>,
    pub equipment: Vec<EquipmentState>,
    pub providers: Vec<ProviderId>,
    /// Providers who see patients (not the manager or the coder).
    pub bookable: Vec<ProviderId>,
    pub opens: SimTime,
    pub closes: SimTime,
    pub buffer_slots: Vec<(ProviderId, SimTime)>,
    pub calendar: Calendar,
    /// The clock's day (from day 0), kept by the session as the clock moves.
    pub day: i64,
    /// The name each scenario patient goes by in this attempt.
    pub names: BTreeMap<PatientId, String>,
    /// The registration record of each new patient (a patient with a `registration`).
    pub registrations: Vec<RegistrationRecord>,
}

const FILLER_NAMES: &[&str] = &[
    "Avery Collins",
    "Jordan Pike",
    "Sam Okafor",
    "Riley Nguyen",
    "Casey Moreau",
    "Morgan Adeyemi",
    "Taylor Brandt",
    "Jamie Kowalski",
    "Drew Halvorsen",
    "Quinn Castillo",
    "Rowan Ibarra",
    "Skyler Tanaka",
];

/// What the seed chose for an attempt that the office state needs.
pub struct Draws<'a> {
    pub calendar: &'a Calendar,
    /// The name each scenario patient goes by, by patient index.
    pub names: &'a [String],
    /// Which slots of booked blocks stay free.
    pub slots: &'a mut ChaCha8Rng,
    /// How far charges' amounts move.
    pub amounts: &'a mut ChaCha8Rng,
}

impl OfficeState {
    pub fn new(scenario: &Scenario, office: &Office, policy: &Policy, draws: Draws) -> OfficeState {
        let Draws {
            calendar,
            names,
            slots,
            amounts,
        } = draws;
        let name_of = |id: &PatientId| {
            let index = scenario.patients.iter().position(|p| &p.id == id)?;
            names.get(index).cloned()
        };
        let mut bookings: Vec<Booking> = scenario
            .schedule
            .iter()
            .map(|a| Booking {
                id: a.id.clone(),
                patient: a.patient.clone(),
                name: a
                    .name
                    .clone()
                    .or_else(|| a.patient.as_ref().and_then(name_of))
                    .unwrap_or_default(),
                provider: a.provider.clone(),
                day: a.day.offset_days(calendar),
                start: a.start,
                minutes: policy.visit_minutes(a.visit),
                visit: a.visit,
                double_booked: false,
                cancelled: false,
            })
            .collect();
        for (block_index, block) in scenario.booked_blocks.iter().enumerate() {
            let minutes = policy.visit_minutes(block.visit).max(5);
            let slot_count = (block.to.since(block.from) / (minutes * 60)) as usize;
            let mut free: Vec<usize> = (0..slot_count).collect();
            free.shuffle(slots);
            free.truncate((block.free as usize).min(slot_count));
            let mut start = block.from;
            let mut n = 0;
            while start.plus(minutes * 60) <= block.to {
                let name = FILLER_NAMES[slots.random_range(0..FILLER_NAMES.len())];
                if free.contains(&n) {
                    start = start.plus(minutes * 60);
                    n += 1;
                    continue;
                }
                bookings.push(Booking {
                    id: format!("block{block_index}-{n}"),
                    patient: None,
                    name: name.to_owned(),
                    provider: block.provider.clone(),
                    day: 0,
                    start,
                    minutes,
                    visit: block.visit,
                    double_booked: false,
                    cancelled: false,
                });
                start = start.plus(minutes * 60);
                n += 1;
            }
        }
        let charges = scenario
            .ledger
            .iter()
            .map(|c| {
                // One factor per charge scales all its amounts, so the EOB still adds up.
                let percent = i64::from(c.vary_percent.min(50));
                let factor = if percent == 0 {
                    100
                } else {
                    100 + amounts.random_range(-percent..=percent)
                };
                let scale = |m: Money| Money::from_cents((m.cents * factor + 50).div_euclid(100));
                let eob = c.eob.as_ref().map(|e| {
                    let allowed = scale(e.allowed);
                    let insurer_paid = scale(e.insurer_paid);
                    let adds_up = e.allowed.cents - e.insurer_paid.cents == e.patient_owes.cents;
                    EobLine {
                        allowed,
                        insurer_paid,
                        patient_owes: if adds_up {
                            Money::from_cents(allowed.cents - insurer_paid.cents)
                        } else {
                            scale(e.patient_owes)
                        },
                        note: e.note.clone(),
                    }
                });
                ChargeState {
                    id: c.id.clone(),
                    patient: c.patient.clone(),
                    day: c.day.offset_days(calendar),
                    code: c.code.clone(),
                    site: c.site.clone(),
                    amount: scale(c.amount),
                    eob,
                    // The estimate was written before the bill: it does not move with it.
                    estimate: c.estimate,
                    reversed: false,
                }
            })
            .collect();
        let stock = scenario
            .inventory
            .iter()
            .map(|item| {
                let lots: Vec<StockLot> = item
                    .lots
                    .iter()
                    .map(|l| StockLot {
                        id: l.id.clone(),
                        quantity: l.quantity,
                        expires: l.expires.offset_days(calendar),
                        on_shelf: true,
                        segregated: false,
                        disposal_logged: false,
                    })
                    .collect();
                let mut state = StockState {
                    id: item.id.clone(),
                    par: item.par,
                    reorder_point: item.reorder_point,
                    lots,
                    on_order: 0,
                    usable_at_start: 0,
                };
                state.usable_at_start = state.usable_on(0);
                state
            })
            .collect();
        OfficeState {
            bookings,
            charges,
            stock,
            equipment: scenario
                .equipment
                .iter()
                .map(|e| EquipmentState {
                    id: e.id.clone(),
                    kind: e.kind,
                    last_checked: e.last_checked.map(|d| d.offset_days(calendar)),
                    status: e.status,
                    pads_expire: e.pads_expire.map(|d| d.offset_days(calendar)),
                    battery_expires: e.battery_expires.map(|d| d.offset_days(calendar)),
                    used: e.used,
                    not_ready: false,
                    checks_logged: 0,
                })
                .collect(),
            calendar: calendar.clone(),
            registrations: scenario
                .patients
                .iter()
                .zip(names)
                .filter_map(|(p, name)| RegistrationRecord::new(p, name.clone()))
                .collect(),
            names: scenario
                .patients
                .iter()
                .zip(names)
                .map(|(p, name)| (p.id.clone(), name.clone()))
                .collect(),
            providers: office.providers.iter().map(|p| p.id.clone()).collect(),
            bookable: office
                .providers
                .iter()
                .filter(|p| !matches!(p.role, ProviderRole::Manager | ProviderRole::Coder))
                .map(|p| p.id.clone())
                .collect(),
            opens: office.opens,
            closes: office.closes,
            buffer_slots: office
                .buffer_slots
                .iter()
                .map(|b| (b.provider.clone(), b.start))
                .collect(),
            ..OfficeState::default()
        }
    }

    /// The registration record of a patient, if they are a new patient.
    pub fn registration(&self, patient: &str) -> Option<&RegistrationRecord> {
        self.registrations.iter().find(|r| r.patient == patient)
    }

    /// Carries out a registration act on the patient's record (see `sim::registration`):
    /// returns the details the desk adds. A registration act for a patient the office already
    /// knows is recorded and changes nothing.
    pub fn register(
        &mut self,
        now: SimTime,
        act: ActKind,
        details: &DetailSet,
        patient: Option<&PatientId>,
    ) -> Result<Vec<Detail>, Refusal> {
        if !is_registration_act(act) {
            return Ok(Vec::new());
        }
        let patient = patient.ok_or(Refusal::Incomplete(
            "a registration act needs the `patient` it is for",
        ))?;
        match self
            .registrations
            .iter_mut()
            .find(|r| &r.patient == patient)
        {
            Some(record) => record.apply(now, act, details),
            None => Ok(Vec::new()),
        }
    }

    /// Applies the office side of an act. Returns details the act earned (e.g. `SameDay`).
    pub fn apply(
        &mut self,
        now: SimTime,
        act: ActKind,
        action: &Action,
        patient: Option<&PatientId>,
        policy: &Policy,
    ) -> Result<Vec<Detail>, Refusal> {
        match act {
            ActKind::Book | ActKind::DoubleBook => self.book(now, act, action, patient, policy),
            ActKind::Move => self.move_booking(now, action),
            ActKind::Cancel => {
                let booking = self.booking_mut(action)?;
                booking.cancelled = true;
                Ok(Vec::new())
            }
            ActKind::RequestApproval => {
                let provider = self.provider(action)?;
                self.approvals.insert(provider);
                Ok(Vec::new())
            }
            ActKind::ReverseCharge => {
                let charge = self.charge_mut(action)?;
                if charge.reversed {
                    return Err(Refusal::AlreadyReversed(charge.id.clone()));
                }
                charge.reversed = true;
                let reversed = charge.clone();
                let duplicate = self
                    .charges
                    .iter()
                    .any(|c| c.id != reversed.id && !c.reversed && c.same_service(&reversed));
                Ok(if duplicate {
                    vec![Detail::DuplicateFound]
                } else {
                    Vec::new()
                })
            }
            ActKind::OfferPaymentPlan => {
                let patient = patient.ok_or(Refusal::Incomplete(
                    "a payment plan needs the `patient` it is for",
                ))?;
                self.payment_plans.insert(patient.clone());
                Ok(Vec::new())
            }
            ActKind::OrderStock => {
                let day = i64::from(now.day());
                let quantity = action.quantity.unwrap_or(0);
                if quantity == 0 {
                    return Err(Refusal::Incomplete(
                        "an order needs a `quantity` of at least 1",
                    ));
                }
                let item = self.stock_mut(action)?;
                item.on_order = item.on_order.saturating_add(quantity);
                Ok(if item.usable_on(day) + item.on_order >= item.par {
                    vec![Detail::ToPar]
                } else {
                    Vec::new()
                })
            }
            ActKind::RemoveLot | ActKind::SegregateLot | ActKind::LogDisposal | ActKind::UseLot => {
                self.handle_lot(now, act, action)
            }
            ActKind::LogCheck => {
                let day = i64::from(now.day());
                let equipment = self.equipment_mut(action)?;
                equipment.last_checked = Some(day);
                equipment.checks_logged += 1;
                Ok(Vec::new())
            }
            ActKind::TagNotReady => {
                self.equipment_mut(action)?.not_ready = true;
                Ok(Vec::new())
            }
            ActKind::UseExtinguisher if action.target.is_some() => {
                self.equipment_mut(action)?.used = true;
                Ok(Vec::new())
            }
            ActKind::RestockKit => {
                self.equipment_mut(action)?.used = false;
                Ok(Vec::new())
            }
            _ => Ok(Vec::new()),
        }
    }

    fn book(
        &mut self,
        now: SimTime,
        act: ActKind,
        action: &Action,
        patient: Option<&PatientId>,
        policy: &Policy,
    ) -> Result<Vec<Detail>, Refusal> {
        let provider = self.bookable_provider(action)?;
        let visit = action
            .visit
            .ok_or(Refusal::Incomplete("a booking needs a `visit` type"))?;
        let start = action
            .start
            .ok_or(Refusal::Incomplete("a booking needs a `start` time"))?;
        let day = self.day_of(now, action.day);
        let today = i64::from(now.day());
        if day < today || (day == today && start < now.time_of_day()) {
            return Err(Refusal::InThePast {
                start,
                moving: false,
            });
        }
        self.open_on(day)?;
        let minutes = policy.visit_minutes(visit);
        let end = start.plus(minutes * 60);
        if start < self.opens || end > self.closes {
            return Err(Refusal::OutsideHours {
                start,
                end,
                opens: self.opens,
                closes: self.closes,
            });
        }
        let overlaps = self
            .bookings
            .iter()
            .any(|b| b.overlaps(&provider, day, start, end));
        let buffer = day == today
            && self
                .buffer_slots
                .iter()
                .any(|(p, s)| *p == provider && *s == start);
        let mut details = vec![if day == today {
            Detail::SameDay
        } else {
            Detail::LaterDay
        }];
        if buffer {
            details.push(Detail::BufferSlot);
        }
        // How far ahead the visit is, in business days: the No Surprises Act's good-faith
        // estimate deadlines depend on it (45 CFR 149.610(b)(1)(ii)).
        let ahead = self
            .calendar
            .business_days_between(self.calendar.date(today), self.calendar.date(day));
        if ahead >= 3 {
            details.push(Detail::ThreeBusinessDaysAhead);
        }
        if ahead >= 10 {
            details.push(Detail::TenBusinessDaysAhead);
        }
        if act == ActKind::Book && overlaps {
            return Err(Refusal::SlotTaken { provider, start });
        }
        if act == ActKind::DoubleBook {
            if !self.approvals.contains(&provider) {
                return Err(Refusal::NeedsApproval(provider));
            }
            details.push(Detail::Approved);
            if overlaps {
                details.push(Detail::Overlaps);
            }
        }
        let name = patient
            .and_then(|p| self.names.get(p))
            .cloned()
            .or_else(|| patient.map(|p| p.to_string()))
            .unwrap_or_else(|| "walk-in".to_owned());
        if act == ActKind::DoubleBook {
            let hour = start.hour();
            let theirs = |b: &&Booking| {
                b.double_booked && !b.cancelled && b.provider == provider && b.day == day
            };
            let in_day = self.bookings.iter().filter(theirs).count() + 1;
            let in_hour = self
                .bookings
                .iter()
                .filter(theirs)
                .filter(|b| b.start.hour() == hour)
                .count()
                + 1;
            let over = |param: PolicyParam, count: usize| {
                policy
                    .value(param)
                    .is_some_and(|limit| count > limit as usize)
            };
            if over(PolicyParam::MaxDoubleBooksPerDay, in_day)
                || over(PolicyParam::MaxDoubleBooksPerHour, in_hour)
            {
                details.push(Detail::OverLimit);
            }
        }
        self.bookings.push(Booking {
            id: format!("new-{}", self.bookings.len()),
            patient: patient.cloned(),
            name,
            provider,
            day,
            start,
            minutes,
            visit,
            double_booked: act == ActKind::DoubleBook,
            cancelled: false,
        });
        Ok(details)
    }

    fn move_booking(&mut self, now: SimTime, action: &Action) -> Result<Vec<Detail>, Refusal> {
        let start = action
            .start
            .ok_or(Refusal::Incomplete("moving needs the new `start` time"))?;
        let day = self.day_of(now, action.day);
        let today = i64::from(now.day());
        if day < today || (day == today && start < now.time_of_day()) {
            return Err(Refusal::InThePast {
                start,
                moving: true,
            });
        }
        self.open_on(day)?;
        if action.provider.is_some() {
            self.bookable_provider(action)?;
        }
        let index = self.booking_index(action)?;
        let booking = &self.bookings[index];
        let provider = action
            .provider
            .clone()
            .unwrap_or_else(|| booking.provider.clone());
        let end = start.plus(booking.minutes * 60);
        let clash = self
            .bookings
            .iter()
            .enumerate()
            .any(|(i, b)| i != index && b.overlaps(&provider, day, start, end));
        if clash {
            return Err(Refusal::MoveClash { provider, start });
        }
        let booking = &mut self.bookings[index];
        booking.provider = provider;
        booking.start = start;
        booking.day = day;
        Ok(vec![if day == today {
            Detail::SameDay
        } else {
            Detail::LaterDay
        }])
    }

    fn handle_lot(
        &mut self,
        now: SimTime,
        act: ActKind,
        action: &Action,
    ) -> Result<Vec<Detail>, Refusal> {
        let day = i64::from(now.day());
        let lot_id = action
            .target
            .as_deref()
            .ok_or(Refusal::Incomplete("name the lot in `target`"))?;
        let no_lot = || Refusal::NoSuch {
            what: "lot",
            id: lot_id.to_owned(),
        };
        let item = self
            .stock
            .iter_mut()
            .find(|s| s.lots.iter().any(|l| l.id == lot_id))
            .ok_or_else(no_lot)?;
        // FEFO: the usable lot on the shelf that expires first.
        let first_expiring = item
            .lots
            .iter()
            .filter(|l| l.on_shelf && !l.expired_on(day) && l.quantity > 0)
            .min_by_key(|l| l.expires)
            .map(|l| l.id.clone());
        let Some(lot) = item.lots.iter_mut().find(|l| l.id == lot_id) else {
            return Err(no_lot());
        };
        let expired = lot.expired_on(day);
        let mut details = Vec::new();
        if expired {
            details.push(Detail::Expired);
        }
        if act == ActKind::UseLot && first_expiring.as_deref() == Some(lot_id) {
            details.push(Detail::FirstExpiring);
        }
        match act {
            ActKind::RemoveLot if !lot.on_shelf => {
                return Err(Refusal::LotAlreadyOff(lot_id.to_owned()));
            }
            ActKind::RemoveLot => lot.on_shelf = false,
            ActKind::SegregateLot if lot.on_shelf => {
                return Err(Refusal::LotStillOnShelf(lot_id.to_owned()));
            }
            ActKind::SegregateLot => lot.segregated = true,
            ActKind::LogDisposal => lot.disposal_logged = true,
            ActKind::UseLot if !lot.on_shelf || lot.quantity == 0 => {
                return Err(Refusal::LotNotOnShelf(lot_id.to_owned()));
            }
            ActKind::UseLot => lot.quantity -= 1,
            _ => {}
        }
        Ok(details)
    }

    fn provider(&self, action: &Action) -> Result<ProviderId, Refusal> {
        let id = action
            .provider
            .as_ref()
            .ok_or(Refusal::Incomplete("name the `provider`"))?;
        if self.providers.contains(id) {
            Ok(id.clone())
        } else {
            Err(Refusal::UnknownProvider(id.clone()))
        }
    }

    fn bookable_provider(&self, action: &Action) -> Result<ProviderId, Refusal> {
        let id = self.provider(action)?;
        if self.bookable.contains(&id) {
            Ok(id)
        } else {
            Err(Refusal::NotBookable(id))
        }
    }

    fn booking_index(&self, action: &Action) -> Result<usize, Refusal> {
        let id = action
            .target
            .as_deref()
            .ok_or(Refusal::Incomplete("name the appointment in `target`"))?;
        self.bookings
            .iter()
            .position(|b| b.id == id && !b.cancelled)
            .ok_or_else(|| Refusal::NoSuch {
                what: "open appointment",
                id: id.to_owned(),
            })
    }

    fn booking_mut(&mut self, action: &Action) -> Result<&mut Booking, Refusal> {
        let index = self.booking_index(action)?;
        Ok(&mut self.bookings[index])
    }

    fn charge_mut(&mut self, action: &Action) -> Result<&mut ChargeState, Refusal> {
        let id = action
            .target
            .as_deref()
            .ok_or(Refusal::Incomplete("name the charge in `target`"))?;
        self.charges
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or_else(|| Refusal::NoSuch {
                what: "charge",
                id: id.to_owned(),
            })
    }

    fn stock_mut(&mut self, action: &Action) -> Result<&mut StockState, Refusal> {
        let id = action
            .target
            .as_deref()
            .ok_or(Refusal::Incomplete("name the stock item in `target`"))?;
        self.stock
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| Refusal::NoSuch {
                what: "stock item",
                id: id.to_owned(),
            })
    }

    fn equipment_mut(&mut self, action: &Action) -> Result<&mut EquipmentState, Refusal> {
        let id = action
            .target
            .as_deref()
            .ok_or(Refusal::Incomplete("name the equipment in `target`"))?;
        self.equipment
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| Refusal::NoSuch {
                what: "equipment",
                id: id.to_owned(),
            })
    }

    /// The day a scheduling act means, in days from day 0: `day` counts from the clock's day.
    fn day_of(&self, now: SimTime, day: Option<Day>) -> i64 {
        let today = i64::from(now.day());
        match day.unwrap_or_default() {
            Day::BusinessDaysAhead(n) => {
                let from = self.calendar.date(today);
                today + (self.calendar.add_business_days(from, n).days() - from.days())
            }
            other => today + other.offset_days(&self.calendar),
        }
    }

    /// Refuses a day the office is closed.
    fn open_on(&self, day: i64) -> Result<(), Refusal> {
        let date = self.calendar.date(day);
        if self.calendar.is_open(date) {
            return Ok(());
        }
        Err(Refusal::Closed {
            date: date.long(),
            why: match self.calendar.holiday(date) {
                Some(holiday) => format!("closed for {}", holiday.name()),
                None => "closed that day of the week".to_owned(),
            },
        })
    }
}
