//! Judging a session against rules. One pass builds an index of acts per event; each rule is
//! then judged for each subject it applies to, looking only at that subject's acts.

use super::describe::{act_phrase, clause_text, duration, invariant_text, since_text};
use crate::model::*;
use crate::rules::*;
use crate::scenario::Policy;
use crate::sim::{EventStatus, LoggedAction, Session};
use serde::Serialize;

/// The verdict of one rule on one subject (an event, an act, or the whole session).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Index into the rules passed to `evaluate`.
    pub rule: usize,
    /// The event judged (index into `Session::events`), when the rule is about an event or an
    /// act on one.
    pub event: Option<usize>,
    /// When the subject began: the event's arrival, the act's time, or the session's start.
    pub at: SimTime,
    pub passed: bool,
    /// What was missing or wrong, in plain words; empty when passed.
    pub problems: Vec<String>,
    /// The acts (and states) that decided it, with their times.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub at: SimTime,
    pub text: String,
}

/// What a rule is being judged on.
struct Subject<'a> {
    event: Option<usize>,
    anchor: SimTime,
    /// How the subject began, for time windows: "its arrival", "the «place on hold»".
    anchor_label: String,
    /// What the judged event is about (its `about` ids).
    about: &'a [Id],
    /// The judged event's patient.
    patient: Option<&'a Id>,
    /// Log positions of the acts in the subject's scope.
    acts: &'a [usize],
}

struct Index<'a> {
    session: &'a Session,
    by_event: Vec<Vec<usize>>,
    all: Vec<usize>,
}

pub fn evaluate(session: &Session, rules: &[&Rule]) -> Vec<Finding> {
    let mut by_event = vec![Vec::new(); session.events.len()];
    for action in &session.log {
        if let Some(event) = action.event {
            by_event[event].push(action.seq);
        }
    }
    let index = Index {
        session,
        by_event,
        all: (0..session.log.len()).collect(),
    };
    let mut findings = Vec::new();
    for (rule_index, rule) in rules.iter().enumerate() {
        match &rule.applies_when {
            Trigger::Event(condition) => {
                for (event, live) in session.events.iter().enumerate() {
                    if live.status != EventStatus::Pending && matches(condition, session, event) {
                        let subject = Subject {
                            event: Some(event),
                            anchor: live.arrival,
                            anchor_label: "its arrival".to_owned(),
                            about: &session.event_def(event).about,
                            patient: session.event_def(event).patient.as_ref(),
                            acts: &index.by_event[event],
                        };
                        findings.push(judge(&index, rule_index, rule, &subject));
                    }
                }
            }
            Trigger::Action { act, includes } => {
                for action in &session.log {
                    let triggered = action.act == *act
                        && !action.is_refused()
                        && includes.iter().all(|d| action.has(*d));
                    if triggered {
                        let acts = match action.event {
                            Some(event) => &index.by_event[event],
                            None => &index.all,
                        };
                        let subject = Subject {
                            event: action.event,
                            anchor: action.at,
                            anchor_label: format!("the «{}» at {}", action.act.label(), action.at),
                            about: action
                                .event
                                .map_or(&[][..], |e| &session.event_def(e).about),
                            patient: action.patient.as_ref(),
                            acts,
                        };
                        findings.push(judge(&index, rule_index, rule, &subject));
                    }
                }
            }
            Trigger::Session => {
                let subject = Subject {
                    event: None,
                    anchor: session.scenario.starts_at,
                    anchor_label: "the start".to_owned(),
                    about: &[],
                    patient: None,
                    acts: &index.all,
                };
                findings.push(judge(&index, rule_index, rule, &subject));
            }
        }
    }
    findings
}

fn matches(condition: &Condition, session: &Session, event: usize) -> bool {
    let def = session.event_def(event);
    match condition {
        Condition::Always => true,
        Condition::Kind(kind) => def.kind == *kind,
        Condition::Fact(fact) => def.facts.contains(fact),
        Condition::AnyFact(facts) => facts.iter().any(|f| def.facts.contains(f)),
        Condition::AllFacts(facts) => facts.iter().all(|f| def.facts.contains(f)),
        Condition::Tag(tag) => def.tags.iter().any(|t| t == tag),
        Condition::TemperatureAtLeastF(limit) => def.temperature_f.is_some_and(|t| t >= *limit),
        Condition::PatientAgeUnderMonths(months) => def
            .patient
            .as_ref()
            .and_then(|id| session.scenario.patients.iter().find(|p| &p.id == id))
            .is_some_and(|p| p.age.whole_months() < *months),
        Condition::All(all) => all.iter().all(|c| matches(c, session, event)),
        Condition::Any(any) => any.iter().any(|c| matches(c, session, event)),
        Condition::Not(inner) => !matches(inner, session, event),
    }
}

fn judge(index: &Index, rule_index: usize, rule: &Rule, subject: &Subject) -> Finding {
    let mut problems = Vec::new();
    let mut evidence = Vec::new();
    for clause in &rule.require {
        match check_clause(index, clause, subject) {
            Ok(found) => evidence.extend(found),
            Err(problem) => problems.push(problem),
        }
    }
    for clause in &rule.forbid {
        let found = qualifying(index, clause, subject, false);
        if found.acts.len() >= clause.count.max(1) as usize {
            for seq in found.acts.iter().take(clause.count.max(1) as usize) {
                let action = &index.session.log[*seq];
                problems.push(format!(
                    "{} at {}: not allowed here",
                    act_phrase(action),
                    action.at
                ));
                evidence.push(evidence_of(action));
            }
        }
    }
    evidence.sort_by_key(|e| e.at);
    Finding {
        rule: rule_index,
        event: subject.event,
        at: subject.anchor,
        passed: problems.is_empty(),
        problems,
        evidence,
    }
}

fn evidence_of(action: &LoggedAction) -> Evidence {
    Evidence {
        at: action.at,
        text: act_phrase(action),
    }
}

fn check_clause(
    index: &Index,
    clause: &Clause,
    subject: &Subject,
) -> Result<Vec<Evidence>, String> {
    match clause {
        Clause::Act(act) => {
            let found = qualifying(index, act, subject, true);
            let needed = act.count.max(1) as usize;
            if found.acts.len() >= needed {
                Ok(found
                    .acts
                    .iter()
                    .take(needed)
                    .map(|seq| evidence_of(&index.session.log[*seq]))
                    .collect())
            } else {
                let policy = &index.session.policy;
                let wanted = clause_text(act, policy, &subject.anchor_label);
                Err(match found.near_miss {
                    Some(why) => format!("expected {wanted}, but {why}"),
                    None if needed > 1 && !found.acts.is_empty() => format!(
                        "expected {wanted}, but there were only {}",
                        found.acts.len()
                    ),
                    None => format!("expected {wanted}, but it never happened"),
                })
            }
        }
        Clause::AnyOf(options) => {
            let mut misses = Vec::new();
            for option in options {
                match check_clause(index, option, subject) {
                    Ok(found) => return Ok(found),
                    Err(problem) => misses.push(problem),
                }
            }
            Err(format!("none of these happened: {}", misses.join("; or ")))
        }
        Clause::Invariant(invariant) => check_invariant(index.session, invariant),
    }
}

struct Qualifying {
    acts: Vec<usize>,
    /// Why the first act of the right kind did not count, when none did.
    near_miss: Option<String>,
}

/// The acts that satisfy an act clause for this subject, in log order.
fn qualifying(index: &Index, clause: &ActClause, subject: &Subject, explain: bool) -> Qualifying {
    let log = &index.session.log;
    let scope: &[usize] = match clause.scope {
        Scope::SameEvent => subject.acts,
        Scope::Anywhere => &index.all,
    };
    let wants_refused = clause.includes.contains(&Detail::Refused);
    let since = match clause.since {
        Since::Arrival => Some(subject.anchor),
        Since::Act(kind) => subject
            .acts
            .iter()
            .map(|s| &log[*s])
            .find(|a| a.act == kind && !a.is_refused())
            .map(|a| a.at),
    };
    let limit = clause
        .within
        .as_ref()
        .map(|w| limit_seconds(w, &index.session.policy));
    let mut acts = Vec::new();
    let mut near_miss = None;
    for seq in scope {
        let action = &log[*seq];
        if action.act != clause.act {
            continue;
        }
        if action.is_refused() != wants_refused {
            if explain
                && near_miss.is_none()
                && let Some(reason) = &action.refused
            {
                near_miss = Some(format!(
                    "{} at {} was refused: {reason}",
                    act_phrase(action),
                    action.at
                ));
            }
            continue;
        }
        let explain = explain && near_miss.is_none();
        let miss = why_not(clause, action, log, scope, (since, limit), subject, explain);
        match miss {
            None => acts.push(*seq),
            Some(why) if near_miss.is_none() => near_miss = Some(why),
            Some(_) => {}
        }
    }
    Qualifying { acts, near_miss }
}

/// Why an act of the right kind does not satisfy the clause, or `None` when it does.
fn why_not(
    clause: &ActClause,
    action: &LoggedAction,
    log: &[LoggedAction],
    scope: &[usize],
    (since, limit): (Option<SimTime>, Option<u32>),
    subject: &Subject,
    explain: bool,
) -> Option<String> {
    // Explanations are only written when they will be shown: judging stays allocation-light.
    macro_rules! miss {
        ($($arg:tt)*) => {
            return Some(if explain { format!($($arg)*) } else { String::new() })
        };
    }
    let anchor = subject.anchor_label.as_str();
    let what = || act_phrase(action);
    if let (true, Some(patient)) = (clause.for_patient, subject.patient)
        && action.patient.as_ref() != Some(patient)
    {
        miss!(
            "{} at {} was for {}, not this patient",
            what(),
            action.at,
            action.patient.as_deref().unwrap_or("nobody")
        );
    }
    if clause.about_event && !subject.about.is_empty() {
        let on = action.action.target.as_deref().unwrap_or("nothing");
        if !subject.about.iter().any(|id| id == on) {
            miss!(
                "{} at {} was about {on}, not {}",
                what(),
                action.at,
                subject.about.join(" or ")
            );
        }
    }
    let missing: Vec<&str> = clause
        .includes
        .iter()
        .filter(|d| !action.has(**d))
        .map(|d| d.label())
        .collect();
    if !missing.is_empty() {
        miss!(
            "{} at {} left out {}",
            what(),
            action.at,
            missing.join(", ")
        );
    }
    if let Some(present) = clause.excludes.iter().find(|d| action.has(**d)) {
        miss!("{} at {} was {}", what(), action.at, present.label());
    }
    if let Some(some_of) = &clause.some_of {
        let have = some_of.of.iter().filter(|d| action.has(**d)).count();
        if have < some_of.count as usize {
            miss!(
                "{} at {} used {have} of the {} needed",
                what(),
                action.at,
                some_of.count
            );
        }
    }
    if let Some(limit) = limit {
        match since {
            None => {
                miss!(
                    "there was no {} to time it from",
                    since_text(clause.since, anchor)
                );
            }
            Some(start) if action.at < start => {
                miss!(
                    "{} at {} came before {}",
                    what(),
                    action.at,
                    since_text(clause.since, anchor)
                );
            }
            Some(start) if action.at.since(start) > limit => {
                miss!(
                    "{} came at {}, {} after {}",
                    what(),
                    action.at,
                    duration(action.at.since(start)),
                    since_text(clause.since, anchor)
                );
            }
            Some(_) => {}
        }
    }
    for kind in &clause.before {
        let earlier = scope
            .iter()
            .map(|s| &log[*s])
            .find(|b| b.act == *kind && !b.is_refused() && b.seq < action.seq);
        if let Some(earlier) = earlier {
            miss!(
                "{} at {} came after {} at {}",
                what(),
                action.at,
                act_phrase(earlier),
                earlier.at
            );
        }
    }
    for kind in &clause.after {
        let found = scope
            .iter()
            .map(|s| &log[*s])
            .any(|b| b.act == *kind && !b.is_refused() && b.seq < action.seq);
        if !found {
            miss!(
                "{} at {} came before any «{}»",
                what(),
                action.at,
                kind.label()
            );
        }
    }
    None
}

pub(super) fn limit_seconds(limit: &TimeLimit, policy: &Policy) -> u32 {
    match limit {
        TimeLimit::Seconds(s) => *s,
        TimeLimit::Minutes(m) => m.saturating_mul(60),
        TimeLimit::Policy(key) => policy.values.get(key).copied().unwrap_or(0),
    }
}

pub(super) fn limit_value(limit: &Limit, policy: &Policy) -> u32 {
    match limit {
        Limit::Value(v) => *v,
        Limit::Policy(key) => policy.values.get(key).copied().unwrap_or(0),
    }
}

fn check_invariant(session: &Session, invariant: &Invariant) -> Result<Vec<Evidence>, String> {
    let state = &session.state;
    let end = session.scenario.ends_at;
    let ok = |text: String| Ok(vec![Evidence { at: end, text }]);
    match invariant {
        Invariant::MaxBookedMinutesPerHour(limit) => {
            let limit = limit_value(limit, &session.policy);
            for provider in &state.providers {
                for hour in state.opens.hour()..=state.closes.hour() {
                    let (from, to) = (hour * 3600, (hour + 1) * 3600);
                    let minutes: u32 = state
                        .bookings
                        .iter()
                        .filter(|b| !b.cancelled && b.day == 0 && &b.provider == provider)
                        .map(|b| {
                            let start = b.start.seconds().max(from);
                            let stop = b.end().seconds().min(to);
                            stop.saturating_sub(start) / 60
                        })
                        .sum();
                    if minutes > limit {
                        return Err(format!(
                            "{provider} ended up with {minutes} booked minutes between \
                             {hour:02}:00 and {:02}:00; the office allows {limit}",
                            hour + 1
                        ));
                    }
                }
            }
            ok(invariant_text(invariant, &session.policy))
        }
        Invariant::NoExpiredLotsOnShelf => {
            let left = state
                .stock
                .iter()
                .flat_map(|s| s.lots.iter())
                .find(|l| l.on_shelf && l.expired());
            match left {
                Some(lot) => Err(format!(
                    "expired lot {} was still on the shelf at the end",
                    lot.id
                )),
                None => ok(invariant_text(invariant, &session.policy)),
            }
        }
        Invariant::LowStockOrderedToPar => {
            let short = state
                .stock
                .iter()
                .find(|s| s.usable_at_start <= s.reorder_point && s.usable() + s.on_order < s.par);
            match short {
                Some(item) => Err(format!(
                    "{} has {} usable and {} on order; par is {}",
                    item.id,
                    item.usable(),
                    item.on_order,
                    item.par
                )),
                None => ok(invariant_text(invariant, &session.policy)),
            }
        }
        Invariant::NoDuplicateCharges => {
            let open: Vec<_> = state.charges.iter().filter(|c| !c.reversed).collect();
            for (i, a) in open.iter().enumerate() {
                if let Some(b) = open[i + 1..]
                    .iter()
                    .find(|b| b.patient == a.patient && b.code == a.code && b.day == a.day)
                {
                    return Err(format!(
                        "charges {} and {} still bill code {} twice for the same day",
                        a.id, b.id, a.code
                    ));
                }
            }
            ok(invariant_text(invariant, &session.policy))
        }
    }
}
