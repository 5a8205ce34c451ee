//! What the progress store keeps: an attempt (a scenario's seed, actions and findings, or an
//! exam's answers), as stored and exported, and the summaries the screens show.

use super::{Result, StoreError};
use crate::exam::{Card, ExamResult, Mastery};
use crate::model::{Action, Domain};
use crate::scoring::Report;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttemptKind {
    Scenario,
    Exam,
}

impl AttemptKind {
    pub(super) fn name(self) -> &'static str {
        match self {
            AttemptKind::Scenario => "scenario",
            AttemptKind::Exam => "exam",
        }
    }

    /// The kind stored in a row (the schema allows only these two).
    pub(super) fn of_row(row: &rusqlite::Row, column: usize) -> rusqlite::Result<AttemptKind> {
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
    /// Time on task: a scenario's simulated time from the first arrival to the trainee's last
    /// word or act, an exam's time at the desk when the app timed it. None when unknown (and in
    /// attempts saved before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    /// The version of the scenario file played (`SourceFile::version`); None for exams and for
    /// attempts saved before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_version: Option<String>,
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
            duration_seconds: simulated_seconds(report),
            scenario_version: None,
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
            duration_seconds: None,
            scenario_version: None,
        })
    }

    /// The same attempt, noting the version of the scenario file it was played on.
    pub fn on_version(mut self, version: Option<String>) -> Attempt {
        self.scenario_version = version;
        self
    }

    /// The same attempt, timed (an exam sat in the app).
    pub fn timed(mut self, seconds: u32) -> Attempt {
        self.duration_seconds = Some(seconds);
        self
    }

    /// A scenario attempt's actions, for re-scoring.
    pub fn actions(&self) -> Result<Vec<Action>> {
        crate::source::ron_options()
            .from_str(&self.payload)
            .map_err(|e| StoreError::Damaged(format!("the stored actions do not read: {e}")))
    }
}

/// A scenario's simulated time on task: from the first event's arrival to the last thing the
/// trainee said or did (a word in a conversation or an act a finding cites). Deterministic, so a
/// replay gives the same figure; None when nothing arrived.
fn simulated_seconds(report: &Report) -> Option<u32> {
    let start = report.conversations.iter().map(|c| c.arrival.0).min()?;
    let said = report
        .conversations
        .iter()
        .flat_map(|c| &c.lines)
        .filter(|l| l.speaker == crate::sim::Speaker::Trainee)
        .map(|l| l.at.0);
    let done = report
        .findings
        .iter()
        .flat_map(|f| &f.evidence)
        .map(|e| e.at.0);
    let end = said.chain(done).max().unwrap_or(start);
    Some(end.saturating_sub(start))
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
