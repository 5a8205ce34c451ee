//! The vocabulary as documentation: every closed word list content authors write, each word with
//! its meaning, gathered from where the words are declared (the `vocabulary!` lists of `model`,
//! `PolicyParam`, and the `WORDS` tables beside the rule language, reactions and scenario schema)
//! and rendered as text (`frontdesk words`) or Markdown (the word-list appendix of
//! docs/SCENARIO_FORMAT.md). Meanings live with the words; this module only says where each
//! list is written and lays the lists out.

use crate::model::*;
use crate::rules::{
    ActClause, Clause, Condition, Invariant, Limit, Scope, Since, TimeLimit, Trigger,
};
use crate::scenario::{
    Effect, EquipmentKind, EquipmentStatus, PatientFlag, PlanKind, Registration, When,
};
use std::fmt::Write;

/// One closed list of words, as the docs show it.
#[derive(Debug, Clone, PartialEq)]
pub struct WordList {
    /// The list's name, as the docs and "did you mean" call it: `ActKind`.
    pub name: &'static str,
    /// What its words are, after the name: "what the trainee can do".
    pub title: &'static str,
    /// Where content writes its words, and anything every word shares.
    pub about: &'static str,
    pub words: Vec<Word>,
}

/// One word of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// As written in RON: `AdviseEmergency`, `AnyFact`, `"ring_seconds"`.
    pub word: String,
    /// How it is written with its value, for words that carry one.
    pub example: Option<&'static str>,
    /// What a trainee reads in a debrief, for lists that have labels.
    pub label: Option<&'static str>,
    /// What it means in the office.
    pub meaning: &'static str,
    /// A note the list adds to the word: "world fact", "the desk adds it", "default 6 seconds".
    pub note: Option<String>,
    /// The heading of the group of related words this word starts.
    pub group: Option<&'static str>,
}

/// A `vocabulary!` list, word by word.
macro_rules! vocabulary_words {
    ($list:ty, $note:expr) => {
        <$list>::ALL
            .iter()
            .map(|w| Word {
                word: w.name().to_owned(),
                example: None,
                label: Some(w.label()),
                meaning: w.meaning(),
                note: $note(*w),
                group: w.group(),
            })
            .collect::<Vec<Word>>()
    };
    ($list:ty) => {
        vocabulary_words!($list, |_| None::<String>)
    };
}

/// A `WORDS` table, word by word.
fn table_words(table: &[WordMeaning]) -> Vec<Word> {
    table
        .iter()
        .map(|w| Word {
            word: w.word.to_owned(),
            example: Some(w.example),
            label: None,
            meaning: w.meaning,
            note: None,
            group: None,
        })
        .collect()
}

fn list(
    name: &'static str,
    title: &'static str,
    about: &'static str,
    words: Vec<Word>,
) -> WordList {
    WordList {
        name,
        title,
        about,
        words,
    }
}

/// Every closed word list content authors write, in the order the docs show them.
pub fn word_lists() -> Vec<WordList> {
    let world = |f: Fact| f.is_world().then(|| "world fact".to_owned());
    let session = |d: Detail| d.is_session().then(|| "the desk adds it".to_owned());
    vec![
        list(
            "Domain",
            "the exam domains",
            "A rule's `domain`, a scenario's `domains`, a question's `domain`, an exam profile's `domains` weights.",
            vocabulary_words!(Domain),
        ),
        list(
            "Severity",
            "how much a rule matters",
            "A rule's `severity`.",
            vocabulary_words!(Severity),
        ),
        list(
            "Setting",
            "the care setting",
            "A scenario's and an office's `setting`.",
            vocabulary_words!(Setting),
        ),
        list(
            "Difficulty",
            "how hard a scenario is",
            "A scenario's and a question's `difficulty`.",
            vocabulary_words!(Difficulty),
        ),
        list(
            "Family",
            "the responsibility a scenario trains",
            "A scenario's `family`.",
            vocabulary_words!(Family),
        ),
        list(
            "VisitType",
            "kinds of visit",
            "Appointments, booked blocks and bookings (`visit`); their lengths come from the policy's `visit_minutes` (15 minutes for a type left out).",
            vocabulary_words!(VisitType),
        ),
        list(
            "ProviderRole",
            "who works in the office",
            "An office's providers (`role`). `Manager` and `Coder` cannot be booked.",
            vocabulary_words!(ProviderRole),
        ),
        list(
            "EventKind",
            "what arrives at the desk",
            "An event's `kind`; rules test it with `Kind(…)`.",
            vocabulary_words!(EventKind),
        ),
        list(
            "Fact",
            "what an event carries",
            "An event's `facts`, a reply's `reveals`, `Told(fact: …)`, `AddFact`, and rules' `Fact(…)`, `AnyFact([…])`, `AllFacts([…])`. Rules decide whether they apply by these; for something scenario-specific, use the event's `tags` and `Tag(\"…\")`. A *world fact* is one the session derives from the office itself (see World facts below).",
            vocabulary_words!(Fact, world),
        ),
        list(
            "World facts",
            "what the office knows by itself",
            "The facts the session derives from the office when an event arrives, whatever the event says: from the patient's record (`patient`) and the things the event is `about`. An author may repeat one on an event only when the office agrees (`frontdesk check` refuses one it contradicts).",
            Fact::WORLD
                .iter()
                .map(|f| Word {
                    word: f.name().to_owned(),
                    example: None,
                    label: Some(f.label()),
                    meaning: f.meaning(),
                    note: None,
                    group: None,
                })
                .collect(),
        ),
        list(
            "ActKind",
            "what the trainee can do",
            "Actions (`act`), choices (`counts_as`), replies (`after`), conditions (`Did(act: …)`), test plans (`drop`) and rules. Each meaning says what the desk does with the act; the desk refuses an act that cannot happen now (section 6).",
            vocabulary_words!(ActKind),
        ),
        list(
            "Detail",
            "the particulars of an act",
            "An action's or choice's `details`, `Did(… includes: […])`, and an act clause's `includes`, `excludes` and `some_of`. Those the desk adds (`Detail::SESSION`) are worked out from the office; content never writes them.",
            vocabulary_words!(Detail, session),
        ),
        list(
            "Mood",
            "how someone at the desk feels",
            "`Mood(mood: …)` conditions and the `SetMood` effect; waiting moves it along (the policy's `wait_*_seconds`).",
            vocabulary_words!(Mood),
        ),
        list(
            "Mishap",
            "what happens to an event without the trainee doing it",
            "`Happened(what: …)` conditions, and rules' `Suffered(…)` and `Never(…)`.",
            vocabulary_words!(Mishap),
        ),
        list(
            "PatientFlag",
            "what a patient's record flags",
            "A patient's `flags`.",
            table_words(PatientFlag::WORDS),
        ),
        list(
            "Registration",
            "what a new patient brings to registration",
            "The fields of a patient's `registration`: what they hand over and say when asked, and what the payer answers. The desk's registration record starts empty and is filled only by the registration acts (`ScanInsuranceCard`, `CheckEligibility` …), each entry with its source.",
            table_words(Registration::WORDS),
        ),
        list(
            "PlanKind",
            "the kind of insurance plan",
            "A patient's `insurance.plan`.",
            table_words(PlanKind::WORDS),
        ),
        list(
            "EquipmentKind",
            "safety equipment",
            "A piece of equipment's `kind`.",
            table_words(EquipmentKind::WORDS),
        ),
        list(
            "EquipmentStatus",
            "what equipment shows",
            "A piece of equipment's `status`.",
            table_words(EquipmentStatus::WORDS),
        ),
        list(
            "PolicyParam",
            "the numbers clinics differ on",
            "Keys of a policy's `values` (in quotes) and `Policy(\"…\")` in rules. Times are in the unit shown; a parameter with no default must be set by every policy whose rules read it.",
            PolicyParam::ALL
                .iter()
                .map(|p| Word {
                    word: format!("\"{}\"", p.name()),
                    example: None,
                    label: None,
                    meaning: p.meaning(),
                    note: Some(match p.default_value() {
                        Some(value) => format!("{value} {}", p.unit()),
                        None => format!("no default: set it ({})", p.unit()),
                    }),
                    group: None,
                })
                .collect(),
        ),
        list(
            "Trigger",
            "when a rule is judged",
            "A rule's `applies_when`.",
            table_words(Trigger::WORDS),
        ),
        list(
            "Condition",
            "what a rule tests of an event",
            "`Event(…)` in `applies_when`, and an `Action(…)` trigger's `when`.",
            table_words(Condition::WORDS),
        ),
        list(
            "Clause",
            "what a rule requires",
            "A rule's `require` (its `forbid` holds act clauses only, with or without `Act` in front).",
            table_words(Clause::WORDS),
        ),
        list(
            "Act clause fields",
            "which acts match",
            "The fields of `Act(…)` in `require` and `forbid`; only `act` is required.",
            table_words(ActClause::FIELDS),
        ),
        list(
            "TimeLimit",
            "how long a window lasts",
            "An act clause's `within`.",
            table_words(TimeLimit::WORDS),
        ),
        list(
            "Since",
            "where a window starts",
            "An act clause's `since` (used only with `within`).",
            table_words(Since::WORDS),
        ),
        list(
            "Scope",
            "which acts a clause looks at",
            "An act clause's `scope`.",
            table_words(Scope::WORDS),
        ),
        list(
            "Invariant",
            "what holds of the office at the end",
            "`Invariant(…)` in `require`.",
            table_words(Invariant::WORDS),
        ),
        list(
            "Limit",
            "the number an invariant compares with",
            "`MaxBookedMinutesPerHour(…)`.",
            table_words(Limit::WORDS),
        ),
        list(
            "When",
            "what a reaction waits for",
            "A choice's, reply's or consequence's `when`. Inside an event, `event` may be left out and means that event; in a scenario's `consequences` every condition names its event.",
            table_words(When::WORDS),
        ),
        list(
            "Effect",
            "what a consequence does",
            "A consequence's `then`.",
            table_words(Effect::WORDS),
        ),
    ]
}

/// The lists as plain text, for `frontdesk words`: one word a line, grep-friendly.
pub fn to_text(lists: &[WordList]) -> String {
    let mut out = String::new();
    for (i, list) in lists.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}: {} ({})", list.name, list.title, list.words.len());
        let _ = writeln!(out, "  {}", strip_markup(list.about));
        let width = list.words.iter().map(|w| w.word.len()).max().unwrap_or(0);
        for word in &list.words {
            if let Some(group) = word.group {
                let _ = writeln!(out, "  {group}:");
            }
            let _ = write!(
                out,
                "    {:width$}  {}",
                word.word,
                strip_markup(word.meaning)
            );
            if let Some(label) = word.label {
                let _ = write!(out, " «{label}»");
            }
            if let Some(note) = &word.note {
                let _ = write!(out, " [{note}]");
            }
            if let Some(example) = word.example {
                let _ = write!(out, "  e.g. {example}");
            }
            out.push('\n');
        }
    }
    out
}

/// The lists as Markdown, as kept between the `words:start` and `words:end` markers of
/// docs/SCENARIO_FORMAT.md.
pub fn to_markdown(lists: &[WordList]) -> String {
    let mut out = String::new();
    out.push_str(
        "<!-- Generated by `frontdesk words --markdown`: edit the meanings in the code, \
         next to the words, not here. -->\n",
    );
    for list in lists {
        let _ = write!(
            out,
            "\n### {}: {} ({})\n\n{}\n",
            list.name,
            list.title,
            list.words.len(),
            list.about
        );
        let labelled = list.words.iter().any(|w| w.label.is_some());
        let noted = list.words.iter().any(|w| w.note.is_some());
        let written = list.words.iter().any(|w| w.example.is_some());
        let header = |out: &mut String| {
            let mut head = String::from("| Word |");
            if written {
                head.push_str(" Written |");
            }
            if labelled {
                head.push_str(" Debriefs say |");
            }
            if noted {
                head.push_str(" Note |");
            }
            head.push_str(" Meaning |");
            let columns = head.matches('|').count() - 1;
            let _ = writeln!(out, "\n{head}\n|{}", "---|".repeat(columns));
        };
        if list.words.first().is_none_or(|w| w.group.is_none()) {
            header(&mut out);
        }
        for word in &list.words {
            if let Some(group) = word.group {
                let _ = writeln!(out, "\n*{group}*");
                header(&mut out);
            }
            let _ = write!(out, "| `{}` |", cell(&word.word));
            if written {
                let _ = write!(out, " `{}` |", cell(word.example.unwrap_or_default()));
            }
            if labelled {
                let _ = write!(out, " {} |", cell(word.label.unwrap_or_default()));
            }
            if noted {
                let _ = write!(out, " {} |", cell(word.note.as_deref().unwrap_or_default()));
            }
            let _ = writeln!(out, " {} |", cell(word.meaning));
        }
    }
    out
}

/// Text made safe for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Markdown's backticks and asterisks, left out of plain text.
fn strip_markup(text: &str) -> String {
    text.replace(['`', '*'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_has_a_meaning_and_lists_are_named_once() {
        let lists = word_lists();
        let mut names: Vec<&str> = lists.iter().map(|l| l.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), lists.len());
        for list in &lists {
            assert!(!list.words.is_empty(), "{}", list.name);
            for word in &list.words {
                assert!(!word.meaning.is_empty(), "{} {}", list.name, word.word);
                assert!(!word.meaning.contains('\n'), "{} {}", list.name, word.word);
            }
        }
    }

    #[test]
    fn markdown_marks_world_facts_and_desk_details_and_groups() {
        let markdown = to_markdown(&word_lists());
        assert!(
            markdown.contains("| `ExpiredLot` | an expired lot is on the shelf | world fact |")
        );
        assert!(markdown.contains("| `SameDay` | same day | the desk adds it |"));
        assert!(markdown.contains("\n*The phone and the window*\n"));
        assert!(markdown.contains("| `\"ring_seconds\"` | 6 seconds |"));
        let text = to_text(&word_lists());
        assert!(text.contains("\n    AdviseEmergency "), "{text}");
    }
}
