//! Exams from a profile and a seed: items drawn in the profile's domain proportions without
//! repeats, options shuffled; answers scored per domain and on the profile's scaled score.

use super::{Bank, ExamProfile, ScoreScale};
use crate::model::Domain;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An assembled exam: which questions, in which order, with which option order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exam {
    pub profile: String,
    pub seed: u64,
    pub time_limit_minutes: u32,
    pub scale: ScoreScale,
    pub items: Vec<ExamItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamItem {
    pub question: String,
    pub domain: Domain,
    /// `order[k]` is the question's option shown in position `k`.
    pub order: [usize; 4],
    /// Unscored, as pretest items are on the real exam.
    pub pretest: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssembleError {
    NotEnoughQuestions {
        domain: Domain,
        have: usize,
        need: usize,
    },
    NoItems,
}

impl fmt::Display for AssembleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssembleError::NotEnoughQuestions { domain, have, need } => write!(
                f,
                "the bank has {have} usable questions in {domain}, the exam needs {need}"
            ),
            AssembleError::NoItems => f.write_str("the exam profile asks for no items"),
        }
    }
}

impl std::error::Error for AssembleError {}

/// Shares `total` items out over the weighted domains by largest remainder (ties go to the
/// domain listed first), so the counts add up to `total` and follow the weights.
pub fn share(total: u32, weights: &BTreeMap<Domain, u32>) -> Vec<(Domain, u32)> {
    let sum: u64 = weights.values().map(|&w| u64::from(w)).sum();
    if sum == 0 {
        return Vec::new();
    }
    let mut shares: Vec<(Domain, u32, u64)> = weights
        .iter()
        .map(|(&domain, &weight)| {
            let exact = u64::from(total) * u64::from(weight);
            (domain, (exact / sum) as u32, exact % sum)
        })
        .collect();
    let given: u32 = shares.iter().map(|s| s.1).sum();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by(|&a, &b| shares[b].2.cmp(&shares[a].2).then(a.cmp(&b)));
    for &i in by_remainder.iter().take((total - given) as usize) {
        shares[i].1 += 1;
    }
    shares.into_iter().map(|(d, n, _)| (d, n)).collect()
}

/// Draws an exam from `bank` for `profile` with `seed`. The same inputs give the same exam.
pub fn assemble(bank: &Bank, profile: &ExamProfile, seed: u64) -> Result<Exam, AssembleError> {
    if profile.scored_items == 0 {
        return Err(AssembleError::NoItems);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let scored = share(profile.scored_items, &profile.domains);
    let pretest = share(profile.pretest_items, &profile.domains);
    let mut items = Vec::with_capacity((profile.scored_items + profile.pretest_items) as usize);
    for (domain, scored_count) in scored {
        let pretest_count = pretest
            .iter()
            .find(|(d, _)| *d == domain)
            .map_or(0, |(_, n)| *n);
        let need = (scored_count + pretest_count) as usize;
        let mut pool: Vec<&super::Question> = bank
            .questions
            .iter()
            .filter(|q| q.domain == domain)
            .collect();
        if pool.len() < need {
            return Err(AssembleError::NotEnoughQuestions {
                domain,
                have: pool.len(),
                need,
            });
        }
        let (chosen, _) = pool.partial_shuffle(&mut rng, need);
        for (k, question) in chosen.iter().enumerate() {
            items.push(ExamItem {
                question: question.id.clone(),
                domain,
                order: [0, 1, 2, 3],
                pretest: k >= scored_count as usize,
            });
        }
    }
    items.shuffle(&mut rng);
    for item in &mut items {
        item.order.shuffle(&mut rng);
    }
    Ok(Exam {
        profile: profile.id.clone(),
        seed,
        time_limit_minutes: profile.time_limit_minutes,
        scale: profile.scale,
        items,
    })
}

/// How one item went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub question: String,
    pub domain: Domain,
    /// The position the trainee chose, if any.
    pub chosen: Option<usize>,
    /// The position the correct option was shown in.
    pub answer: usize,
    pub correct: bool,
    pub pretest: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainResult {
    pub domain: Domain,
    pub correct: u32,
    pub total: u32,
}

impl DomainResult {
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * f64::from(self.correct) / f64::from(self.total)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamResult {
    pub profile: String,
    pub seed: u64,
    pub correct: u32,
    pub scored: u32,
    pub unanswered: u32,
    pub percent: f64,
    pub scaled: u32,
    pub pass_mark: u32,
    pub passed: bool,
    pub domains: Vec<DomainResult>,
    pub items: Vec<ItemResult>,
}

impl ScoreScale {
    /// The scaled score for a raw percent correct: two straight lines meeting at the pass mark.
    pub fn scaled(&self, percent: f64) -> u32 {
        let percent = percent.clamp(0.0, 100.0);
        let pass_percent = f64::from(self.pass_percent.clamp(1, 99));
        let (min, pass, max) = (
            f64::from(self.min),
            f64::from(self.pass),
            f64::from(self.max),
        );
        let scaled = if percent <= pass_percent {
            min + (pass - min) * percent / pass_percent
        } else {
            pass + (max - pass) * (percent - pass_percent) / (100.0 - pass_percent)
        };
        scaled.round() as u32
    }
}

impl Exam {
    /// Scores `answers` (one per item, the chosen position or none). Pretest items are
    /// reported but do not count. Questions missing from the bank count as wrong.
    pub fn score(&self, bank: &Bank, answers: &[Option<usize>]) -> ExamResult {
        let mut domains: BTreeMap<Domain, DomainResult> = BTreeMap::new();
        let mut items = Vec::with_capacity(self.items.len());
        let (mut correct, mut scored, mut unanswered) = (0, 0, 0);
        for (k, item) in self.items.iter().enumerate() {
            let chosen = answers.get(k).copied().flatten().filter(|&c| c < 4);
            let answer_position = bank
                .get(&item.question)
                .and_then(|q| item.order.iter().position(|&o| o == q.answer()))
                .unwrap_or(usize::MAX);
            let is_correct = chosen == Some(answer_position);
            if !item.pretest {
                scored += 1;
                correct += u32::from(is_correct);
                unanswered += u32::from(chosen.is_none());
                let entry = domains.entry(item.domain).or_insert(DomainResult {
                    domain: item.domain,
                    correct: 0,
                    total: 0,
                });
                entry.total += 1;
                entry.correct += u32::from(is_correct);
            }
            items.push(ItemResult {
                question: item.question.clone(),
                domain: item.domain,
                chosen,
                answer: answer_position,
                correct: is_correct,
                pretest: item.pretest,
            });
        }
        let percent = if scored == 0 {
            0.0
        } else {
            100.0 * f64::from(correct) / f64::from(scored)
        };
        let scaled = self.scale.scaled(percent);
        ExamResult {
            profile: self.profile.clone(),
            seed: self.seed,
            correct,
            scored,
            unanswered,
            percent,
            scaled,
            pass_mark: self.scale.pass,
            passed: scaled >= self.scale.pass,
            domains: domains.into_values().collect(),
            items,
        }
    }
}
