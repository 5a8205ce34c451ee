//! What people say, with this attempt's names and amounts filled in. Content writes
//! placeholders: `{patient}`, `{patient_first}`, `{patient_last}` (the event's patient as this
//! attempt names them), `{desk}` (the trainee's name at this office), `{office}`, and
//! `{name:ID}`, `{first:ID}`, `{last:ID}` (any patient of the scenario by id), and
//! `{amount:ID}`, `{owes:ID}`, `{estimate:ID}` (a charge's billed amount, what the patient owes on
//! it, its good-faith estimate), `{billed:PATIENT}`, `{owed:PATIENT}` (the sums over a patient's
//! open charges). An unknown placeholder is left as written (`check` reports it).

use super::Session;

/// The placeholders content may use (without their `:ID` part).
pub const PLACEHOLDERS: &[&str] = &[
    "patient",
    "patient_first",
    "patient_last",
    "desk",
    "office",
    "name",
    "first",
    "last",
    "amount",
    "owes",
    "estimate",
    "billed",
    "owed",
];

/// `text` with its placeholders filled for the event (index into `Session::events`).
pub fn fill(session: &Session, text: &str, event: Option<usize>) -> String {
    let patient = event.and_then(|e| session.event_def(e).patient.as_deref());
    fill_about(session, text, patient)
}

/// `text` with its placeholders filled, `{patient}` meaning this patient (by id).
pub fn fill_about(session: &Session, text: &str, patient: Option<&str>) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match value(session, key, patient) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn value(session: &Session, key: &str, patient: Option<&str>) -> Option<String> {
    let patient = || session.patient_name(patient?);
    let (name, id) = key.split_once(':').unwrap_or((key, ""));
    let charge = || session.state.charges.iter().find(|c| c.id == id);
    let named = || session.patient_name(id);
    Some(match name {
        "name" => named()?.to_owned(),
        "first" => named()?.split_whitespace().next()?.to_owned(),
        "last" => named()?.split_whitespace().last()?.to_owned(),
        "patient" => patient()?.to_owned(),
        "patient_first" => patient()?.split_whitespace().next()?.to_owned(),
        "patient_last" => patient()?.split_whitespace().last()?.to_owned(),
        "desk" => session.office.desk_name.clone(),
        "office" => session.office.name.clone(),
        "amount" => charge()?.amount.to_string(),
        "owes" => charge()?.owes().to_string(),
        "estimate" => charge()?.estimate?.to_string(),
        "billed" | "owed" => {
            session.patient_name(id)?;
            let open = session
                .state
                .charges
                .iter()
                .filter(|c| c.patient == id && !c.reversed);
            let cents: i64 = if name == "billed" {
                open.map(|c| c.amount.cents).sum()
            } else {
                open.map(|c| c.owes().cents).sum()
            };
            crate::model::Money::from_cents(cents).to_string()
        }
        _ => return None,
    })
}
