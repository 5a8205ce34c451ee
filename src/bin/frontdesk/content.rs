//! The content commands (`list`, `explain`) and what every command shares: loading the content
//! folder and printing diagnostics.

use crate::out::outln;

use frontdesk::diagnostic::Diagnostic;
use frontdesk::library::{ContentSource, Library};
use std::process::ExitCode;

pub fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// Loads the content and validates it; reports problems and returns None on errors.
pub fn load_library(content: &ContentSource) -> Option<Library> {
    let mut library = content.load();
    library.validate();
    if library.errors().next().is_some() {
        print_diagnostics(&library.diagnostics);
        eprintln!("{content} has errors; run `frontdesk check` for the full list");
        return None;
    }
    Some(library)
}

pub fn list(content: &ContentSource, json: bool) -> ExitCode {
    let Some(library) = load_library(content) else {
        return ExitCode::FAILURE;
    };
    let mut scenarios: Vec<_> = library.scenarios.iter().map(|s| &*s.value).collect();
    scenarios.sort_by(|a, b| (a.family, a.difficulty, &a.id).cmp(&(b.family, b.difficulty, &b.id)));
    if json {
        let rows: Vec<serde_json::Value> = scenarios
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "title": s.title, "family": s.family, "setting": s.setting,
                    "difficulty": s.difficulty, "domains": s.domains,
                    "expected_minutes": s.expected_minutes,
                })
            })
            .collect();
        outln!("{}", serde_json::Value::Array(rows));
    } else {
        for s in scenarios {
            outln!(
                "{:<34} {:<8} {:<30} {}",
                s.id,
                s.difficulty.label(),
                s.family.label(),
                s.title
            );
        }
    }
    ExitCode::SUCCESS
}

pub fn explain(content: &ContentSource, id: &str) -> ExitCode {
    let Some(library) = load_library(content) else {
        return ExitCode::FAILURE;
    };
    // Rule-pack rules, then each policy's own, with the policy that brings it.
    let rules: Vec<(&frontdesk::rules::Rule, Option<&str>)> = library
        .all_rules()
        .into_iter()
        .map(|r| (r, None))
        .chain(
            library
                .policies
                .iter()
                .flat_map(|p| p.value.rules.iter().map(|r| (r, Some(p.value.id.as_str())))),
        )
        .collect();
    let Some((rule, policy)) = rules.iter().find(|(r, _)| r.id.eq_ignore_ascii_case(id)) else {
        eprintln!("error: there is no rule `{id}`");
        if let Some(near) =
            frontdesk::diagnostic::did_you_mean(id, rules.iter().map(|(r, _)| r.id.as_str()))
        {
            eprintln!("  = hint: did you mean `{near}`?");
        }
        return ExitCode::FAILURE;
    };
    outln!("{} — {}", rule.id, rule.title);
    if let Some(policy) = policy {
        outln!("A rule of its own in the policy `{policy}`, in force wherever that policy is");
    }
    outln!(
        "{} · {} · {} points",
        rule.severity.label(),
        rule.domain.label(),
        rule.points
    );
    outln!("\nWhen passed: {}", rule.feedback.pass);
    outln!("When missed: {}", rule.feedback.fail);
    outln!("Reference: {}", rule.reference);
    // Last, whole, so it can be copied into a clinic's own rules file and changed there.
    match frontdesk::library::rule_as_ron(rule) {
        Ok(text) => outln!("\nAs RON (pastes into a rules file's `rules: [ … ]`):\n{text},"),
        Err(e) => eprintln!("(cannot show the rule as RON: {e})"),
    }
    ExitCode::SUCCESS
}
