//! Records read back from a Learning Record Store: the statements every desk of a clinic network
//! sent (`frontdesk sync`, docs/XAPI.md), grouped by registration (one per attempt) into the
//! same records `from_store` gives, so `frontdesk report --lrs URL` covers a cohort whose
//! trainees played on many machines.
//!
//! An attempt counts once its `passed` or `failed` statement is there (an attempt whose sync
//! was cut off half way is left out until the rest arrives). Its trainee is the actor's account
//! name (or name, or mailbox); its scenario or exam and seed come from the object and the
//! context's extensions; its rules (scenario) or items per domain (exam) from its `answered`
//! statements; the critical misses and an exam's pass mark from the content library, as for
//! the store. Statements of other tools (objects outside Frontdesk's activity ids, no
//! registration) are skipped.

use super::store_source::DEFAULT_PASS_MARK;
use super::{
    Catalogue, DomainTally, ExamSittingRecord, RuleOutcome, ScenarioAttemptRecord, TraineeRecords,
    day_start,
};
use crate::library::Library;
use crate::model::Domain;
use crate::xapi::{Statement, verbs};
use serde_json::Value;
use std::collections::BTreeMap;

/// The trainees' records in `statements`, by trainee name, attempts in time order.
pub fn from_statements(statements: &[Statement], library: &Library) -> Vec<TraineeRecords> {
    let mut attempts: BTreeMap<&str, Vec<&Statement>> = BTreeMap::new();
    for statement in statements {
        if let Some(registration) = statement
            .context
            .as_ref()
            .and_then(|c| c.registration.as_deref())
        {
            attempts.entry(registration).or_default().push(statement);
        }
    }
    let catalogue = Catalogue::of(library);
    let mut trainees: BTreeMap<String, TraineeRecords> = BTreeMap::new();
    for group in attempts.values() {
        let Some(outcome) = group
            .iter()
            .find(|s| s.verb.id == verbs::PASSED || s.verb.id == verbs::FAILED)
        else {
            continue;
        };
        let Some(name) = trainee_of(outcome) else {
            continue;
        };
        let mut segments = outcome.object.id.rsplit('/');
        let (Some(item), Some(kind)) = (segments.next(), segments.next()) else {
            continue;
        };
        let records = trainees
            .entry(name.clone())
            .or_insert_with(|| TraineeRecords {
                name,
                ..TraineeRecords::default()
            });
        let passed = outcome.verb.id == verbs::PASSED;
        let percent = outcome
            .result
            .as_ref()
            .and_then(|r| r.score.as_ref())
            .and_then(|s| s.scaled)
            .map_or(0.0, |scaled| scaled * 100.0);
        let seed = context_extension(outcome, "seed")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let finished_at = outcome.timestamp.as_deref().and_then(unix_of).unwrap_or(0);
        let duration_seconds = outcome
            .result
            .as_ref()
            .and_then(|r| r.duration.as_deref())
            .and_then(seconds_of);
        let answered = group.iter().filter(|s| s.verb.id == verbs::ANSWERED);
        match kind {
            "scenario" => {
                let rules: Vec<RuleOutcome> = answered
                    .filter_map(|s| {
                        Some(RuleOutcome {
                            rule: context_extension(s, "rule")?.as_str()?.to_owned(),
                            domain: domain_of(s)?,
                            passed: s.result.as_ref()?.success?,
                        })
                    })
                    .collect();
                let critical_misses = rules
                    .iter()
                    .filter(|r| !r.passed && catalogue.rule(&r.rule).is_some_and(|i| i.critical))
                    .map(|r| r.rule.clone())
                    .collect();
                records.attempts.push(ScenarioAttemptRecord {
                    scenario: item.to_owned(),
                    version: None,
                    seed,
                    passed,
                    score_percent: percent,
                    critical_misses,
                    rules,
                    duration_seconds,
                    finished_at,
                });
            }
            "exam" => {
                let mut tallies: BTreeMap<Domain, (u32, u32)> = BTreeMap::new();
                for s in answered {
                    if let (Some(domain), Some(correct)) =
                        (domain_of(s), s.result.as_ref().and_then(|r| r.success))
                    {
                        let tally = tallies.entry(domain).or_default();
                        tally.0 += u32::from(correct);
                        tally.1 += 1;
                    }
                }
                let scale = library.exam_profile(item).map(|p| p.scale);
                let scaled = outcome
                    .result
                    .as_ref()
                    .and_then(|r| r.extensions.get(&crate::xapi::extension("scaled-score")))
                    .and_then(Value::as_u64)
                    .map(|s| s as u32)
                    .or_else(|| scale.as_ref().map(|s| s.scaled(percent)))
                    .unwrap_or(0);
                records.sittings.push(ExamSittingRecord {
                    exam: item.to_owned(),
                    seed,
                    scaled,
                    pass_mark: scale.map_or(DEFAULT_PASS_MARK, |s| s.pass),
                    passed,
                    percent,
                    domains: tallies
                        .into_iter()
                        .map(|(domain, (correct, total))| DomainTally {
                            domain,
                            correct,
                            total,
                        })
                        .collect(),
                    duration_seconds,
                    finished_at,
                });
            }
            _ => {}
        }
    }
    let mut out: Vec<TraineeRecords> = trainees.into_values().collect();
    for trainee in &mut out {
        trainee.attempts.sort_by_key(|a| a.finished_at);
        trainee.sittings.sort_by_key(|s| s.finished_at);
    }
    out
}

fn trainee_of(statement: &Statement) -> Option<String> {
    let actor = &statement.actor;
    actor
        .account
        .as_ref()
        .map(|a| a.name.clone())
        .or_else(|| actor.name.clone())
        .or_else(|| actor.mbox.clone())
}

fn context_extension<'a>(statement: &'a Statement, short: &str) -> Option<&'a Value> {
    statement
        .context
        .as_ref()?
        .extensions
        .get(&crate::xapi::extension(short))
}

fn domain_of(statement: &Statement) -> Option<Domain> {
    let name = context_extension(statement, "domain")?.as_str()?;
    Domain::ALL.iter().copied().find(|d| d.name() == name)
}

/// Unix seconds of an xAPI timestamp (`2026-12-05T09:30:00Z`, optionally with fractions of a
/// second or a `+00:00` offset; other offsets are applied).
pub fn unix_of(timestamp: &str) -> Option<i64> {
    let (date, time) = timestamp.split_once('T')?;
    let day = day_start(date).ok()?;
    let (clock, offset) = match time.find(['Z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => (time, ""),
    };
    let mut parts = clock.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let s: f64 = parts.next().unwrap_or("0").parse().ok()?;
    let offset_seconds = match offset.strip_prefix(['+', '-']) {
        Some(hhmm) => {
            let (oh, om) = hhmm.split_once(':').unwrap_or((hhmm, "0"));
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60)
        }
        None => 0,
    };
    Some(day + h * 3600 + m * 60 + s as i64 - offset_seconds)
}

/// Seconds of an ISO 8601 duration of hours, minutes and seconds (`PT1H2M3.5S`).
pub fn seconds_of(duration: &str) -> Option<u64> {
    let mut rest = duration.strip_prefix("PT")?;
    let mut total = 0.0;
    while !rest.is_empty() {
        let end = rest.find(|c: char| c.is_ascii_alphabetic())?;
        let value: f64 = rest[..end].parse().ok()?;
        total += value
            * match &rest[end..=end] {
                "H" => 3600.0,
                "M" => 60.0,
                "S" => 1.0,
                _ => return None,
            };
        rest = &rest[end + 1..];
    }
    Some(total as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_durations_read_back_as_they_were_written() {
        for unix in [0, 1_764_927_000, 1_764_927_059] {
            assert_eq!(unix_of(&crate::xapi::timestamp(unix)), Some(unix));
        }
        assert_eq!(unix_of("1970-01-01T01:00:00.250+01:00"), Some(0));
        assert_eq!(unix_of("not a time"), None);
        for seconds in [0, 59, 3_723] {
            assert_eq!(
                seconds_of(&crate::xapi::iso_duration(seconds)),
                Some(u64::from(seconds))
            );
        }
        assert_eq!(seconds_of("PT1M30.5S"), Some(90));
        assert_eq!(seconds_of("P1D"), None);
    }
}
