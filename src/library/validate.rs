//! Cross-file checks: unique ids, every reference resolves (offices, policies, patients,
//! providers, events, choices, rules), times make sense, policy numbers exist, paths stay inside
//! the content folder. Each problem points at the place in the file that causes it.

use super::{Library, Sourced};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{ActKind, Severity};
use crate::rules::Rule;
use crate::scenario::{Office, Policy, Scenario};
use crate::source::{SourceFile, resolve_inside};
use std::collections::BTreeMap;
use std::path::Path;

pub fn validate(library: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let all_rules = library.rules_with_sources();

    unique_ids(
        &mut out,
        library
            .scenarios
            .iter()
            .map(|s| (s.value.id.as_str(), &*s.source)),
        "scenario",
    );
    unique_ids(
        &mut out,
        library
            .rule_packs
            .iter()
            .map(|s| (s.value.id.as_str(), &*s.source)),
        "rule pack",
    );
    unique_ids(
        &mut out,
        library
            .policies
            .iter()
            .map(|s| (s.value.id.as_str(), &*s.source)),
        "policy pack",
    );
    unique_ids(
        &mut out,
        library
            .offices
            .iter()
            .map(|s| (s.value.id.as_str(), &*s.source)),
        "office",
    );
    unique_ids(
        &mut out,
        all_rules.iter().map(|(r, s)| (r.id.as_str(), *s)),
        "rule",
    );

    let rule_ids: Vec<&str> = all_rules.iter().map(|(r, _)| r.id.as_str()).collect();
    for pack in &library.rule_packs {
        for rule in &pack.value.rules {
            check_rule(&mut out, rule, &pack.source);
        }
    }
    for policy in &library.policies {
        check_policy(&mut out, library, policy, &all_rules);
    }
    for office in &library.offices {
        check_office(&mut out, library, office);
    }
    for scenario in &library.scenarios {
        check_scenario(&mut out, library, scenario, &rule_ids);
    }
    out
}

/// Reports the second and later appearance of each id.
pub(crate) fn unique_ids<'a>(
    out: &mut Vec<Diagnostic>,
    items: impl Iterator<Item = (&'a str, &'a SourceFile)>,
    what: &str,
) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut count_in_file: BTreeMap<(&str, &Path), usize> = BTreeMap::new();
    for (id, source) in items {
        let nth = count_in_file.entry((id, &source.path)).or_insert(0);
        if let Some(first) = seen.get(id) {
            out.push(
                source
                    .error_at_id(id, *nth, format!("the {what} id `{id}` is used twice"))
                    .with_hint(format!(
                        "ids must be unique; the first `{id}` is in {}",
                        first.display()
                    )),
            );
        } else {
            seen.insert(id, &source.path);
        }
        *nth += 1;
    }
}

pub(super) fn unknown(
    source: &SourceFile,
    what: &str,
    id: &str,
    known: &[&str],
    where_defined: &str,
) -> Diagnostic {
    let hint = match did_you_mean(id, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? {where_defined}"),
        None if known.is_empty() => where_defined.to_owned(),
        None if known.len() <= 12 => format!("known: {}. {where_defined}", known.join(", ")),
        None => where_defined.to_owned(),
    };
    source
        .error_at_id(id, 0, format!("unknown {what} `{id}`"))
        .with_hint(hint)
}

/// A policy pack named by an office, scenario or test plan must exist.
fn check_policy_ref(out: &mut Vec<Diagnostic>, library: &Library, source: &SourceFile, id: &str) {
    if library.policy(id).is_none() {
        let known: Vec<&str> = library
            .policies
            .iter()
            .map(|p| p.value.id.as_str())
            .collect();
        out.push(unknown(
            source,
            "policy pack",
            id,
            &known,
            "policy packs live in scenarios/policies/",
        ));
    }
}

fn check_policy(
    out: &mut Vec<Diagnostic>,
    library: &Library,
    policy: &Sourced<Policy>,
    all_rules: &[(&Rule, &SourceFile)],
) {
    let source = &policy.source;
    let builtin: Vec<&Rule> = library.all_rules();
    let builtin_ids: Vec<&str> = builtin.iter().map(|r| r.id.as_str()).collect();
    for id in &policy.value.disable {
        match builtin.iter().find(|r| &r.id == id) {
            None => out.push(unknown(
                source,
                "rule",
                id,
                &builtin_ids,
                "`disable` lists built-in rule ids from scenarios/rules/",
            )),
            Some(rule) if rule.severity == Severity::Critical => out.push(
                source
                    .error_at_id(id, 0, format!("`{id}` is a critical (patient-safety) rule"))
                    .with_hint("a clinic may not switch off a patient-safety rule"),
            ),
            Some(_) => {}
        }
    }
    if policy.value.pass_percent > 100 {
        out.push(
            Diagnostic::error(&source.path, "`pass_percent` is above 100")
                .at_text(&source.text, "pass_percent", 0)
                .with_hint("write a percentage from 0 to 100"),
        );
    }
    // Every number a rule in force reads must be set by this policy.
    let in_force = all_rules
        .iter()
        .filter(|(r, _)| !policy.value.disable.contains(&r.id))
        .filter(|(r, s)| {
            s.path.to_str().is_some_and(|p| p.ends_with(".rules.ron"))
                || policy.value.rules.iter().any(|own| own.id == r.id)
        });
    let mut reported = Vec::new();
    for (rule, rule_source) in in_force {
        for param in rule.policy_keys() {
            if policy.value.value(param).is_some() || reported.contains(&param) {
                continue;
            }
            reported.push(param);
            let place = rule_source.error_at_id(param.name(), 0, "").at_text(
                &rule_source.text,
                &format!("\"{}\"", param.name()),
                0,
            );
            let at = if source.text.contains("values") {
                "values"
            } else {
                "Policy("
            };
            out.push(
                Diagnostic::error(
                    &source.path,
                    format!(
                        "policy `{}` does not set `{param}`, which rule `{}` reads",
                        policy.value.id, rule.id
                    ),
                )
                .at_text(&source.text, at, 0)
                .with_hint(format!(
                    "add `\"{param}\": …` to `values` ({}, in {}); `{param}` has no default. \
                     The rule reads it at {}:{}:{}",
                    param.meaning(),
                    param.unit(),
                    place.file.display(),
                    place.line,
                    place.column
                )),
            );
        }
    }
    for rule in &policy.value.rules {
        check_rule(out, rule, source);
    }
}

fn check_rule(out: &mut Vec<Diagnostic>, rule: &Rule, source: &SourceFile) {
    if rule.reference.trim().is_empty() {
        out.push(
            source
                .error_at_id(&rule.id, 0, format!("rule `{}` has no reference", rule.id))
                .with_hint("every rule cites the public source behind it in `reference`"),
        );
    }
    if rule.require.is_empty() && rule.forbid.is_empty() {
        out.push(
            source
                .error_at_id(
                    &rule.id,
                    0,
                    format!("rule `{}` requires and forbids nothing", rule.id),
                )
                .with_hint("add a `require` or `forbid` clause, or remove the rule"),
        );
    }
}

fn check_office(out: &mut Vec<Diagnostic>, library: &Library, office: &Sourced<Office>) {
    let source = &office.source;
    let o = &office.value;
    check_policy_ref(out, library, source, &o.policy);
    if o.opens >= o.closes {
        out.push(
            Diagnostic::error(&source.path, "the office closes before it opens").at_text(
                &source.text,
                "closes",
                0,
            ),
        );
    }
    unique_ids(
        out,
        o.providers.iter().map(|p| (p.id.as_str(), &**source)),
        "provider",
    );
    let providers: Vec<&str> = o.providers.iter().map(|p| p.id.as_str()).collect();
    for slot in &o.buffer_slots {
        if !providers.contains(&slot.provider.as_str()) {
            out.push(unknown(
                source,
                "provider",
                &slot.provider,
                &providers,
                "providers are listed in this office",
            ));
        }
    }
}

fn check_scenario(
    out: &mut Vec<Diagnostic>,
    library: &Library,
    scenario: &Sourced<Scenario>,
    rule_ids: &[&str],
) {
    let source = &*scenario.source;
    let s = &scenario.value;
    let office = library.office(&s.office);
    if office.is_none() {
        let known: Vec<&str> = library
            .offices
            .iter()
            .map(|o| o.value.id.as_str())
            .collect();
        out.push(unknown(
            source,
            "office",
            &s.office,
            &known,
            "offices live in scenarios/offices/",
        ));
    }
    if let Some(policy) = &s.policy {
        check_policy_ref(out, library, source, policy);
    }
    if s.starts_at >= s.ends_at {
        out.push(
            Diagnostic::error(&source.path, "the scenario ends before it starts")
                .at_text(&source.text, "ends_at", 0)
                .with_hint("`ends_at` must be later than `starts_at`"),
        );
    }
    if s.domains.is_empty() {
        out.push(
            Diagnostic::error(&source.path, "the scenario trains no exam domain")
                .at_text(&source.text, "domains", 0)
                .with_hint("list at least one, e.g. `domains: [PatientEncounter]`"),
        );
    }

    let id_lists: [(&str, Vec<&str>); 7] = [
        (
            "patient",
            s.patients.iter().map(|p| p.id.as_str()).collect(),
        ),
        ("event", s.events.iter().map(|e| e.id.as_str()).collect()),
        (
            "appointment",
            s.schedule.iter().map(|a| a.id.as_str()).collect(),
        ),
        ("charge", s.ledger.iter().map(|c| c.id.as_str()).collect()),
        (
            "stock item",
            s.inventory.iter().map(|i| i.id.as_str()).collect(),
        ),
        (
            "lot",
            s.inventory
                .iter()
                .flat_map(|i| i.lots.iter())
                .map(|l| l.id.as_str())
                .collect(),
        ),
        (
            "equipment",
            s.equipment.iter().map(|e| e.id.as_str()).collect(),
        ),
    ];
    for (what, ids) in id_lists {
        unique_ids(out, ids.into_iter().map(|id| (id, source)), what);
    }
    unique_ids(
        out,
        s.test_plans.iter().map(|t| (t.name.as_str(), source)),
        "test plan",
    );

    let patients: Vec<&str> = s.patients.iter().map(|p| p.id.as_str()).collect();
    let providers: Vec<&str> = office
        .map(|o| o.providers.iter().map(|p| p.id.as_str()).collect())
        .unwrap_or_default();
    let events: Vec<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    let patient_hint = "patients are listed in this scenario's `patients`";
    let check_patient = |out: &mut Vec<Diagnostic>, id: &str| {
        if !patients.contains(&id) {
            out.push(unknown(source, "patient", id, &patients, patient_hint));
        }
    };
    let check_provider = |out: &mut Vec<Diagnostic>, id: &str| {
        if office.is_some() && !providers.contains(&id) {
            out.push(unknown(
                source,
                "provider",
                id,
                &providers,
                "providers are listed in the office file",
            ));
        }
    };

    for appointment in &s.schedule {
        if let Some(p) = &appointment.patient {
            check_patient(out, p);
        }
        check_provider(out, &appointment.provider);
    }
    for block in &s.booked_blocks {
        check_provider(out, &block.provider);
    }
    for charge in &s.ledger {
        check_patient(out, &charge.patient);
    }
    for event in &s.events {
        if let Some(p) = &event.patient {
            check_patient(out, p);
        }
        let scene = event
            .scene
            .as_ref()
            .and_then(|id| s.scenes.iter().find(|sc| &sc.id == id));
        let (from, to) = scene.map_or((s.starts_at, s.ends_at), |sc| (sc.starts_at, sc.ends_at));
        if event.at.is_some_and(|at| at < from || at > to) {
            out.push(
                source
                    .error_at_id(
                        &event.id,
                        0,
                        format!("event `{}` is outside its scene's time", event.id),
                    )
                    .with_hint(format!("its scene runs from {from} to {to}")),
            );
        }
        unique_ids(
            out,
            event.choices.iter().map(|c| (c.id.as_str(), source)),
            "choice",
        );
        if let Some(path) = &event.attachment
            && let Err(problem) = resolve_inside(source, path)
        {
            out.push(
                Diagnostic::error(&source.path, problem)
                    .at_text(&source.text, &format!("\"{path}\""), 0)
                    .with_hint("attachments live beside the scenario, inside the content folder"),
            );
        }
    }
    let targets: Vec<&str> = s
        .schedule
        .iter()
        .map(|a| a.id.as_str())
        .chain(s.ledger.iter().map(|c| c.id.as_str()))
        .chain(s.inventory.iter().map(|i| i.id.as_str()))
        .chain(
            s.inventory
                .iter()
                .flat_map(|i| i.lots.iter())
                .map(|l| l.id.as_str()),
        )
        .chain(s.equipment.iter().map(|e| e.id.as_str()))
        .collect();

    for event in &s.events {
        for id in &event.about {
            if !targets.contains(&id.as_str()) {
                out.push(unknown(source, "target", id, &targets, "`about` lists appointment, charge, stock item, lot or equipment ids of this scenario"));
            }
        }
    }
    let plans: Vec<&str> = s.test_plans.iter().map(|t| t.name.as_str()).collect();
    for plan in &s.test_plans {
        if let Some(from) = &plan.from
            && (!plans.contains(&from.as_str()) || from == &plan.name)
        {
            out.push(unknown(
                source,
                "test plan",
                from,
                &plans,
                "`from` names another test plan of this scenario",
            ));
        }
        if let Some(policy) = &plan.policy {
            check_policy_ref(out, library, source, policy);
        }
        for rule in &plan.expect.fails {
            if !rule_ids.contains(&rule.as_str()) {
                out.push(unknown(
                    source,
                    "rule",
                    rule,
                    rule_ids,
                    "rule ids are defined in scenarios/rules/*.rules.ron",
                ));
            }
        }
        let plan_at = crate::diagnostic::find_from(&source.text, &format!("\"{}\"", plan.name), 0)
            .unwrap_or(0);
        for (k, problem) in super::early_actions(s, &plan.actions) {
            let written = match plan.actions[k].at {
                crate::model::ActionTime::At(at) => format!("\"{at}\""),
                crate::model::ActionTime::AfterArrival(_) => String::new(),
            };
            out.push(
                Diagnostic::error(
                    &source.path,
                    format!("test plan \"{}\": {problem}", plan.name),
                )
                .at_text(&source.text, &written, plan_at)
                .with_hint(format!(
                    "clock times count from the scenario's start ({}); or write \"+10s\" for after the event arrives",
                    s.starts_at
                )),
            );
        }
        for action in &plan.actions {
            if let Some(event) = &action.event {
                if !events.contains(&event.as_str()) {
                    out.push(unknown(
                        source,
                        "event",
                        event,
                        &events,
                        "events are listed in this scenario's `events`",
                    ));
                    continue;
                }
                if let Some(choice) = &action.choice {
                    let def = s.events.iter().find(|e| &e.id == event);
                    let choices: Vec<&str> = def
                        .map(|e| e.choices.iter().map(|c| c.id.as_str()).collect())
                        .unwrap_or_default();
                    if !choices.contains(&choice.as_str()) {
                        out.push(unknown(
                            source,
                            "choice",
                            choice,
                            &choices,
                            "choices are listed under the event",
                        ));
                    }
                }
            }
            if action.act == ActKind::Say && action.choice.is_none() {
                out.push(
                    Diagnostic::error(&source.path, "`Say` needs the `choice` to say").at_text(
                        &source.text,
                        "Say",
                        0,
                    ),
                );
            }
            if let Some(p) = &action.patient {
                check_patient(out, p);
            }
            if let Some(p) = &action.provider {
                check_provider(out, p);
            }
            if let Some(target) = &action.target
                && !targets.contains(&target.as_str())
            {
                out.push(unknown(source, "target", target, &targets, "a target is an appointment, charge, stock item, lot or equipment id of this scenario"));
            }
        }
    }
    super::world_check::check_scenario(out, library, scenario);
    super::reactions_check::check_scenario(out, scenario);
    if s.test_plans.is_empty() {
        out.push(
            Diagnostic::warning(
                &source.path,
                format!("scenario `{}` has no test plan", s.id),
            )
            .at_text(&source.text, "Scenario", 0)
            .with_hint("add `test_plans` with the ideal path and a few named mistakes"),
        );
    }
}
