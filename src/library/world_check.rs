//! What `check` demands of a scenario's calendar and world: scenes on later days in order,
//! events placed in a scene, placeholders that exist, and authored facts the office agrees
//! with. An event that says `ExpiredLot` while no lot it is about has expired is refused: the
//! office state is the truth, and the rules judge it.

use super::validate::{unique_ids, unknown};
use super::{Library, Sourced};
use crate::diagnostic::Diagnostic;
use crate::model::{Day, Fact, FactSet};
use crate::scenario::{Event, Scenario};
use crate::sim::{PLACEHOLDERS, world_facts};
use crate::source::SourceFile;

pub fn check_scenario(out: &mut Vec<Diagnostic>, library: &Library, scenario: &Sourced<Scenario>) {
    let source = &*scenario.source;
    let s = &*scenario.value;
    check_scenes(out, source, s);
    check_placeholders(out, source, s);
    check_world_facts(out, library, scenario);
    check_session_details(out, source, s);
}

/// Details the session adds (`Detail::SESSION`) are never written in content: a choice or a
/// scripted action that claims `Expired` or `SameDay` would let the script, not the office,
/// decide.
fn check_session_details(out: &mut Vec<Diagnostic>, source: &SourceFile, s: &Scenario) {
    let written = s
        .events
        .iter()
        .flat_map(|e| e.choices.iter().flat_map(|c| c.details.iter()))
        .chain(
            s.test_plans
                .iter()
                .flat_map(|p| p.actions.iter().flat_map(|a| a.details.iter())),
        );
    let mut reported = Vec::new();
    for detail in written.filter(|d| d.is_session()) {
        if reported.contains(detail) {
            continue;
        }
        reported.push(*detail);
        out.push(
            Diagnostic::error(
                &source.path,
                format!("`{}` is added by the session, never written", detail.name()),
            )
            .at_text(&source.text, detail.name(), 0)
            .with_hint(
                "the session adds it from what it knows (the clock, the schedule, the stock, the \
                 ledger); remove it, and set the office state or the time that makes it true",
            ),
        );
    }
}

fn check_scenes(out: &mut Vec<Diagnostic>, source: &SourceFile, s: &Scenario) {
    unique_ids(
        out,
        s.scenes.iter().map(|sc| (sc.id.as_str(), source)),
        "scene",
    );
    let mut last = 0i64;
    for scene in &s.scenes {
        // Days in order; business days count from the same day, so compare like with like.
        let day = match scene.day {
            Day::Today | Day::DaysAgo(_) => -1,
            Day::DaysAhead(n) => i64::from(n),
            Day::BusinessDaysAhead(n) => i64::from(n),
        };
        if day <= 0 {
            out.push(
                source
                    .error_at_id(&scene.id, 0, format!("scene `{}` is not on a later day", scene.id))
                    .with_hint(
                        "a scene's `day` counts from the day played: `BusinessDaysAhead(3)`, \
                         `DaysAhead(1)`; the first part of the scenario is its own starts_at/ends_at",
                    ),
            );
        } else if day < last {
            out.push(
                source
                    .error_at_id(
                        &scene.id,
                        0,
                        format!("scene `{}` comes before the one above it", scene.id),
                    )
                    .with_hint("list scenes in the order they happen"),
            );
        }
        last = last.max(day);
        if scene.starts_at >= scene.ends_at {
            out.push(
                source
                    .error_at_id(
                        &scene.id,
                        0,
                        format!("scene `{}` ends before it starts", scene.id),
                    )
                    .with_hint("`ends_at` must be later than `starts_at`"),
            );
        }
    }
    let scenes: Vec<&str> = s.scenes.iter().map(|sc| sc.id.as_str()).collect();
    for event in &s.events {
        if let Some(id) = &event.scene
            && !scenes.contains(&id.as_str())
        {
            out.push(unknown(
                source,
                "scene",
                id,
                &scenes,
                "scenes are listed in this scenario's `scenes`",
            ));
        }
    }
}

/// Every `{…}` in what people say names a placeholder, and `{amount:ID}` a charge.
fn check_placeholders(out: &mut Vec<Diagnostic>, source: &SourceFile, s: &Scenario) {
    let charges: Vec<&str> = s.ledger.iter().map(|c| c.id.as_str()).collect();
    let patients: Vec<&str> = s.patients.iter().map(|p| p.id.as_str()).collect();
    let texts = s
        .events
        .iter()
        .flat_map(event_texts)
        .chain(std::iter::once(s.brief.as_str()))
        .chain(
            s.patients
                .iter()
                .flat_map(|p| p.notes.iter().map(String::as_str)),
        )
        .chain(
            s.ledger
                .iter()
                .filter_map(|c| c.eob.as_ref())
                .map(|e| e.note.as_str()),
        );
    for text in texts {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let key = &after[..close];
            let (name, id) = key.split_once(':').unwrap_or((key, ""));
            let problem = if !PLACEHOLDERS.contains(&name) {
                Some(format!("`{{{key}}}` is not a placeholder"))
            } else if matches!(name, "amount" | "owes" | "estimate") && !charges.contains(&id) {
                Some(format!("`{{{key}}}` names no charge of this scenario"))
            } else if matches!(name, "name" | "first" | "last" | "billed" | "owed")
                && !patients.contains(&id)
            {
                Some(format!("`{{{key}}}` names no patient of this scenario"))
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(
                    Diagnostic::error(&source.path, problem)
                        .at_text(&source.text, &format!("{{{key}}}"), 0)
                        .with_hint(format!(
                            "placeholders: {{patient}}, {{patient_first}}, {{patient_last}}, {{desk}}, \
                             {{office}}, {{name:PATIENT}}, {{first:PATIENT}}, {{last:PATIENT}}, \
                             {{amount:CHARGE}}, {{owes:CHARGE}}, {{estimate:CHARGE}}, {{billed:PATIENT}}, \
                             {{owed:PATIENT}}; charges here: {}",
                            if charges.is_empty() { "none".to_owned() } else { charges.join(", ") }
                        )),
                );
            }
            rest = &after[close + 1..];
        }
    }
}

fn event_texts(event: &Event) -> impl Iterator<Item = &str> {
    std::iter::once(event.summary.as_str())
        .chain(event.caller.as_deref())
        .chain(
            event
                .says
                .iter()
                .flat_map(|t| t.all().iter().map(String::as_str)),
        )
        .chain(
            event
                .replies
                .iter()
                .flat_map(|r| r.text.all().iter().map(String::as_str)),
        )
        .chain(event.choices.iter().map(|c| c.text.as_str()))
}

/// An authored fact the office knows about (`Fact::WORLD`) must be one the office agrees with
/// when the event arrives, with no action taken yet.
fn check_world_facts(out: &mut Vec<Diagnostic>, library: &Library, scenario: &Sourced<Scenario>) {
    let source = &*scenario.source;
    let Ok(setup) = library.setup(&scenario.value, None) else {
        return; // an unknown office or policy is reported on its own
    };
    let mut session = setup.session(0);
    let mut order: Vec<usize> = (0..session.events.len()).collect();
    order.sort_by_key(|i| session.events[*i].arrival);
    for index in order {
        session.advance_to(session.events[index].arrival);
        let def = session.event_def(index).clone();
        let world: FactSet = world_facts(&session, index);
        let told_later: Vec<Fact> = def
            .replies
            .iter()
            .flat_map(|r| r.reveals.iter().copied())
            .collect();
        for fact in def.facts.iter().chain(&told_later) {
            if !fact.is_world() {
                continue;
            }
            let problem = if told_later.contains(fact) {
                Some(format!(
                    "`{}` is something the office knows, not something a person tells later",
                    fact.name()
                ))
            } else if !world.contains(*fact) {
                Some(format!(
                    "`{}` on event `{}` contradicts the office: {}",
                    fact.name(),
                    def.id,
                    why_not(*fact)
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                let from =
                    crate::diagnostic::find_from(&source.text, &format!("\"{}\"", def.id), 0)
                        .unwrap_or(0);
                out.push(
                    Diagnostic::error(&source.path, problem)
                        .at_text(&source.text, fact.name(), from)
                        .with_hint(
                            "the session derives this fact from the office itself; set the office \
                             state that makes it true (and name the thing in `about`), or drop it",
                        ),
                );
            }
        }
    }
}

/// What the office would need for a world fact to be true.
fn why_not(fact: Fact) -> &'static str {
    match fact {
        Fact::ExpiredLot => {
            "no lot or stock item in its `about` has a lot on the shelf past its `expires` day"
        }
        Fact::StockLow => "no stock item in its `about` is at or below its reorder point",
        Fact::AedCheckDue => {
            "no AED in its `about` was last checked (`last_checked`) at least the policy's aed_check_days ago"
        }
        Fact::AedPadsExpireSoon => {
            "no AED in its `about` has `pads_expire` within the policy's expiring_soon_days"
        }
        Fact::AedFault => "no AED in its `about` has `status: Fault`",
        Fact::EmergencyKitCheckDue => {
            "no emergency kit in its `about` is due (`last_checked`) or `used`"
        }
        Fact::ExtinguisherCheckDue => {
            "no extinguisher in its `about` was last checked at least the policy's extinguisher_check_days ago"
        }
        Fact::KitUsed => "no emergency kit in its `about` is `used`",
        Fact::EquipmentFault => {
            "no equipment in its `about` has `status: Fault` (or is an extinguisher that was `used`)"
        }
        Fact::DuplicateCharge => {
            "no charge in its `about` has an open twin (same patient, day, code and site)"
        }
        Fact::BillOverEstimate => {
            "the charges in its `about` do not come to $400 or more above their `estimate`s (lines added without one count as estimated at nothing)"
        }
        Fact::SelfPay => "its patient is not `self_pay: true`",
        Fact::OriginalMedicare => "its patient's insurance is not `plan: OriginalMedicare`",
        Fact::MinorPatient => "its patient is 18 or older",
        Fact::HighRiskPatient => "its patient has no `HighRisk` flag",
        Fact::ConfidentialContactRequested => {
            "its patient has no `ConfidentialContact` or `NoCallsAtHome` flag"
        }
        Fact::SevenCallsInSevenDays => {
            "its patient's `collection_calls` hold fewer than 7 days within the last 7"
        }
        Fact::NewPatientRegistration => "its patient has no `registration`",
        Fact::HasInsuranceCard => "its patient's `registration` has no `card`",
        Fact::InterpreterNeeded => {
            "its patient has neither `registration.needs_interpreter: true` nor the `InterpreterNeeded` flag"
        }
        Fact::NoPhotoId => "its patient has no `registration`, or one with a `photo_id`",
        Fact::CoverageMismatch => {
            "its patient's `registration` has no `card`, or an `eligibility` response that is active with the card's member ID"
        }
        Fact::LateCancellation => {
            "no appointment in its `about` starts within the policy's late_cancel_hours of the event"
        }
        _ => "the office does not show it",
    }
}
