//! `frontdesk graph`: a scenario's map (events on the timeline, conversations, consequences,
//! the rules that judge each event, the branches the test plans walk) as DOT on stdout, or
//! written as DOT, SVG or HTML. The map itself is the library's (`scenario_map`).

use crate::content::load_library;
use crate::out::out;
use frontdesk::library::{ContentSource, scenario_map, to_dot, to_html, to_svg, write_new};
use std::path::Path;
use std::process::ExitCode;

pub fn graph(content: &ContentSource, id: &str, output: Option<&Path>, force: bool) -> ExitCode {
    // Know the format before the slow part.
    let render: fn(&frontdesk::library::ScenarioMap) -> String = match output {
        None => to_dot,
        Some(path) => match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => to_svg,
            Some("dot" | "gv") => to_dot,
            Some("html" | "htm") => to_html,
            _ => {
                eprintln!(
                    "error: cannot tell what to write from the name {}",
                    path.display()
                );
                eprintln!("  = hint: end it in .svg, .dot or .html");
                return ExitCode::FAILURE;
            }
        },
    };
    let Some(library) = load_library(content) else {
        return ExitCode::FAILURE;
    };
    let Some(scenario) = library.scenario(id) else {
        let ids = library.scenarios.iter().map(|s| s.value.id.as_str());
        eprintln!("error: there is no scenario `{id}`");
        match frontdesk::diagnostic::did_you_mean(id, ids) {
            Some(near) => eprintln!("  = hint: did you mean `{near}`?"),
            None => eprintln!("  = hint: `frontdesk list` shows the scenarios"),
        }
        return ExitCode::FAILURE;
    };
    let map = match scenario_map(&library, scenario) {
        Ok(map) => map,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let text = render(&map);
    match output {
        None => {
            out!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match write_new(path, &text, force) {
            Ok(()) => {
                eprintln!("wrote {} ({})", path.display(), map.summary());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}\n  = hint: {}", e.hint());
                ExitCode::FAILURE
            }
        },
    }
}
