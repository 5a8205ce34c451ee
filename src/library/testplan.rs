//! Running the test plans scenarios carry, the way a compiler runs its test suite: each plan's
//! actions are played and its report compared with what the plan expects.

use super::{Library, Sourced};
use crate::diagnostic::Diagnostic;
use crate::model::{ActKind, Action, ScenarioId};
use crate::scenario::{Scenario, TestPlan};
use crate::scoring::Report;
use crate::sim::Session;
use std::collections::BTreeSet;

/// The result of one test plan.
#[derive(Debug, Clone)]
pub struct PlanOutcome {
    pub scenario: ScenarioId,
    pub plan: String,
    pub report: Option<Report>,
    /// Empty when the plan got exactly what it expects.
    pub problems: Vec<String>,
    /// The branches the plan walked: consequences that fired (ids) and conditional choices
    /// said (`event/choice`).
    pub walked: BTreeSet<String>,
}

impl PlanOutcome {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A plan's full action list: its `from` plan's actions (recursively), less the dropped kinds
/// (a `Say` is dropped by the act its choice counts as),
/// plus its own.
pub fn plan_actions(scenario: &Scenario, plan: &TestPlan) -> Result<Vec<Action>, String> {
    let mut chain = vec![plan];
    let mut current = plan;
    while let Some(from) = &current.from {
        current = scenario
            .test_plans
            .iter()
            .find(|p| &p.name == from)
            .ok_or_else(|| format!("there is no test plan `{from}`"))?;
        if chain.iter().any(|p| p.name == current.name) {
            return Err(format!("test plan `{}` starts from itself", current.name));
        }
        chain.push(current);
    }
    let mut actions: Vec<Action> = Vec::new();
    for step in chain.iter().rev() {
        actions.retain(|a| !step.drop.contains(&counts_as(scenario, a)));
        actions.extend(step.actions.iter().cloned());
    }
    Ok(actions)
}

/// The act an action counts as: a `Say` counts as its dialogue choice's act.
pub(super) fn counts_as(scenario: &Scenario, action: &Action) -> ActKind {
    if action.act != ActKind::Say {
        return action.act;
    }
    let choice = action.choice.as_deref();
    scenario
        .events
        .iter()
        .filter(|e| action.event.as_deref() == Some(e.id.as_str()))
        .flat_map(|e| e.choices.iter())
        .find(|c| Some(c.id.as_str()) == choice)
        .map_or(ActKind::Say, |c| c.counts_as)
}

/// Besides its own, every plan is played under these seeds (`check` plays each plan under at
/// least eight).
pub const OTHER_SEEDS: [u64; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

/// How a second report's verdict differs from the first's, if it does.
fn verdict_change(first: &Report, second: &Report) -> Option<String> {
    let (a, b) = (first.failed_rules(), second.failed_rules());
    if a != b {
        let gained: Vec<&str> = b.iter().filter(|r| !a.contains(r)).copied().collect();
        let lost: Vec<&str> = a.iter().filter(|r| !b.contains(r)).copied().collect();
        let mut parts = Vec::new();
        if !gained.is_empty() {
            parts.push(format!("{} also failed", gained.join(", ")));
        }
        if !lost.is_empty() {
            parts.push(format!("{} passed", lost.join(", ")));
        }
        return Some(parts.join(" and "));
    }
    if first.passed != second.passed {
        return Some(format!(
            "the attempt {}",
            if second.passed { "passed" } else { "failed" }
        ));
    }
    if first.refused.len() != second.refused.len() {
        let why = second
            .refused
            .first()
            .map(|r| format!(" (first: {} at {}: {})", r.act.label(), r.at, r.reason))
            .unwrap_or_default();
        return Some(format!(
            "{} action(s) were refused instead of {}{why}",
            second.refused.len(),
            first.refused.len()
        ));
    }
    None
}

/// Runs every test plan of every scenario in the library.
pub fn run_test_plans(library: &Library) -> (Vec<PlanOutcome>, Vec<Diagnostic>) {
    let mut outcomes = Vec::new();
    let mut diagnostics = Vec::new();
    for scenario in &library.scenarios {
        let first = outcomes.len();
        for plan in &scenario.value.test_plans {
            let outcome = run_plan(library, scenario, plan);
            if !outcome.passed() {
                let mut hint = String::new();
                if let Some(report) = &outcome.report {
                    for f in report.findings.iter().filter(|f| !f.passed) {
                        for p in &f.problems {
                            hint.push_str(&format!("\n      {}: {p}", f.rule));
                        }
                    }
                    for r in &report.refused {
                        hint.push_str(&format!(
                            "\n      refused at {}: {} — {}",
                            r.at,
                            r.act.label(),
                            r.reason
                        ));
                    }
                }
                let hint = if hint.is_empty() {
                    "fix the plan's actions or its `expect`".to_owned()
                } else {
                    format!("what happened:{hint}")
                };
                diagnostics.push(
                    scenario
                        .source
                        .error_at_id(
                            &plan.name,
                            0,
                            format!(
                                "test plan \"{}\" of `{}`: {}",
                                plan.name,
                                scenario.value.id,
                                outcome.problems.join("; ")
                            ),
                        )
                        .with_hint(hint),
                );
            }
            outcomes.push(outcome);
        }
        diagnostics.extend(unwalked(scenario, &outcomes[first..]));
    }
    (outcomes, diagnostics)
}

/// Runs the test plans of one scenario of the library (as `run_test_plans` does for all), with
/// the branches each walked.
pub fn run_scenario_plans(library: &Library, scenario: &Sourced<Scenario>) -> Vec<PlanOutcome> {
    scenario
        .value
        .test_plans
        .iter()
        .map(|plan| run_plan(library, scenario, plan))
        .collect()
}

/// The branches a played session walked, named as `unwalked` names them.
fn walked(session: &Session) -> BTreeSet<String> {
    let scenario = &session.scenario;
    let fired = scenario
        .consequences
        .iter()
        .zip(&session.fired)
        .filter(|(_, at)| at.is_some())
        .map(|(c, _)| c.id.clone());
    let said = session.events.iter().flat_map(|live| {
        live.said
            .iter()
            .map(move |choice| format!("{}/{choice}", live.id))
    });
    fired.chain(said).collect()
}

/// Branches of a scenario no test plan walks: consequences that never fired, choices offered
/// only under a condition that were never said.
fn unwalked(scenario: &Sourced<Scenario>, outcomes: &[PlanOutcome]) -> Vec<Diagnostic> {
    let walked: BTreeSet<&str> = outcomes
        .iter()
        .flat_map(|o| o.walked.iter().map(String::as_str))
        .collect();
    let s = &scenario.value;
    let mut out = Vec::new();
    for c in &s.consequences {
        if !walked.contains(c.id.as_str()) {
            out.push(
                scenario
                    .source
                    .warning_at_id(&c.id, 0, format!("no test plan makes consequence `{}` fire", c.id))
                    .with_hint("add a test plan that walks this branch, so `check` knows it scores as you mean"),
            );
        }
    }
    for event in &s.events {
        for choice in event.choices.iter().filter(|c| c.when.is_some()) {
            if !walked.contains(format!("{}/{}", event.id, choice.id).as_str()) {
                out.push(
                    scenario
                        .source
                        .warning_at_id(&choice.id, 0, format!("no test plan says choice `{}` of `{}`", choice.id, event.id))
                        .with_hint("a choice offered only under a condition is a branch: add a test plan that reaches it and says it"),
                );
            }
        }
    }
    out
}

fn run_plan(library: &Library, scenario: &Sourced<Scenario>, plan: &TestPlan) -> PlanOutcome {
    let mut outcome = PlanOutcome {
        scenario: scenario.value.id.clone(),
        plan: plan.name.clone(),
        report: None,
        problems: Vec::new(),
        walked: BTreeSet::new(),
    };
    let setup = match library.setup(&scenario.value, plan.policy.as_deref()) {
        Ok(setup) => setup,
        Err(problem) => {
            outcome.problems.push(problem.to_string());
            return outcome;
        }
    };
    let actions = match plan_actions(&scenario.value, plan) {
        Ok(actions) => actions,
        Err(problem) => {
            outcome.problems.push(problem);
            return outcome;
        }
    };
    let (session, report) = setup.play_on(plan.seed, plan.date, &actions);
    outcome.walked = walked(&session);
    if plan.vary_seed {
        // The same actions under other seeds (other names, arrival times, dates, wordings)
        // must get the same verdict: what a plan checks is judgement, not luck.
        for seed in OTHER_SEEDS.iter().copied().filter(|s| *s != plan.seed) {
            let (_, other) = setup.play_on(seed, plan.date, &actions);
            if let Some(change) = verdict_change(&report, &other) {
                outcome.problems.push(format!(
                    "under seed {seed} {change}; make the plan's actions hold under any seed \
                     (times relative to events, \"+30s\"), or write `vary_seed: false` if the \
                     seed rightly decides"
                ));
                break;
            }
        }
    }
    let expect = &plan.expect;
    let failed = report.failed_rules();
    let mut wanted: Vec<&str> = expect.fails.iter().map(|r| r.as_str()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let unexpected: Vec<&str> = failed
        .iter()
        .filter(|r| !wanted.contains(r))
        .copied()
        .collect();
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|r| !failed.contains(r))
        .copied()
        .collect();
    if !unexpected.is_empty() {
        outcome.problems.push(format!(
            "{} failed but the plan does not expect it",
            unexpected.join(", ")
        ));
    }
    if !missing.is_empty() {
        outcome.problems.push(format!(
            "expected {} to fail, but it passed or did not apply",
            missing.join(", ")
        ));
    }
    if report.passed != expect.passed {
        outcome.problems.push(format!(
            "expected the attempt to {}, but it {} ({}%)",
            if expect.passed { "pass" } else { "fail" },
            if report.passed { "passed" } else { "failed" },
            report.percent
        ));
    }
    if let Some(percent) = expect.score_percent
        && report.percent != percent
    {
        outcome.problems.push(format!(
            "expected a score of {percent}%, got {}%",
            report.percent
        ));
    }
    if report.refused.len() != expect.refused {
        outcome.problems.push(format!(
            "expected {} refused action(s), got {}",
            expect.refused,
            report.refused.len()
        ));
    }
    outcome.report = Some(report);
    outcome
}

/// An attempt written as a test plan, ready to paste into its scenario's `test_plans`: its
/// seed and actions, and the outcome it got as the expectation (the rules that failed, the
/// score, the refused actions). `vary_seed` is off: the actions' clock times are this seed's.
pub fn recorded_plan(
    name: &str,
    report: &Report,
    policy: Option<&str>,
    actions: &[Action],
) -> Result<String, String> {
    let mut text = format!(
        "// Recorded from an attempt at `{}`: seed {}, policy {}, {}.\n\
         // Paste it into the scenario's `test_plans`; `frontdesk check` then holds the scenario\n\
         // to this outcome.\n(\n",
        report.scenario,
        report.seed,
        report.policy,
        report.date.long()
    );
    text.push_str(&format!("    name: {},\n", ron_string(name)?));
    text.push_str(&format!("    seed: {},\n", report.seed));
    if let Some(policy) = policy {
        text.push_str(&format!("    policy: {},\n", ron_string(policy)?));
    }
    text.push_str("    vary_seed: false,\n    actions: [\n");
    // Written as content is read (`Some` implicit), one action a line.
    let compact = ron::ser::PrettyConfig::new()
        .compact_structs(true)
        .compact_arrays(true);
    for action in actions {
        let action = crate::source::ron_options()
            .to_string_pretty(action, compact.clone())
            .map_err(|e| e.to_string())?;
        text.push_str(&format!("        {action},\n"));
    }
    let fails: Vec<String> = report
        .failed_rules()
        .iter()
        .map(|r| ron_string(r))
        .collect::<Result<_, _>>()?;
    text.push_str(&format!(
        "    ],\n    expect: (passed: {}, fails: [{}], score_percent: {}, refused: {}),\n),\n",
        report.passed,
        fails.join(", "),
        report.percent,
        report.refused.len()
    ));
    Ok(text)
}

fn ron_string(text: &str) -> Result<String, String> {
    ron::ser::to_string(text).map_err(|e| e.to_string())
}

/// A rule as RON that pastes back into a rules file's `rules: [ … ]` and reads as the same rule.
pub fn rule_as_ron(rule: &crate::rules::Rule) -> Result<String, String> {
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .compact_arrays(true);
    crate::source::ron_options()
        .to_string_pretty(rule, pretty)
        .map_err(|e| e.to_string())
}

/// Actions timed on the office clock before the scenario begins: (position in `actions`, the
/// problem). The session would refuse them ("before the clock's 09:00"), which in a script is an
/// author's slip, so it is reported where the time is written.
pub fn early_actions(scenario: &Scenario, actions: &[Action]) -> Vec<(usize, String)> {
    actions
        .iter()
        .enumerate()
        .filter_map(|(k, action)| match action.at {
            crate::model::ActionTime::At(at) if at < scenario.starts_at => Some((
                k,
                format!(
                    "`{at}` is before the scenario starts, at {}",
                    scenario.starts_at
                ),
            )),
            _ => None,
        })
        .collect()
}

/// Where the `k`th action's `at:` is written in a script's text (byte offset), for locating a
/// problem with it; `None` when the text does not show it plainly.
pub fn nth_action_time(text: &str, k: usize) -> Option<usize> {
    let mut from = 0;
    let mut found = None;
    for _ in 0..=k {
        let at = text[from..].find("at:")? + from;
        found = Some(at);
        from = at + 3;
    }
    found
}
