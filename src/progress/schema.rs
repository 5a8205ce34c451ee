//! The database schema as a list of migrations. The schema version is SQLite's `user_version`;
//! a database at version n has had the first n migrations applied, each in its own
//! transaction, so a crash mid-migration leaves the previous version intact.

use rusqlite::Connection;

/// Migration `k` (0-based) takes a database from version `k` to `k + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: profiles, attempts, exam answers and scenario findings.
    "CREATE TABLE profile (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL UNIQUE,
        created INTEGER NOT NULL
    );
    CREATE TABLE attempt (
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
    CREATE INDEX attempt_by_profile ON attempt(profile_id, at);
    CREATE TABLE answer (
        attempt_id  INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        domain      TEXT NOT NULL,
        correct     INTEGER NOT NULL
    );
    CREATE INDEX answer_by_attempt ON answer(attempt_id);
    CREATE TABLE finding (
        attempt_id INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        rule_id    TEXT NOT NULL,
        domain     TEXT NOT NULL,
        passed     INTEGER NOT NULL,
        points     INTEGER NOT NULL,
        max_points INTEGER NOT NULL
    );
    CREATE INDEX finding_by_attempt ON finding(attempt_id);",
    // v2: scenario attempts remember their policy (to re-score them as played), exams their
    // scaled score, and missed items get spaced-review cards.
    "ALTER TABLE attempt ADD COLUMN policy TEXT;
    ALTER TABLE attempt ADD COLUMN scaled INTEGER;
    CREATE TABLE review_card (
        profile_id  INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('question', 'rule')),
        item_id     TEXT NOT NULL,
        leitner_box INTEGER NOT NULL,
        due_day     INTEGER NOT NULL,
        PRIMARY KEY (profile_id, kind, item_id)
    );",
];

pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies the migrations a database lacks, up to `target`, one transaction each.
pub fn migrate_to(conn: &mut Connection, target: u32) -> rusqlite::Result<()> {
    let mut current = version(conn)?;
    while current < target.min(CURRENT_VERSION) {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[current as usize])?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
        current += 1;
    }
    Ok(())
}
