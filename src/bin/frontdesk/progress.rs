//! `frontdesk progress` and saving `frontdesk play` attempts: the CLI face of the progress
//! store.

use crate::out::{out, outln};

use frontdesk::exam::{Card, CardKind, Mastery};
use frontdesk::library::ContentSource;
use frontdesk::model::Action;
use frontdesk::progress::{
    Attempt, AttemptKind, ProfileExport, ProfileSummary, Store, StoreError, date_time, day_of, now,
};
use frontdesk::scoring::Report;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Request {
    pub profile: Option<String>,
    pub json: bool,
    pub export: Option<PathBuf>,
    pub import: Option<PathBuf>,
    pub rename: Option<String>,
    pub merge: bool,
    pub rescore: bool,
}

fn fail(e: &StoreError) -> ExitCode {
    eprintln!("error: {e}\n  = hint: {}", e.hint());
    ExitCode::FAILURE
}

/// Saves a scenario played on the file of `version` to `profile`, creating the profile if it
/// is new.
pub fn save_scenario(
    data_dir: &Path,
    profile: &str,
    report: &Report,
    actions: &[Action],
    version: String,
) -> Result<(), StoreError> {
    let at = now();
    let mut store = Store::open_in(data_dir)?;
    store.ensure_profile(profile, at)?;
    let attempt = Attempt::of_scenario(report, actions, at)?.on_version(Some(version));
    store.save_attempt(profile, &attempt)?;
    Ok(())
}

pub fn run(content: &ContentSource, data_dir: &Path, request: Request) -> ExitCode {
    let mut store = match Store::open_in(data_dir) {
        Ok(store) => store,
        Err(e) => return fail(&e),
    };
    if let Some(file) = &request.import {
        eprintln!("importing {} …", file.display());
        if request.merge {
            let merged = ProfileExport::read(file)
                .and_then(|export| store.merge(&export, request.rename.as_deref()));
            return match merged {
                Ok(m) => {
                    outln!(
                        "added {} attempt(s) to profile `{}` ({} already there)",
                        m.added,
                        m.name,
                        m.already_held
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            };
        }
        let imported = ProfileExport::read(file)
            .and_then(|export| store.import(&export, request.rename.as_deref()));
        return match imported {
            Ok(name) => {
                outln!("imported profile `{name}`");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        };
    }
    let Some(profile) = request.profile else {
        return list_profiles(&store, request.json);
    };
    if let Some(file) = &request.export {
        return match store.export(&profile).and_then(|e| e.write(file)) {
            Ok(()) => {
                outln!("wrote profile `{profile}` to {}", file.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        };
    }
    if request.rescore {
        return rescore(content, &store, &profile);
    }
    match store.summary(&profile, day_of(now())) {
        Ok(summary) if request.json => match serde_json::to_string_pretty(&summary) {
            Ok(text) => {
                outln!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                ExitCode::FAILURE
            }
        },
        Ok(summary) => {
            out!("{}", summary_text(&summary));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn list_profiles(store: &Store, json: bool) -> ExitCode {
    let profiles = match store.profiles() {
        Ok(profiles) => profiles,
        Err(e) => return fail(&e),
    };
    if json {
        match serde_json::to_string_pretty(&profiles) {
            Ok(text) => outln!("{text}"),
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else if profiles.is_empty() {
        outln!(
            "no profiles yet in {}\nplay with `--profile NAME` (or pick a trainee in the app) to start one",
            store.path().display()
        );
    } else {
        for p in profiles {
            outln!("{:<24} {:>5} attempt(s)", p.name, p.attempts);
        }
    }
    ExitCode::SUCCESS
}

fn rescore(content: &ContentSource, store: &Store, profile: &str) -> ExitCode {
    let mut library = content.load();
    library.validate();
    let history = match store.history(profile) {
        Ok(history) => history,
        Err(e) => return fail(&e),
    };
    for line in history.iter().filter(|a| a.kind == AttemptKind::Scenario) {
        let attempt = match store.attempt(profile, line.id) {
            Ok(attempt) => attempt,
            Err(e) => return fail(&e),
        };
        let now_scored = library
            .setup_by_id(&attempt.item, attempt.policy.as_deref())
            .map_err(|e| e.to_string())
            .and_then(|setup| {
                let actions = attempt.actions().map_err(|e| e.to_string())?;
                Ok(setup.play(attempt.seed, &actions).1)
            });
        match now_scored {
            Ok(report) => outln!(
                "{}  {:<34} seed {:<6} then {:>3.0} %  now {:>3} %{}",
                date_time(attempt.at),
                attempt.item,
                attempt.seed,
                attempt.score_percent,
                report.percent,
                if report.passed {
                    "  passed"
                } else {
                    "  not passed"
                }
            ),
            Err(problem) => outln!(
                "{}  {:<34} cannot be re-scored: {problem}",
                date_time(attempt.at),
                attempt.item
            ),
        }
    }
    ExitCode::SUCCESS
}

fn bar(percent: f64) -> String {
    let filled = (percent / 10.0).round().clamp(0.0, 10.0) as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

fn mastery_line(m: &Mastery) -> String {
    match m.percent {
        Some(p) => format!(
            "  {:<40} {} {:>3.0} %  ({} answers, {} findings)",
            m.domain.label(),
            bar(p),
            p,
            m.answers,
            m.findings
        ),
        None => format!("  {:<40} {} no evidence yet", m.domain.label(), bar(0.0)),
    }
}

fn card_line(card: &Card) -> String {
    let kind = match card.kind {
        CardKind::Question => "question",
        CardKind::Rule => "rule",
    };
    format!("  {kind} {} (box {})", card.id, card.leitner_box)
}

fn summary_text(s: &ProfileSummary) -> String {
    let mut out = format!(
        "Profile {} — {} attempt(s), {} review card(s), {} due today\n\nMastery per domain\n",
        s.name,
        s.history.len(),
        s.cards,
        s.due.len()
    );
    for m in &s.mastery {
        out.push_str(&mastery_line(m));
        out.push('\n');
    }
    out.push_str("\nHistory (newest last)\n");
    if s.history.is_empty() {
        out.push_str("  nothing yet\n");
    }
    let skip = s.history.len().saturating_sub(30);
    if skip > 0 {
        out.push_str(&format!("  … {skip} earlier attempt(s)\n"));
    }
    for a in s.history.iter().skip(skip) {
        let kind = match a.kind {
            AttemptKind::Scenario => "scenario",
            AttemptKind::Exam => "exam",
        };
        let scaled = a.scaled.map_or(String::new(), |s| format!("  scaled {s}"));
        out.push_str(&format!(
            "  {}  {kind:<8} {:<34} seed {:<6} {:>3.0} %{scaled}  {}\n",
            date_time(a.at),
            a.item,
            a.seed,
            a.score_percent,
            if a.passed { "passed" } else { "not passed" }
        ));
    }
    if !s.due.is_empty() {
        out.push_str("\nDue for review\n");
        for card in &s.due {
            out.push_str(&card_line(card));
            out.push('\n');
        }
    }
    out
}
