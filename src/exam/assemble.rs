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

/// The profile id of review sessions, which are built from due cards rather than a profile.
pub const REVIEW_PROFILE: &str = "review";

/// An untimed review of the given questions (those found in the bank), in a seeded order with
/// options shuffled. Review answers move the questions' cards; they do not estimate a score.
pub fn assemble_review(bank: &Bank, question_ids: &[String], seed: u64) -> Exam {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut items: Vec<ExamItem> = question_ids
        .iter()
        .filter_map(|id| bank.get(id))
        .map(|q| ExamItem {
            question: q.id.clone(),
            domain: q.domain,
            order: [0, 1, 2, 3],
            pretest: false,
        })
        .collect();
    items.shuffle(&mut rng);
    for item in &mut items {
        item.order.shuffle(&mut rng);
    }
    Exam {
        profile: REVIEW_PROFILE.to_owned(),
        seed,
        time_limit_minutes: 0,
        scale: ScoreScale {
            min: 0,
            max: 100,
            pass: 70,
            pass_percent: 70,
        },
        items,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::{AnswerOption, Question};
    use crate::model::Difficulty;
    use std::collections::BTreeSet;

    /// `per_domain` questions in every domain; the correct option is always the first written.
    fn bank(per_domain: usize) -> Bank {
        let mut questions = Vec::new();
        for domain in Domain::ALL {
            for k in 0..per_domain {
                questions.push(Question {
                    id: format!("{}-{k:03}", domain.name()),
                    domain: *domain,
                    difficulty: Difficulty::Easy,
                    vignette: false,
                    stem: format!("{domain} question {k}"),
                    options: (0..4)
                        .map(|o| AnswerOption {
                            text: format!("option {o}"),
                            correct: o == 0,
                            why: "because".into(),
                        })
                        .collect(),
                    rationale: "r".into(),
                    reference: "ref".into(),
                });
            }
        }
        questions.sort_by(|a, b| a.id.cmp(&b.id));
        Bank { questions }
    }

    fn cmaa() -> ExamProfile {
        ExamProfile {
            id: "cmaa".into(),
            title: "CMAA".into(),
            description: String::new(),
            scored_items: 110,
            pretest_items: 25,
            time_limit_minutes: 135,
            scale: ScoreScale {
                min: 200,
                max: 500,
                pass: 390,
                pass_percent: 70,
            },
            domains: [
                (Domain::FoundationalKnowledge, 10),
                (Domain::CommunicationProfessionalism, 21),
                (Domain::LawEthicsCompliance, 17),
                (Domain::Scheduling, 16),
                (Domain::PatientEncounter, 21),
                (Domain::BillingRevenueCycle, 11),
                (Domain::AdministrativeProcedures, 14),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn answers_for(exam: &Exam, bank: &Bank, right: usize) -> Vec<Option<usize>> {
        let mut given = 0;
        exam.items
            .iter()
            .map(|item| {
                let q = bank.get(&item.question).expect("in bank");
                let position = item.order.iter().position(|&o| o == q.answer());
                let wanted = !item.pretest && given < right;
                given += usize::from(wanted);
                if wanted {
                    position
                } else {
                    position.map(|p| (p + 1) % 4)
                }
            })
            .collect()
    }

    #[test]
    fn share_follows_the_weights_and_adds_up() {
        let profile = cmaa();
        let full = share(110, &profile.domains);
        let expected: Vec<u32> = profile.domains.values().copied().collect();
        assert_eq!(full.iter().map(|s| s.1).collect::<Vec<_>>(), expected);
        let mini = share(30, &profile.domains);
        assert_eq!(mini.iter().map(|s| s.1).sum::<u32>(), 30);
        for ((_, n), w) in mini.iter().zip(&expected) {
            let exact = 30.0 * f64::from(*w) / 110.0;
            assert!((f64::from(*n) - exact).abs() < 1.0, "{n} vs {exact}");
        }
        let pretest = share(25, &profile.domains);
        assert_eq!(pretest.iter().map(|s| s.1).sum::<u32>(), 25);
    }

    #[test]
    fn the_full_exam_has_the_test_plan_shape_and_no_repeats() {
        let bank = bank(70);
        let profile = cmaa();
        let exam = assemble(&bank, &profile, 7).expect("assembles");
        assert_eq!(exam.items.len(), 135);
        assert_eq!(exam.items.iter().filter(|i| i.pretest).count(), 25);
        let unique: BTreeSet<&str> = exam.items.iter().map(|i| i.question.as_str()).collect();
        assert_eq!(unique.len(), 135);
        for (domain, weight) in &profile.domains {
            let scored = exam
                .items
                .iter()
                .filter(|i| i.domain == *domain && !i.pretest)
                .count();
            assert_eq!(scored as u32, *weight, "{domain}");
        }
        for item in &exam.items {
            let mut order = item.order;
            order.sort_unstable();
            assert_eq!(order, [0, 1, 2, 3]);
            assert_eq!(
                bank.get(&item.question).map(|q| q.domain),
                Some(item.domain)
            );
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_exam_and_another_seed_another() {
        let bank = bank(70);
        let profile = cmaa();
        let a = assemble(&bank, &profile, 11).expect("assembles");
        assert_eq!(a, assemble(&bank, &profile, 11).expect("assembles"));
        assert_ne!(
            a.items,
            assemble(&bank, &profile, 12).expect("assembles").items
        );
    }

    #[test]
    fn a_small_bank_is_refused_by_domain() {
        let err = assemble(&bank(20), &cmaa(), 1).expect_err("too few");
        assert_eq!(
            err,
            AssembleError::NotEnoughQuestions {
                domain: Domain::CommunicationProfessionalism,
                have: 20,
                need: 26
            }
        );
    }

    #[test]
    fn scaled_scores_run_from_min_through_the_pass_mark_to_max() {
        let scale = cmaa().scale;
        assert_eq!(scale.scaled(0.0), 200);
        assert_eq!(scale.scaled(35.0), 295);
        assert_eq!(scale.scaled(70.0), 390);
        assert_eq!(scale.scaled(85.0), 445);
        assert_eq!(scale.scaled(100.0), 500);
    }

    #[test]
    fn scoring_counts_scored_items_only_and_decides_pass() {
        let bank = bank(70);
        let exam = assemble(&bank, &cmaa(), 3).expect("assembles");
        let all = exam.score(&bank, &answers_for(&exam, &bank, 110));
        assert_eq!(
            (all.correct, all.scored, all.scaled, all.passed),
            (110, 110, 500, true)
        );
        assert!(all.domains.iter().all(|d| d.correct == d.total));
        // 77 of 110 is exactly 70 %: the pass mark.
        let pass = exam.score(&bank, &answers_for(&exam, &bank, 77));
        assert_eq!((pass.correct, pass.scaled, pass.passed), (77, 390, true));
        let fail = exam.score(&bank, &answers_for(&exam, &bank, 76));
        assert!(!fail.passed && fail.scaled < 390);
        let blank = exam.score(&bank, &vec![None; exam.items.len()]);
        assert_eq!(
            (blank.correct, blank.unanswered, blank.scaled),
            (0, 110, 200)
        );
        assert_eq!(blank.items.iter().filter(|i| i.pretest).count(), 25);
    }
}
