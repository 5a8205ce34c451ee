//! An exam on paper, for `frontdesk exam`: the assembled items as a trainee reads them (stems
//! and lettered options in the seed's order), an answer sheet read back from a plain text file
//! (one letter per item), and the scored result in words.

use super::{Bank, Exam, ExamResult};
use crate::diagnostic::Diagnostic;
use std::fmt::Write;
use std::path::Path;

const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];

/// The letter of an option position (0 → A).
pub fn letter(position: usize) -> char {
    LETTERS.get(position).copied().unwrap_or('?')
}

impl Exam {
    /// The paper: a heading, then each item's stem and its four options in the order this
    /// seed shows them. Pretest items are not marked, as on the real exam.
    pub fn paper_text(&self, bank: &Bank, title: &str) -> String {
        let mut text = format!(
            "{title} · seed {} · {} items · {} minutes\n\
             Answer each item with one letter (A–D) on its own line, in order; `-` leaves it blank.\n",
            self.seed,
            self.items.len(),
            self.time_limit_minutes
        );
        for (k, item) in self.items.iter().enumerate() {
            let Some(question) = bank.get(&item.question) else {
                continue;
            };
            let _ = write!(text, "\n{}. [{}] {}\n", k + 1, item.domain, question.stem);
            for (position, option) in item.order.iter().enumerate() {
                if let Some(option) = question.options.get(*option) {
                    let _ = writeln!(text, "   {}. {}", letter(position), option.text);
                }
            }
        }
        text
    }
}

/// Reads an answer sheet: one answer per item, in order, each `A`–`D` (either case) or `-`
/// for none, optionally numbered (`12. B`, `12: B`). Blank lines and lines starting with `#`
/// are skipped. The sheet must have exactly `items` answers.
pub fn parse_answers(
    path: &Path,
    text: &str,
    items: usize,
) -> Result<Vec<Option<usize>>, Diagnostic> {
    let mut answers = Vec::with_capacity(items);
    let mut offset = 0;
    let mut last_line = 1;
    for (number, line) in text.split('\n').enumerate() {
        let start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        last_line = number + 1;
        // "12. B" or "12: B": the number must be the item's.
        let answer = match trimmed.split_once(['.', ':']) {
            Some((n, rest)) if n.trim().chars().all(|c| c.is_ascii_digit()) => {
                let n: usize = n.trim().parse().unwrap_or(0);
                if n != answers.len() + 1 {
                    let column = line.find(n.to_string().as_str()).unwrap_or(0);
                    return Err(Diagnostic::error(
                        path,
                        format!(
                            "this is numbered {n}, but it is answer {}",
                            answers.len() + 1
                        ),
                    )
                    .at_offset(text, start + column, n.to_string().len())
                    .with_hint("answer the items in order, one per line"));
                }
                rest.trim()
            }
            _ => trimmed,
        };
        let column = start + line.find(answer).unwrap_or(0);
        let chosen = match answer {
            "-" => None,
            a if a.len() == 1 => {
                let c = a.chars().next().unwrap_or('?').to_ascii_uppercase();
                match LETTERS.iter().position(|l| *l == c) {
                    Some(position) => Some(position),
                    None => {
                        return Err(bad_answer(path, text, column, answer));
                    }
                }
            }
            _ => return Err(bad_answer(path, text, column, answer)),
        };
        answers.push(chosen);
    }
    if answers.len() != items {
        let diagnostic = Diagnostic::error(
            path,
            format!(
                "the sheet has {} answer(s); the exam has {items} item(s)",
                answers.len()
            ),
        )
        .with_hint("one line per item, `-` for an item left blank");
        let (line, width) = (last_line, 1);
        return Err(diagnostic.at(text, line, 1, width));
    }
    Ok(answers)
}

fn bad_answer(path: &Path, text: &str, offset: usize, answer: &str) -> Diagnostic {
    Diagnostic::error(path, format!("`{answer}` is not an answer"))
        .at_offset(text, offset, answer.chars().count().max(1))
        .with_hint("write one letter, A, B, C or D, or `-` to leave the item blank")
}

impl ExamResult {
    /// The result in words: the score, pass or not, each domain, and each item missed with
    /// the right answer and why.
    pub fn to_text(&self, bank: &Bank, title: &str) -> String {
        let mut text = format!(
            "{title} — {}\nScaled score {} (pass mark {}) · {} of {} scored items correct ({:.0} %) · {} left blank\n\nBy exam domain:\n",
            if self.passed { "PASSED" } else { "NOT PASSED" },
            self.scaled,
            self.pass_mark,
            self.correct,
            self.scored,
            self.percent,
            self.unanswered,
        );
        for domain in &self.domains {
            let _ = writeln!(
                text,
                "  {:<44} {:>3}/{:<3} {:>4.0} %",
                domain.domain.to_string(),
                domain.correct,
                domain.total,
                domain.percent()
            );
        }
        let missed: Vec<_> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| !item.correct && !item.pretest)
            .collect();
        if !missed.is_empty() {
            text.push_str("\nMissed:\n");
        }
        for (k, item) in missed {
            let Some(question) = bank.get(&item.question) else {
                continue;
            };
            let chosen = item.chosen.map_or_else(
                || "left blank".to_owned(),
                |c| format!("you chose {}", letter(c)),
            );
            let _ = writeln!(
                text,
                "  {}. {} ({chosen}; the answer is {}): {}",
                k + 1,
                item.question,
                letter(item.answer),
                question.rationale
            );
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_sheet_reads_letters_blanks_and_numbers_in_order() {
        let path = Path::new("answers.txt");
        let sheet = "# my answers\nA\nb\n\n3. -\n4: D\n";
        assert_eq!(
            parse_answers(path, sheet, 4).expect("reads"),
            [Some(0), Some(1), None, Some(3)]
        );
    }

    #[test]
    fn a_bad_answer_sheet_is_located() {
        let path = Path::new("answers.txt");
        let bad = parse_answers(path, "A\nE\n", 2).expect_err("E is no answer");
        assert_eq!((bad.line, bad.column), (2, 1));
        assert!(bad.message.contains("`E` is not an answer"));
        let short = parse_answers(path, "A\nB\n", 3).expect_err("too few");
        assert!(short.message.contains("2 answer(s); the exam has 3"));
        let misnumbered = parse_answers(path, "1. A\n3. B\n", 2).expect_err("skips 2");
        assert_eq!(misnumbered.line, 2);
        assert!(
            misnumbered
                .message
                .contains("numbered 3, but it is answer 2")
        );
    }
}
