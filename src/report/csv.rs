//! The report as CSV, three tables for a spreadsheet: one row per trainee; one row per rule
//! and trainee judged on it ("who misses it most": rank 1 misses it most); one row per exam
//! domain and trainee with evidence in it. `frontdesk report -o FILE.csv` writes them to
//! `FILE.csv`, `FILE-rules.csv` and `FILE-domains.csv`.

use super::{CohortReport, date_time};
use crate::model::Domain;

/// The three tables, each a whole CSV text with a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTables {
    pub trainees: String,
    pub rules: String,
    pub domains: String,
}

/// Percent with one decimal, or empty.
fn percent(value: Option<f64>) -> String {
    value.map_or_else(String::new, |p| format!("{p:.1}"))
}

fn missed_percent(missed: u32, of: u32) -> String {
    percent((of > 0).then(|| 100.0 * f64::from(missed) / f64::from(of)))
}

fn table(header: Vec<String>, rows: Vec<Vec<String>>) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; a failure would only lose the row, never panic.
    let _ = writer.write_record(&header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The column of a domain's mastery in the trainees table, e.g. `mastery_Scheduling`.
pub fn mastery_column(domain: Domain) -> String {
    format!("mastery_{}", domain.name())
}

pub fn to_csv(report: &CohortReport) -> CsvTables {
    let mut header: Vec<String> = [
        "trainee",
        "ready",
        "reason",
        "scenario_attempts",
        "exam_sittings",
        "scenarios_tried",
        "scenarios_passed",
        "library_scenarios",
        "critical_misses",
        "critical_misses_by_rule",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(Domain::ALL.iter().map(|d| mastery_column(*d)));
    header.extend(
        [
            "exam_estimate",
            "exam_pass_mark",
            "practice_exams",
            "time_on_task_minutes",
            "untimed",
            "last_activity_utc",
        ]
        .map(str::to_owned),
    );
    let trainees = report
        .trainees
        .iter()
        .map(|t| {
            let mut row = vec![
                t.name.clone(),
                if t.ready { "yes" } else { "no" }.to_owned(),
                t.reason.clone(),
                t.attempts.to_string(),
                t.exam_sittings.to_string(),
                t.scenarios_tried.to_string(),
                t.scenarios_passed.to_string(),
                t.library_scenarios.to_string(),
                t.critical_miss_total().to_string(),
                t.critical_misses
                    .iter()
                    .map(|c| format!("{}:{}", c.rule, c.count))
                    .collect::<Vec<_>>()
                    .join(" "),
            ];
            row.extend(Domain::ALL.iter().map(|d| percent(t.mastery_of(*d))));
            let estimate = t.exam_estimate.as_ref();
            row.extend([
                estimate.map_or_else(String::new, |e| e.scaled.to_string()),
                estimate.map_or_else(String::new, |e| e.pass_mark.to_string()),
                estimate.map_or(0, |e| e.sittings).to_string(),
                (t.time_on_task_seconds / 60).to_string(),
                t.untimed.to_string(),
                t.last_activity.map_or_else(String::new, date_time),
            ]);
            row
        })
        .collect();

    let rules = report
        .rules
        .iter()
        .flat_map(|r| {
            r.trainees.iter().enumerate().map(move |(k, m)| {
                vec![
                    r.rule.clone(),
                    r.title.clone(),
                    if r.critical { "critical" } else { "" }.to_owned(),
                    r.domain.name().to_owned(),
                    m.trainee.clone(),
                    (k + 1).to_string(),
                    m.judged.to_string(),
                    m.missed.to_string(),
                    missed_percent(m.missed, m.judged),
                ]
            })
        })
        .collect();
    let domains = report
        .domains
        .iter()
        .flat_map(|d| {
            d.trainees.iter().enumerate().map(move |(k, m)| {
                vec![
                    d.domain.name().to_owned(),
                    m.trainee.clone(),
                    (k + 1).to_string(),
                    m.marks.to_string(),
                    m.misses.to_string(),
                    missed_percent(m.misses, m.marks),
                    percent(m.mastery),
                ]
            })
        })
        .collect();
    let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
    CsvTables {
        trainees: table(header, trainees),
        rules: table(
            owned(&[
                "rule",
                "title",
                "critical",
                "domain",
                "trainee",
                "rank",
                "judged",
                "missed",
                "missed_percent",
            ]),
            rules,
        ),
        domains: table(
            owned(&[
                "domain",
                "trainee",
                "rank",
                "marks",
                "misses",
                "missed_percent",
                "mastery",
            ]),
            domains,
        ),
    }
}
