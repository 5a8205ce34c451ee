//! The database schema as a list of migrations. The schema version is SQLite's `user_version`;
//! a database at version n has had the first n migrations applied, each in its own
//! transaction, so a crash mid-migration leaves the previous version intact.
//!
//! Several processes may open the same database at once (the desk and a `frontdesk play`, or
//! four plays from a script), so each migration takes the write lock first (`BEGIN IMMEDIATE`)
//! and reads the version again under it: a migration another process finished meanwhile is
//! never applied twice. `IF NOT EXISTS` guards the creations as well.

use rusqlite::{Connection, TransactionBehavior};

/// Migration `k` (0-based) takes a database from version `k` to `k + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: profiles, attempts, exam answers and scenario findings.
    "CREATE TABLE IF NOT EXISTS profile (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL UNIQUE,
        created INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS attempt (
        id            INTEGER PRIMARY KEY,
        profile_id    INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
        kind          TEXT NOT NULL CHECK (kind IN ('scenario', 'exam')),
        at            INTEGER NOT NULL,
        item          TEXT NOT NULL,
        seed          INTEGER NOT NULL,
        payload       TEXT NOT NULL,
        score_percent REAL NOT NULL,
        passed        INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS attempt_by_profile ON attempt(profile_id, at);
    CREATE TABLE IF NOT EXISTS answer (
        attempt_id  INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        domain      TEXT NOT NULL,
        correct     INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS answer_by_attempt ON answer(attempt_id);
    CREATE TABLE IF NOT EXISTS finding (
        attempt_id INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        rule_id    TEXT NOT NULL,
        domain     TEXT NOT NULL,
        passed     INTEGER NOT NULL,
        points     INTEGER NOT NULL,
        max_points INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS finding_by_attempt ON finding(attempt_id);",
    // v2: scenario attempts remember their policy (to re-score them as played), exams their
    // scaled score, and missed items get spaced-review cards.
    "ALTER TABLE attempt ADD COLUMN policy TEXT;
    ALTER TABLE attempt ADD COLUMN scaled INTEGER;
    CREATE TABLE IF NOT EXISTS review_card (
        profile_id  INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('question', 'rule')),
        item_id     TEXT NOT NULL,
        leitner_box INTEGER NOT NULL,
        due_day     INTEGER NOT NULL,
        PRIMARY KEY (profile_id, kind, item_id)
    );",
    // v3: xAPI. An attempt remembers how long it took; every attempt is queued for a Learning
    // Record Store (`sent` counts its statements the LRS has accepted, in order; `done` is set
    // once all were), the ones saved before this version too; and the install gets a random id
    // that keeps statement ids from two machines apart.
    "ALTER TABLE attempt ADD COLUMN duration_seconds INTEGER;
    CREATE TABLE IF NOT EXISTS xapi_queue (
        attempt_id INTEGER PRIMARY KEY REFERENCES attempt(id) ON DELETE CASCADE,
        sent       INTEGER NOT NULL DEFAULT 0,
        done       INTEGER
    );
    INSERT OR IGNORE INTO xapi_queue (attempt_id) SELECT id FROM attempt;
    CREATE INDEX IF NOT EXISTS xapi_queue_pending ON xapi_queue(done, attempt_id);
    CREATE TABLE IF NOT EXISTS install (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT OR IGNORE INTO install (key, value) VALUES ('id', lower(hex(randomblob(16))));",
    // v4: a scenario attempt remembers the version of the scenario file it was played on.
    "ALTER TABLE attempt ADD COLUMN scenario_version TEXT;",
];

pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies the migrations a database lacks, up to `target`, one transaction each. Each
/// transaction holds the write lock from its start (waiting for other writers up to the busy
/// timeout) and re-reads the version, so concurrent openers migrate once between them.
pub fn migrate_to(conn: &mut Connection, target: u32) -> rusqlite::Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = version(&tx)?;
        if current >= target.min(CURRENT_VERSION) {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[current as usize])?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}
