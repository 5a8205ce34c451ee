//! Cohort reports: who in a group of trainees is ready for the exam, and what each misses.
//!
//! The report is computed from plain records, not from the database, so that any source can
//! feed it: `from_store` reads the progress store (with the content library for what the store
//! does not keep), and `from_statements` the xAPI statements read back from a Learning Record
//! Store (`report --lrs`, a cohort spread over many machines). `cohort_report` turns records into a [`CohortReport`]; `to_csv`, `to_html` and
//! serde (JSON) render it.
//!
//! # The records (the input)
//!
//! - [`TraineeRecords`]: a trainee's `name`, their scenario `attempts` and exam `sittings`.
//! - [`ScenarioAttemptRecord`]: one finished scenario attempt: `scenario` (id), `version` (of
//!   the scenario as played, when the source knows it; the progress store does not), `seed`,
//!   `passed`, `score_percent` (0–100), `critical_misses` (ids of the critical rules missed),
//!   `rules` (every rule judged: [`RuleOutcome`] with `rule`, exam `domain`, `passed`),
//!   `duration_seconds` (time on the attempt, when known) and `finished_at` (Unix seconds, UTC).
//! - [`ExamSittingRecord`]: one finished practice exam or quiz: `exam` (profile id), `seed`,
//!   `scaled` score and the `pass_mark` on the same scale, `passed`, `percent` correct,
//!   `domains` (per exam domain: [`DomainTally`] with `correct` of `total` scored items),
//!   `duration_seconds` and `finished_at`.
//! - [`Catalogue`]: what the content library holds, for the figures records do not carry: the
//!   scenarios (`id`, `title`, `family`) and the rules (`id`, `title`, `domain`, `critical`).
//!
//! Every record type is `Serialize + Deserialize`, with these field names.
//!
//! # The figures (the output)
//!
//! `docs/REPORTS.md` explains each figure; the readiness criteria are [`READY_MASTERY_PERCENT`],
//! [`READY_PRACTICE_EXAMS`] and [`READY_SCENARIO_WINDOW`], described in [`readiness`].

mod compute;
mod csv;
mod html;
mod lrs_source;
mod store_source;

pub use compute::{
    CohortReport, DomainMisser, DomainReport, ExamEstimate, FamilyReport, RuleCount, RuleMisser,
    RuleReport, TraineeReport, cohort_report, criteria, readiness,
};
pub use csv::{CsvTables, to_csv};
pub use html::to_html;
pub use lrs_source::{from_statements, seconds_of, unix_of};
pub use store_source::{Selection, from_store};

use crate::model::Domain;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Ready needs mastery of at least this percent in every exam domain.
pub const READY_MASTERY_PERCENT: f64 = 70.0;
/// The practice-exam estimate is the mean scaled score of this many latest practice exams.
pub const READY_PRACTICE_EXAMS: usize = 3;
/// Ready needs no critical miss in this many latest scenario attempts.
pub const READY_SCENARIO_WINDOW: usize = 5;

/// One trainee's activity, from whatever source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TraineeRecords {
    pub name: String,
    #[serde(default)]
    pub attempts: Vec<ScenarioAttemptRecord>,
    #[serde(default)]
    pub sittings: Vec<ExamSittingRecord>,
}

/// One finished scenario attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioAttemptRecord {
    pub scenario: String,
    /// The scenario's version as played, when the source knows it.
    #[serde(default)]
    pub version: Option<String>,
    pub seed: u64,
    pub passed: bool,
    /// 0–100.
    pub score_percent: f64,
    /// Ids of the critical rules missed (any one fails the attempt).
    #[serde(default)]
    pub critical_misses: Vec<String>,
    /// Every rule judged in the attempt.
    #[serde(default)]
    pub rules: Vec<RuleOutcome>,
    #[serde(default)]
    pub duration_seconds: Option<u64>,
    /// Unix seconds (UTC).
    pub finished_at: i64,
}

/// A rule judged in an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleOutcome {
    pub rule: String,
    pub domain: Domain,
    pub passed: bool,
}

/// One finished exam sitting (a practice exam, mini exam or quiz).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamSittingRecord {
    /// The exam profile, e.g. `cmaa`, `mini`, `quiz-billing`.
    pub exam: String,
    pub seed: u64,
    pub scaled: u32,
    pub pass_mark: u32,
    pub passed: bool,
    /// Percent of scored items correct.
    pub percent: f64,
    /// Scored items per exam domain.
    pub domains: Vec<DomainTally>,
    #[serde(default)]
    pub duration_seconds: Option<u64>,
    /// Unix seconds (UTC).
    pub finished_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainTally {
    pub domain: Domain,
    pub correct: u32,
    pub total: u32,
}

/// What the content library holds that records do not carry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub scenarios: Vec<ScenarioInfo>,
    pub rules: Vec<RuleInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub id: String,
    pub title: String,
    /// The family's label, e.g. "Phone triage".
    pub family: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub domain: Domain,
    pub critical: bool,
}

impl Catalogue {
    /// The scenarios and rules of a loaded library.
    pub fn of(library: &crate::library::Library) -> Catalogue {
        let mut scenarios: Vec<ScenarioInfo> = library
            .scenarios
            .iter()
            .map(|s| ScenarioInfo {
                id: s.value.id.to_string(),
                title: s.value.title.clone(),
                family: s.value.family.label().to_owned(),
            })
            .collect();
        scenarios.sort_by(|a, b| a.id.cmp(&b.id));
        scenarios.dedup_by(|a, b| a.id == b.id);
        let mut rules: Vec<RuleInfo> = library
            .all_rules()
            .into_iter()
            .map(|r| RuleInfo {
                id: r.id.to_string(),
                title: r.title.clone(),
                domain: r.domain,
                critical: r.severity == crate::model::Severity::Critical,
            })
            .collect();
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules.dedup_by(|a, b| a.id == b.id);
        Catalogue { scenarios, rules }
    }

    pub fn scenario(&self, id: &str) -> Option<&ScenarioInfo> {
        self.scenarios
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.scenarios[i])
    }

    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("there is no profile `{name}`")]
    UnknownProfile { name: String, near: Option<String> },
    #[error("{0}")]
    BadDate(String),
    #[error(transparent)]
    Store(#[from] crate::progress::StoreError),
    #[error("the report was not written: {0}")]
    Write(#[from] crate::library::WriteError),
    #[error("the report was not written: {path} already exists")]
    Exists { path: PathBuf },
    #[error("the statements could not be read back: {0}")]
    Lrs(#[from] crate::xapi::XapiError),
}

impl ReportError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            ReportError::UnknownProfile {
                near: Some(near), ..
            } => format!("did you mean `{near}`? `frontdesk progress` lists the profiles"),
            ReportError::UnknownProfile { near: None, .. } => {
                "`frontdesk progress` lists the profiles; --all reports on every one".to_owned()
            }
            ReportError::BadDate(_) => "e.g. --since 2026-03-01".to_owned(),
            ReportError::Store(e) => e.hint().to_owned(),
            ReportError::Write(e) => e.hint().to_owned(),
            ReportError::Exists { .. } => {
                "choose another name, or add --force to replace the files".to_owned()
            }
            ReportError::Lrs(e) => e.hint().to_owned(),
        }
    }
}

/// The Unix time at the start (00:00 UTC) of a `YYYY-MM-DD` day, for `--since`.
pub fn day_start(text: &str) -> Result<i64, ReportError> {
    let date = crate::model::Date::parse(text.trim()).map_err(ReportError::BadDate)?;
    Ok(date.days() * 86_400)
}

pub use crate::progress::date_time;

/// "2 h 05 min", "12 min", "45 s".
pub fn duration_text(seconds: u64) -> String {
    match seconds {
        s if s >= 3600 => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// What `frontdesk report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Html,
    Json,
}

impl Format {
    /// The format a file name ends in (`.csv`, `.html`/`.htm`, `.json`).
    pub fn of_path(path: &Path) -> Option<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Some(Format::Csv),
            Some("html" | "htm") => Some(Format::Html),
            Some("json") => Some(Format::Json),
            _ => None,
        }
    }
}

/// The report as JSON (pretty, with a newline at the end).
pub fn to_json(report: &CohortReport) -> String {
    // Plain data with string keys: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// The files a CSV report to `path` is written to: the trainees table there, the rules and
/// domains tables beside it (`cohort.csv`, `cohort-rules.csv`, `cohort-domains.csv`).
pub fn csv_paths(path: &Path) -> [PathBuf; 3] {
    let stem = path
        .file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
    [
        path.to_path_buf(),
        path.with_file_name(format!("{stem}-rules.csv")),
        path.with_file_name(format!("{stem}-domains.csv")),
    ]
}

/// Writes the report to `path` in `format` (CSV: three files, see [`csv_paths`]); returns the
/// files written. Refuses to replace any existing file unless `force`, and checks them all
/// before writing one, so a refused report leaves nothing half-written. Each file is written
/// whole (a temporary file, then renamed into place).
pub fn write_files(
    report: &CohortReport,
    format: Format,
    path: &Path,
    force: bool,
) -> Result<Vec<PathBuf>, ReportError> {
    let files: Vec<(PathBuf, String)> = match format {
        Format::Json => vec![(path.to_path_buf(), to_json(report))],
        Format::Html => vec![(path.to_path_buf(), to_html(report))],
        Format::Csv => {
            let tables = to_csv(report);
            csv_paths(path)
                .into_iter()
                .zip([tables.trainees, tables.rules, tables.domains])
                .collect()
        }
    };
    if !force
        && let Some((taken, _)) = files
            .iter()
            .find(|(file, _)| std::fs::symlink_metadata(file).is_ok())
    {
        return Err(ReportError::Exists {
            path: taken.clone(),
        });
    }
    for (file, text) in &files {
        crate::library::write_new(file, text, force)?;
    }
    Ok(files.into_iter().map(|(file, _)| file).collect())
}

/// The report on the selected profiles of a progress store, activity from `since` (Unix
/// seconds) on.
pub fn store_report(
    store: &crate::progress::Store,
    library: &crate::library::Library,
    selection: &Selection,
    since: Option<i64>,
    now: i64,
) -> Result<CohortReport, ReportError> {
    let records = from_store(store, library, selection)?;
    Ok(cohort_report(&Catalogue::of(library), &records, since, now))
}

/// The report over the statements a Learning Record Store holds (every desk that syncs to it),
/// read since `since`; `names` limits it to those trainees (each must have statements there).
pub fn lrs_report(
    lrs: &crate::xapi::Lrs,
    library: &crate::library::Library,
    names: &[String],
    since: Option<i64>,
    now: i64,
) -> Result<CohortReport, ReportError> {
    let query = crate::xapi::StatementQuery {
        since: since.map(crate::xapi::timestamp),
        ..crate::xapi::StatementQuery::default()
    };
    let mut records = from_statements(&lrs.statements(&query)?, library);
    if !names.is_empty() {
        for name in names {
            if !records.iter().any(|r| &r.name == name) {
                return Err(ReportError::UnknownProfile {
                    name: name.clone(),
                    near: None,
                });
            }
        }
        records.retain(|r| names.contains(&r.name));
    }
    Ok(cohort_report(&Catalogue::of(library), &records, since, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sitting(
        at: i64,
        scaled: u32,
        correct: u32,
        total: u32,
        every_domain: bool,
    ) -> ExamSittingRecord {
        let domains = if every_domain {
            Domain::ALL
        } else {
            &Domain::ALL[..1]
        };
        ExamSittingRecord {
            exam: "mini".into(),
            seed: 0,
            scaled,
            pass_mark: 390,
            passed: scaled >= 390,
            percent: 0.0,
            domains: domains
                .iter()
                .map(|&domain| DomainTally {
                    domain,
                    correct,
                    total,
                })
                .collect(),
            duration_seconds: Some(600),
            finished_at: at,
        }
    }

    fn attempt(at: i64, critical: &[&str]) -> ScenarioAttemptRecord {
        ScenarioAttemptRecord {
            scenario: "chest-pain-caller".into(),
            version: Some("3".into()),
            seed: 1,
            passed: critical.is_empty(),
            score_percent: 90.0,
            critical_misses: critical.iter().map(|r| (*r).to_owned()).collect(),
            rules: vec![RuleOutcome {
                rule: "TRI-01".into(),
                domain: Domain::PatientEncounter,
                passed: critical.is_empty(),
            }],
            duration_seconds: Some(300),
            finished_at: at,
        }
    }

    #[test]
    fn the_estimate_is_the_mean_of_the_latest_practice_exams_and_quizzes_do_not_count() {
        let records = TraineeRecords {
            name: "ana".into(),
            attempts: vec![attempt(10, &[])],
            sittings: vec![
                sitting(1, 300, 5, 10, true),
                sitting(2, 400, 9, 10, true),
                sitting(3, 420, 9, 10, true),
                sitting(4, 440, 9, 10, true),
                sitting(5, 200, 0, 10, false),
            ],
        };
        let report = cohort_report(&Catalogue::default(), &[records], None, 0);
        let t = &report.trainees[0];
        let estimate = t.exam_estimate.as_ref().expect("an estimate");
        assert_eq!((estimate.scaled, estimate.sittings), (420, 3));
        assert_eq!(t.time_on_task_seconds, 5 * 600 + 300);
        assert_eq!(t.last_activity, Some(10));
    }

    #[test]
    fn readiness_names_every_shortfall_and_a_recent_critical_miss() {
        let records = TraineeRecords {
            name: "ben".into(),
            attempts: vec![attempt(1, &["TRI-01"]), attempt(2, &[])],
            sittings: vec![sitting(3, 450, 10, 10, true)],
        };
        let report = cohort_report(
            &Catalogue::default(),
            std::slice::from_ref(&records),
            None,
            0,
        );
        let t = &report.trainees[0];
        assert!(!t.ready);
        assert_eq!(
            t.reason,
            "Not yet: missed critical rule TRI-01 in 1 of the latest 2 scenario attempts."
        );
        // Five clean attempts later the miss has left the window.
        let mut later = records;
        later.attempts.extend((4..9).map(|at| attempt(at, &[])));
        let report = cohort_report(&Catalogue::default(), &[later], None, 0);
        assert!(report.trainees[0].ready, "{}", report.trainees[0].reason);
        assert!(
            report.trainees[0]
                .reason
                .starts_with("Yes: practice-exam estimate 450")
        );
        assert_eq!(
            report.trainees[0].critical_misses[0].count, 1,
            "still counted"
        );
    }

    #[test]
    fn a_sittings_answers_are_spread_so_a_partial_window_keeps_its_proportion() {
        let mut marks = Vec::new();
        compute::sitting_marks(&sitting(0, 0, 3, 12, false), &mut marks);
        let first_half = marks[..6].iter().filter(|m| m.success).count();
        assert!((1..=2).contains(&first_half), "{first_half}");
        assert_eq!(marks.iter().filter(|m| m.success).count(), 3);
    }

    #[test]
    fn every_user_string_is_escaped_in_the_html() {
        let records = TraineeRecords {
            name: "<script>alert('x')</script> & \"co\"".into(),
            attempts: vec![attempt(1, &["<b>"])],
            sittings: Vec::new(),
        };
        let report = cohort_report(&Catalogue::default(), &[records], None, 0);
        let html = to_html(&report);
        assert!(!html.contains("<script>") && !html.contains("<b>"));
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;")
        );
        roxmltree::Document::parse_with_options(
            &html,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..roxmltree::ParsingOptions::default()
            },
        )
        .expect("still well-formed");
    }

    #[test]
    fn records_read_back_from_json_with_optional_fields_left_out() {
        let text = r#"{"name": "cy", "attempts": [{"scenario": "x", "seed": 1, "passed": true,
            "score_percent": 100.0, "finished_at": 5}]}"#;
        let records: TraineeRecords = serde_json::from_str(text).expect("reads");
        assert_eq!(records.attempts[0].duration_seconds, None);
        assert!(records.sittings.is_empty());
    }
}
