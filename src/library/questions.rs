//! What `frontdesk check` demands of the question bank and exam profiles: one right answer of
//! four, unique ids, no repeated stems or options, explanations and references present, sane
//! profiles, and enough questions in every domain for the exams to be drawn without repeats.

use super::Library;
use super::validate::unique_ids;
use crate::diagnostic::{Diagnostic, find_from};
use crate::exam::{Question, share};
use crate::model::Domain;
use crate::source::SourceFile;
use std::collections::BTreeMap;

/// Every domain must hold this many times the items the largest profile draws from it, so a
/// trainee can sit several exams before the items repeat.
pub const BANK_MULTIPLE: u32 = 3;

/// Phrases that break when options are shuffled.
const POSITIONAL_OPTIONS: [&str; 5] = [
    "all of the above",
    "none of the above",
    "both a and b",
    "a and b",
    "all of these",
];

pub fn validate(library: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    unique_ids(
        &mut out,
        library.question_sets.iter().flat_map(|s| {
            s.value
                .questions
                .iter()
                .map(move |q| (q.id.as_str(), &*s.source))
        }),
        "question",
    );
    unique_ids(
        &mut out,
        library
            .exam_profiles
            .iter()
            .map(|p| (p.value.id.as_str(), &*p.source)),
        "exam profile",
    );
    let mut stems: BTreeMap<String, &str> = BTreeMap::new();
    for set in &library.question_sets {
        for question in &set.value.questions {
            check_question(&mut out, &set.source, question);
            let key = normalise(&question.stem);
            match stems.get(key.as_str()) {
                Some(first) if *first != question.id => out.push(
                    at_question(
                        &set.source,
                        &question.id,
                        "stem:",
                        "this stem repeats another question's",
                    )
                    .with_hint(format!("`{first}` asks the same; reword one or drop it")),
                ),
                _ => {
                    stems.insert(key, &question.id);
                }
            }
        }
    }
    for profile in &library.exam_profiles {
        check_profile(&mut out, &profile.source, &profile.value);
    }
    if !library.question_sets.is_empty() {
        check_bank_size(&mut out, library);
    }
    out
}

/// Lower case, letters and digits only: "Wave scheduling." and "wave  scheduling" are alike.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A diagnostic at `field` (or `needle` text) inside the question with `id`.
fn at_question(source: &SourceFile, id: &str, needle: &str, message: &str) -> Diagnostic {
    let start = find_from(&source.text, &format!("\"{id}\""), 0).unwrap_or(0);
    let diagnostic =
        Diagnostic::error(&source.path, message).at_text(&source.text, &format!("\"{id}\""), 0);
    match find_from(&source.text, needle, start) {
        Some(_) => diagnostic.at_text(&source.text, needle, start),
        None => diagnostic,
    }
}

fn check_question(out: &mut Vec<Diagnostic>, source: &SourceFile, q: &Question) {
    let id = q.id.as_str();
    if q.options.len() != 4 {
        out.push(
            at_question(
                source,
                id,
                "options:",
                &format!("`{id}` has {} options", q.options.len()),
            )
            .with_hint("every question has exactly four options"),
        );
    }
    let correct = q.options.iter().filter(|o| o.correct).count();
    if correct != 1 {
        out.push(
            at_question(
                source,
                id,
                "options:",
                &format!("`{id}` marks {correct} options correct"),
            )
            .with_hint("mark exactly one option `correct: true`"),
        );
    }
    for (field, text) in [
        ("stem", &q.stem),
        ("rationale", &q.rationale),
        ("reference", &q.reference),
    ] {
        if text.trim().is_empty() {
            out.push(
                at_question(source, id, &format!("{field}:"), &format!("`{id}` has an empty `{field}`"))
                    .with_hint(match field {
                        "reference" => "cite a public source a reader can check, e.g. \"HIPAA Privacy Rule, 45 CFR 164.524\"",
                        "rationale" => "explain in a sentence or two why the answer is right",
                        _ => "write the question",
                    }),
            );
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for option in &q.options {
        let needle = format!("\"{}\"", option.text.replace('"', "\\\""));
        let key = normalise(&option.text);
        if key.is_empty() {
            out.push(
                at_question(source, id, "text:", &format!("`{id}` has an empty option"))
                    .with_hint("write the option's text"),
            );
        } else if seen.contains(&key) {
            out.push(
                at_question(
                    source,
                    id,
                    &needle,
                    &format!("`{id}` has two options alike"),
                )
                .with_hint("each option must say something different"),
            );
        } else if let Some(phrase) = POSITIONAL_OPTIONS
            .iter()
            .find(|p| key == **p || key.starts_with(&format!("{p} ")))
        {
            out.push(
                at_question(
                    source,
                    id,
                    &needle,
                    &format!("`{id}` has an option \"{phrase}\""),
                )
                .with_hint("options are shuffled in exams; write a self-contained option instead"),
            );
        }
        seen.push(key);
        if option.why.trim().is_empty() {
            out.push(
                at_question(
                    source,
                    id,
                    &needle,
                    &format!("`{id}` has an option without `why`"),
                )
                .with_hint("say in one sentence why this option is right or wrong"),
            );
        }
    }
}

fn check_profile(out: &mut Vec<Diagnostic>, source: &SourceFile, p: &super::ExamProfile) {
    let here = |field: &str, message: String, hint: &str| {
        Diagnostic::error(&source.path, message)
            .at_text(&source.text, field, 0)
            .with_hint(hint.to_owned())
    };
    if p.scored_items == 0 {
        out.push(here(
            "scored_items",
            format!("exam `{}` has no scored items", p.id),
            "set `scored_items` to 1 or more",
        ));
    }
    if p.time_limit_minutes == 0 {
        out.push(here(
            "time_limit_minutes",
            format!("exam `{}` has no time", p.id),
            "set `time_limit_minutes` to 1 or more",
        ));
    }
    if p.domains.values().all(|&w| w == 0) {
        out.push(here(
            "domains",
            format!("exam `{}` weights no domain", p.id),
            "give at least one domain a weight above 0",
        ));
    }
    let s = p.scale;
    if !(s.min < s.pass && s.pass < s.max) {
        out.push(here(
            "scale",
            format!("exam `{}`: the scale needs min < pass < max", p.id),
            "e.g. `scale: (min: 200, max: 500, pass: 390, pass_percent: 70)`",
        ));
    }
    if !(1..=99).contains(&s.pass_percent) {
        out.push(here(
            "pass_percent",
            format!("exam `{}`: `pass_percent` must be between 1 and 99", p.id),
            "the raw percent correct that maps to the pass mark, e.g. 70",
        ));
    }
}

/// Each domain needs enough questions for every profile, and `BANK_MULTIPLE` times the most
/// any profile scores in it.
fn check_bank_size(out: &mut Vec<Diagnostic>, library: &Library) {
    let mut have: BTreeMap<Domain, u32> = BTreeMap::new();
    for q in library
        .question_sets
        .iter()
        .flat_map(|s| s.value.questions.iter())
    {
        *have.entry(q.domain).or_default() += 1;
    }
    for profile in &library.exam_profiles {
        let p = &profile.value;
        let scored = share(p.scored_items, &p.domains);
        let pretest = share(p.pretest_items, &p.domains);
        for (domain, n) in scored {
            let extra = pretest
                .iter()
                .find(|(d, _)| *d == domain)
                .map_or(0, |(_, n)| *n);
            let count = have.get(&domain).copied().unwrap_or(0);
            let need = (n + extra).max(BANK_MULTIPLE * n);
            if count < need {
                out.push(
                    Diagnostic::error(
                        &profile.source.path,
                        format!(
                            "{domain} has {count} questions; exam `{}` needs at least {need} ({BANK_MULTIPLE}× its {n} scored items{})",
                            p.id,
                            if extra > 0 { format!(", and {} with pretest items", n + extra) } else { String::new() }
                        ),
                    )
                    .at_text(&profile.source.text, domain.name(), 0)
                    .with_hint(format!("add questions with `domain: {}` under scenarios/questions/", domain.name())),
                );
            }
        }
    }
}
