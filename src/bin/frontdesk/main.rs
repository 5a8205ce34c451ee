//! The `frontdesk` command: a thin shell over the core library. `main` parses the command line
//! and hands each subcommand to its module: `check` (check, stats), `play`, `progress`,
//! `content` (list, explain, and the shared content loading), `graph` (a scenario's map),
//! `words`, `new` (skeletons), `sync` (xAPI to a Learning Record Store), `desk` (the window).

// Diagnostics are built on the cold path of content errors; boxing them buys nothing.
#![allow(clippy::result_large_err)]

use clap::{Parser, Subcommand};
use frontdesk::library::{ContentSource, NewContent};
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
mod report;
mod sync;
mod words;

#[derive(Parser)]
#[command(
    name = "frontdesk",
    version,
    about = "A training simulator for medical front-desk staff",
    long_about = "A training simulator for medical front-desk staff.\n\n\
        Scenarios, rules and office policies are RON files; the standard library of them is \
        built into the program. A clinic's own folder (--content DIR or $FRONTDESK_CONTENT) \
        adds to it and replaces items by id; --content-only DIR uses a folder alone. \
        See docs/SCENARIO_FORMAT.md for the format and docs/AUTHORING.md for overlays."
)]
struct Cli {
    /// A content folder over the built-in content: its scenarios, policies, offices, rules and
    /// questions add to the built-in ones or replace them by id [default: $FRONTDESK_CONTENT].
    #[arg(long, global = true, value_name = "DIR")]
    content: Option<PathBuf>,
    /// A content folder used alone, without the built-in content (e.g. a full copy).
    #[arg(long, global = true, value_name = "DIR", conflicts_with = "content")]
    content_only: Option<PathBuf>,
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
    /// policies and offices of the content in use. With --content DIR, each built-in item the
    /// folder replaces is listed (`replaced: FILE:LINE:COL: …`).
    Check {
        /// Content folders or files (default: the content in use: built-in, or --content's).
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
        /// With --import: add the file's attempts to the profile of that name (created if new)
        /// instead of refusing an existing one; attempts it already holds are skipped. For the
        /// file the desk writes when it could not save an attempt ("Save to a file").
        #[arg(long, requires = "import")]
        merge: bool,
        /// Re-score the profile's scenario attempts from their stored seeds and actions with
        /// today's content.
        #[arg(long, requires = "profile")]
        rescore: bool,
    },
    /// Write a cohort report: per trainee, whether they are ready for the exam and why; per
    /// rule and per exam domain, who misses it most.
    ///
    /// Per trainee: scenario attempts, scenarios passed (of those tried and of the library),
    /// critical misses by rule, mastery per exam domain, the practice-exam estimate, time on
    /// task, last activity, and "ready for the exam?" with the reason. Ready means all of:
    /// (1) a practice-exam estimate (the mean scaled score of the latest 3 practice exams,
    /// i.e. sittings with items from every exam domain: the full or mini exam, not the
    /// quizzes) at or above the pass mark; (2) mastery of 70 % or more in every exam domain;
    /// (3) at least one scenario played and no critical rule missed in the latest 5 scenario
    /// attempts.
    ///
    /// HTML is one printable page with charts and nothing fetched; CSV is three files
    /// (FILE.csv per trainee, FILE-rules.csv and FILE-domains.csv); JSON has every figure.
    /// Without -o the report goes to standard output (CSV: the trainees table only). An
    /// existing file is never replaced unless --force. See docs/REPORTS.md.
    Report {
        /// Only these trainee profiles (comma-separated names) [default: every profile].
        #[arg(
            long,
            value_name = "A,B",
            value_delimiter = ',',
            conflicts_with = "all"
        )]
        profiles: Vec<String>,
        /// Every profile (the default).
        #[arg(long)]
        all: bool,
        /// Only activity on or after this day (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// What to write [default: from the -o file's name].
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// The file to write (CSV: also FILE-rules.csv and FILE-domains.csv beside it).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace existing files.
        #[arg(long, requires = "output")]
        force: bool,
        /// Read the cohort back from the Learning Record Store every desk syncs to (the one
        /// `frontdesk sync` uses), for trainees spread over many machines, instead of this
        /// machine's progress.
        #[arg(long)]
        from_lrs: bool,
        /// With --from-lrs: the LRS's xAPI endpoint, if not the configured one (credentials
        /// from `sync --configure` or FRONTDESK_LRS_USER / FRONTDESK_LRS_PASSWORD).
        #[arg(long, value_name = "URL", requires = "from_lrs")]
        lrs: Option<String>,
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
    /// Send finished attempts and exams to a Learning Record Store as xAPI statements.
    ///
    /// Every saved attempt is queued (offline first); sync sends what is waiting in batches,
    /// retries with backoff while the LRS cannot be reached, and marks statements sent only
    /// once the LRS accepted them, so nothing is lost or sent twice. The LRS is read from
    /// lrs.ron in the data folder (written by --configure), then FRONTDESK_LRS,
    /// FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD, then these flags. Credentials are never
    /// printed. See docs/XAPI.md.
    Sync {
        /// The LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI/
        #[arg(long, value_name = "URL")]
        lrs: Option<String>,
        /// The LRS user (basic authentication).
        #[arg(long, value_name = "USER")]
        lrs_user: Option<String>,
        /// The LRS password. Prefer FRONTDESK_LRS_PASSWORD or lrs.ron: a flag shows in the
        /// process list.
        #[arg(long, value_name = "PASSWORD", hide_default_value = true)]
        lrs_password: Option<String>,
        /// The actor's account home page (one per clinic network; default: this install's).
        #[arg(long, value_name = "URL")]
        home_page: Option<String>,
        /// Where activity ids start (default: https://frontdesk.example/xapi).
        #[arg(long, value_name = "URL")]
        activity_base: Option<String>,
        /// Statements per request.
        #[arg(long, value_name = "N", default_value_t = 50)]
        batch: usize,
        /// Write the LRS settings given (flags, environment) to lrs.ron and stop.
        #[arg(long, conflicts_with_all = ["status", "print"])]
        configure: bool,
        /// Show how many attempts are waiting and which LRS is configured.
        #[arg(long, conflicts_with = "print")]
        status: bool,
        /// Print the waiting statements as JSON instead of sending them.
        #[arg(long)]
        print: bool,
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Csv,
    Html,
    Json,
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
    let content = ContentSource::choose(cli.content.clone(), cli.content_only.clone());
    let data_dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(frontdesk::progress::default_data_dir);
    match cli.command {
        None => desk::open(desk::Request {
            content,
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
            &content,
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
            new::new(&content, what, &id)
        }
        Some(Command::Stats) => check::stats(&content),
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
            &content,
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
            merge,
            rescore,
        }) => progress::run(
            &content,
            &data_dir,
            progress::Request {
                profile,
                json,
                export,
                import,
                rename,
                merge,
                rescore,
            },
        ),
        Some(Command::Report {
            profiles,
            all: _,
            since,
            format,
            output,
            force,
            from_lrs,
            lrs,
        }) => report::run(
            &content,
            &data_dir,
            report::Request {
                profiles,
                since,
                format: format.map(|f| match f {
                    ReportFormat::Csv => frontdesk::report::Format::Csv,
                    ReportFormat::Html => frontdesk::report::Format::Html,
                    ReportFormat::Json => frontdesk::report::Format::Json,
                }),
                output,
                force,
                from_lrs,
                lrs,
            },
        ),
        Some(Command::Exam {
            profile,
            seed,
            answers,
            json,
        }) => exam::exam(
            &content,
            exam::Request {
                profile: &profile,
                seed,
                answers: answers.as_deref(),
                json,
            },
        ),
        Some(Command::Sync {
            lrs,
            lrs_user,
            lrs_password,
            home_page,
            activity_base,
            batch,
            configure,
            status,
            print,
        }) => sync::run(
            &data_dir,
            sync::Request {
                lrs,
                user: lrs_user,
                password: lrs_password,
                home_page,
                activity_base,
                batch,
                configure,
                status,
                print,
            },
        ),
        Some(Command::List { json }) => content::list(&content, json),
        Some(Command::Explain { rule }) => content::explain(&content, &rule),
        Some(Command::Graph {
            scenario,
            output,
            force,
        }) => graph::graph(&content, &scenario, output.as_deref(), force),
        Some(Command::Words { list, markdown }) => words::words(list.as_deref(), markdown),
    }
}
