//! `frontdesk check` (validate content, run every test plan, lint; `--strict` makes warnings
//! errors) and `frontdesk stats` (what the content covers, as kept in docs/CONTENT.md).

use crate::out::{out, outln};

use crate::content::{load_library, print_diagnostics};
use frontdesk::diagnostic::{Diagnostic, Level};
use frontdesk::library::{BUILT_IN, ContentSource, Coverage, Library, collisions, run_test_plans};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn stats(content: &ContentSource) -> ExitCode {
    let Some(library) = load_library(content) else {
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

pub fn check(content: &ContentSource, paths: Vec<PathBuf>, options: Options) -> ExitCode {
    let Options {
        verbose,
        coverage,
        strict,
    } = options;
    let base = content.load();
    // Without paths, the content in use is checked whole (an overlay with the built-in content
    // under it); paths are checked against it.
    let (mut library, lone) = if paths.is_empty() {
        (base.clone(), false)
    } else {
        let library = Library::load(&paths, Some(&base));
        // Lone files (or a folder without its own rule packs) checked against the content:
        // library-wide lints are for a check of a whole library.
        let lone = paths.iter().any(|path| !path.is_dir())
            || !library
                .rule_packs
                .iter()
                .any(|p| paths.iter().any(|path| p.source.path.starts_with(path)));
        (library, lone)
    };
    library.validate();
    let mut diagnostics = library.diagnostics.clone();
    let (outcomes, plan_problems) = if library.errors().next().is_none() {
        diagnostics.extend(library.lint(lone));
        run_test_plans(&library)
    } else {
        (Vec::new(), Vec::new())
    };
    diagnostics.extend(plan_problems);
    if lone {
        diagnostics.extend(collisions(&library, &base));
    }
    if strict {
        for d in &mut diagnostics {
            d.level = Level::Error;
        }
    }
    if coverage {
        let rules = library.rules_with_sources();
        for id in Coverage::of(&library, &outcomes).never_fired {
            let message = format!("no test plan makes rule `{id}` fail");
            let warning = match rules.iter().find(|(rule, _)| rule.id == id) {
                Some((_, source)) => source.warning_at_id(&id, 0, message),
                None => Diagnostic::warning(Path::new(BUILT_IN), message),
            };
            diagnostics.push(
                warning.with_hint("add a named mistake to a scenario's test plans that breaks it"),
            );
        }
    }
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    print_diagnostics(&diagnostics);
    // What a clinic's folder replaced is no problem, but it must be seen.
    for replaced in &library.replaced {
        outln!("replaced: {replaced}");
    }
    if let ContentSource::Overlay(dir) = content
        && paths.is_empty()
    {
        outln!(
            "{} over the built-in content: {} built-in item(s) replaced",
            dir.display(),
            library.replaced.len()
        );
    }
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
