//! The office's registration panel: each new patient's registration record, field by field,
//! with what is on file, where it came from (the card, the photo ID, the patient's words, the
//! eligibility response, a signed form) and what is still missing. Its buttons aim the action
//! form at the act that fills a field, for that patient; like the other panels it decides
//! nothing: the session refuses what the world contradicts, and the rules judge it.

use super::{Composer, PROBLEM_COLOR};
use crate::model::{ActKind, Detail, PatientId};
use crate::sim::Session;
use crate::sim::registration::{Field, RegistrationRecord};
use bevy_egui::egui;

/// Aims the form at a registration act for one patient, with the details that say how it was
/// done (the sides of the card, a signature, a refusal with the effort documented).
fn aim(composer: &mut Composer, act: ActKind, patient: &PatientId, details: &[Detail]) {
    composer.aim(act, None);
    composer.patient = Some(patient.clone());
    composer.details = details.iter().copied().collect();
}

/// A button that aims the form; its label names the act, its tooltip whose record it fills.
fn act_button(
    ui: &mut egui::Ui,
    composer: &mut Composer,
    record: &RegistrationRecord,
    label: &str,
    act: ActKind,
    details: &[Detail],
) {
    if ui
        .small_button(label)
        .on_hover_text(format!("{} for {}", act.label(), record.name))
        .clicked()
    {
        aim(composer, act, &record.patient, details);
    }
}

/// The buttons that fill a field: most fields have one act; the acknowledgment has two
/// outcomes, the interpreter two ways (the wrong one is there to be chosen), the guardian's
/// consent a check of the adult's authority first.
fn field_buttons(
    ui: &mut egui::Ui,
    composer: &mut Composer,
    record: &RegistrationRecord,
    field: Field,
) {
    let button = |ui: &mut egui::Ui, composer: &mut Composer, label: &str, act, details: &[_]| {
        act_button(ui, composer, record, label, act, details)
    };
    match field {
        Field::CardFront => button(
            ui,
            composer,
            ActKind::ScanInsuranceCard.label(),
            ActKind::ScanInsuranceCard,
            &[Detail::CardFront, Detail::CardBack],
        ),
        Field::CardBack => button(
            ui,
            composer,
            "scan the back",
            ActKind::ScanInsuranceCard,
            &[Detail::CardBack],
        ),
        Field::NppAcknowledgment => {
            button(
                ui,
                composer,
                "record: signed",
                ActKind::RecordNppAcknowledgment,
                &[Detail::Signed],
            );
            button(
                ui,
                composer,
                "record: declined (effort and reason documented)",
                ActKind::RecordNppAcknowledgment,
                &[Detail::Refusal, Detail::GoodFaithEffort],
            );
        }
        Field::Interpreter => {
            button(
                ui,
                composer,
                ActKind::ArrangeInterpreter.label(),
                ActKind::ArrangeInterpreter,
                &[],
            );
            button(
                ui,
                composer,
                ActKind::LetCompanionInterpret.label(),
                ActKind::LetCompanionInterpret,
                &[],
            );
        }
        Field::GuardianConsent => {
            button(
                ui,
                composer,
                ActKind::VerifyAuthority.label(),
                ActKind::VerifyAuthority,
                &[],
            );
            button(
                ui,
                composer,
                ActKind::RecordGuardianConsent.label(),
                ActKind::RecordGuardianConsent,
                &[],
            );
        }
        Field::FinancialPolicy => button(
            ui,
            composer,
            "review and have it signed",
            ActKind::ReviewFinancialPolicy,
            &[Detail::Signed],
        ),
        other => button(ui, composer, other.act().label(), other.act(), &[]),
    }
}

fn record_ui(ui: &mut egui::Ui, composer: &mut Composer, record: &RegistrationRecord) {
    ui.group(|ui| {
        ui.strong(format!("{} · age {}", record.name, record.age));
        for note in record.notes() {
            ui.weak(note);
        }
        let missing = record.missing();
        if missing.is_empty() {
            ui.label("Nothing missing: the record is complete.");
        } else {
            let names: Vec<&str> = missing.iter().map(|f| f.label()).collect();
            ui.colored_label(PROBLEM_COLOR, format!("Missing: {}", names.join(", ")));
        }
        // One wrapped line per field: the panel is narrow, and values (a card's back) are long.
        // A field the record does not need is shown once something was entered in it (a minor
        // who signed their own consent), so the trainee sees what they did.
        let needed = record.needed();
        let shown = Field::ALL
            .iter()
            .copied()
            .filter(|f| needed.contains(f) || record.entry(*f).is_some());
        for field in shown {
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{}:", field.label()));
                match record.entry(field) {
                    Some(entry) => {
                        ui.label(&entry.value);
                        ui.weak(format!("(from {} at {})", entry.source.label(), entry.at));
                    }
                    None => {
                        ui.colored_label(PROBLEM_COLOR, "missing");
                    }
                }
                field_buttons(ui, composer, record, field);
            });
        }
    });
}

/// Every new patient's registration record; a scenario without one says so.
pub fn registration_ui(ui: &mut egui::Ui, session: &Session, composer: &mut Composer) {
    if session.state.registrations.is_empty() {
        ui.label("No new patient to register in this scenario.");
        return;
    }
    ui.weak(
        "Each button sets up the action form below for that patient; press \"Do it\" to act. \
         Acts on the selected event go to the person there.",
    );
    for record in &session.state.registrations {
        record_ui(ui, composer, record);
    }
}
