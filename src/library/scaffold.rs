//! The skeletons `frontdesk new` writes: a scenario, a rule pack, a question set or a policy
//! pack, each a commented file that points to the sections of docs/SCENARIO_FORMAT.md, placed
//! in the content folder where its kind lives. A new scenario passes `frontdesk check` as it
//! is: its placeholder mistake plan expects what playing it really gives.
//!
//! The templates are RON files beside this module (`templates/`); `$NAME$` marks what is filled
//! in. Writing refuses to overwrite and never leaves half a file (a temporary file in the same
//! folder, then a link to the final name, which fails if the name is taken).

use super::{Library, Sourced};
use crate::diagnostic::{did_you_mean, find_from, line_column};
use crate::model::{Family, PolicyParam, Setting, VisitType};
use crate::scenario::{Office, Scenario};
use crate::source::parse;
use std::fs;
use std::path::{Path, PathBuf};

const SCENARIO_TEMPLATE: &str = include_str!("templates/scenario.ron");
const RULES_TEMPLATE: &str = include_str!("templates/rules.ron");
const QUESTIONS_TEMPLATE: &str = include_str!("templates/questions.ron");
const POLICY_TEMPLATE: &str = include_str!("templates/policy.ron");

/// What `frontdesk new` is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewContent {
    /// A scenario of this family and setting (words as written in RON, e.g. `PhoneTriage`),
    /// in this office (by default the content folder's first office of the setting).
    Scenario {
        family: String,
        setting: String,
        office: Option<String>,
    },
    Rules,
    Questions,
    Policy,
}

/// Why a skeleton cannot be made or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{id}` is not a valid id{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    BadId {
        id: String,
        suggestion: Option<String>,
    },
    #[error("the {what} id `{id}` already exists at {}:{line}", file.display())]
    Taken {
        what: &'static str,
        id: String,
        file: PathBuf,
        line: usize,
    },
    #[error("unknown {what} `{given}`{}; the choices are: {}", near.as_ref().map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default(), choices.join(", "))]
    UnknownWord {
        what: &'static str,
        given: String,
        near: Option<String>,
        choices: Vec<String>,
    },
    #[error("office `{office}` is a {office_setting} office, not {setting}; offices of {setting}: {}", if choices.is_empty() { "none".to_owned() } else { choices.join(", ") })]
    WrongSetting {
        office: String,
        office_setting: &'static str,
        setting: &'static str,
        choices: Vec<String>,
    },
    #[error(
        "the content folder has no office of setting {setting}; write one in offices/ (docs/SCENARIO_FORMAT.md §7) and name it with --office"
    )]
    NoOffice { setting: &'static str },
    #[error("{} already exists; `new` never overwrites a file: choose another id, or remove it first", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("the skeleton does not pass its own test plan ({0}); this is a bug in frontdesk")]
    Broken(String),
}

/// A file `frontdesk new` is about to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    pub path: PathBuf,
    pub text: String,
}

impl Skeleton {
    /// Makes the skeleton of `what` with this id, for the content folder `root` (whose content
    /// is `library`): checks the id and the words, picks the folder and fills the template.
    pub fn plan(
        library: &Library,
        root: &Path,
        what: &NewContent,
        id: &str,
    ) -> Result<Skeleton, ScaffoldError> {
        check_id(id)?;
        match what {
            NewContent::Scenario {
                family,
                setting,
                office,
            } => scenario(library, root, id, family, setting, office.as_deref()),
            NewContent::Rules => {
                taken(
                    "rule pack",
                    id,
                    library.rule_packs.iter().map(|p| (p.value.id.as_str(), p)),
                )?;
                let rule = format!("{}-01", id.to_uppercase());
                let rules = library.all_rules();
                if rules.iter().any(|r| r.id == rule) {
                    let pack = library
                        .rule_packs
                        .iter()
                        .find(|p| p.value.rules.iter().any(|r| r.id == rule));
                    if let Some(pack) = pack {
                        return Err(taken_at("rule", &rule, pack));
                    }
                }
                let text = fill(RULES_TEMPLATE, &[("ID", id), ("RULE", &rule)]);
                Ok(Skeleton {
                    path: root.join("rules").join(format!("{id}.rules.ron")),
                    text,
                })
            }
            NewContent::Questions => {
                let question = format!("{id}-001");
                for set in &library.question_sets {
                    if set.value.questions.iter().any(|q| q.id == question) {
                        return Err(taken_at("question", &question, set));
                    }
                }
                let text = fill(QUESTIONS_TEMPLATE, &[("ID", id), ("QUESTION", &question)]);
                Ok(Skeleton {
                    path: root.join("questions").join(format!("{id}.questions.ron")),
                    text,
                })
            }
            NewContent::Policy => {
                taken(
                    "policy pack",
                    id,
                    library.policies.iter().map(|p| (p.value.id.as_str(), p)),
                )?;
                Ok(Skeleton {
                    path: root.join("policies").join(format!("{id}.policy.ron")),
                    text: policy(library, id),
                })
            }
        }
    }

    /// Writes the file (creating its folder): never over an existing one, never half of it.
    pub fn write(&self) -> Result<(), ScaffoldError> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder).map_err(|e| ScaffoldError::Io {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        super::files::write_new(&self.path, &self.text, false).map_err(|e| match e {
            super::files::WriteError::Exists(path) => ScaffoldError::Exists(path),
            super::files::WriteError::Io { path, message } => ScaffoldError::Io { path, message },
        })
    }
}

/// An id is lower-case words of letters and digits joined by single hyphens.
fn check_id(id: &str) -> Result<(), ScaffoldError> {
    let valid = !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if valid {
        return Ok(());
    }
    let slug: String = id
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let suggestion = (slug != id && check_id_plain(&slug)).then_some(slug);
    Err(ScaffoldError::BadId {
        id: id.to_owned(),
        suggestion,
    })
}

fn check_id_plain(slug: &str) -> bool {
    !slug.is_empty() && slug.len() <= 64 && slug.starts_with(|c: char| c.is_ascii_lowercase())
}

fn taken<'a, T: 'a>(
    what: &'static str,
    id: &str,
    mut existing: impl Iterator<Item = (&'a str, &'a Sourced<T>)>,
) -> Result<(), ScaffoldError> {
    match existing.find(|(other, _)| *other == id) {
        Some((_, sourced)) => Err(taken_at(what, id, sourced)),
        None => Ok(()),
    }
}

fn taken_at<T>(what: &'static str, id: &str, sourced: &Sourced<T>) -> ScaffoldError {
    let text = &sourced.source.text;
    let line = find_from(text, &format!("\"{id}\""), 0).map_or(1, |at| line_column(text, at).0);
    ScaffoldError::Taken {
        what,
        id: id.to_owned(),
        file: sourced.source.path.clone(),
        line,
    }
}

/// A word of a closed list, by its RON name; case, hyphens and underscores do not matter.
fn word<W: Copy>(
    what: &'static str,
    given: &str,
    all: &[W],
    name: fn(W) -> &'static str,
) -> Result<W, ScaffoldError> {
    let plain = |s: &str| s.replace(['-', '_', ' '], "").to_lowercase();
    if let Some(w) = all.iter().find(|w| plain(name(**w)) == plain(given)) {
        return Ok(*w);
    }
    let names: Vec<&str> = all.iter().map(|w| name(*w)).collect();
    Err(ScaffoldError::UnknownWord {
        what,
        given: given.to_owned(),
        near: did_you_mean(given, names.iter().copied()).map(str::to_owned),
        choices: names.into_iter().map(str::to_owned).collect(),
    })
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (key, value)| {
            text.replace(&format!("${key}$"), value)
        })
}

/// The folder scenarios of a family live in: where most of the library's are, else a name of
/// its own (`PhoneTriage` → `phone`).
fn family_folder(library: &Library, root: &Path, family: Family) -> PathBuf {
    let mut counts: Vec<(PathBuf, usize)> = Vec::new();
    for s in library
        .scenarios
        .iter()
        .filter(|s| s.value.family == family)
    {
        let Some(folder) = s.source.path.parent() else {
            continue;
        };
        match counts.iter_mut().find(|(f, _)| f == folder) {
            Some((_, n)) => *n += 1,
            None => counts.push((folder.to_path_buf(), 1)),
        }
    }
    if let Some((folder, _)) = counts.iter().max_by_key(|(_, n)| *n)
        && folder.starts_with(root)
    {
        return folder.clone();
    }
    let own = match family {
        Family::PhoneTriage => "phone",
        Family::Scheduling | Family::Overbooking => "scheduling",
        Family::Billing => "billing",
        Family::Records => "records",
        Family::Supplies => "supplies",
        Family::Safety => "safety",
        Family::Coordination => "coordination",
        Family::Organising => "organising",
        Family::Registration => "registration",
    };
    root.join(own)
}

fn scenario(
    library: &Library,
    root: &Path,
    id: &str,
    family: &str,
    setting: &str,
    office: Option<&str>,
) -> Result<Skeleton, ScaffoldError> {
    taken(
        "scenario",
        id,
        library.scenarios.iter().map(|s| (s.value.id.as_str(), s)),
    )?;
    let family = word("family", family, Family::ALL, Family::name)?;
    let setting = word("setting", setting, Setting::ALL, Setting::name)?;
    let mut offices: Vec<&Office> = library.offices.iter().map(|o| &*o.value).collect();
    offices.sort_by(|a, b| a.id.cmp(&b.id));
    let of_setting: Vec<String> = offices
        .iter()
        .filter(|o| o.setting == setting)
        .map(|o| o.id.to_string())
        .collect();
    let office = match office {
        Some(given) => {
            let Some(found) = offices.iter().find(|o| o.id == given) else {
                let ids: Vec<&str> = offices.iter().map(|o| o.id.as_str()).collect();
                return Err(ScaffoldError::UnknownWord {
                    what: "office",
                    given: given.to_owned(),
                    near: did_you_mean(given, ids.iter().copied()).map(str::to_owned),
                    choices: ids.into_iter().map(str::to_owned).collect(),
                });
            };
            if found.setting != setting {
                return Err(ScaffoldError::WrongSetting {
                    office: given.to_owned(),
                    office_setting: found.setting.name(),
                    setting: setting.name(),
                    choices: of_setting,
                });
            }
            *found
        }
        None => offices
            .iter()
            .find(|o| o.setting == setting)
            .copied()
            .ok_or(ScaffoldError::NoOffice {
                setting: setting.name(),
            })?,
    };
    let path = family_folder(library, root, family).join(format!("{id}.scenario.ron"));
    let shown = path.display().to_string();
    let draft = |passes: &str, rule: &str| {
        fill(
            SCENARIO_TEMPLATE,
            &[
                ("ID", id),
                ("FILE", &shown),
                ("FAMILY", family.name()),
                ("SETTING", setting.name()),
                ("OFFICE", &office.id),
                ("MISTAKE_PASSES", passes),
                ("GREETING_RULE", rule),
            ],
        )
    };
    // Play the placeholder mistake and write what it really gets, so `check` passes on the
    // skeleton whatever the office's policy and rules.
    let probe: Scenario =
        parse(&path, &draft("false", "")).map_err(|d| ScaffoldError::Broken(d.message))?;
    let probe = std::sync::Arc::new(probe);
    let setup = library
        .setup(&probe, None)
        .map_err(|e| ScaffoldError::Broken(e.to_string()))?;
    let play = |name: &str| {
        let plan = probe.test_plans.iter().find(|p| p.name == name);
        let actions = plan
            .map(|p| super::plan_actions(&probe, p))
            .transpose()
            .map_err(ScaffoldError::Broken)?
            .unwrap_or_default();
        Ok::<_, ScaffoldError>(setup.play(0, &actions).1)
    };
    let ideal = play("ideal")?;
    if !ideal.passed || ideal.percent != 100 || !ideal.failed_rules().is_empty() {
        return Err(ScaffoldError::Broken(format!(
            "the ideal plan scores {}% under policy `{}`",
            ideal.percent, setup.policy.id
        )));
    }
    let mistake = play("skips the greeting")?;
    let fails = mistake.failed_rules().join("\", \"");
    Ok(Skeleton {
        text: draft(if mistake.passed { "true" } else { "false" }, &fails),
        path,
    })
}

/// A policy pack starting from the values of the content folder's `standard` policy (or its
/// first), each with its meaning.
fn policy(library: &Library, id: &str) -> String {
    let base = library
        .policy("standard")
        .or_else(|| library.policies.first().map(|p| &p.value));
    let mut values = String::new();
    for param in PolicyParam::ALL {
        let Some(value) = base
            .and_then(|b| b.values.get(param).copied())
            .or_else(|| param.default_value())
        else {
            continue;
        };
        values.push_str(&format!(
            "        // {} ({})\n        \"{}\": {value},\n",
            param.meaning(),
            param.unit(),
            param.name()
        ));
    }
    let mut visits = String::new();
    for visit in VisitType::ALL {
        let minutes = base.map_or(15, |b| b.visit_minutes(*visit));
        visits.push_str(&format!("        {}: {minutes},\n", visit.name()));
    }
    let pass = base.map_or(80, |b| b.pass_percent).to_string();
    fill(
        POLICY_TEMPLATE,
        &[
            ("ID", id),
            ("BASE", base.map_or("the defaults", |b| b.id.as_str())),
            ("VALUES", &values),
            ("VISITS", &visits),
            ("PASS", &pass),
        ],
    )
}
