//! Content: the RON schema, loading with located errors, validation of every cross-reference,
//! and the test plans each scenario carries. A `Library` is everything loaded from the content
//! folders, plus the diagnostics of what could not be loaded or does not fit together.

mod coverage;
mod load;
mod schema;
mod testplan;
mod validate;

pub use coverage::{Coverage, RUSH_HOUR_TAG};
pub use load::{
    ContentKind, MAX_FILE_BYTES, MAX_NESTING, parse, read_text, resolve_inside, ron_options,
    text_from_bytes, walk,
};
pub use schema::*;
pub use testplan::{PlanOutcome, plan_actions, run_test_plans};
pub(crate) use validate::unique_ids;

use crate::diagnostic::Diagnostic;
use crate::exam::{ExamProfile, QuestionSet};
use crate::model::Action;
use crate::rules::{Rule, RulePack};
use crate::scoring::{Report, score};
use crate::sim::Session;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A content file's text, kept so later problems can point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The content folder the file was loaded from; paths in it may not leave this folder.
    pub root: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// A diagnostic pointing at the `nth` (0-based) quoted appearance of `id` in this file.
    pub fn error_at_id(&self, id: &str, nth: usize, message: impl Into<String>) -> Diagnostic {
        let needle = format!("\"{id}\"");
        let mut from = 0;
        for _ in 0..nth {
            match crate::diagnostic::find_from(&self.text, &needle, from) {
                Some(offset) => from = offset + needle.len(),
                None => break,
            }
        }
        Diagnostic::error(&self.path, message).at_text(&self.text, &needle, from)
    }
}

#[derive(Debug, Clone)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Arc<SourceFile>,
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
}

/// What a scenario needs to be played: its office, the policy in force and the rules that apply.
pub struct Setup<'a> {
    pub scenario: &'a Scenario,
    pub office: &'a Office,
    pub policy: &'a Policy,
    pub rules: Vec<&'a Rule>,
}

impl Setup<'_> {
    pub fn session(&self, seed: u64) -> Session {
        Session::new(self.scenario, self.office, self.policy, seed)
    }

    /// Plays a script from the start and scores it.
    pub fn play(&self, seed: u64, actions: &[Action]) -> (Session, Report) {
        let mut session = self.session(seed);
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

    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices.iter().map(|o| &o.value).find(|o| o.id == id)
    }

    pub fn exam_profile(&self, id: &str) -> Option<&ExamProfile> {
        self.exam_profiles
            .iter()
            .map(|p| &p.value)
            .find(|p| p.id == id)
    }

    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().map(|p| &p.value).find(|p| p.id == id)
    }

    /// Every built-in rule, in pack-id order, then file order.
    pub fn all_rules(&self) -> Vec<&Rule> {
        let mut packs: Vec<&RulePack> = self.rule_packs.iter().map(|p| &p.value).collect();
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
        scenario: &'a Scenario,
        policy_override: Option<&str>,
    ) -> Result<Setup<'a>, String> {
        let office = self.office(&scenario.office).ok_or_else(|| {
            format!(
                "scenario `{}` names an unknown office `{}`",
                scenario.id, scenario.office
            )
        })?;
        let policy_id = policy_override
            .or(scenario.policy.as_deref())
            .unwrap_or(&office.policy);
        let policy = self
            .policy(policy_id)
            .ok_or_else(|| format!("there is no policy pack `{policy_id}`"))?;
        Ok(Setup {
            scenario,
            office,
            policy,
            rules: self.rules_for(policy),
        })
    }

    /// Checks everything loaded: references, ids, times, paths. Adds diagnostics.
    pub fn validate(&mut self) {
        let found = validate::validate(self);
        self.diagnostics.extend(found);
        let found = crate::exam::validate(self);
        self.diagnostics.extend(found);
    }
}

/// The built-in content folder: `$FRONTDESK_CONTENT`, else `./scenarios` when it exists, else
/// the `scenarios/` folder the program was built from.
pub fn content_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("FRONTDESK_CONTENT") {
        return PathBuf::from(dir);
    }
    let local = Path::new("scenarios");
    if local.join("rules").is_dir() {
        return local.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}
