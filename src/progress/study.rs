//! The study plan: what to do next, from a trainee's mastery, due reviews and best results.

use super::ProfileSummary;
use crate::exam::{CardKind, Mastery, weakest};
use crate::library::Library;
use crate::model::{Difficulty, Domain};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many domains, scenarios and questions a plan proposes at once.
const FOCUS_DOMAINS: usize = 3;
const SCENARIOS: usize = 5;
const REVIEW_QUESTIONS: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudyPlan {
    /// The weakest domains, weakest first.
    pub focus: Vec<Mastery>,
    /// Questions due for review (at most `REVIEW_QUESTIONS`).
    pub review_questions: Vec<String>,
    /// Scenario rules due for review: practise a scenario that trains them.
    pub review_rules: Vec<String>,
    /// Scenarios in the focus domains not yet passed, easiest first.
    pub scenarios: Vec<String>,
    /// Single-domain quizzes for the focus domains.
    pub quizzes: Vec<String>,
}

pub fn study_plan(
    summary: &ProfileSummary,
    library: &Library,
    best: &BTreeMap<String, (f64, bool)>,
) -> StudyPlan {
    let order = weakest(&summary.mastery);
    let focus_domains: Vec<Domain> = order.into_iter().take(FOCUS_DOMAINS).collect();
    let focus = focus_domains
        .iter()
        .filter_map(|d| summary.mastery.iter().find(|m| m.domain == *d).cloned())
        .collect();
    let due = |kind: CardKind| -> Vec<String> {
        summary
            .due
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.id.clone())
            .collect()
    };
    let mut review_questions = due(CardKind::Question);
    review_questions.truncate(REVIEW_QUESTIONS);
    let mut candidates: Vec<(usize, Difficulty, &str)> = library
        .scenarios
        .iter()
        .map(|s| &*s.value)
        .filter(|s| !best.get(s.id.as_str()).is_some_and(|(_, passed)| *passed))
        .filter_map(|s| {
            let rank = focus_domains.iter().position(|d| s.domains.contains(d))?;
            Some((rank, s.difficulty, s.id.as_str()))
        })
        .collect();
    candidates.sort();
    let quizzes = focus_domains
        .iter()
        .filter_map(|d| {
            library
                .exam_profiles
                .iter()
                .map(|p| &*p.value)
                .find(|p| p.domains.len() == 1 && p.domains.contains_key(d))
                .map(|p| p.id.clone())
        })
        .collect();
    StudyPlan {
        focus,
        review_questions,
        review_rules: due(CardKind::Rule),
        scenarios: candidates
            .into_iter()
            .take(SCENARIOS)
            .map(|(_, _, id)| id.to_owned())
            .collect(),
        quizzes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::{Card, Mark, mastery};

    fn library() -> Library {
        let mut library = Library::built_in();
        library.validate();
        library
    }

    #[test]
    fn the_plan_targets_the_weakest_domains_and_what_is_due() {
        let library = library();
        let answers = [
            Mark {
                domain: Domain::BillingRevenueCycle,
                success: false,
            },
            Mark {
                domain: Domain::Scheduling,
                success: true,
            },
        ];
        let all_domains_seen: Vec<Mark> = Domain::ALL
            .iter()
            .map(|&domain| Mark {
                domain,
                success: true,
            })
            .collect();
        let mut marks = answers.to_vec();
        marks.extend(all_domains_seen);
        let summary = ProfileSummary {
            name: "ana".into(),
            history: Vec::new(),
            mastery: mastery(&marks, &[]),
            due: vec![
                Card {
                    kind: CardKind::Question,
                    id: "bil-001".into(),
                    leitner_box: 1,
                    due_day: 1,
                },
                Card {
                    kind: CardKind::Rule,
                    id: "BIL-01".into(),
                    leitner_box: 1,
                    due_day: 1,
                },
            ],
            cards: 2,
        };
        let plan = study_plan(&summary, &library, &BTreeMap::new());
        assert_eq!(plan.focus[0].domain, Domain::BillingRevenueCycle);
        assert_eq!(plan.review_questions, vec!["bil-001".to_owned()]);
        assert_eq!(plan.review_rules, vec!["BIL-01".to_owned()]);
        assert!(!plan.scenarios.is_empty());
        let first = library
            .scenario(&plan.scenarios[0])
            .expect("a real scenario");
        assert!(first.value.domains.contains(&Domain::BillingRevenueCycle));
        assert_eq!(
            plan.quizzes.first().map(String::as_str),
            Some("quiz-billing")
        );

        // A passed scenario is not proposed again.
        let best: BTreeMap<String, (f64, bool)> = [(plan.scenarios[0].clone(), (100.0, true))]
            .into_iter()
            .collect();
        let again = study_plan(&summary, &library, &best);
        assert!(!again.scenarios.contains(&plan.scenarios[0]));
    }
}
