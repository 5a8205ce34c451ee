//! Records from the progress store: each chosen profile's attempts and sittings, completed with
//! what the store does not keep from the content library: which missed rules are critical, an
//! exam's pass mark, and a scenario attempt's time on task (replayed from its seed and actions).

use super::{
    DomainTally, ExamSittingRecord, ReportError, RuleOutcome, ScenarioAttemptRecord, TraineeRecords,
};
use crate::library::Library;
use crate::model::{Domain, Severity};
use crate::progress::{Attempt, AttemptKind, Store};
use std::collections::BTreeSet;

/// Whose records to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    /// These profiles, in this order (each once).
    Named(Vec<String>),
}

/// The pass mark of an exam profile the library no longer has: the CMAA scale's.
pub(super) const DEFAULT_PASS_MARK: u32 = 390;

/// The records of the selected profiles. A name the store does not have is an error, with
/// the nearest name as a suggestion.
pub fn from_store(
    store: &Store,
    library: &Library,
    selection: &Selection,
) -> Result<Vec<TraineeRecords>, ReportError> {
    let profiles: Vec<String> = store.profiles()?.into_iter().map(|p| p.name).collect();
    let names: Vec<String> = match selection {
        Selection::All => profiles.clone(),
        Selection::Named(names) => {
            let mut seen = BTreeSet::new();
            let mut chosen = Vec::new();
            for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                if !profiles.iter().any(|p| p == name) {
                    return Err(ReportError::UnknownProfile {
                        name: name.to_owned(),
                        near: crate::diagnostic::did_you_mean(
                            name,
                            profiles.iter().map(String::as_str),
                        )
                        .map(str::to_owned),
                    });
                }
                if seen.insert(name.to_owned()) {
                    chosen.push(name.to_owned());
                }
            }
            chosen
        }
    };
    let critical: BTreeSet<&str> = library
        .all_rules()
        .into_iter()
        .filter(|r| r.severity == Severity::Critical)
        .map(|r| r.id.as_str())
        .collect();
    names
        .into_iter()
        .map(|name| {
            let export = store.export(&name)?;
            let mut records = TraineeRecords {
                name,
                ..TraineeRecords::default()
            };
            for attempt in &export.attempts {
                match attempt.kind {
                    AttemptKind::Scenario => records
                        .attempts
                        .push(scenario_record(library, &critical, attempt)),
                    AttemptKind::Exam => records.sittings.push(sitting_record(library, attempt)),
                }
            }
            Ok(records)
        })
        .collect()
}

fn scenario_record(
    library: &Library,
    critical: &BTreeSet<&str>,
    attempt: &Attempt,
) -> ScenarioAttemptRecord {
    let mut critical_misses: Vec<String> = Vec::new();
    for f in attempt.findings.iter().filter(|f| !f.passed) {
        if critical.contains(f.rule.as_str()) && !critical_misses.contains(&f.rule) {
            critical_misses.push(f.rule.clone());
        }
    }
    ScenarioAttemptRecord {
        scenario: attempt.item.clone(),
        version: None,
        seed: attempt.seed,
        passed: attempt.passed,
        score_percent: attempt.score_percent,
        critical_misses,
        rules: attempt
            .findings
            .iter()
            .map(|f| RuleOutcome {
                rule: f.rule.clone(),
                domain: f.domain,
                passed: f.passed,
            })
            .collect(),
        duration_seconds: simulated_time_on_task(library, attempt),
        finished_at: attempt.at,
    }
}

/// The office time the attempt took: from the start of the scenario to the trainee's last
/// action, counting only the time inside its scenes (the clock jumps between scenes). The
/// desk does not record wall-clock time, so the attempt is replayed from its seed and
/// actions; `None` when the scenario is no longer in the library.
fn simulated_time_on_task(library: &Library, attempt: &Attempt) -> Option<u64> {
    let setup = library
        .setup_by_id(&attempt.item, attempt.policy.as_deref())
        .ok()?;
    let actions = attempt.actions().ok()?;
    let (session, _) = setup.play(attempt.seed, &actions);
    let Some(last) = session.log.iter().map(|a| a.at).max() else {
        return Some(0);
    };
    Some(
        session
            .windows
            .iter()
            .map(|w| u64::from(last.0.min(w.end.0).saturating_sub(w.start.0)))
            .sum(),
    )
}

fn sitting_record(library: &Library, attempt: &Attempt) -> ExamSittingRecord {
    let domains = Domain::ALL
        .iter()
        .filter_map(|&domain| {
            let (correct, total) = attempt
                .answers
                .iter()
                .filter(|a| a.domain == domain)
                .fold((0, 0), |(ok, n), a| (ok + u32::from(a.correct), n + 1));
            (total > 0).then_some(DomainTally {
                domain,
                correct,
                total,
            })
        })
        .collect();
    let scale = library.exam_profile(&attempt.item).map(|p| p.scale);
    ExamSittingRecord {
        exam: attempt.item.clone(),
        seed: attempt.seed,
        scaled: attempt
            .scaled
            .or_else(|| scale.as_ref().map(|s| s.scaled(attempt.score_percent)))
            .unwrap_or(0),
        pass_mark: scale.map_or(DEFAULT_PASS_MARK, |s| s.pass),
        passed: attempt.passed,
        percent: attempt.score_percent,
        domains,
        // The store does not keep how long an exam took.
        duration_seconds: None,
        finished_at: attempt.at,
    }
}
