//! The content library: everything loaded from the built-in content (`built_in`) or a content
//! folder, alone or over the built-in content (`overlay`): scenarios, rule packs, policies,
//! offices, questions, exam profiles, with the diagnostics of what could not be loaded or does
//! not fit together; the checks `frontdesk check` runs (`validate`, `questions`), the
//! test plans scenarios carry (`testplan`), what the content covers (`coverage`), the warnings
//! of `check` (`lint`), the skeletons `frontdesk new` writes (`scaffold`), a scenario's map
//! (`graph`, drawn by `graph_draw`) and the word lists with their meanings, as documentation
//! (`words`).
//!
//! This is the top of the core: it sees every layer below (schema, session, evaluator, scoring,
//! exam) and nothing below sees it.

mod built_in;
mod coverage;
mod files;
mod graph;
mod graph_draw;
mod lint;
mod load;
mod overlay;
mod questions;
mod reactions_check;
mod scaffold;
mod testplan;
mod validate;
pub mod words;
mod world_check;

pub use built_in::{BUILT_IN, built_in_files};
pub use coverage::{Coverage, RUSH_HOUR_TAG};
pub use files::{WriteError, write_new};
pub use graph::{
    EdgeKind, Lane, MapEdge, MapNode, NodeKind, PlanRun, ScenarioMap, scenario_map, when_text,
};
pub use graph_draw::{
    FONT_SIZE as MAP_FONT_SIZE, LINE_HEIGHT as MAP_LINE_HEIGHT, MapLayout, PlacedEdge, PlacedLane,
    PlacedNode, Rect, layout, to_dot, to_html, to_svg, wrap, xml_escape,
};
pub use lint::{collisions, reference_is_specific};
pub use load::{ContentKind, walk};
pub use overlay::{ContentSource, Replacement};
pub use questions::BANK_MULTIPLE;
pub use scaffold::{NewContent, ScaffoldError, Skeleton};
pub use testplan::{
    PlanOutcome, early_actions, nth_action_time, plan_actions, recorded_plan, rule_as_ron,
    run_scenario_plans, run_test_plans,
};

use crate::diagnostic::Diagnostic;
use crate::exam::{Bank, ExamProfile, QuestionSet};
use crate::model::{Action, Date, OfficeId, ScenarioId};
use crate::rules::{Rule, RulePack};
use crate::scenario::{Office, Policy, Scenario};
use crate::scoring::{Report, score};
use crate::sim::Session;
use crate::source::SourceFile;
use std::sync::Arc;

/// A value with the file it came from, so later problems can point into it. The value is
/// shared: a session plays a scenario without copying it.
#[derive(Debug)]
pub struct Sourced<T> {
    pub value: Arc<T>,
    pub source: Arc<SourceFile>,
}

// Not derived: cloning shares the value, so `T` need not be `Clone`.
impl<T> Clone for Sourced<T> {
    fn clone(&self) -> Self {
        Sourced {
            value: self.value.clone(),
            source: self.source.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    pub scenarios: Vec<Sourced<Scenario>>,
    pub rule_packs: Vec<Sourced<RulePack>>,
    pub policies: Vec<Sourced<Policy>>,
    pub offices: Vec<Sourced<Office>>,
    pub question_sets: Vec<Sourced<QuestionSet>>,
    pub exam_profiles: Vec<Sourced<ExamProfile>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The built-in items an overlay folder replaced (see `overlaid`).
    pub replaced: Vec<Replacement>,
}

/// Why a scenario cannot be set up for play.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("there is no scenario `{0}`")]
    UnknownScenario(String),
    #[error("scenario `{scenario}` names an unknown office `{office}`")]
    UnknownOffice {
        scenario: ScenarioId,
        office: OfficeId,
    },
    #[error("there is no policy pack `{0}`")]
    UnknownPolicy(String),
}

/// What a scenario needs to be played: its office, the policy in force and the rules that apply.
pub struct Setup<'a> {
    pub scenario: &'a Arc<Scenario>,
    pub office: &'a Arc<Office>,
    pub policy: &'a Arc<Policy>,
    pub rules: Vec<&'a Rule>,
}

impl Setup<'_> {
    pub fn session(&self, seed: u64) -> Session {
        Session::new(
            self.scenario.clone(),
            self.office.clone(),
            self.policy.clone(),
            seed,
        )
    }

    /// Plays a script from the start and scores it.
    pub fn play(&self, seed: u64, actions: &[Action]) -> (Session, Report) {
        self.play_on(seed, None, actions)
    }

    /// Plays a script on `date` (the seed's date when `None`) and scores it.
    pub fn play_on(&self, seed: u64, date: Option<Date>, actions: &[Action]) -> (Session, Report) {
        let mut session = Session::new_on(
            self.scenario.clone(),
            self.office.clone(),
            self.policy.clone(),
            seed,
            date,
        );
        session.play_script(actions);
        let report = score(&session, &self.rules);
        (session, report)
    }
}

impl Library {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn scenario(&self, id: &str) -> Option<&Sourced<Scenario>> {
        self.scenarios.iter().find(|s| s.value.id == id)
    }

    /// Every rule of every rule pack and every policy's own rules, each with its file.
    pub fn rules_with_sources(&self) -> Vec<(&Rule, &SourceFile)> {
        self.rule_packs
            .iter()
            .flat_map(|p| p.value.rules.iter().map(move |r| (r, &*p.source)))
            .chain(
                self.policies
                    .iter()
                    .flat_map(|p| p.value.rules.iter().map(move |r| (r, &*p.source))),
            )
            .collect()
    }

    pub fn office(&self, id: &str) -> Option<&Arc<Office>> {
        self.offices.iter().map(|o| &o.value).find(|o| o.id == id)
    }

    pub fn exam_profile(&self, id: &str) -> Option<&ExamProfile> {
        self.exam_profiles
            .iter()
            .map(|p| &*p.value)
            .find(|p| p.id == id)
    }

    pub fn policy(&self, id: &str) -> Option<&Arc<Policy>> {
        self.policies.iter().map(|p| &p.value).find(|p| p.id == id)
    }

    /// Every built-in rule, in pack-id order, then file order.
    pub fn all_rules(&self) -> Vec<&Rule> {
        let mut packs: Vec<&RulePack> = self.rule_packs.iter().map(|p| &*p.value).collect();
        packs.sort_by(|a, b| a.id.cmp(&b.id));
        packs.iter().flat_map(|p| p.rules.iter()).collect()
    }

    /// The rules in force under a policy: the built-in ones it does not disable, then its own.
    pub fn rules_for<'a>(&'a self, policy: &'a Policy) -> Vec<&'a Rule> {
        let mut rules: Vec<&Rule> = self
            .all_rules()
            .into_iter()
            .filter(|r| !policy.disable.contains(&r.id))
            .collect();
        rules.extend(policy.rules.iter());
        rules
    }

    /// Resolves a scenario's office, policy (or `policy_override`) and rules.
    pub fn setup<'a>(
        &'a self,
        scenario: &'a Arc<Scenario>,
        policy_override: Option<&str>,
    ) -> Result<Setup<'a>, SetupError> {
        let office = self
            .office(&scenario.office)
            .ok_or_else(|| SetupError::UnknownOffice {
                scenario: scenario.id.clone(),
                office: scenario.office.clone(),
            })?;
        let policy_id = policy_override
            .or(scenario.policy.as_deref())
            .unwrap_or(&office.policy);
        let policy = self
            .policy(policy_id)
            .ok_or_else(|| SetupError::UnknownPolicy(policy_id.to_owned()))?;
        Ok(Setup {
            scenario,
            office,
            policy,
            rules: self.rules_for(policy),
        })
    }

    /// Sets up the scenario with this id (see `setup`).
    pub fn setup_by_id<'a>(
        &'a self,
        id: &str,
        policy_override: Option<&str>,
    ) -> Result<Setup<'a>, SetupError> {
        let scenario = self
            .scenario(id)
            .ok_or_else(|| SetupError::UnknownScenario(id.to_owned()))?;
        self.setup(&scenario.value, policy_override)
    }

    /// The questions usable in exams, in id order (see `Bank`).
    pub fn bank(&self) -> Bank {
        Bank::new(
            self.question_sets
                .iter()
                .flat_map(|set| set.value.questions.iter())
                .cloned()
                .collect(),
        )
    }

    /// Checks everything loaded: references, ids, times, paths, the question bank. Adds
    /// diagnostics.
    pub fn validate(&mut self) {
        let found = validate::validate(self);
        self.diagnostics.extend(found);
        let found = questions::validate(self);
        self.diagnostics.extend(found);
    }

    /// The lint warnings (see `lint`): content that is valid but that nothing scores, reads or
    /// reaches. Not part of `validate`: only `check` asks for them. With `lone`, the library
    /// holds lone files checked against a content folder: what is judged across the whole
    /// library (rules that never apply, references) is left to a check of the folder.
    pub fn lint(&self, lone: bool) -> Vec<Diagnostic> {
        lint::lint(self, lone)
    }
}
