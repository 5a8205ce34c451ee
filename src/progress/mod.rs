//! Trainee progress that lasts: profiles, every attempt (a scenario's seed and actions, an
//! exam's answers), spaced-review cards and mastery, kept in an embedded SQLite database.
//!
//! Every save is one transaction in WAL mode with full sync, so a crash mid-save loses at most
//! that save and never an earlier one. The schema is versioned (`schema`); older databases are
//! migrated on open and newer ones are refused rather than damaged.

pub mod schema;
mod study;

pub use study::{StudyPlan, study_plan};

use crate::exam::{
    self, Card, CardKind, ExamResult, Mark, Mastery, Outcome, RECENT_ANSWERS, RECENT_FINDINGS,
};
use crate::model::{Action, Domain};
use crate::scoring::Report;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The environment variable that overrides where progress is kept.
pub const DATA_ENV: &str = "FRONTDESK_DATA";
const DATABASE_FILE: &str = "progress.sqlite";
/// Written at the top of an exported profile so a wrong file is recognised.
pub const EXPORT_FORMAT: &str = "frontdesk-profile";
pub const EXPORT_VERSION: u32 = 1;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open the progress database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the progress database {path} was written by a newer Frontdesk (schema {found}, this one knows up to {known})"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error("there is no profile `{0}`")]
    NoProfile(String),
    #[error("a profile `{0}` already exists")]
    ProfileExists(String),
    #[error("`{0}` cannot be a profile name: use 1 to 64 letters, digits, spaces, '-' or '_'")]
    BadName(String),
    #[error("the progress database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

impl StoreError {
    /// What the trainee can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            StoreError::Open { .. } => {
                "check that the data folder is writable, or choose another with --data-dir or FRONTDESK_DATA"
            }
            StoreError::NewerSchema { .. } => {
                "update Frontdesk, or use another data folder with --data-dir"
            }
            StoreError::NoProfile(_) => "`frontdesk progress` lists the profiles",
            StoreError::ProfileExists(_) => "choose another name with --as NAME",
            StoreError::BadName(_) => "e.g. `ana` or `Ana Ruiz`",
            StoreError::File { .. } => "the file should come from `frontdesk progress --export`",
            StoreError::Sqlite(_) | StoreError::Damaged(_) => {
                "the database may be damaged; copy it aside and report the problem"
            }
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Where progress lives: `$FRONTDESK_DATA`, else the platform's data folder.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_ENV) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "Frontdesk", "frontdesk")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".frontdesk"))
}

/// Whole days since 1970-01-01 (UTC) for a Unix time in seconds.
pub fn day_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(86_400)
}

/// The current Unix time in seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttemptKind {
    Scenario,
    Exam,
}

impl AttemptKind {
    fn name(self) -> &'static str {
        match self {
            AttemptKind::Scenario => "scenario",
            AttemptKind::Exam => "exam",
        }
    }

    /// The kind stored in a row (the schema allows only these two).
    fn of_row(row: &rusqlite::Row, column: usize) -> rusqlite::Result<AttemptKind> {
        let name: String = row.get(column)?;
        Ok(if name == "exam" {
            AttemptKind::Exam
        } else {
            AttemptKind::Scenario
        })
    }
}

/// One attempt as stored and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub kind: AttemptKind,
    /// Unix seconds.
    pub at: i64,
    /// The scenario id or exam profile id.
    pub item: String,
    pub seed: u64,
    /// The policy a scenario was scored under.
    pub policy: Option<String>,
    /// A scenario's actions (RON, as `frontdesk play --actions` reads) or an exam's answers
    /// (JSON: one chosen position or null per item).
    pub payload: String,
    pub score_percent: f64,
    pub passed: bool,
    /// An exam's scaled score.
    pub scaled: Option<u32>,
    pub answers: Vec<AnswerRecord>,
    pub findings: Vec<FindingRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub question: String,
    pub domain: Domain,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingRecord {
    pub rule: String,
    pub domain: Domain,
    pub passed: bool,
    pub points: u32,
    pub max_points: u32,
}

impl Attempt {
    /// A played scenario: its seed and actions are kept so it can be re-scored.
    pub fn of_scenario(report: &Report, actions: &[Action], at: i64) -> Result<Attempt> {
        let payload = ron::ser::to_string(actions)
            .map_err(|e| StoreError::Damaged(format!("cannot write the actions: {e}")))?;
        Ok(Attempt {
            kind: AttemptKind::Scenario,
            at,
            item: report.scenario.to_string(),
            seed: report.seed,
            policy: Some(report.policy.to_string()),
            payload,
            score_percent: f64::from(report.percent),
            passed: report.passed,
            scaled: None,
            answers: Vec::new(),
            findings: report
                .findings
                .iter()
                .map(|f| FindingRecord {
                    rule: f.rule.to_string(),
                    domain: f.domain,
                    passed: f.passed,
                    points: f.points,
                    max_points: f.max_points,
                })
                .collect(),
        })
    }

    /// A finished exam: the answers given and how each scored item went (pretest items are
    /// kept in the payload but do not feed mastery or review).
    pub fn of_exam(result: &ExamResult, answers: &[Option<usize>], at: i64) -> Result<Attempt> {
        let payload = serde_json::to_string(answers)
            .map_err(|e| StoreError::Damaged(format!("cannot write the answers: {e}")))?;
        Ok(Attempt {
            kind: AttemptKind::Exam,
            at,
            item: result.profile.clone(),
            seed: result.seed,
            policy: None,
            payload,
            score_percent: result.percent,
            passed: result.passed,
            scaled: Some(result.scaled),
            answers: result
                .items
                .iter()
                .filter(|i| !i.pretest)
                .map(|i| AnswerRecord {
                    question: i.question.clone(),
                    domain: i.domain,
                    correct: i.correct,
                })
                .collect(),
            findings: Vec::new(),
        })
    }

    /// A scenario attempt's actions, for re-scoring.
    pub fn actions(&self) -> Result<Vec<Action>> {
        crate::source::ron_options()
            .from_str(&self.payload)
            .map_err(|e| StoreError::Damaged(format!("the stored actions do not read: {e}")))
    }
}

/// A line of history, without the detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub id: i64,
    pub kind: AttemptKind,
    pub at: i64,
    pub item: String,
    pub seed: u64,
    pub score_percent: f64,
    pub passed: bool,
    pub scaled: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileInfo {
    pub name: String,
    pub created: i64,
    pub attempts: u32,
}

/// What the progress screen and `frontdesk progress` show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileSummary {
    pub name: String,
    pub history: Vec<AttemptSummary>,
    pub mastery: Vec<Mastery>,
    pub due: Vec<Card>,
    pub cards: u32,
}

/// A profile as a file: everything needed to rebuild it on another machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileExport {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub created: i64,
    pub attempts: Vec<Attempt>,
    pub cards: Vec<Card>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`.
    pub fn open_in(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::File {
            path: data_dir.to_path_buf(),
            message: format!("cannot create the data folder: {e}"),
        })?;
        Store::open(&data_dir.join(DATABASE_FILE))
    }

    /// Opens the database file, migrating it to the current schema.
    pub fn open(path: &Path) -> Result<Store> {
        let open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_error)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(open_error)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_error)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_error)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_error)?;
        let found = schema::version(&conn).map_err(open_error)?;
        if found > schema::CURRENT_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: schema::CURRENT_VERSION,
            });
        }
        schema::migrate_to(&mut conn, schema::CURRENT_VERSION).map_err(open_error)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn profiles(&self) -> Result<Vec<ProfileInfo>> {
        let mut statement = self.conn.prepare(
            "SELECT p.name, p.created, COUNT(a.id) FROM profile p
             LEFT JOIN attempt a ON a.profile_id = p.id GROUP BY p.id ORDER BY p.name",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(ProfileInfo {
                name: row.get(0)?,
                created: row.get(1)?,
                attempts: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates a profile; an existing one with that name is an error.
    pub fn create_profile(&mut self, name: &str, at: i64) -> Result<()> {
        let name = valid_name(name)?;
        if self.profile_id(name)?.is_some() {
            return Err(StoreError::ProfileExists(name.to_owned()));
        }
        self.conn.execute(
            "INSERT INTO profile (name, created) VALUES (?1, ?2)",
            params![name, at],
        )?;
        Ok(())
    }

    /// Creates the profile unless it exists.
    pub fn ensure_profile(&mut self, name: &str, at: i64) -> Result<()> {
        match self.create_profile(name, at) {
            Err(StoreError::ProfileExists(_)) => Ok(()),
            other => other,
        }
    }

    fn profile_id(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM profile WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()?)
    }

    fn require_profile(&self, name: &str) -> Result<i64> {
        self.profile_id(name)?
            .ok_or_else(|| StoreError::NoProfile(name.to_owned()))
    }

    /// Saves an attempt and moves the review cards it touches, in one transaction.
    pub fn save_attempt(&mut self, profile: &str, attempt: &Attempt) -> Result<i64> {
        let profile_id = self.require_profile(profile)?;
        let tx = self.conn.transaction()?;
        let id = insert_attempt(&tx, profile_id, attempt)?;
        tx.commit()?;
        Ok(id)
    }

    pub fn history(&self, profile: &str) -> Result<Vec<AttemptSummary>> {
        let profile_id = self.require_profile(profile)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT id, kind, at, item, seed, score_percent, passed, scaled FROM attempt
             WHERE profile_id = ?1 ORDER BY at, id",
        )?;
        let rows = statement.query_map([profile_id], |row| {
            Ok(AttemptSummary {
                id: row.get(0)?,
                kind: AttemptKind::of_row(row, 1)?,
                at: row.get(2)?,
                item: row.get(3)?,
                seed: row.get::<_, i64>(4)? as u64,
                score_percent: row.get(5)?,
                passed: row.get(6)?,
                scaled: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One stored attempt in full.
    pub fn attempt(&self, profile: &str, id: i64) -> Result<Attempt> {
        let profile_id = self.require_profile(profile)?;
        let mut attempts = read_attempts(&self.conn, profile_id, Some(id))?;
        attempts
            .pop()
            .ok_or_else(|| StoreError::Damaged(format!("there is no attempt {id} in `{profile}`")))
    }

    /// Mastery per domain from the most recent answers and findings.
    pub fn mastery(&self, profile: &str) -> Result<Vec<Mastery>> {
        let profile_id = self.require_profile(profile)?;
        let answers = recent_marks(&self.conn, RECENT_ANSWERS_SQL, profile_id, RECENT_ANSWERS)?;
        let findings = recent_marks(&self.conn, RECENT_FINDINGS_SQL, profile_id, RECENT_FINDINGS)?;
        Ok(exam::mastery(&answers, &findings))
    }

    /// The best percent per scenario, and whether any attempt passed.
    pub fn best_results(&self, profile: &str) -> Result<BTreeMap<String, (f64, bool)>> {
        let profile_id = self.require_profile(profile)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT item, MAX(score_percent), MAX(passed) FROM attempt
             WHERE profile_id = ?1 AND kind = 'scenario' GROUP BY item",
        )?;
        let rows = statement.query_map([profile_id], |row| {
            Ok((row.get::<_, String>(0)?, (row.get(1)?, row.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn cards(&self, profile: &str) -> Result<Vec<Card>> {
        let profile_id = self.require_profile(profile)?;
        read_cards(&self.conn, profile_id)
    }

    /// Everything the progress screen shows.
    pub fn summary(&self, profile: &str, today: i64) -> Result<ProfileSummary> {
        let cards = self.cards(profile)?;
        Ok(ProfileSummary {
            name: profile.to_owned(),
            history: self.history(profile)?,
            mastery: self.mastery(profile)?,
            cards: cards.len() as u32,
            due: cards.into_iter().filter(|c| c.is_due(today)).collect(),
        })
    }

    pub fn export(&self, profile: &str) -> Result<ProfileExport> {
        let profile_id = self.require_profile(profile)?;
        let created = self.conn.query_row(
            "SELECT created FROM profile WHERE id = ?1",
            [profile_id],
            |row| row.get(0),
        )?;
        Ok(ProfileExport {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            name: profile.to_owned(),
            created,
            attempts: read_attempts(&self.conn, profile_id, None)?,
            cards: read_cards(&self.conn, profile_id)?,
        })
    }

    /// Rebuilds an exported profile under `name` (default: its own), all or nothing.
    pub fn import(&mut self, export: &ProfileExport, name: Option<&str>) -> Result<String> {
        let name = valid_name(name.unwrap_or(&export.name))?.to_owned();
        if self.profile_id(&name)?.is_some() {
            return Err(StoreError::ProfileExists(name));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO profile (name, created) VALUES (?1, ?2)",
            params![name, export.created],
        )?;
        let profile_id = tx.last_insert_rowid();
        for attempt in &export.attempts {
            insert_rows(&tx, profile_id, attempt)?;
        }
        for card in &export.cards {
            write_card(&tx, profile_id, card)?;
        }
        tx.commit()?;
        Ok(name)
    }

    /// Whether SQLite finds the database sound.
    pub fn integrity_ok(&self) -> Result<bool> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        Ok(verdict == "ok")
    }
}

impl ProfileExport {
    /// Writes the export as JSON, atomically: a temporary file renamed into place.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| StoreError::Damaged(format!("cannot write the profile: {e}")))?;
        let file_error = |e: std::io::Error| StoreError::File {
            path: path.to_path_buf(),
            message: format!("cannot write: {e}"),
        };
        let temporary = path.with_extension("partial");
        std::fs::write(&temporary, text).map_err(file_error)?;
        std::fs::rename(&temporary, path).map_err(file_error)
    }

    pub fn read(path: &Path) -> Result<ProfileExport> {
        let file_error = |message: String| StoreError::File {
            path: path.to_path_buf(),
            message,
        };
        let metadata =
            std::fs::metadata(path).map_err(|e| file_error(format!("cannot read: {e}")))?;
        if metadata.len() > MAX_EXPORT_BYTES {
            return Err(file_error(format!(
                "the file is {} MB; a profile export may be at most {} MB",
                metadata.len() / 1_000_000,
                MAX_EXPORT_BYTES / 1_000_000
            )));
        }
        let text =
            std::fs::read_to_string(path).map_err(|e| file_error(format!("cannot read: {e}")))?;
        let export: ProfileExport = serde_json::from_str(&text).map_err(|e| {
            file_error(format!(
                "line {}, column {}: not a Frontdesk profile: {e}",
                e.line(),
                e.column()
            ))
        })?;
        if export.format != EXPORT_FORMAT {
            return Err(file_error(format!(
                "`format` is `{}`, not `{EXPORT_FORMAT}`",
                export.format
            )));
        }
        if export.version > EXPORT_VERSION {
            return Err(file_error(format!(
                "written by a newer Frontdesk (export version {})",
                export.version
            )));
        }
        Ok(export)
    }
}

/// Ten thousand attempts with their findings export to a few megabytes; this leaves room.
const MAX_EXPORT_BYTES: u64 = 256 * 1_000_000;

fn valid_name(name: &str) -> Result<&str> {
    let trimmed = name.trim();
    let fine = !trimmed.is_empty()
        && trimmed.chars().count() <= 64
        && trimmed
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if fine {
        Ok(trimmed)
    } else {
        Err(StoreError::BadName(name.to_owned()))
    }
}

fn insert_attempt(tx: &Transaction, profile_id: i64, attempt: &Attempt) -> Result<i64> {
    let id = insert_rows(tx, profile_id, attempt)?;
    let today = day_of(attempt.at);
    let touched = attempt
        .answers
        .iter()
        .map(|a| (CardKind::Question, a.question.as_str(), a.correct))
        .chain(
            attempt
                .findings
                .iter()
                .map(|f| (CardKind::Rule, f.rule.as_str(), f.passed)),
        );
    for (kind, item, success) in touched {
        let card = read_card(tx, profile_id, kind, item)?;
        match exam::review(kind, item, card.as_ref(), success, today) {
            Outcome::Keep(next) => write_card(tx, profile_id, &next)?,
            Outcome::Retire if card.is_some() => {
                tx.execute(
                    "DELETE FROM review_card WHERE profile_id = ?1 AND kind = ?2 AND item_id = ?3",
                    params![profile_id, kind.name(), item],
                )?;
            }
            Outcome::Retire => {}
        }
    }
    Ok(id)
}

/// The attempt, its answers and its findings; no review changes (imports carry their cards).
fn insert_rows(tx: &Transaction, profile_id: i64, attempt: &Attempt) -> Result<i64> {
    tx.execute(
        "INSERT INTO attempt (profile_id, kind, at, item, seed, payload, score_percent, passed, policy, scaled)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            profile_id,
            attempt.kind.name(),
            attempt.at,
            attempt.item,
            attempt.seed as i64,
            attempt.payload,
            attempt.score_percent,
            attempt.passed,
            attempt.policy,
            attempt.scaled,
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut answer = tx.prepare_cached(
        "INSERT INTO answer (attempt_id, question_id, domain, correct) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for a in &attempt.answers {
        answer.execute(params![id, a.question, a.domain.name(), a.correct])?;
    }
    let mut finding = tx.prepare_cached(
        "INSERT INTO finding (attempt_id, rule_id, domain, passed, points, max_points)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for f in &attempt.findings {
        finding.execute(params![
            id,
            f.rule,
            f.domain.name(),
            f.passed,
            f.points,
            f.max_points
        ])?;
    }
    Ok(id)
}

fn domain_named(name: &str) -> rusqlite::Result<Domain> {
    Domain::ALL
        .iter()
        .copied()
        .find(|d| d.name() == name)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown domain `{name}`").into(),
            )
        })
}

/// Mastery looks at most this many of a trainee's latest attempts, so opening a profile costs
/// the same whether it holds a hundred attempts or ten thousand.
pub const MASTERY_ATTEMPTS: i64 = 500;

/// Exam answers of the latest attempts, newest first.
const RECENT_ANSWERS_SQL: &str = "SELECT x.domain, x.correct FROM
    (SELECT id, at FROM attempt WHERE profile_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2) AS a
    JOIN answer x ON x.attempt_id = a.id
    ORDER BY a.at DESC, a.id DESC, x.rowid DESC";

/// Scenario findings of the latest attempts, newest first.
const RECENT_FINDINGS_SQL: &str = "SELECT x.domain, x.passed FROM
    (SELECT id, at FROM attempt WHERE profile_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2) AS a
    JOIN finding x ON x.attempt_id = a.id
    ORDER BY a.at DESC, a.id DESC, x.rowid DESC";

/// The newest `limit` marks per domain, newest first, read only as far as needed: the scan
/// stops once every domain has its `limit`.
fn recent_marks(conn: &Connection, sql: &str, profile_id: i64, limit: usize) -> Result<Vec<Mark>> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(params![profile_id, MASTERY_ATTEMPTS])?;
    let mut per_domain = [0usize; Domain::ALL.len()];
    let mut marks = Vec::new();
    while let Some(row) = rows.next()? {
        let domain = domain_named(&row.get::<_, String>(0)?)?;
        let slot = &mut per_domain[Domain::ALL.iter().position(|d| *d == domain).unwrap_or(0)];
        if *slot < limit {
            *slot += 1;
            marks.push(Mark {
                domain,
                success: row.get(1)?,
            });
            if per_domain.iter().all(|n| *n >= limit) {
                break;
            }
        }
    }
    Ok(marks)
}

fn read_attempts(conn: &Connection, profile_id: i64, only: Option<i64>) -> Result<Vec<Attempt>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, kind, at, item, seed, policy, payload, score_percent, passed, scaled
         FROM attempt WHERE profile_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY at, id",
    )?;
    let mut answers = conn.prepare_cached(
        "SELECT question_id, domain, correct FROM answer WHERE attempt_id = ?1 ORDER BY rowid",
    )?;
    let mut findings = conn.prepare_cached(
        "SELECT rule_id, domain, passed, points, max_points FROM finding WHERE attempt_id = ?1 ORDER BY rowid",
    )?;
    let rows = statement.query_map(params![profile_id, only], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            Attempt {
                kind: AttemptKind::of_row(row, 1)?,
                at: row.get(2)?,
                item: row.get(3)?,
                seed: row.get::<_, i64>(4)? as u64,
                policy: row.get(5)?,
                payload: row.get(6)?,
                score_percent: row.get(7)?,
                passed: row.get(8)?,
                scaled: row.get(9)?,
                answers: Vec::new(),
                findings: Vec::new(),
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut attempt) = row?;
        attempt.answers = answers
            .query_map([id], |r| {
                Ok(AnswerRecord {
                    question: r.get(0)?,
                    domain: domain_named(&r.get::<_, String>(1)?)?,
                    correct: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        attempt.findings = findings
            .query_map([id], |r| {
                Ok(FindingRecord {
                    rule: r.get(0)?,
                    domain: domain_named(&r.get::<_, String>(1)?)?,
                    passed: r.get(2)?,
                    points: r.get(3)?,
                    max_points: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(attempt);
    }
    Ok(out)
}

fn card_from_row(row: &rusqlite::Row) -> rusqlite::Result<Card> {
    let kind: String = row.get(0)?;
    Ok(Card {
        kind: CardKind::from_name(&kind).unwrap_or(CardKind::Question),
        id: row.get(1)?,
        leitner_box: row.get(2)?,
        due_day: row.get(3)?,
    })
}

fn read_cards(conn: &Connection, profile_id: i64) -> Result<Vec<Card>> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, item_id, leitner_box, due_day FROM review_card WHERE profile_id = ?1
         ORDER BY due_day, kind, item_id",
    )?;
    let rows = statement.query_map([profile_id], card_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn read_card(
    conn: &Connection,
    profile_id: i64,
    kind: CardKind,
    item: &str,
) -> Result<Option<Card>> {
    Ok(conn
        .query_row(
            "SELECT kind, item_id, leitner_box, due_day FROM review_card
             WHERE profile_id = ?1 AND kind = ?2 AND item_id = ?3",
            params![profile_id, kind.name(), item],
            card_from_row,
        )
        .optional()?)
}

fn write_card(conn: &Connection, profile_id: i64, card: &Card) -> Result<()> {
    conn.execute(
        "INSERT INTO review_card (profile_id, kind, item_id, leitner_box, due_day)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (profile_id, kind, item_id)
         DO UPDATE SET leitner_box = excluded.leitner_box, due_day = excluded.due_day",
        params![
            profile_id,
            card.kind.name(),
            card.id,
            card.leitner_box,
            card.due_day
        ],
    )?;
    Ok(())
}

/// The calendar date (year, month, day) of a day number (days since 1970-01-01), by Howard
/// Hinnant's civil-from-days algorithm.
pub fn civil_date(day: i64) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
