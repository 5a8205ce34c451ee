//! How attempts, answers, findings and review cards map to SQL rows, and the reads that
//! stop early (the latest marks per domain) so a large profile opens as fast as a small one.

use super::{AnswerRecord, Attempt, AttemptKind, FindingRecord, Result, StoreError, day_of};
use crate::exam::{self, Card, CardKind, Mark, Outcome};
use crate::model::Domain;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

pub(super) fn valid_name(name: &str) -> Result<&str> {
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

pub(super) fn insert_attempt(tx: &Transaction, profile_id: i64, attempt: &Attempt) -> Result<i64> {
    let id = insert_rows(tx, profile_id, attempt)?;
    // Queued for a Learning Record Store in the same transaction: saved means queued.
    tx.execute("INSERT INTO xapi_queue (attempt_id) VALUES (?1)", [id])?;
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
pub(super) fn insert_rows(tx: &Transaction, profile_id: i64, attempt: &Attempt) -> Result<i64> {
    tx.execute(
        "INSERT INTO attempt (profile_id, kind, at, item, seed, payload, score_percent, passed, policy, scaled, duration_seconds, scenario_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
            attempt.duration_seconds,
            attempt.scenario_version,
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

pub(super) fn domain_named(name: &str) -> rusqlite::Result<Domain> {
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
pub(super) const RECENT_ANSWERS_SQL: &str = "SELECT x.domain, x.correct FROM
    (SELECT id, at FROM attempt WHERE profile_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2) AS a
    JOIN answer x ON x.attempt_id = a.id
    ORDER BY a.at DESC, a.id DESC, x.rowid DESC";

/// Scenario findings of the latest attempts, newest first.
pub(super) const RECENT_FINDINGS_SQL: &str = "SELECT x.domain, x.passed FROM
    (SELECT id, at FROM attempt WHERE profile_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2) AS a
    JOIN finding x ON x.attempt_id = a.id
    ORDER BY a.at DESC, a.id DESC, x.rowid DESC";

/// The newest `limit` marks per domain, newest first, read only as far as needed: the scan
/// stops once every domain has its `limit`.
pub(super) fn recent_marks(
    conn: &Connection,
    sql: &str,
    profile_id: i64,
    limit: usize,
) -> Result<Vec<Mark>> {
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

pub(super) fn read_attempts(
    conn: &Connection,
    profile_id: i64,
    only: Option<i64>,
) -> Result<Vec<Attempt>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, kind, at, item, seed, policy, payload, score_percent, passed, scaled, duration_seconds, scenario_version
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
                duration_seconds: row.get(10)?,
                scenario_version: row.get(11)?,
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

pub(super) fn card_from_row(row: &rusqlite::Row) -> rusqlite::Result<Card> {
    let kind: String = row.get(0)?;
    Ok(Card {
        kind: CardKind::from_name(&kind).unwrap_or(CardKind::Question),
        id: row.get(1)?,
        leitner_box: row.get(2)?,
        due_day: row.get(3)?,
    })
}

pub(super) fn read_cards(conn: &Connection, profile_id: i64) -> Result<Vec<Card>> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, item_id, leitner_box, due_day FROM review_card WHERE profile_id = ?1
         ORDER BY due_day, kind, item_id",
    )?;
    let rows = statement.query_map([profile_id], card_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn read_card(
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

pub(super) fn write_card(conn: &Connection, profile_id: i64, card: &Card) -> Result<()> {
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
