//! The `frontdesk` command: a thin shell over the core library.

// Diagnostics are built on the cold path of content errors; boxing them buys nothing.
#![allow(clippy::result_large_err)]

use clap::{Parser, Subcommand};
use frontdesk::diagnostic::Diagnostic;
use frontdesk::model::Action;
use frontdesk::scenario::{self, Coverage, Library, read_text, run_test_plans};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod progress_command;
use progress_command as progress;

#[derive(Parser)]
#[command(
    name = "frontdesk",
    version,
    about = "A training simulator for medical front-desk staff",
    long_about = "A training simulator for medical front-desk staff.\n\n\
        Scenarios, rules and office policies are RON files under scenarios/ \
        (or the folder named by --content or $FRONTDESK_CONTENT). \
        See docs/SCENARIO_FORMAT.md for the format."
)]
struct Cli {
    /// The content folder to use instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    content: Option<PathBuf>,
    /// Where trainee progress is kept (default: $FRONTDESK_DATA, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Open the desk straight onto this scenario (by id).
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// With --scenario: play these actions (a RON list, as `play --actions` reads) first.
    #[arg(long, value_name = "FILE", requires = "scenario")]
    script: Option<PathBuf>,
    /// Save a PNG of the window once it has rendered, then quit (for docs and checks).
    #[arg(long, value_name = "FILE")]
    screenshot: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate content, resolve every reference and run every test plan.
    ///
    /// Each problem is printed with file:line:column, the offending line and a hint; the exit
    /// code is 1 when there is any error. Lone files are checked against the rule packs,
    /// policies and offices of the content folder.
    Check {
        /// Content folders or files (default: the content folder).
        paths: Vec<PathBuf>,
        /// Also print each test plan's result.
        #[arg(long, short)]
        verbose: bool,
        /// Warn about rules that no test plan makes fail.
        #[arg(long)]
        coverage: bool,
    },
    /// Print what the content covers (scenarios per family, setting, exam domain, difficulty;
    /// rules no test plan fires) as Markdown, as kept in docs/CONTENT.md.
    Stats,
    /// Play a scripted attempt without the desk and print its report.
    Play {
        /// A scenario id, or the path of a .scenario.ron file.
        scenario: String,
        /// A RON file with a list of actions, e.g. `[ (at: "+5s", act: Answer, event: "call-1") ]`.
        #[arg(long, value_name = "FILE")]
        actions: PathBuf,
        /// The seed for the scenario's variations (names, arrival times).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Score under this policy pack instead of the office's.
        #[arg(long, value_name = "ID")]
        policy: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Save the attempt to this trainee profile (created if new).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
    /// Show a trainee's progress: mastery per exam domain, history, reviews due.
    ///
    /// Without --profile, lists the profiles. Progress lives in an SQLite database under the
    /// data folder (see --data-dir).
    Progress {
        /// The trainee profile.
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        /// Write the profile to a file, to move it to another machine.
        #[arg(
            long,
            value_name = "FILE",
            requires = "profile",
            conflicts_with = "import"
        )]
        export: Option<PathBuf>,
        /// Read a profile written by --export.
        #[arg(long, value_name = "FILE")]
        import: Option<PathBuf>,
        /// With --import: the name to give the imported profile.
        #[arg(long = "as", value_name = "NAME", requires = "import")]
        rename: Option<String>,
        /// Re-score the profile's scenario attempts from their stored seeds and actions with
        /// today's content.
        #[arg(long, requires = "profile")]
        rescore: bool,
    },
    /// List the scenarios.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a rule: when it applies, what it requires, its feedback and reference.
    Explain {
        /// A rule id, e.g. TRI-01.
        rule: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.content.clone().unwrap_or_else(scenario::content_root);
    let data_dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(frontdesk::progress::default_data_dir);
    match cli.command {
        None => open_desk(DeskRequest {
            root,
            data_dir,
            scenario: cli.scenario,
            script: cli.script,
            screenshot: cli.screenshot,
        }),
        Some(Command::Check {
            paths,
            verbose,
            coverage,
        }) => check(&root, paths, verbose, coverage),
        Some(Command::Stats) => stats(&root),
        Some(Command::Play {
            scenario,
            actions,
            seed,
            policy,
            json,
            profile,
        }) => play(
            &root,
            &scenario,
            &actions,
            PlayOptions {
                seed,
                policy: policy.as_deref(),
                json,
                save_to: profile.as_deref().map(|name| (data_dir.as_path(), name)),
            },
        ),
        Some(Command::Progress {
            profile,
            json,
            export,
            import,
            rename,
            rescore,
        }) => progress::run(
            &root,
            &data_dir,
            progress::Request {
                profile,
                json,
                export,
                import,
                rename,
                rescore,
            },
        ),
        Some(Command::List { json }) => list(&root, json),
        Some(Command::Explain { rule }) => explain(&root, &rule),
    }
}

fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// Loads the content folder and validates it; reports problems and returns None on errors.
fn load_library(root: &Path) -> Option<Library> {
    let mut library = Library::load(&[root.to_path_buf()], None);
    library.validate();
    if library.errors().next().is_some() {
        print_diagnostics(&library.diagnostics);
        eprintln!(
            "the content in {} has errors; run `frontdesk check` for the full list",
            root.display()
        );
        return None;
    }
    Some(library)
}

/// How `frontdesk` without a subcommand was asked to open.
struct DeskRequest {
    root: PathBuf,
    data_dir: PathBuf,
    scenario: Option<String>,
    script: Option<PathBuf>,
    screenshot: Option<PathBuf>,
}

#[cfg(feature = "gui")]
fn open_desk(request: DeskRequest) -> ExitCode {
    let script: Vec<Action> = match &request.script {
        Some(path) => match read_text(path).and_then(|text| scenario::parse(path, &text)) {
            Ok(actions) => actions,
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::FAILURE;
            }
        },
        None => Vec::new(),
    };
    let content_root = request
        .root
        .canonicalize()
        .unwrap_or_else(|_| request.root.clone());
    let options = frontdesk::app::Options {
        content_root,
        data_dir: request.data_dir,
        scenario: request.scenario,
        script,
        screenshot: request.screenshot,
    };
    match frontdesk::app::run(options) {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// Built without the desk (`--no-default-features`): say what there is instead.
#[cfg(not(feature = "gui"))]
fn open_desk(request: DeskRequest) -> ExitCode {
    let _ = (
        &request.data_dir,
        &request.scenario,
        &request.script,
        &request.screenshot,
    );
    overview(&request.root)
}

#[cfg_attr(feature = "gui", allow(dead_code))]
fn overview(root: &Path) -> ExitCode {
    println!("Frontdesk — a training simulator for medical front-desk staff.\n");
    println!(
        "This build has no desk app (built without the `gui` feature); play scenarios headless with `frontdesk play`.\n"
    );
    let code = list(root, false);
    println!("\nTry: frontdesk play <SCENARIO> --actions <FILE>   (see `frontdesk --help`)");
    code
}

fn stats(root: &Path) -> ExitCode {
    let Some(library) = load_library(root) else {
        return ExitCode::FAILURE;
    };
    let (outcomes, _) = run_test_plans(&library);
    print!("{}", Coverage::of(&library, &outcomes).to_markdown());
    ExitCode::SUCCESS
}

fn check(root: &Path, paths: Vec<PathBuf>, verbose: bool, coverage: bool) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![root.to_path_buf()]
    } else {
        paths
    };
    let mut library = Library::load(&paths, Some(root));
    library.validate();
    let mut diagnostics = library.diagnostics.clone();
    let (outcomes, plan_problems) = if library.errors().next().is_none() {
        run_test_plans(&library)
    } else {
        (Vec::new(), Vec::new())
    };
    diagnostics.extend(plan_problems);
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
            println!("{mark} {} / {}", o.scenario, o.plan);
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plans_failed = outcomes.iter().filter(|o| !o.passed()).count();
    println!(
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

struct PlayOptions<'a> {
    seed: u64,
    policy: Option<&'a str>,
    json: bool,
    /// The data folder and profile to save the attempt to.
    save_to: Option<(&'a Path, &'a str)>,
}

fn play(root: &Path, scenario_arg: &str, actions_path: &Path, options: PlayOptions) -> ExitCode {
    let PlayOptions {
        seed,
        policy,
        json,
        save_to,
    } = options;
    let is_path = scenario_arg.ends_with(".ron");
    let library = if is_path {
        let mut library = Library::load(&[PathBuf::from(scenario_arg)], Some(root));
        library.validate();
        if library.errors().next().is_some() {
            print_diagnostics(&library.diagnostics);
            return ExitCode::FAILURE;
        }
        library
    } else {
        match load_library(root) {
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
    let actions: Vec<Action> =
        match read_text(actions_path).and_then(|text| scenario::parse(actions_path, &text)) {
            Ok(actions) => actions,
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::FAILURE;
            }
        };
    let setup = match library.setup(&found.value, policy) {
        Ok(setup) => setup,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let (_, report) = setup.play(seed, &actions);
    if let Some((data_dir, profile)) = save_to
        && let Err(e) = progress::save_scenario(data_dir, profile, &report, &actions)
    {
        eprintln!(
            "error: the attempt was not saved: {e}\n  = hint: {}",
            e.hint()
        );
        return ExitCode::FAILURE;
    }
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: cannot write the report as JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", report.to_text());
    }
    ExitCode::SUCCESS
}

fn list(root: &Path, json: bool) -> ExitCode {
    let Some(library) = load_library(root) else {
        return ExitCode::FAILURE;
    };
    let mut scenarios: Vec<_> = library.scenarios.iter().map(|s| &s.value).collect();
    scenarios.sort_by(|a, b| (a.family, a.difficulty, &a.id).cmp(&(b.family, b.difficulty, &b.id)));
    if json {
        let rows: Vec<serde_json::Value> = scenarios
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "title": s.title, "family": s.family, "setting": s.setting,
                    "difficulty": s.difficulty, "domains": s.domains,
                    "expected_minutes": s.expected_minutes,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
    } else {
        for s in scenarios {
            println!(
                "{:<34} {:<8} {:<30} {}",
                s.id,
                s.difficulty.label(),
                s.family.label(),
                s.title
            );
        }
    }
    ExitCode::SUCCESS
}

fn explain(root: &Path, id: &str) -> ExitCode {
    let Some(library) = load_library(root) else {
        return ExitCode::FAILURE;
    };
    let rules = library.all_rules();
    let Some(rule) = rules.iter().find(|r| r.id.eq_ignore_ascii_case(id)) else {
        eprintln!("error: there is no rule `{id}`");
        if let Some(near) =
            frontdesk::diagnostic::did_you_mean(id, rules.iter().map(|r| r.id.as_str()))
        {
            eprintln!("  = hint: did you mean `{near}`?");
        }
        return ExitCode::FAILURE;
    };
    println!("{} — {}", rule.id, rule.title);
    println!(
        "{} · {} · {} points",
        rule.severity.label(),
        rule.domain.label(),
        rule.points
    );
    match ron::ser::to_string_pretty(
        &(&rule.applies_when, &rule.require, &rule.forbid),
        ron::ser::PrettyConfig::default(),
    ) {
        Ok(text) => println!("\nApplies when, requires, forbids:\n{text}"),
        Err(e) => eprintln!("(cannot show the clauses: {e})"),
    }
    println!("\nWhen passed: {}", rule.feedback.pass);
    println!("When missed: {}", rule.feedback.fail);
    println!("Reference: {}", rule.reference);
    ExitCode::SUCCESS
}
