//! The cohort's figures from plain records: per trainee, per rule, per exam domain and per
//! scenario family. Deterministic: the same records and options give the same report.

use super::{
    Catalogue, ExamSittingRecord, READY_MASTERY_PERCENT, READY_PRACTICE_EXAMS,
    READY_SCENARIO_WINDOW, ScenarioAttemptRecord, TraineeRecords,
};
use crate::exam::{self, Mark, Mastery};
use crate::model::Domain;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortReport {
    /// Unix seconds.
    pub generated_at: i64,
    /// Only activity on or after this day (`YYYY-MM-DD`, UTC) counts.
    pub since: Option<String>,
    /// Scenarios in the content library.
    pub library_scenarios: u32,
    /// The readiness criteria in force, in words.
    pub criteria: Vec<String>,
    pub trainees: Vec<TraineeReport>,
    /// Every rule judged at least once, most missed first.
    pub rules: Vec<RuleReport>,
    /// Every exam domain, in the test plan's order.
    pub domains: Vec<DomainReport>,
    /// Every scenario family played, by name.
    pub families: Vec<FamilyReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraineeReport {
    pub name: String,
    /// Scenario attempts.
    pub attempts: u32,
    pub exam_sittings: u32,
    /// Different scenarios tried, and of those how many passed at least once.
    pub scenarios_tried: u32,
    pub scenarios_passed: u32,
    pub library_scenarios: u32,
    /// Critical rules missed, with the number of attempts that missed each, most first.
    pub critical_misses: Vec<RuleCount>,
    /// Mastery per exam domain (as on the progress screen), in the test plan's order.
    pub mastery: Vec<Mastery>,
    pub exam_estimate: Option<ExamEstimate>,
    /// Time on the attempts and sittings whose duration is known.
    pub time_on_task_seconds: u64,
    /// Attempts and sittings whose duration the source did not record.
    pub untimed: u32,
    /// Unix seconds of the latest attempt or sitting.
    pub last_activity: Option<i64>,
    pub ready: bool,
    /// Why (or why not), in words.
    pub reason: String,
}

impl TraineeReport {
    pub fn critical_miss_total(&self) -> u32 {
        self.critical_misses.iter().map(|c| c.count).sum()
    }

    pub fn mastery_of(&self, domain: Domain) -> Option<f64> {
        self.mastery
            .iter()
            .find(|m| m.domain == domain)
            .and_then(|m| m.percent)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCount {
    pub rule: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamEstimate {
    /// The mean scaled score of the latest practice exams (rounded).
    pub scaled: u32,
    /// The pass mark of the latest one.
    pub pass_mark: u32,
    /// How many practice exams the mean is over.
    pub sittings: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleReport {
    pub rule: String,
    /// From the catalogue; empty for a rule the library does not know.
    pub title: String,
    pub domain: Domain,
    pub critical: bool,
    pub judged: u32,
    pub missed: u32,
    /// Who misses it most first: by share of attempts missed, then by count, then by name.
    pub trainees: Vec<RuleMisser>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleMisser {
    pub trainee: String,
    pub judged: u32,
    pub missed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainReport {
    pub domain: Domain,
    /// Exam answers and scenario findings in the domain, cohort-wide.
    pub marks: u32,
    pub misses: u32,
    /// Who misses it most first: by share missed, then by count, then by name.
    pub trainees: Vec<DomainMisser>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainMisser {
    pub trainee: String,
    /// Exam answers and scenario findings in the domain.
    pub marks: u32,
    pub misses: u32,
    pub mastery: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyReport {
    /// The family's label ("other" for scenarios the library does not know).
    pub family: String,
    pub attempts: u32,
    pub passed: u32,
    /// Trainees who played the family.
    pub trainees: u32,
}

/// Share missed, 0 when nothing was judged.
fn share(missed: u32, of: u32) -> f64 {
    if of == 0 {
        0.0
    } else {
        f64::from(missed) / f64::from(of)
    }
}

/// Most missed first: by share, then count, then name.
fn by_misses(a: (u32, u32, &str), b: (u32, u32, &str)) -> std::cmp::Ordering {
    share(b.0, b.1)
        .total_cmp(&share(a.0, a.1))
        .then(b.0.cmp(&a.0))
        .then(a.2.cmp(b.2))
}

/// The report over `trainees`' activity finished at or after `since` (Unix seconds).
pub fn cohort_report(
    catalogue: &Catalogue,
    trainees: &[TraineeRecords],
    since: Option<i64>,
    generated_at: i64,
) -> CohortReport {
    let in_period = |at: i64| since.is_none_or(|s| at >= s);
    let period: Vec<TraineeRecords> = trainees
        .iter()
        .map(|t| TraineeRecords {
            name: t.name.clone(),
            attempts: t
                .attempts
                .iter()
                .filter(|a| in_period(a.finished_at))
                .cloned()
                .collect(),
            sittings: t
                .sittings
                .iter()
                .filter(|s| in_period(s.finished_at))
                .cloned()
                .collect(),
        })
        .collect();
    let library_scenarios = catalogue.scenarios.len() as u32;
    let mut report = CohortReport {
        generated_at,
        since: since.map(|s| super::date_time(s)[..10].to_owned()),
        library_scenarios,
        criteria: criteria(),
        trainees: period
            .iter()
            .map(|t| trainee_report(t, library_scenarios))
            .collect(),
        rules: rule_reports(catalogue, &period),
        domains: domain_reports(&period),
        families: family_reports(catalogue, &period),
    };
    link_mastery(&mut report);
    report
}

/// The readiness criteria, in words (the report and `--help` say them).
pub fn criteria() -> Vec<String> {
    vec![
        format!(
            "practice-exam estimate at or above the pass mark: the mean scaled score of the latest {READY_PRACTICE_EXAMS} practice exams (sittings with items from every exam domain: the full or mini exam, not one-domain quizzes)"
        ),
        format!(
            "mastery of {READY_MASTERY_PERCENT:.0} % or more in every exam domain (the latest exam answers and scenario findings, as on the progress screen)"
        ),
        format!(
            "at least one scenario played, and no critical rule missed in the latest {READY_SCENARIO_WINDOW} scenario attempts"
        ),
    ]
}

fn newest_first<T>(items: &[T], at: impl Fn(&T) -> i64) -> Vec<&T> {
    let mut sorted: Vec<&T> = items.iter().collect();
    // Stable: records finished in the same second keep their order, the later one first.
    sorted.reverse();
    sorted.sort_by_key(|item| std::cmp::Reverse(at(item)));
    sorted
}

/// A sitting's answers as marks: each domain's correct answers spread evenly among its
/// misses, so a mastery window that takes only part of a sitting takes it in proportion.
pub(super) fn sitting_marks(sitting: &ExamSittingRecord, out: &mut Vec<Mark>) {
    for tally in &sitting.domains {
        let correct = u64::from(tally.correct.min(tally.total));
        let total = u64::from(tally.total);
        for k in 0..total {
            out.push(Mark {
                domain: tally.domain,
                success: (k + 1) * correct / total > k * correct / total,
            });
        }
    }
}

/// Scenario findings as marks, newest first: within an attempt the last judged first, as the
/// progress store reads them.
fn attempt_marks(attempt: &ScenarioAttemptRecord, out: &mut Vec<Mark>) {
    for outcome in attempt.rules.iter().rev() {
        out.push(Mark {
            domain: outcome.domain,
            success: outcome.passed,
        });
    }
}

fn is_practice_exam(sitting: &ExamSittingRecord) -> bool {
    Domain::ALL.iter().all(|d| {
        sitting
            .domains
            .iter()
            .any(|t| t.domain == *d && t.total > 0)
    })
}

fn trainee_report(t: &TraineeRecords, library_scenarios: u32) -> TraineeReport {
    let attempts = newest_first(&t.attempts, |a| a.finished_at);
    let sittings = newest_first(&t.sittings, |s| s.finished_at);

    let tried: BTreeSet<&str> = attempts.iter().map(|a| a.scenario.as_str()).collect();
    let passed: BTreeSet<&str> = attempts
        .iter()
        .filter(|a| a.passed)
        .map(|a| a.scenario.as_str())
        .collect();

    let mut critical: BTreeMap<&str, u32> = BTreeMap::new();
    for a in &attempts {
        let missed: BTreeSet<&str> = a.critical_misses.iter().map(String::as_str).collect();
        for rule in missed {
            *critical.entry(rule).or_default() += 1;
        }
    }
    let mut critical_misses: Vec<RuleCount> = critical
        .into_iter()
        .map(|(rule, count)| RuleCount {
            rule: rule.to_owned(),
            count,
        })
        .collect();
    critical_misses.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(&b.rule)));

    let mut answers = Vec::new();
    for s in &sittings {
        sitting_marks(s, &mut answers);
    }
    let mut findings = Vec::new();
    for a in &attempts {
        attempt_marks(a, &mut findings);
    }
    let mastery = exam::mastery(&answers, &findings);

    let practice: Vec<&&ExamSittingRecord> = sittings
        .iter()
        .filter(|s| is_practice_exam(s))
        .take(READY_PRACTICE_EXAMS)
        .collect();
    let exam_estimate = practice.first().map(|latest| ExamEstimate {
        scaled: (practice.iter().map(|s| f64::from(s.scaled)).sum::<f64>() / practice.len() as f64)
            .round() as u32,
        pass_mark: latest.pass_mark,
        sittings: practice.len() as u32,
    });

    let durations = attempts
        .iter()
        .map(|a| a.duration_seconds)
        .chain(sittings.iter().map(|s| s.duration_seconds));
    let (mut time_on_task_seconds, mut untimed) = (0, 0);
    for d in durations {
        match d {
            Some(seconds) => time_on_task_seconds += seconds,
            None => untimed += 1,
        }
    }
    let last_activity = attempts
        .first()
        .map(|a| a.finished_at)
        .into_iter()
        .chain(sittings.first().map(|s| s.finished_at))
        .max();

    let recent_critical: Vec<&str> = attempts
        .iter()
        .take(READY_SCENARIO_WINDOW)
        .flat_map(|a| a.critical_misses.iter().map(String::as_str))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let recent_with_critical = attempts
        .iter()
        .take(READY_SCENARIO_WINDOW)
        .filter(|a| !a.critical_misses.is_empty())
        .count();
    let (ready, reason) = readiness(
        &mastery,
        exam_estimate.as_ref(),
        attempts.len(),
        &recent_critical,
        recent_with_critical,
    );

    TraineeReport {
        name: t.name.clone(),
        attempts: attempts.len() as u32,
        exam_sittings: sittings.len() as u32,
        scenarios_tried: tried.len() as u32,
        scenarios_passed: passed.len() as u32,
        library_scenarios,
        critical_misses,
        mastery,
        exam_estimate,
        time_on_task_seconds,
        untimed,
        last_activity,
        ready,
        reason,
    }
}

/// Ready for the exam, and why in words. Ready when all three hold:
///
/// 1. a practice-exam estimate (the mean scaled score of the latest [`READY_PRACTICE_EXAMS`]
///    sittings that cover every exam domain) at or above its pass mark;
/// 2. mastery of at least [`READY_MASTERY_PERCENT`] in every exam domain;
/// 3. at least one scenario attempt, and no critical rule missed in the latest
///    [`READY_SCENARIO_WINDOW`] scenario attempts.
///
/// `recent_critical` are the critical rules missed in that window, `recent_with_critical`
/// how many of its attempts missed one.
pub fn readiness(
    mastery: &[Mastery],
    estimate: Option<&ExamEstimate>,
    scenario_attempts: usize,
    recent_critical: &[&str],
    recent_with_critical: usize,
) -> (bool, String) {
    let mut short = Vec::new();
    match estimate {
        None => short.push("no practice exam yet (the full or the mini exam)".to_owned()),
        Some(e) if e.scaled < e.pass_mark => short.push(format!(
            "practice-exam estimate {} is below the pass mark {}",
            e.scaled, e.pass_mark
        )),
        Some(_) => {}
    }
    let unseen: Vec<&str> = mastery
        .iter()
        .filter(|m| m.percent.is_none())
        .map(|m| m.domain.label())
        .collect();
    if !unseen.is_empty() {
        short.push(format!("no evidence yet in {}", unseen.join(", ")));
    }
    let weak: Vec<String> = mastery
        .iter()
        .filter_map(|m| m.percent.map(|p| (m.domain, p)))
        .filter(|(_, p)| *p < READY_MASTERY_PERCENT)
        .map(|(d, p)| format!("{} {p:.0} %", d.label()))
        .collect();
    if !weak.is_empty() {
        short.push(format!(
            "mastery under {READY_MASTERY_PERCENT:.0} % in {}",
            weak.join(", ")
        ));
    }
    let window = scenario_attempts.min(READY_SCENARIO_WINDOW);
    if scenario_attempts == 0 {
        short.push("no scenario played yet".to_owned());
    } else if recent_with_critical > 0 {
        short.push(format!(
            "missed critical rule{} {} in {recent_with_critical} of the latest {window} scenario attempt{}",
            if recent_critical.len() == 1 { "" } else { "s" },
            recent_critical.join(", "),
            if window == 1 { "" } else { "s" },
        ));
    }
    if !short.is_empty() {
        return (false, format!("Not yet: {}.", short.join("; ")));
    }
    let (estimate, lowest) = match (
        estimate,
        mastery
            .iter()
            .filter_map(|m| m.percent.map(|p| (m.domain, p)))
            .min_by(|a, b| a.1.total_cmp(&b.1)),
    ) {
        (Some(e), Some(lowest)) => (e, lowest),
        // Unreachable: no shortfall means an estimate and evidence in every domain.
        _ => return (false, "Not yet: not enough evidence.".to_owned()),
    };
    (
        true,
        format!(
            "Yes: practice-exam estimate {} (pass mark {}) over {} exam{}; every domain at {READY_MASTERY_PERCENT:.0} % or more (lowest: {} {:.0} %); no critical miss in the latest {window} scenario attempt{}.",
            estimate.scaled,
            estimate.pass_mark,
            estimate.sittings,
            if estimate.sittings == 1 { "" } else { "s" },
            lowest.0.label(),
            lowest.1,
            if window == 1 { "" } else { "s" },
        ),
    )
}

fn rule_reports(catalogue: &Catalogue, trainees: &[TraineeRecords]) -> Vec<RuleReport> {
    // rule -> (the domain seen in records, trainee -> (judged, missed)).
    type PerTrainee<'a> = BTreeMap<&'a str, (u32, u32)>;
    let mut tally: BTreeMap<&str, (Domain, PerTrainee)> = BTreeMap::new();
    let mut critical_seen: BTreeSet<&str> = BTreeSet::new();
    for t in trainees {
        for a in &t.attempts {
            critical_seen.extend(a.critical_misses.iter().map(String::as_str));
            for outcome in &a.rules {
                let (_, per) = tally
                    .entry(outcome.rule.as_str())
                    .or_insert((outcome.domain, BTreeMap::new()));
                let cell = per.entry(t.name.as_str()).or_default();
                cell.0 += 1;
                cell.1 += u32::from(!outcome.passed);
            }
        }
    }
    let mut rules: Vec<RuleReport> = tally
        .into_iter()
        .map(|(rule, (domain, per))| {
            let info = catalogue.rule(rule);
            let mut trainees: Vec<RuleMisser> = per
                .into_iter()
                .map(|(trainee, (judged, missed))| RuleMisser {
                    trainee: trainee.to_owned(),
                    judged,
                    missed,
                })
                .collect();
            trainees.sort_by(|a, b| {
                by_misses(
                    (a.missed, a.judged, &a.trainee),
                    (b.missed, b.judged, &b.trainee),
                )
            });
            RuleReport {
                rule: rule.to_owned(),
                title: info.map_or_else(String::new, |i| i.title.clone()),
                domain: info.map_or(domain, |i| i.domain),
                critical: info.map_or(critical_seen.contains(rule), |i| i.critical),
                judged: trainees.iter().map(|t| t.judged).sum(),
                missed: trainees.iter().map(|t| t.missed).sum(),
                trainees,
            }
        })
        .collect();
    rules.sort_by(|a, b| by_misses((a.missed, a.judged, &a.rule), (b.missed, b.judged, &b.rule)));
    rules
}

fn domain_reports(trainees: &[TraineeRecords]) -> Vec<DomainReport> {
    Domain::ALL
        .iter()
        .map(|&domain| {
            let mut per: Vec<DomainMisser> = trainees
                .iter()
                .filter_map(|t| {
                    let mut marks = Vec::new();
                    for s in &t.sittings {
                        sitting_marks(s, &mut marks);
                    }
                    for a in &t.attempts {
                        attempt_marks(a, &mut marks);
                    }
                    let (ok, n) = marks
                        .iter()
                        .filter(|m| m.domain == domain)
                        .fold((0u32, 0u32), |(ok, n), m| {
                            (ok + u32::from(m.success), n + 1)
                        });
                    (n > 0).then(|| DomainMisser {
                        trainee: t.name.clone(),
                        marks: n,
                        misses: n - ok,
                        mastery: None,
                    })
                })
                .collect();
            per.sort_by(|a, b| {
                by_misses(
                    (a.misses, a.marks, &a.trainee),
                    (b.misses, b.marks, &b.trainee),
                )
            });
            DomainReport {
                domain,
                marks: per.iter().map(|p| p.marks).sum(),
                misses: per.iter().map(|p| p.misses).sum(),
                trainees: per,
            }
        })
        .collect()
}

fn family_reports(catalogue: &Catalogue, trainees: &[TraineeRecords]) -> Vec<FamilyReport> {
    let mut families: BTreeMap<String, (u32, u32, BTreeSet<&str>)> = BTreeMap::new();
    for t in trainees {
        for a in &t.attempts {
            let family = catalogue
                .scenario(&a.scenario)
                .map_or_else(|| "other".to_owned(), |s| s.family.clone());
            let entry = families.entry(family).or_default();
            entry.0 += 1;
            entry.1 += u32::from(a.passed);
            entry.2.insert(t.name.as_str());
        }
    }
    families
        .into_iter()
        .map(|(family, (attempts, passed, who))| FamilyReport {
            family,
            attempts,
            passed,
            trainees: who.len() as u32,
        })
        .collect()
}

/// Fills each domain's trainees' mastery from their reports (the domain figures are built
/// from all marks in the period; mastery from the latest, as on the progress screen).
fn link_mastery(report: &mut CohortReport) {
    let mastery: BTreeMap<(String, Domain), Option<f64>> = report
        .trainees
        .iter()
        .flat_map(|t| {
            t.mastery
                .iter()
                .map(|m| ((t.name.clone(), m.domain), m.percent))
        })
        .collect();
    for d in &mut report.domains {
        for m in &mut d.trainees {
            m.mastery = mastery
                .get(&(m.trainee.clone(), d.domain))
                .copied()
                .flatten();
        }
    }
}
