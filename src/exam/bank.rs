//! The question bank's format: question sets and exam profiles as they are written in RON.

use crate::model::{Difficulty, Domain};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One `*.questions.ron` file: a list of questions, usually of one domain.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSet {
    pub questions: Vec<Question>,
}

/// A four-option, single-answer item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub domain: Domain,
    pub difficulty: Difficulty,
    /// A short case ("A caller says …") rather than a plain recall question.
    #[serde(default)]
    pub vignette: bool,
    pub stem: String,
    /// Exactly four, exactly one of them `correct: true`.
    pub options: Vec<AnswerOption>,
    /// Why the correct option is correct.
    pub rationale: String,
    /// A public source a reader can check the answer against.
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Why this option is right or wrong, shown in the item review.
    pub why: String,
}

impl Question {
    /// The index of the correct option (the first one marked, should a file mark several).
    pub fn answer(&self) -> usize {
        self.options.iter().position(|o| o.correct).unwrap_or(0)
    }
}

/// One `*.exam.ron` file: how an exam is assembled, timed and scored.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExamProfile {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Items that count toward the score.
    pub scored_items: u32,
    /// Unscored items mixed in, as on the real exam; revealed only in the review.
    #[serde(default)]
    pub pretest_items: u32,
    pub time_limit_minutes: u32,
    pub scale: ScoreScale,
    /// Relative weight of each domain; items are shared out in these proportions. Domains left
    /// out get no items.
    pub domains: BTreeMap<Domain, u32>,
}

/// How a raw percent correct becomes a scaled score: linear from `min` to `pass` up to the
/// `pass_percent` raw score, and from `pass` to `max` above it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreScale {
    pub min: u32,
    pub max: u32,
    pub pass: u32,
    /// The raw percent correct that maps to the pass mark.
    pub pass_percent: u32,
}
