//! The rules' evaluator: judges a finished session against rules (the AST in `rules`) and
//! returns one `Finding` per rule and subject with the evidence that decided it (`evaluate`);
//! `describe` puts rules, acts and findings into the plain words a trainee reads.

mod describe;
mod evaluate;

pub use describe::{act_phrase, duration};
pub use evaluate::{Evidence, Finding, evaluate};
