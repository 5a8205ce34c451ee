//! The progress database: opening (and migrating) it, profiles, saving attempts with their
//! review cards, and the queries behind history, mastery and best results.

use super::rows::*;
use super::{
    Attempt, AttemptKind, AttemptSummary, ProfileInfo, ProfileSummary, Result, StoreError, schema,
};
use crate::exam::{self, Card, Mastery, RECENT_ANSWERS, RECENT_FINDINGS};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DATABASE_FILE: &str = "progress.sqlite";

pub struct Store {
    pub(super) conn: Connection,
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

    pub(super) fn profile_id(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM profile WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub(super) fn require_profile(&self, name: &str) -> Result<i64> {
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

    /// Whether SQLite finds the database sound.
    pub fn integrity_ok(&self) -> Result<bool> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        Ok(verdict == "ok")
    }
}
