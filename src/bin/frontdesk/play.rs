//! `frontdesk play`: a scripted attempt without the desk, its report as text or JSON, and
//! optionally saved to a trainee's progress.

use crate::out::{out, outln};

use crate::content::{load_library, print_diagnostics};
use frontdesk::diagnostic::Diagnostic;
use frontdesk::library::{ContentSource, write_new};
use frontdesk::library::{Library, early_actions, nth_action_time, plan_actions, recorded_plan};
use frontdesk::model::Action;
use frontdesk::scenario::TestPlan;
use frontdesk::source::{parse, read_text};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the attempt's actions come from.
pub enum Script<'a> {
    /// A RON file of actions.
    File(&'a Path),
    /// One of the scenario's test plans, by name.
    Plan(&'a str),
}

pub struct Options<'a> {
    /// The seed, when not the plan's (or 0).
    pub seed: Option<u64>,
    pub policy: Option<&'a str>,
    pub json: bool,
    /// The data folder and profile to save the attempt to.
    pub save_to: Option<(&'a Path, &'a str)>,
    /// A new file to write the attempt to as a test plan, and the plan's name.
    pub record: Option<(&'a Path, Option<&'a str>)>,
}

pub fn play(
    content: &ContentSource,
    scenario_arg: &str,
    script: Script,
    options: Options,
) -> ExitCode {
    let Options {
        seed,
        policy,
        json,
        save_to,
        record,
    } = options;
    let is_path = scenario_arg.ends_with(".ron");
    let library = if is_path {
        let mut library = Library::load(&[PathBuf::from(scenario_arg)], Some(&content.load()));
        library.validate();
        if library.errors().next().is_some() {
            print_diagnostics(&library.diagnostics);
            return ExitCode::FAILURE;
        }
        library
    } else {
        match load_library(content) {
            Some(library) => library,
            None => return ExitCode::FAILURE,
        }
    };
    let found = if is_path {
        library.scenarios.first()
    } else {
        library.scenario(scenario_arg)
    };
    let Some(found) = found else {
        let ids: Vec<&str> = library
            .scenarios
            .iter()
            .map(|s| s.value.id.as_str())
            .collect();
        eprintln!("error: there is no scenario `{scenario_arg}`");
        match frontdesk::diagnostic::did_you_mean(scenario_arg, ids.iter().copied()) {
            Some(near) => eprintln!("  = hint: did you mean `{near}`?"),
            None => eprintln!("  = hint: `frontdesk list` shows the scenarios"),
        }
        return ExitCode::FAILURE;
    };
    let (actions, plan): (Vec<Action>, Option<&TestPlan>) = match script {
        Script::File(path) => {
            let read = read_text(path).and_then(|text| {
                let actions: Vec<Action> = parse(path, &text)?;
                // A time before the scenario starts is a slip in the script: say where.
                if let Some((k, problem)) = early_actions(&found.value, &actions).first() {
                    let mut diagnostic = Diagnostic::error(path, problem.clone()).with_hint(
                        format!(
                            "clock times count from the scenario's start ({}); or write \"+10s\" for after the event arrives",
                            found.value.starts_at
                        ),
                    );
                    if let Some(offset) = nth_action_time(&text, *k) {
                        diagnostic = diagnostic.at_offset(&text, offset, 3);
                    }
                    return Err(diagnostic);
                }
                Ok(actions)
            });
            match read {
                Ok(actions) => (actions, None),
                Err(d) => {
                    eprintln!("{d}");
                    return ExitCode::FAILURE;
                }
            }
        }
        Script::Plan(name) => {
            let scenario = &found.value;
            let Some(plan) = scenario.test_plans.iter().find(|p| p.name == name) else {
                let names = scenario.test_plans.iter().map(|p| p.name.as_str());
                eprintln!(
                    "error: scenario `{}` has no test plan \"{name}\"",
                    scenario.id
                );
                match frontdesk::diagnostic::did_you_mean(name, names) {
                    Some(near) => eprintln!("  = hint: did you mean \"{near}\"?"),
                    None => eprintln!(
                        "  = hint: its test plans are listed under `test_plans` in its file"
                    ),
                }
                return ExitCode::FAILURE;
            };
            match plan_actions(scenario, plan) {
                Ok(actions) => (actions, Some(plan)),
                Err(problem) => {
                    eprintln!("error: test plan \"{name}\": {problem}");
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let policy = policy.or(plan.and_then(|p| p.policy.as_deref()));
    let seed = seed.or(plan.map(|p| p.seed)).unwrap_or(0);
    let date = plan.and_then(|p| p.date);
    let setup = match library.setup(&found.value, policy) {
        Ok(setup) => setup,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let (_, report) = setup.play_on(seed, date, &actions);
    if let Some((data_dir, profile)) = save_to
        && let Err(e) = crate::progress::save_scenario(
            data_dir,
            profile,
            &report,
            &actions,
            found.source.version(),
        )
    {
        eprintln!(
            "error: the attempt was not saved: {e}\n  = hint: {}",
            e.hint()
        );
        return ExitCode::FAILURE;
    }
    if let Some((path, name)) = record {
        let name = name.map_or_else(|| format!("recorded: seed {seed}"), str::to_owned);
        let text = match recorded_plan(&name, &report, policy, &actions) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: the test plan was not recorded: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) = write_new(path, &text, false) {
            eprintln!(
                "error: the test plan was not recorded: {e}\n  = hint: --record takes a new file"
            );
            return ExitCode::FAILURE;
        }
        eprintln!(
            "recorded the attempt as test plan \"{name}\" in {}",
            path.display()
        );
    }
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => outln!("{text}"),
            Err(e) => {
                eprintln!("error: cannot write the report as JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        out!("{}", report.to_text());
    }
    ExitCode::SUCCESS
}
