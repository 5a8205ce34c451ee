//! Office state during an attempt: the schedule, the ledger, stock, the safety log and the paper
//! trail (messages, documentation, referrals). Acts that change it are checked here and refused
//! when impossible, with a reason the trainee can act on.

use super::Refusal;
use crate::model::*;
use crate::scenario::{Office, Policy, Scenario};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeSet;

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
    pub amount: Money,
    pub reversed: bool,
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
    pub fn expired(&self) -> bool {
        self.expires < 0
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
    /// Unexpired units on the shelf.
    pub fn usable(&self) -> u32 {
        self.lots
            .iter()
            .filter(|l| l.on_shelf && !l.expired())
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
    pub equipment: Vec<Id>,
    pub not_ready: BTreeSet<Id>,
    pub checks_logged: Vec<Id>,
    pub providers: Vec<ProviderId>,
    /// Providers who see patients (not the manager or the coder).
    pub bookable: Vec<ProviderId>,
    pub opens: SimTime,
    pub closes: SimTime,
    pub buffer_slots: Vec<(ProviderId, SimTime)>,
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

impl OfficeState {
    pub fn new(
        scenario: &Scenario,
        office: &Office,
        policy: &Policy,
        rng: &mut ChaCha8Rng,
    ) -> OfficeState {
        let mut bookings: Vec<Booking> = scenario
            .schedule
            .iter()
            .map(|a| Booking {
                id: a.id.clone(),
                patient: a.patient.clone(),
                name: a
                    .name
                    .clone()
                    .or_else(|| {
                        let p = a.patient.as_ref()?;
                        let patient = scenario.patients.iter().find(|x| &x.id == p)?;
                        Some(patient.name.clone())
                    })
                    .unwrap_or_default(),
                provider: a.provider.clone(),
                day: a.day.offset_days(),
                start: a.start,
                minutes: policy.visit_minutes(a.visit),
                visit: a.visit,
                double_booked: false,
                cancelled: false,
            })
            .collect();
        for (block_index, block) in scenario.booked_blocks.iter().enumerate() {
            let minutes = policy.visit_minutes(block.visit).max(5);
            let mut start = block.from;
            let mut n = 0;
            while start.plus(minutes * 60) <= block.to {
                let name = FILLER_NAMES[rng.random_range(0..FILLER_NAMES.len())];
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
            .map(|c| ChargeState {
                id: c.id.clone(),
                patient: c.patient.clone(),
                day: c.day.offset_days(),
                code: c.code.clone(),
                amount: c.amount,
                reversed: false,
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
                        expires: l.expires.offset_days(),
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
                state.usable_at_start = state.usable();
                state
            })
            .collect();
        OfficeState {
            bookings,
            charges,
            stock,
            equipment: scenario.equipment.iter().map(|e| e.id.clone()).collect(),
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
                let duplicate = self.charges.iter().any(|c| {
                    c.id != reversed.id
                        && !c.reversed
                        && c.patient == reversed.patient
                        && c.code == reversed.code
                        && c.day == reversed.day
                });
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
                let quantity = action.quantity.unwrap_or(0);
                if quantity == 0 {
                    return Err(Refusal::Incomplete(
                        "an order needs a `quantity` of at least 1",
                    ));
                }
                let item = self.stock_mut(action)?;
                item.on_order = item.on_order.saturating_add(quantity);
                Ok(if item.usable() + item.on_order >= item.par {
                    vec![Detail::ToPar]
                } else {
                    Vec::new()
                })
            }
            ActKind::RemoveLot | ActKind::SegregateLot | ActKind::LogDisposal | ActKind::UseLot => {
                self.handle_lot(act, action)
            }
            ActKind::LogCheck => {
                let id = self.equipment_id(action)?;
                self.checks_logged.push(id);
                Ok(Vec::new())
            }
            ActKind::TagNotReady => {
                let id = self.equipment_id(action)?;
                self.not_ready.insert(id);
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
        let day = action.day.unwrap_or_default().offset_days();
        if day < 0 || (day == 0 && start < now) {
            return Err(Refusal::InThePast {
                start,
                moving: false,
            });
        }
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
        let buffer = day == 0
            && self
                .buffer_slots
                .iter()
                .any(|(p, s)| *p == provider && *s == start);
        let mut details = vec![if day == 0 {
            Detail::SameDay
        } else {
            Detail::LaterDay
        }];
        if buffer {
            details.push(Detail::BufferSlot);
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
        let name = patient.map_or("walk-in", |p| p.as_str()).to_owned();
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
        let day = action.day.unwrap_or_default().offset_days();
        if day < 0 || (day == 0 && start < now) {
            return Err(Refusal::InThePast {
                start,
                moving: true,
            });
        }
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
        Ok(vec![if day == 0 {
            Detail::SameDay
        } else {
            Detail::LaterDay
        }])
    }

    fn handle_lot(&mut self, act: ActKind, action: &Action) -> Result<Vec<Detail>, Refusal> {
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
            .filter(|l| l.on_shelf && !l.expired() && l.quantity > 0)
            .min_by_key(|l| l.expires)
            .map(|l| l.id.clone());
        let Some(lot) = item.lots.iter_mut().find(|l| l.id == lot_id) else {
            return Err(no_lot());
        };
        let expired = lot.expired();
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

    fn equipment_id(&self, action: &Action) -> Result<Id, Refusal> {
        let id = action
            .target
            .as_deref()
            .ok_or(Refusal::Incomplete("name the equipment in `target`"))?;
        if self.equipment.iter().any(|e| e == id) {
            Ok(id.to_owned())
        } else {
            Err(Refusal::NoSuch {
                what: "equipment",
                id: id.to_owned(),
            })
        }
    }
}
