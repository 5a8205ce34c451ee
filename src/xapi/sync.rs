//! Sending the queue: statements of the oldest queued attempts in batches, each batch retried
//! with backoff while the LRS cannot be reached, and recorded as sent only once the LRS has
//! accepted it. A process killed mid-send leaves the batch unrecorded; the next sync sends it
//! again with the same ids, which the LRS takes as already stored (ralph, for one, answers a
//! batch whose statements it holds with 204, and drops those it holds from a mixed batch).

use super::lrs::{Failure, Posted};
use super::{Identity, Lrs, XapiError, statements_for};
use crate::progress::{SentProgress, Store, now};
use std::time::Duration;

/// Waits between tries of one batch; after the last, the sync stops with the error.
#[derive(Debug, Clone)]
pub struct Backoff(pub Vec<Duration>);

impl Default for Backoff {
    /// 1, 2, 4, 8 and 16 s: half a minute of an LRS restarting or a network coming back.
    fn default() -> Self {
        Backoff((0..5).map(|k| Duration::from_secs(1 << k)).collect())
    }
}

/// How far a sync got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncProgress {
    /// Statements the LRS accepted in this sync.
    pub statements: u32,
    /// Attempts sent in full in this sync.
    pub attempts: u32,
    /// Batches that met a conflict and were put one by one.
    pub conflicts: u32,
    /// Tries that failed and were retried.
    pub retries: u32,
}

/// Sends every queued statement to `lrs`, `batch` statements at a time. `on_batch` hears about
/// each accepted batch (the CLI prints, the app shows a status line).
pub fn sync(
    store: &mut Store,
    lrs: &Lrs,
    identity: &Identity,
    batch: usize,
    backoff: &Backoff,
    mut on_batch: impl FnMut(&SyncProgress),
) -> Result<SyncProgress, XapiError> {
    let batch = batch.max(1);
    let mut progress = SyncProgress::default();
    loop {
        let queued = store.queued(batch)?;
        if queued.is_empty() {
            return Ok(progress);
        }
        // Up to `batch` statements, from as many attempts as it takes, each from where it
        // stopped; and how far each attempt will be once they are accepted.
        let mut statements = Vec::new();
        let mut marks = Vec::new();
        for attempt in &queued {
            let all = statements_for(attempt, identity);
            let total = all.len() as u32;
            let from = attempt.sent.min(total);
            let room = batch - statements.len();
            let take = ((total - from) as usize).min(room) as u32;
            statements.extend(all.into_iter().skip(from as usize).take(take as usize));
            marks.push(SentProgress {
                attempt_id: attempt.attempt_id,
                sent: from + take,
                done: from + take == total,
            });
            if statements.len() >= batch {
                break;
            }
        }
        if !statements.is_empty() {
            let conflict =
                send_with_backoff(lrs, backoff, &mut progress, |lrs| lrs.post(&statements))?;
            if conflict {
                progress.conflicts += 1;
                for statement in &statements {
                    send_with_backoff(lrs, backoff, &mut progress, |lrs| {
                        lrs.put(statement).map(|()| Posted::Accepted)
                    })?;
                }
            }
        }
        store.mark_sent(&marks, now())?;
        progress.statements += statements.len() as u32;
        progress.attempts += marks.iter().filter(|m| m.done).count() as u32;
        on_batch(&progress);
    }
}

/// Tries `send` until it gets an answer, waiting `backoff` between network failures and server
/// errors (5xx). Whether the answer was a conflict.
fn send_with_backoff(
    lrs: &Lrs,
    backoff: &Backoff,
    progress: &mut SyncProgress,
    send: impl Fn(&Lrs) -> Result<Posted, Failure>,
) -> Result<bool, XapiError> {
    let mut waits = backoff.0.iter();
    loop {
        match send(lrs) {
            Ok(Posted::Accepted) => return Ok(false),
            Ok(Posted::Conflict) => return Ok(true),
            Err(failure @ (Failure::Network(_) | Failure::Status(500..=599, _))) => {
                match waits.next() {
                    Some(wait) => {
                        progress.retries += 1;
                        std::thread::sleep(*wait);
                    }
                    None => return Err(lrs.error(failure)),
                }
            }
            Err(failure) => return Err(lrs.error(failure)),
        }
    }
}

/// The statements still to send, in the order `sync` sends them (at most `limit` attempts'
/// worth): what `frontdesk sync --print` shows.
pub fn waiting(
    store: &Store,
    identity: &Identity,
    limit: usize,
) -> Result<Vec<super::Statement>, XapiError> {
    Ok(store
        .queued(limit)?
        .iter()
        .flat_map(|queued| {
            statements_for(queued, identity)
                .into_iter()
                .skip(queued.sent as usize)
        })
        .collect())
}
