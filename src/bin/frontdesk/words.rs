//! `frontdesk words`: the closed word lists with their meanings, as text or as the Markdown kept
//! in docs/SCENARIO_FORMAT.md. The lists and their rendering live in `library::words`.

use crate::out::out;
use frontdesk::diagnostic::did_you_mean;
use frontdesk::library::words::{to_markdown, to_text, word_lists};
use std::process::ExitCode;

pub fn words(only: Option<&str>, markdown: bool) -> ExitCode {
    let mut lists = word_lists();
    if let Some(name) = only {
        let found = lists.iter().position(|l| l.name.eq_ignore_ascii_case(name));
        let Some(index) = found else {
            let names: Vec<&str> = lists.iter().map(|l| l.name).collect();
            let hint = match did_you_mean(name, names.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the lists are: {}", names.join(", ")),
            };
            eprintln!("error: there is no word list `{name}`\n  = hint: {hint}");
            return ExitCode::FAILURE;
        };
        lists = vec![lists.swap_remove(index)];
    }
    out!(
        "{}",
        if markdown {
            to_markdown(&lists)
        } else {
            to_text(&lists)
        }
    );
    ExitCode::SUCCESS
}
