//! The certification side: the question bank and exam profiles (`bank`), exams assembled from a
//! profile and a seed and scored on the profile's scale (`assemble`), the Leitner review
//! schedule (`review`) and mastery per domain (`mastery`). It speaks only the model's vocabulary:
//! the content library checks the bank (`library::questions`) and hands it over as a `Bank`.
//! Like the rest of the core it is deterministic and knows nothing of the app.

mod assemble;
mod bank;
mod mastery;
mod paper;
mod review;

pub use assemble::{
    AssembleError, DomainResult, Exam, ExamItem, ExamResult, ItemResult, REVIEW_PROFILE, assemble,
    assemble_review, share,
};
pub use bank::{AnswerOption, ExamProfile, Question, QuestionSet, ScoreScale};
pub use mastery::{Mark, Mastery, RECENT_ANSWERS, RECENT_FINDINGS, mastery, weakest};
pub use paper::{letter, parse_answers};
pub use review::{BOX_INTERVALS_DAYS, Card, CardKind, Outcome, review};

/// The questions usable in exams: those with four options and one answer, ordered by id so
/// that the same seed draws the same exam whatever order the files were read in.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    pub questions: Vec<Question>,
}

impl Bank {
    /// The usable ones of `questions`: those with four options and one answer.
    pub fn new(mut questions: Vec<Question>) -> Bank {
        questions.retain(|q| {
            q.options.len() == 4 && q.options.iter().filter(|o| o.correct).count() == 1
        });
        questions.sort_by(|a, b| a.id.cmp(&b.id));
        questions.dedup_by(|a, b| a.id == b.id);
        Bank { questions }
    }

    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions
            .binary_search_by(|q| q.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.questions[i])
    }

    pub fn count(&self, domain: crate::model::Domain) -> usize {
        self.questions.iter().filter(|q| q.domain == domain).count()
    }
}
