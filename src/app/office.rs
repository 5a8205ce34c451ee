//! The office beside the conversation: schedule, records, billing, supplies and safety, each a
//! plain egui function of the session, plus the action form for acts that need parameters
//! (book, move, cancel, reverse a charge, order stock, log a check…) and a details picker.
//! The registration tab lives in `office/registration.rs`.
//! Like the rest of the desk, it reports what the trainee asked for and decides nothing.

mod registration;

use super::session_view::{DeskIntent, DeskView};
use super::widgets::PROBLEM_COLOR;
use crate::model::{
    ActKind, Action, ActionTime, Day, Detail, EventId, PatientId, ProviderId, SimTime, VisitType,
};
use crate::sim::Session;
use bevy::prelude::Resource;
use bevy_egui::egui;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OfficeTab {
    #[default]
    Schedule,
    Records,
    Billing,
    Supplies,
    Registration,
}

/// The action form's fields; which ones show depends on the act.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Composer {
    pub act: Option<ActKind>,
    pub patient: Option<PatientId>,
    pub provider: Option<ProviderId>,
    pub days_ahead: u32,
    pub start: String,
    pub visit: Option<VisitType>,
    pub target: Option<String>,
    pub quantity: u32,
    pub details: BTreeSet<Detail>,
    pub detail_filter: String,
    /// Why the last "Do it" could not be sent.
    pub problem: Option<String>,
}

/// The desk's panel state that is not part of the attempt.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct DeskPanels {
    pub tab: OfficeTab,
    pub composer: Composer,
    /// Where the scene of the desk shows, in physical pixels: x, y, width, height.
    pub scene_area: Option<[f32; 4]>,
}

/// What the form needs for an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Booking,
    MoveBooking,
    BookingTarget,
    Charge,
    StockOrder,
    Lot,
    Equipment,
    Provider,
    Nothing,
}

fn needs(act: ActKind) -> Needs {
    match act {
        ActKind::Book | ActKind::DoubleBook => Needs::Booking,
        ActKind::Move => Needs::MoveBooking,
        ActKind::Cancel | ActKind::RecordNoShow | ActKind::BackfillSlot => Needs::BookingTarget,
        ActKind::ReverseCharge => Needs::Charge,
        ActKind::OrderStock => Needs::StockOrder,
        ActKind::RemoveLot | ActKind::SegregateLot | ActKind::LogDisposal | ActKind::UseLot => {
            Needs::Lot
        }
        ActKind::LogCheck | ActKind::TagNotReady | ActKind::RestockKit => Needs::Equipment,
        ActKind::RequestApproval => Needs::Provider,
        _ => Needs::Nothing,
    }
}

impl Composer {
    /// Starts the form on `act`, aimed at `target` (a booking, charge, lot…).
    pub fn aim(&mut self, act: ActKind, target: Option<&str>) {
        self.act = Some(act);
        self.target = target.map(str::to_owned);
        self.problem = None;
    }

    /// The action the form describes, at the session's clock, on the selected event.
    pub fn action(&self, session: &Session, event: Option<&str>) -> Result<Action, String> {
        let act = self.act.ok_or("choose an act first")?;
        let mut action = Action::new(ActionTime::At(session.now), act);
        action.event = event.map(EventId::from);
        action.patient = self.patient.clone();
        action.details = self.details.iter().copied().collect();
        match needs(act) {
            Needs::Booking | Needs::MoveBooking => {
                if needs(act) == Needs::Booking {
                    action.provider = Some(self.provider.clone().ok_or("choose the provider")?);
                    action.visit = Some(self.visit.ok_or("choose the visit type")?);
                    action.day = Some(if self.days_ahead == 0 {
                        Day::Today
                    } else {
                        Day::DaysAhead(self.days_ahead)
                    });
                } else {
                    action.target = Some(self.target.clone().ok_or("choose the appointment")?);
                }
                action.start = Some(
                    SimTime::parse(self.start.trim())
                        .map_err(|e| format!("start time: {e} (write e.g. 10:30)"))?,
                );
            }
            Needs::StockOrder => {
                action.target = Some(self.target.clone().ok_or("choose the item")?);
                if self.quantity == 0 {
                    return Err("order at least 1".into());
                }
                action.quantity = Some(self.quantity);
            }
            Needs::BookingTarget | Needs::Charge | Needs::Lot | Needs::Equipment => {
                action.target = Some(self.target.clone().ok_or("choose what it applies to")?);
            }
            Needs::Provider => {
                action.provider = Some(self.provider.clone().ok_or("choose the provider")?);
            }
            Needs::Nothing => {}
        }
        Ok(action)
    }
}

fn pick<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[(T, String)],
) {
    let shown = value
        .as_ref()
        .and_then(|v| options.iter().find(|(id, _)| id == v))
        .map_or("choose…".to_owned(), |(_, text)| text.clone());
    ui.label(format!("{label}:"));
    egui::ComboBox::from_id_salt(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "none");
            for (id, text) in options {
                ui.selectable_value(value, Some(id.clone()), text);
            }
        });
}

fn patients(session: &Session) -> Vec<(PatientId, String)> {
    session
        .scenario
        .patients
        .iter()
        .map(|p| {
            let name = session.patient_name(&p.id).unwrap_or(&p.name);
            (p.id.clone(), name.to_owned())
        })
        .collect()
}

fn providers(session: &Session) -> Vec<(ProviderId, String)> {
    session
        .office
        .providers
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect()
}

fn targets(session: &Session, need: Needs) -> Vec<(String, String)> {
    let state = &session.state;
    match need {
        Needs::MoveBooking | Needs::BookingTarget => state
            .bookings
            .iter()
            .filter(|b| !b.cancelled)
            .map(|b| {
                (
                    b.id.clone(),
                    format!("{} {} ({})", b.start, b.name, b.provider),
                )
            })
            .collect(),
        Needs::Charge => state
            .charges
            .iter()
            .map(|c| (c.id.clone(), format!("{} {} {}", c.code, c.amount, c.id)))
            .collect(),
        Needs::StockOrder => state
            .stock
            .iter()
            .map(|s| (s.id.clone(), s.id.clone()))
            .collect(),
        Needs::Lot => state
            .stock
            .iter()
            .flat_map(|s| {
                s.lots
                    .iter()
                    .map(move |l| (l.id.clone(), format!("{} · lot {}", s.id, l.id)))
            })
            .collect(),
        Needs::Equipment => state
            .equipment
            .iter()
            .map(|e| (e.id.clone(), e.id.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The action form. Returns the action when the trainee presses "Do it" and it is complete.
pub fn composer_ui(ui: &mut egui::Ui, view: &DeskView, composer: &mut Composer) -> Option<Action> {
    let session = &view.session;
    let mut sent = None;
    ui.horizontal(|ui| {
        ui.label("Act:");
        egui::ComboBox::from_id_salt("act")
            .selected_text(composer.act.map_or("choose…", ActKind::label))
            .height(320.0)
            .show_ui(ui, |ui| {
                for &act in ActKind::ALL {
                    ui.selectable_value(&mut composer.act, Some(act), act.label());
                }
            });
        pick(ui, "Patient", &mut composer.patient, &patients(session));
    });
    let need = composer.act.map_or(Needs::Nothing, needs);
    ui.horizontal_wrapped(|ui| match need {
        Needs::Booking => {
            pick(ui, "Provider", &mut composer.provider, &providers(session));
            ui.add(
                egui::DragValue::new(&mut composer.days_ahead)
                    .range(0..=60)
                    .prefix("days ahead: "),
            );
            ui.label("Start:");
            ui.add(
                egui::TextEdit::singleline(&mut composer.start)
                    .desired_width(60.0)
                    .hint_text("hh:mm"),
            );
            ui.label("Visit:");
            egui::ComboBox::from_id_salt("visit")
                .selected_text(composer.visit.map_or("choose…", VisitType::label))
                .show_ui(ui, |ui| {
                    for &visit in VisitType::ALL {
                        ui.selectable_value(&mut composer.visit, Some(visit), visit.label());
                    }
                });
        }
        Needs::MoveBooking => {
            pick(
                ui,
                "Appointment",
                &mut composer.target,
                &targets(session, need),
            );
            ui.label("New start:");
            let field = ui.add(
                egui::TextEdit::singleline(&mut composer.start)
                    .desired_width(60.0)
                    .hint_text("hh:mm"),
            );
            super::spots::mark(&field, super::spots::spot::new_start());
        }
        Needs::StockOrder => {
            pick(ui, "Item", &mut composer.target, &targets(session, need));
            ui.add(
                egui::DragValue::new(&mut composer.quantity)
                    .range(0..=10_000)
                    .prefix("quantity: "),
            );
        }
        Needs::Provider => {
            pick(ui, "Provider", &mut composer.provider, &providers(session));
        }
        Needs::BookingTarget | Needs::Charge | Needs::Lot | Needs::Equipment => {
            pick(
                ui,
                "Applies to",
                &mut composer.target,
                &targets(session, need),
            );
        }
        Needs::Nothing => {}
    });
    egui::CollapsingHeader::new(format!("Details ({} chosen)", composer.details.len()))
        .id_salt("details")
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Find:");
                ui.text_edit_singleline(&mut composer.detail_filter);
            });
            let needle = composer.detail_filter.to_lowercase();
            egui::ScrollArea::vertical()
                .id_salt("detail-list")
                .max_height(140.0)
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        for &detail in Detail::ALL {
                            if !needle.is_empty()
                                && !detail.label().to_lowercase().contains(&needle)
                            {
                                continue;
                            }
                            let mut on = composer.details.contains(&detail);
                            if ui.checkbox(&mut on, detail.label()).changed() {
                                if on {
                                    composer.details.insert(detail);
                                } else {
                                    composer.details.remove(&detail);
                                }
                            }
                        }
                    });
                });
        });
    ui.horizontal(|ui| {
        let do_it = ui.button("Do it");
        super::spots::mark(&do_it, super::spots::spot::do_it());
        if do_it.clicked() {
            let event = view.selected.map(|i| session.events[i].id.as_str());
            match composer.action(session, event) {
                Ok(action) => {
                    composer.problem = None;
                    sent = Some(action);
                }
                Err(problem) => composer.problem = Some(problem),
            }
        }
        if ui.button("Clear").clicked() {
            *composer = Composer::default();
        }
        if let Some(problem) = &composer.problem {
            ui.colored_label(PROBLEM_COLOR, problem);
        }
    });
    sent
}

/// A small button that aims the form at something shown in a panel.
fn aim_button(ui: &mut egui::Ui, composer: &mut Composer, act: ActKind, target: &str) {
    if ui.small_button(act.label()).clicked() {
        composer.aim(act, Some(target));
    }
}

/// The same in a tight space: a short word on the button, the act in its tooltip.
fn aim_short(ui: &mut egui::Ui, composer: &mut Composer, act: ActKind, word: &str, target: &str) {
    let button = ui.small_button(word).on_hover_text(act.label());
    super::spots::mark(&button, super::spots::spot::aim(act, target));
    if button.clicked() {
        composer.aim(act, Some(target));
    }
}

/// At most `n` characters, with an ellipsis when cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(n - 1).collect::<String>())
    }
}

/// The minutes one row of the day grid stands for.
const GRID_MINUTES: u32 = 15;

/// Aims the form at booking `provider` at `start` today; "double-book" when the slot is taken.
fn aim_booking(composer: &mut Composer, act: ActKind, provider: &str, start: SimTime) {
    composer.aim(act, None);
    composer.provider = Some(ProviderId::from(provider));
    composer.days_ahead = 0;
    composer.start = format!("{:02}:{:02}", start.hour(), start.seconds() / 60 % 60);
}

/// Today's day grid: a column per bookable provider, a row per quarter hour. A free slot books,
/// a taken one offers a double-book; bookings offer move and cancel. Visit lengths come from
/// the policy in force, as the session books them.
fn schedule_ui(ui: &mut egui::Ui, session: &Session, composer: &mut Composer) {
    let state = &session.state;
    let providers: Vec<_> = session
        .office
        .providers
        .iter()
        .filter(|p| state.bookable.contains(&p.id))
        .collect();
    let lengths: Vec<String> = VisitType::ALL
        .iter()
        .map(|&v| format!("{} {}m", v.label(), session.policy.visit_minutes(v)))
        .collect();
    ui.weak(format!("Visit lengths: {}", lengths.join(" · ")));
    egui::Grid::new("day-grid").striped(true).show(ui, |ui| {
        ui.label("");
        for p in &providers {
            ui.strong(&p.name);
        }
        ui.end_row();
        let mut at = state.opens;
        while at < state.closes {
            let row_end = at.plus(GRID_MINUTES * 60);
            ui.label(format!("{:02}:{:02}", at.hour(), at.seconds() / 60 % 60));
            for p in &providers {
                let here: Vec<_> = state
                    .bookings
                    .iter()
                    .filter(|b| b.provider == p.id && b.day == 0 && !b.cancelled)
                    .filter(|b| b.start < row_end && b.start.plus(b.minutes * 60) > at)
                    .collect();
                let buffer = state
                    .buffer_slots
                    .iter()
                    .any(|(id, t)| *id == p.id && *t >= at && *t < row_end);
                ui.horizontal(|ui| {
                    let starting: Vec<_> = here.iter().filter(|b| b.start >= at).collect();
                    for b in &starting {
                        let mark = if b.double_booked { " (double)" } else { "" };
                        ui.label(format!("{} · {}m{mark}", short(&b.name, 14), b.minutes))
                            .on_hover_text(format!("{} · {}", b.name, b.visit.label()));
                        aim_short(ui, composer, ActKind::Move, "move", &b.id);
                        aim_short(ui, composer, ActKind::Cancel, "cancel", &b.id);
                    }
                    if starting.is_empty() && !here.is_empty() {
                        ui.weak("…");
                    }
                    if buffer {
                        ui.weak("buffer");
                    }
                    let act = if here.is_empty() {
                        ActKind::Book
                    } else {
                        ActKind::DoubleBook
                    };
                    let still_to_come = row_end > session.now;
                    if still_to_come && (here.is_empty() || !starting.is_empty()) {
                        let text = if act == ActKind::Book {
                            "+"
                        } else {
                            "+ double"
                        };
                        if ui
                            .small_button(text)
                            .on_hover_text(format!("{} with {} at this time", act.label(), p.name))
                            .clicked()
                        {
                            aim_booking(composer, act, &p.id, at);
                        }
                    }
                });
            }
            ui.end_row();
            at = row_end;
        }
    });
    let later = state
        .bookings
        .iter()
        .filter(|b| b.day > 0 && !b.cancelled)
        .count();
    if later > 0 {
        ui.weak(format!("{later} booking(s) on later days"));
    }
    for b in state.bookings.iter().filter(|b| b.cancelled) {
        ui.weak(format!("cancelled: {} {} {}", b.start, b.name, b.provider));
    }
    if ui.button("Book on another day…").clicked() {
        composer.aim(ActKind::Book, None);
    }
}

/// A record opens once the trainee has verified the patient's identity.
fn records_ui(ui: &mut egui::Ui, session: &Session, composer: &mut Composer) {
    for p in &session.scenario.patients {
        let name = session.patient_name(&p.id).unwrap_or(&p.name);
        let verified = session.log.iter().any(|l| {
            l.refused.is_none()
                && matches!(l.act, ActKind::VerifyIdentity | ActKind::OpenRecord)
                && l.patient.as_deref() == Some(p.id.as_str())
        });
        ui.group(|ui| {
            ui.strong(name);
            if !verified {
                ui.label("Verify identity (two identifiers) before the record opens.");
                if ui.small_button("Verify identity…").clicked() {
                    composer.aim(ActKind::VerifyIdentity, None);
                    composer.patient = Some(p.id.clone());
                }
                return;
            }
            ui.label(format!("Age {} · phone {} · {}", p.age, p.phone, p.address));
            match &p.insurance {
                Some(i) => ui.label(format!(
                    "Insurance {} · member {} · copay {} · deductible {} ({} met) · coinsurance {}%",
                    i.payer, i.member_id, i.copay, i.deductible, i.deductible_met, i.coinsurance_percent
                )),
                None => ui.label("No insurance on file (self-pay)"),
            };
            if p.nkda {
                ui.label("Allergies: no known drug allergies (NKDA)");
            }
            for a in &p.allergies {
                ui.label(format!("Allergy: {} — {} ({})", a.allergen, a.reaction, a.severity));
            }
            for flag in &p.flags {
                ui.label(format!("Flag: {}", flag.label()));
            }
            for note in &p.notes {
                ui.label(format!("Note: {}", session.fill(note)));
            }
            if p.balance.cents != 0 {
                ui.label(format!("Balance {}", p.balance));
            }
        });
    }
}

fn billing_ui(ui: &mut egui::Ui, session: &Session, composer: &mut Composer) {
    for charge in &session.state.charges {
        let written = session.scenario.ledger.iter().find(|c| c.id == charge.id);
        ui.horizontal_wrapped(|ui| {
            let who = session
                .patient_name(&charge.patient)
                .unwrap_or(&charge.patient);
            let text = format!(
                "{} · {} {} · {}{}",
                who,
                charge.code,
                written.map_or("", |c| c.description.as_str()),
                charge.amount,
                if charge.reversed { " · reversed" } else { "" }
            );
            ui.label(text);
            if !charge.reversed {
                aim_button(ui, composer, ActKind::ReverseCharge, &charge.id);
            }
        });
        // The EOB as this attempt has it (the seed may move amounts); its note may hold
        // placeholders.
        if let Some(eob) = &charge.eob {
            ui.weak(format!(
                "    EOB: allowed {} · insurer paid {} · patient owes {} {}",
                eob.allowed,
                eob.insurer_paid,
                eob.patient_owes,
                session.fill(&eob.note)
            ));
        }
        if let Some(estimate) = charge.estimate {
            ui.weak(format!("    Good-faith estimate: {estimate}"));
        }
    }
    if session.state.charges.is_empty() {
        ui.label("No charges in this scenario.");
    }
    for plan in &session.state.payment_plans {
        ui.label(format!("Payment plan offered: {plan}"));
    }
}

fn supplies_ui(ui: &mut egui::Ui, session: &Session, composer: &mut Composer) {
    for item in &session.state.stock {
        let name = session
            .scenario
            .inventory
            .iter()
            .find(|s| s.id == item.id)
            .map_or(item.id.as_str(), |s| s.name.as_str());
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!(
                "{name}: {} usable · reorder at {} · par {} · on order {}",
                item.usable_on(i64::from(session.now.day())),
                item.reorder_point,
                item.par,
                item.on_order
            ));
            aim_button(ui, composer, ActKind::OrderStock, &item.id);
        });
        for lot in &item.lots {
            ui.horizontal_wrapped(|ui| {
                let expiry = match lot.expires {
                    d if d < 0 => format!("expired {} day(s) ago", -d),
                    0 => "expires today".to_owned(),
                    d => format!("expires in {d} day(s)"),
                };
                let place = if lot.on_shelf {
                    "on shelf"
                } else {
                    "off shelf"
                };
                ui.label(format!(
                    "    lot {} · {} · {expiry} · {place}",
                    lot.id, lot.quantity
                ));
                for act in [
                    ActKind::UseLot,
                    ActKind::RemoveLot,
                    ActKind::SegregateLot,
                    ActKind::LogDisposal,
                ] {
                    aim_button(ui, composer, act, &lot.id);
                }
            });
        }
    }
    ui.separator();
    let today = i64::from(session.now.day());
    let ago = |day: i64| match today - day {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{n} days ago"),
    };
    let ahead = |day: i64| match day - today {
        n if n < 0 => format!("{} days ago", -n),
        0 => "today".to_owned(),
        n => format!("in {n} days"),
    };
    for (equipment, state) in session
        .scenario
        .equipment
        .iter()
        .zip(&session.state.equipment)
    {
        ui.horizontal_wrapped(|ui| {
            let mut line = equipment.name.clone();
            if let Some(day) = state.last_checked {
                line.push_str(&format!(" · last checked {}", ago(day)));
            }
            if state.checks_logged > 0 {
                line.push_str(" (logged now)");
            }
            if state.status == crate::scenario::EquipmentStatus::Fault {
                line.push_str(" · shows a FAULT");
            }
            if let Some(day) = state.pads_expire {
                line.push_str(&format!(" · pads expire {}", ahead(day)));
            }
            if let Some(day) = state.battery_expires {
                line.push_str(&format!(" · battery install-by {}", ahead(day)));
            }
            if state.used {
                line.push_str(" · used since its last check");
            }
            if state.not_ready {
                line.push_str(" · tagged NOT READY");
            }
            ui.label(line);
            aim_button(ui, composer, ActKind::LogCheck, &equipment.id);
            aim_button(ui, composer, ActKind::TagNotReady, &equipment.id);
        });
        for note in &equipment.notes {
            ui.weak(format!("    {note}"));
        }
    }
}

/// The office panel: one tab per part of the office.
pub fn office_ui(ui: &mut egui::Ui, view: &DeskView, panels: &mut DeskPanels) {
    ui.horizontal(|ui| {
        ui.selectable_value(&mut panels.tab, OfficeTab::Schedule, "Schedule");
        ui.selectable_value(&mut panels.tab, OfficeTab::Records, "Records");
        ui.selectable_value(&mut panels.tab, OfficeTab::Billing, "Billing");
        ui.selectable_value(&mut panels.tab, OfficeTab::Supplies, "Supplies & safety");
        ui.selectable_value(&mut panels.tab, OfficeTab::Registration, "Registration");
    });
    ui.separator();
    let composer = &mut panels.composer;
    let session = &view.session;
    // The day grid scrolls sideways when providers do not fit; the other tabs wrap.
    match panels.tab {
        OfficeTab::Schedule => {
            egui::ScrollArea::both()
                .id_salt("office-schedule")
                .show(ui, |ui| schedule_ui(ui, session, composer));
        }
        tab => {
            egui::ScrollArea::vertical()
                .id_salt("office")
                .show(ui, |ui| match tab {
                    OfficeTab::Records => records_ui(ui, session, composer),
                    OfficeTab::Billing => billing_ui(ui, session, composer),
                    OfficeTab::Registration => registration::registration_ui(ui, session, composer),
                    _ => supplies_ui(ui, session, composer),
                });
        }
    }
}

/// The form as an intent, for `desk_ui`.
pub fn composer_intent(
    ui: &mut egui::Ui,
    view: &DeskView,
    panels: &mut DeskPanels,
) -> Option<DeskIntent> {
    composer_ui(ui, view, &mut panels.composer).map(DeskIntent::Act)
}
