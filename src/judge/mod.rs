//! The rules' evaluator: judges a finished session against rules (the AST in `rules`) and
//! returns one `Finding` per rule and subject with the evidence that decided it (`evaluate`);
//! `describe` puts rules, acts and findings into the plain words a trainee reads.

mod describe;
mod evaluate;

pub use describe::{
    act_phrase, anchor_text, breach_text, clause_text, duration, evidence_text, happening_text,
    invariant_text, miss_text, moment_text, problem_text,
};
pub use evaluate::{
    Anchor, Breach, Deadline, Evidence, Finding, Miss, Moment, Problem, applies_to_event, evaluate,
    evidence_time, limit_seconds, limit_value, named_facts,
};

#[cfg(test)]
mod tests;
