//! `frontdesk exam`: a practice exam without the app. Without answers it prints the paper the
//! profile and seed assemble; with an answer sheet it scores it (text or JSON).

use crate::content::load_library;
use crate::out::{out, outln};
use frontdesk::exam::{assemble, parse_answers};
use frontdesk::library::ContentSource;
use frontdesk::source::read_text;
use std::path::Path;
use std::process::ExitCode;

pub struct Request<'a> {
    pub profile: &'a str,
    pub seed: u64,
    pub answers: Option<&'a Path>,
    pub json: bool,
}

pub fn exam(content: &ContentSource, request: Request) -> ExitCode {
    let Some(library) = load_library(content) else {
        return ExitCode::FAILURE;
    };
    let Some(profile) = library
        .exam_profiles
        .iter()
        .map(|p| &p.value)
        .find(|p| p.id == request.profile)
    else {
        let ids: Vec<&str> = library
            .exam_profiles
            .iter()
            .map(|p| p.value.id.as_str())
            .collect();
        eprintln!("error: there is no exam profile `{}`", request.profile);
        match frontdesk::diagnostic::did_you_mean(request.profile, ids.iter().copied()) {
            Some(near) => eprintln!("  = hint: did you mean `{near}`?"),
            None => eprintln!("  = hint: the exam profiles are: {}", ids.join(", ")),
        }
        return ExitCode::FAILURE;
    };
    let bank = library.bank();
    let exam = match assemble(&bank, profile, request.seed) {
        Ok(exam) => exam,
        Err(e) => {
            eprintln!("error: cannot assemble `{}`: {e}", profile.id);
            return ExitCode::FAILURE;
        }
    };
    let Some(path) = request.answers else {
        if request.json {
            return json(&exam);
        }
        out!("{}", exam.paper_text(&bank, &profile.title));
        return ExitCode::SUCCESS;
    };
    let answers =
        match read_text(path).and_then(|text| parse_answers(path, &text, exam.items.len())) {
            Ok(answers) => answers,
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::FAILURE;
            }
        };
    let result = exam.score(&bank, &answers);
    if request.json {
        return json(&result);
    }
    out!("{}", result.to_text(&bank, &profile.title));
    ExitCode::SUCCESS
}

fn json(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            outln!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
