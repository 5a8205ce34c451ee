//! A soak of the core: random attempts at every shipped scenario, played, scored and replayed.
//! Each attempt is a random list of actions (any act, at any time, on any event or none, with
//! the scenario's own choices and ids half the time, so many are possible and many refused).
//! Checks, for each: no panic; the score within bounds (points ≤ possible, percent ≤ 100, a
//! missed critical rule fails the attempt); the same seed and actions give the same report,
//! byte for byte. Prints the figures for docs/RELIABILITY.md, and the sequence number and seed
//! of any failure, to replay it.
//!
//!   cargo run --release --no-default-features --example soak -- [SEQUENCES] [SEED]

use frontdesk::library::Library;
use frontdesk::model::{
    ActKind, Action, ActionTime, ChoiceId, Day, Detail, EventId, ProviderId, Severity, SimTime,
    VisitType,
};
use frontdesk::scenario::Scenario;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use std::process::ExitCode;
use std::time::Instant;

/// A random action on `scenario`.
fn random_action(rng: &mut ChaCha8Rng, scenario: &Scenario, ids: &[String]) -> Action {
    let act = *ActKind::ALL.choose(rng).unwrap_or(&ActKind::Answer);
    let event = (rng.random_bool(0.9))
        .then(|| scenario.events.choose(rng))
        .flatten();
    let at = if rng.random_bool(0.7) {
        ActionTime::AfterArrival(rng.random_range(0..900))
    } else {
        let (from, to) = (
            scenario.starts_at.0,
            scenario.ends_at.0.max(scenario.starts_at.0 + 1),
        );
        ActionTime::At(SimTime(rng.random_range(from..to)))
    };
    let choice = event
        .filter(|_| rng.random_bool(0.5))
        .and_then(|e| e.choices.choose(rng))
        .map(|c| ChoiceId::from(c.id.as_str()));
    let pick = |rng: &mut ChaCha8Rng| ids.choose(rng).cloned().filter(|_| rng.random_bool(0.6));
    Action {
        at,
        act: if choice.is_some() { ActKind::Say } else { act },
        event: event.map(|e| EventId::from(e.id.as_str())),
        details: (0..rng.random_range(0..4))
            .filter_map(|_| Detail::ALL.choose(rng).copied())
            .collect(),
        patient: None,
        provider: pick(rng).map(|p| ProviderId::from(p.as_str())),
        day: rng
            .random_bool(0.3)
            .then(|| Day::DaysAhead(rng.random_range(0..5))),
        start: rng
            .random_bool(0.5)
            .then(|| SimTime(8 * 3600 + rng.random_range(0..120) * 300)),
        visit: rng
            .random_bool(0.5)
            .then(|| *VisitType::ALL.choose(rng).unwrap_or(&VisitType::Acute)),
        target: pick(rng),
        quantity: rng.random_bool(0.5).then(|| rng.random_range(0..20)),
        choice,
    }
}

/// The ids a scenario's actions can name: appointments, charges, stock, lots, equipment,
/// providers.
fn ids_of(library: &Library, scenario: &Scenario) -> Vec<String> {
    let mut ids: Vec<String> = scenario.schedule.iter().map(|a| a.id.clone()).collect();
    ids.extend(scenario.ledger.iter().map(|c| c.id.clone()));
    ids.extend(scenario.inventory.iter().map(|c| c.id.clone()));
    ids.extend(
        scenario
            .inventory
            .iter()
            .flat_map(|c| c.lots.iter())
            .map(|l| l.id.clone()),
    );
    ids.extend(scenario.equipment.iter().map(|e| e.id.clone()));
    if let Some(office) = library.office(&scenario.office) {
        ids.extend(office.providers.iter().map(|p| p.id.to_string()));
    }
    ids
}

/// What a soak did.
pub struct Soak {
    pub sequences: u64,
    pub scenarios: usize,
    pub actions: u64,
    pub refused: u64,
    pub passed: u64,
    /// Each failure: sequence number, seed, scenario, problem.
    pub failures: Vec<String>,
    pub seconds: f64,
}

/// Plays `sequences` random attempts (from `base_seed`) over the shipped scenarios.
pub fn soak(sequences: u64, base_seed: u64) -> Result<Soak, String> {
    let mut library = Library::built_in();
    library.validate();
    if library.errors().next().is_some() {
        return Err("the shipped content has errors: run `frontdesk check`".to_owned());
    }
    let setups: Vec<_> = library
        .scenarios
        .iter()
        .filter_map(|s| {
            let setup = library.setup(&s.value, None).ok()?;
            Some((setup, ids_of(&library, &s.value)))
        })
        .collect();
    let start = Instant::now();
    let mut figures = Soak {
        sequences,
        scenarios: setups.len(),
        actions: 0,
        refused: 0,
        passed: 0,
        failures: Vec::new(),
        seconds: 0.0,
    };
    for n in 0..sequences {
        let seed = base_seed.wrapping_mul(1_000_003).wrapping_add(n);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (setup, ids) = &setups[(n as usize) % setups.len()];
        let count = rng.random_range(0..60);
        let actions: Vec<Action> = (0..count)
            .map(|_| random_action(&mut rng, setup.scenario, ids))
            .collect();
        let attempt_seed = rng.random_range(0..1000);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let (session, report) = setup.play(attempt_seed, &actions);
            let (_, again) = setup.play(attempt_seed, &actions);
            (session.refused().count(), report, again)
        }));
        let problem = match outcome {
            Err(_) => Some("panicked".to_owned()),
            Ok((refusals, report, again)) => {
                figures.actions += actions.len() as u64;
                figures.refused += refusals as u64;
                figures.passed += u64::from(report.passed);
                let critical_missed = report
                    .findings
                    .iter()
                    .any(|f| !f.passed && f.severity == Severity::Critical);
                let json = |r: &frontdesk::scoring::Report| serde_json::to_string(r).ok();
                if report.points > report.max_points || report.percent > 100 {
                    Some(format!(
                        "score out of bounds: {}/{} ({}%)",
                        report.points, report.max_points, report.percent
                    ))
                } else if critical_missed && report.passed {
                    Some("passed with a critical rule missed".to_owned())
                } else if json(&report) != json(&again) {
                    Some("a replay gave another report".to_owned())
                } else {
                    None
                }
            }
        };
        if let Some(problem) = problem {
            figures.failures.push(format!(
                "sequence {n} (seed {seed}) on `{}`: {problem}",
                setup.scenario.id
            ));
        }
    }
    figures.seconds = start.elapsed().as_secs_f64();
    Ok(figures)
}

#[allow(dead_code)]
fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let sequences: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let base_seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let figures = match soak(sequences, base_seed) {
        Ok(figures) => figures,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    for failure in &figures.failures {
        eprintln!("FAILED {failure}");
    }
    println!(
        "{} random attempts over {} scenarios ({} actions, {} refused, {} passed) played twice \
         each in {:.1} s: {} failure(s)",
        figures.sequences,
        figures.scenarios,
        figures.actions,
        figures.refused,
        figures.passed,
        figures.seconds,
        figures.failures.len()
    );
    if figures.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
