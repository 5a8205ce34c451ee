//! `frontdesk check` (validate content, run every test plan, lint; `--strict` makes warnings
//! errors) and `frontdesk stats` (what the content covers, as kept in docs/CONTENT.md).

use crate::out::{out, outln};

use crate::content::{load_library, print_diagnostics};
use frontdesk::diagnostic::{Diagnostic, Level};
use frontdesk::library::{Coverage, Library, collisions, run_test_plans};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn stats(root: &Path) -> ExitCode {
    let Some(library) = load_library(root) else {
        return ExitCode::FAILURE;
    };
    let (outcomes, _) = run_test_plans(&library);
    out!("{}", Coverage::of(&library, &outcomes).to_markdown());
    ExitCode::SUCCESS
}

/// How `check` reports.
pub struct Options {
    /// Print each test plan's result.
    pub verbose: bool,
    /// Warn about rules no test plan makes fail.
    pub coverage: bool,
    /// Warnings count as errors.
    pub strict: bool,
}

pub fn check(root: &Path, paths: Vec<PathBuf>, options: Options) -> ExitCode {
    let Options {
        verbose,
        coverage,
        strict,
    } = options;
    let paths = if paths.is_empty() {
        vec![root.to_path_buf()]
    } else {
        paths
    };
    let mut library = Library::load(&paths, Some(root));
    library.validate();
    // Lone files (or a folder without its own rule packs) checked against the content folder:
    // library-wide lints are for a check of a whole folder.
    let lone = paths.iter().any(|path| !path.is_dir())
        || !library
            .rule_packs
            .iter()
            .any(|p| paths.iter().any(|path| p.source.path.starts_with(path)));
    let mut diagnostics = library.diagnostics.clone();
    let (outcomes, plan_problems) = if library.errors().next().is_none() {
        diagnostics.extend(library.lint(lone));
        run_test_plans(&library)
    } else {
        (Vec::new(), Vec::new())
    };
    diagnostics.extend(plan_problems);
    if lone {
        diagnostics.extend(collisions(&library, root));
    }
    if strict {
        for d in &mut diagnostics {
            d.level = Level::Error;
        }
    }
    if coverage {
        for id in Coverage::of(&library, &outcomes).never_fired {
            diagnostics.push(
                Diagnostic::warning(&paths[0], format!("no test plan makes rule `{id}` fail"))
                    .with_hint("add a named mistake to a scenario's test plans that breaks it"),
            );
        }
    }
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    print_diagnostics(&diagnostics);
    if verbose {
        for o in &outcomes {
            let mark = if o.passed() { "ok  " } else { "FAIL" };
            outln!("{mark} {} / {}", o.scenario, o.plan);
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plans_failed = outcomes.iter().filter(|o| !o.passed()).count();
    outln!(
        "checked {} scenario(s), {} rule(s), {} policy pack(s), {} office(s), \
         {} question(s), {} exam profile(s); \
         {} test plan(s): {} passed, {} failed; {errors} error(s), {warnings} warning(s)",
        library.scenarios.len(),
        library.all_rules().len(),
        library.policies.len(),
        library.offices.len(),
        library
            .question_sets
            .iter()
            .map(|s| s.value.questions.len())
            .sum::<usize>(),
        library.exam_profiles.len(),
        outcomes.len(),
        outcomes.len() - plans_failed,
        plans_failed,
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
