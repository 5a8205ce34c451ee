//! Rules and acts in plain words, for findings a trainee reads.

use super::evaluate::{limit_seconds, limit_value};
use crate::model::*;
use crate::rules::*;
use crate::scenario::Policy;
use crate::sim::LoggedAction;

/// "2m 10s", "45s", "3m".
pub fn duration(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m {s}s"),
    }
}

fn list(words: impl Iterator<Item = &'static str>, joiner: &str) -> String {
    let words: Vec<&str> = words.collect();
    join(&words, joiner)
}

/// Act names in guillemets: «place on hold» or «book an appointment».
fn acts(kinds: &[ActKind], joiner: &str) -> String {
    let words: Vec<String> = kinds.iter().map(|k| format!("«{}»", k.label())).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    join(&words, joiner)
}

fn join(words: &[&str], joiner: &str) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} {joiner} {last}", rest.join(", ")),
    }
}

/// An act as it happened: «verify identity (full name, date of birth)», or what was said.
pub fn act_phrase(action: &LoggedAction) -> String {
    let shown: Vec<&'static str> = action
        .details
        .iter()
        .filter(|d| **d != Detail::Refused)
        .map(|d| d.label())
        .collect();
    let mut text = format!("«{}", action.act.label());
    let a = &action.action;
    if let Some(target) = &a.target {
        text.push_str(&format!(": {target}"));
    }
    if let Some(provider) = &a.provider {
        text.push_str(&format!(" with {provider}"));
    }
    if let Some(start) = a.start {
        text.push_str(&format!(" at {start}"));
    }
    if !shown.is_empty() {
        text.push_str(&format!(" ({})", shown.join(", ")));
    }
    text.push('»');
    if let Some(said) = &action.said {
        text.push_str(&format!(" saying “{said}”"));
    }
    text
}

/// Where a time window starts, given how the subject began (`anchor`: "its arrival", …).
pub fn since_text(since: Since, anchor: &str) -> String {
    match since {
        Since::Arrival => anchor.to_owned(),
        Since::Act(kind) => format!("«{}»", kind.label()),
    }
}

/// What an act clause asks for: «advise calling 911» within 2m of «answer», before «place on hold».
pub fn clause_text(clause: &ActClause, policy: &Policy, anchor: &str) -> String {
    let mut text = format!("«{}", clause.act.label());
    if !clause.includes.is_empty() {
        text.push_str(&format!(
            " with {}",
            list(clause.includes.iter().map(|d| d.label()), "and")
        ));
    }
    if let Some(some_of) = &clause.some_of {
        text.push_str(&format!(
            " using {} of: {}",
            some_of.count,
            list(some_of.of.iter().map(|d| d.label()), "or")
        ));
    }
    if !clause.excludes.is_empty() {
        text.push_str(&format!(
            " not {}",
            list(clause.excludes.iter().map(|d| d.label()), "or")
        ));
    }
    text.push('»');
    if clause.count > 1 {
        text = format!("{} × {text}", clause.count);
    }
    if let Some(within) = &clause.within {
        text.push_str(&format!(
            " within {} of {}",
            duration(limit_seconds(within, policy)),
            since_text(clause.since, anchor)
        ));
    }
    if !clause.before.is_empty() {
        text.push_str(&format!(" before any {}", acts(&clause.before, "or")));
    }
    if !clause.after.is_empty() {
        text.push_str(&format!(" after {}", acts(&clause.after, "and")));
    }
    text
}

pub fn invariant_text(invariant: &Invariant, policy: &Policy) -> String {
    match invariant {
        Invariant::MaxBookedMinutesPerHour(limit) => format!(
            "no provider booked over {} minutes in any hour",
            limit_value(limit, policy)
        ),
        Invariant::NoExpiredLotsOnShelf => "no expired stock left on the shelf".to_owned(),
        Invariant::LowStockOrderedToPar => "low stock ordered up to par".to_owned(),
        Invariant::NoDuplicateCharges => "no charge billed twice".to_owned(),
    }
}
