//! The queue of attempts waiting for a Learning Record Store. Saving an attempt queues it in
//! the same transaction (`rows::insert_attempt`), so an attempt is never saved and forgotten;
//! `crate::xapi` turns a queued attempt into statements and reports here how many of them the
//! LRS accepted. The queue knows nothing of xAPI: it counts statements, in order, per attempt.

use super::rows::read_attempts;
use super::{Attempt, Result, Store, StoreError};
use rusqlite::params;

/// An attempt still (partly) to send, with what identifies it beyond this database.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedAttempt {
    /// The attempt's id in this database (with the install id, it names the attempt anywhere).
    pub attempt_id: i64,
    pub profile: String,
    pub attempt: Attempt,
    /// How many of its statements, in order, the LRS has accepted already.
    pub sent: u32,
}

/// How far the queue is: attempts waiting (wholly or partly) and attempts sent in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueStatus {
    pub waiting: u32,
    pub sent: u32,
}

/// What the LRS accepted of one attempt: its first `sent` statements, and whether that is all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentProgress {
    pub attempt_id: i64,
    pub sent: u32,
    pub done: bool,
}

impl Store {
    /// This install's random id (made when the database was created or migrated), which keeps
    /// the statement ids of two machines apart.
    pub fn install_id(&self) -> Result<String> {
        let id = self
            .conn
            .query_row("SELECT value FROM install WHERE key = 'id'", [], |row| {
                row.get(0)
            });
        id.map_err(|e| StoreError::Sqlite(e).located(self.path()))
    }

    /// The oldest `limit` attempts not yet sent in full, oldest first.
    pub fn queued(&self, limit: usize) -> Result<Vec<QueuedAttempt>> {
        let read = || -> Result<Vec<QueuedAttempt>> {
            let mut statement = self.conn.prepare_cached(
                "SELECT q.attempt_id, q.sent, a.profile_id, p.name FROM xapi_queue q
                 JOIN attempt a ON a.id = q.attempt_id JOIN profile p ON p.id = a.profile_id
                 WHERE q.done IS NULL ORDER BY q.attempt_id LIMIT ?1",
            )?;
            let rows = statement
                .query_map([limit as i64], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, u32>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, String>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut out = Vec::with_capacity(rows.len());
            for (attempt_id, sent, profile_id, profile) in rows {
                let attempt = read_attempts(&self.conn, profile_id, Some(attempt_id))?
                    .pop()
                    .ok_or_else(|| {
                        StoreError::Damaged(format!("queued attempt {attempt_id} is missing"))
                    })?;
                out.push(QueuedAttempt {
                    attempt_id,
                    profile,
                    attempt,
                    sent,
                });
            }
            Ok(out)
        };
        read().map_err(|e| e.located(self.path()))
    }

    /// Records what the LRS accepted, in one transaction. A count never goes back (two senders
    /// at once, the app and `frontdesk sync`, may report the same statements).
    pub fn mark_sent(&mut self, progress: &[SentProgress], at: i64) -> Result<()> {
        let path = self.path().to_path_buf();
        let mut write = || -> Result<()> {
            let tx = self.write()?;
            {
                let mut update = tx.prepare_cached(
                    "UPDATE xapi_queue SET sent = MAX(sent, ?2),
                     done = CASE WHEN ?3 THEN COALESCE(done, ?4) ELSE done END
                     WHERE attempt_id = ?1",
                )?;
                for p in progress {
                    update.execute(params![p.attempt_id, p.sent, p.done, at])?;
                }
            }
            tx.commit()?;
            Ok(())
        };
        write().map_err(|e| e.located(&path))
    }

    pub fn queue_status(&self) -> Result<QueueStatus> {
        let status = self.conn.query_row(
            "SELECT COUNT(*) FILTER (WHERE done IS NULL), COUNT(*) FILTER (WHERE done IS NOT NULL)
             FROM xapi_queue",
            [],
            |row| {
                Ok(QueueStatus {
                    waiting: row.get(0)?,
                    sent: row.get(1)?,
                })
            },
        );
        status.map_err(|e| StoreError::Sqlite(e).located(self.path()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{AttemptKind, schema};

    fn attempt(at: i64) -> Attempt {
        Attempt {
            kind: AttemptKind::Scenario,
            at,
            item: "chest-pain-caller".into(),
            seed: 1,
            policy: None,
            payload: "[]".into(),
            score_percent: 50.0,
            passed: false,
            scaled: None,
            answers: Vec::new(),
            findings: Vec::new(),
            duration_seconds: Some(90),
            scenario_version: None,
        }
    }

    #[test]
    fn a_version_2_database_is_migrated_with_its_attempts_queued_and_an_install_id() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("progress.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).expect("open");
            schema::migrate_to(&mut conn, 2).expect("v2");
            conn.execute_batch(
                "INSERT INTO profile (id, name, created) VALUES (1, 'old timer', 1700000000);
                 INSERT INTO attempt (id, profile_id, kind, at, item, seed, payload, score_percent, passed)
                 VALUES (1, 1, 'scenario', 1700000100, 'chest-pain-caller', 9, '[]', 40.0, 0);",
            )
            .expect("v2 rows");
        }
        let mut store = Store::open(&path).expect("migrates");
        let id = store.install_id().expect("an install id");
        assert_eq!(id.len(), 32, "{id}");
        let queued = store.queued(10).expect("queued");
        assert_eq!(queued.len(), 1);
        assert_eq!(
            (queued[0].profile.as_str(), queued[0].sent),
            ("old timer", 0)
        );
        assert_eq!(queued[0].attempt.duration_seconds, None);

        // A save queues in its own transaction; what the LRS accepted never goes back.
        let new = store
            .save_attempt("old timer", &attempt(1_700_000_200))
            .expect("saved");
        assert_eq!(store.queue_status().expect("status").waiting, 2);
        let progress = |sent, done| SentProgress {
            attempt_id: new,
            sent,
            done,
        };
        store.mark_sent(&[progress(3, false)], 5).expect("marked");
        store.mark_sent(&[progress(1, false)], 6).expect("marked");
        let again = store.queued(10).expect("queued");
        assert_eq!(again[1].sent, 3);
        assert_eq!(again[1].attempt.duration_seconds, Some(90));
        store.mark_sent(&[progress(4, true)], 7).expect("marked");
        let status = store.queue_status().expect("status");
        assert_eq!((status.waiting, status.sent), (1, 1));
        assert_eq!(store.install_id().expect("the same id"), id);
    }
}
