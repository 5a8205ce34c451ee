//! The `frontdesk` command: a thin shell over the core library. `main` parses the command line
//! and hands each subcommand to its module: `check` (check, stats), `play`, `progress`,
//! `content` (list, explain, and the shared content loading), `graph` (a scenario's map),
//! `words`, `new` (skeletons), `desk` (the window).

// Diagnostics are built on the cold path of content errors; boxing them buys nothing.
#![allow(clippy::result_large_err)]

use clap::{Parser, Subcommand};
use frontdesk::library::NewContent;
use std::path::PathBuf;
use std::process::ExitCode;

mod check;
mod content;
mod desk;
mod exam;
mod graph;
mod new;
mod out;
mod play;
mod progress;
mod words;

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
    /// With --scenario: play this seed (names, arrival times) instead of a fresh one, e.g. to
    /// replay an attempt (the desk and the debrief show each attempt's seed).
    #[arg(long, value_name = "N", requires = "scenario")]
    seed: Option<u64>,
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
        /// Treat warnings (lint included) as errors: exit 1 on any.
        #[arg(long)]
        strict: bool,
    },
    /// Write a commented skeleton into the content folder: a scenario that `check` passes as
    /// written, or a rule pack, question set or policy pack to fill in.
    ///
    /// Never overwrites a file. See docs/SCENARIO_FORMAT.md section 3, "Authoring tools".
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Print what the content covers (scenarios per family, setting, exam domain, difficulty;
    /// rules no test plan fires) as Markdown, as kept in docs/CONTENT.md.
    Stats,
    /// Play a scripted attempt without the desk and print its report.
    Play {
        /// A scenario id, or the path of a .scenario.ron file.
        scenario: String,
        /// A RON file with a list of actions, e.g. `[ (at: "+5s", act: Answer, event: "call-1") ]`.
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "plan",
            conflicts_with = "plan"
        )]
        actions: Option<PathBuf>,
        /// Play one of the scenario's own test plans (by name) instead, on its seed, date and
        /// policy unless given here.
        #[arg(long, value_name = "NAME")]
        plan: Option<String>,
        /// The seed for the scenario's variations (names, arrival times) [default: 0, or the
        /// plan's].
        #[arg(long)]
        seed: Option<u64>,
        /// Score under this policy pack instead of the office's.
        #[arg(long, value_name = "ID")]
        policy: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Save the attempt to this trainee profile (created if new).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Also write the attempt as a test plan (RON, its outcome as the expectation) to this
        /// new file, to paste into the scenario's `test_plans`.
        #[arg(long, value_name = "FILE")]
        record: Option<PathBuf>,
        /// The recorded plan's name [default: "recorded: seed N"].
        #[arg(long, value_name = "NAME", requires = "record")]
        record_name: Option<String>,
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
    /// Assemble a practice exam from an exam profile and a seed, and score an answer sheet.
    ///
    /// Without --answers, prints the paper: each item's stem and options A–D in this seed's
    /// order. With --answers FILE (one letter A–D per line, in order, `-` for a blank), prints
    /// the scaled score, pass or not, each exam domain and the items missed with why. Another
    /// seed gives another paper in the same domain proportions.
    Exam {
        /// The exam profile, e.g. `cmaa` (the full practice exam) or `mini`.
        #[arg(long, default_value = "cmaa")]
        profile: String,
        /// Which paper: the same seed always assembles the same items in the same order.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// An answer sheet to score.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// The paper (the assembled exam) or the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the scenarios.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Draw a scenario's map: events on the timeline, each event's conversation, the
    /// consequences and what they bring, the rules that judge each event, and which branches
    /// the scenario's test plans walk (those no plan walks are grey and dashed).
    ///
    /// Without -o, prints Graphviz DOT. With -o, writes DOT, SVG or HTML (by the name's end),
    /// refusing to replace an existing file unless --force. See "Scenario map" in
    /// docs/SCENARIO_FORMAT.md.
    Graph {
        /// The scenario's id.
        scenario: String,
        /// The file to write: FILE.svg, FILE.dot or FILE.html.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Show a rule: when it applies, what it requires, its feedback and reference.
    Explain {
        /// A rule id, e.g. TRI-01.
        rule: String,
    },
    /// Print every closed word list content is written with (acts, facts, details, conditions,
    /// effects, policy values …), each word with its meaning.
    ///
    /// With --markdown, prints the word-list appendix kept in docs/SCENARIO_FORMAT.md.
    Words {
        /// Only this list, e.g. ActKind (not case-sensitive).
        list: Option<String>,
        /// Print Markdown tables instead of text.
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A scenario with one call, a greeting, an ideal test plan and a placeholder mistake,
    /// in its family's folder.
    Scenario {
        /// The new scenario's id: lower-case words joined by hyphens, e.g. `late-refill-call`.
        id: String,
        /// Its family (word list `Family`), e.g. PhoneTriage, Billing, Records.
        #[arg(long)]
        family: String,
        /// Its setting (word list `Setting`), e.g. FamilyPractice, Dental.
        #[arg(long)]
        setting: String,
        /// The office it runs in (default: the content folder's first office of the setting).
        #[arg(long, value_name = "ID")]
        office: Option<String>,
    },
    /// A rule pack with one rule to change, in rules/.
    Rules {
        /// The pack's id, e.g. `clinic-extras`.
        id: String,
    },
    /// A question set with one question to fill in, in questions/.
    Questions {
        /// The set's name; its first question is `ID-001`.
        id: String,
    },
    /// A policy pack starting from the standard policy's numbers, in policies/.
    Policy {
        /// The policy's id, e.g. `riverside-clinic`.
        id: String,
    },
}

fn main() -> ExitCode {
    let code = run(Cli::parse());
    out::finish(code)
}

fn run(cli: Cli) -> ExitCode {
    let root = cli
        .content
        .clone()
        .unwrap_or_else(frontdesk::library::content_root);
    let data_dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(frontdesk::progress::default_data_dir);
    match cli.command {
        None => desk::open(desk::Request {
            root,
            data_dir,
            scenario: cli.scenario,
            script: cli.script,
            seed: cli.seed,
            screenshot: cli.screenshot,
        }),
        Some(Command::Check {
            paths,
            verbose,
            coverage,
            strict,
        }) => check::check(
            &root,
            paths,
            check::Options {
                verbose,
                coverage,
                strict,
            },
        ),
        Some(Command::New { what }) => {
            let (what, id) = match what {
                NewCommand::Scenario {
                    id,
                    family,
                    setting,
                    office,
                } => (
                    NewContent::Scenario {
                        family,
                        setting,
                        office,
                    },
                    id,
                ),
                NewCommand::Rules { id } => (NewContent::Rules, id),
                NewCommand::Questions { id } => (NewContent::Questions, id),
                NewCommand::Policy { id } => (NewContent::Policy, id),
            };
            new::new(&root, what, &id)
        }
        Some(Command::Stats) => check::stats(&root),
        Some(Command::Play {
            scenario,
            actions,
            plan,
            seed,
            policy,
            json,
            profile,
            record,
            record_name,
        }) => play::play(
            &root,
            &scenario,
            match (&actions, &plan) {
                (_, Some(name)) => play::Script::Plan(name),
                (Some(path), None) => play::Script::File(path),
                (None, None) => unreachable!("clap requires --actions or --plan"),
            },
            play::Options {
                seed,
                policy: policy.as_deref(),
                json,
                save_to: profile.as_deref().map(|name| (data_dir.as_path(), name)),
                record: record.as_deref().map(|path| (path, record_name.as_deref())),
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
        Some(Command::Exam {
            profile,
            seed,
            answers,
            json,
        }) => exam::exam(
            &root,
            exam::Request {
                profile: &profile,
                seed,
                answers: answers.as_deref(),
                json,
            },
        ),
        Some(Command::List { json }) => content::list(&root, json),
        Some(Command::Explain { rule }) => content::explain(&root, &rule),
        Some(Command::Graph {
            scenario,
            output,
            force,
        }) => graph::graph(&root, &scenario, output.as_deref(), force),
        Some(Command::Words { list, markdown }) => words::words(list.as_deref(), markdown),
    }
}
