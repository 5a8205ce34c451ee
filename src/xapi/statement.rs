//! xAPI 1.0.3 statements as typed values (written when sending, read back from an LRS), and the
//! statements of one stored attempt.
//!
//! An attempt gives, in this order: `attempted` (the scenario or exam), one `answered` per
//! decision judged (a scenario's rule finding) or per scored exam item, `passed` or `failed`
//! with the score, and `completed`. All share the attempt's registration. Ids are UUID v5 of the
//! install id, profile, attempt id and position, so the same attempt always gives the same ids.

use super::Identity;
use crate::progress::{AttemptKind, QueuedAttempt, civil_date, day_of};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Where our extension keys and activity types live. Fixed (unlike the activity base) so a
/// report reading statements from many desks finds the same keys everywhere.
pub const EXTENSION_BASE: &str = "https://frontdesk.example/xapi/extension";

/// The default start of activity ids (`lrs.ron`'s `activity_base` changes it).
pub fn activity_base_default() -> String {
    "https://frontdesk.example/xapi".to_owned()
}

/// The ADL verbs we use.
pub mod verbs {
    pub const ATTEMPTED: &str = "http://adlnet.gov/expapi/verbs/attempted";
    pub const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
    pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
    pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
    pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
}

const ACTIVITY_SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
const ACTIVITY_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
const ACTIVITY_INTERACTION: &str = "http://adlnet.gov/expapi/activities/interaction";
const ACTIVITY_QUESTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// Language → text (`{"en-US": "…"}`).
pub type LanguageMap = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub actor: Agent,
    pub verb: Verb,
    pub object: Activity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<StatementResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Set by the LRS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<String>,
    /// Set by the LRS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<Value>,
    /// The statement format, `1.0.0` for xAPI 1.0.x.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    #[serde(
        rename = "objectType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub object_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mbox: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(rename = "homePage")]
    pub home_page: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verb {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub display: LanguageMap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    #[serde(
        rename = "objectType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub object_type: Option<String>,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<ActivityDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityDefinition {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub name: LanguageMap,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<bool>,
    /// ISO 8601 (`PT1H2M3S`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extensions: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// -1 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaled: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Context {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    #[serde(
        rename = "contextActivities",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_activities: Option<ContextActivities>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extensions: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextActivities {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent: Vec<Activity>,
}

impl Statement {
    /// An extension of the result or the context (result first), by its short name.
    pub fn extension(&self, short: &str) -> Option<&Value> {
        let key = extension(short);
        self.result
            .as_ref()
            .and_then(|r| r.extensions.get(&key))
            .or_else(|| self.context.as_ref().and_then(|c| c.extensions.get(&key)))
    }

    /// The last path segment of the object id (the scenario, exam, rule or question id).
    pub fn object_item(&self) -> &str {
        self.object.id.rsplit('/').next().unwrap_or_default()
    }
}

/// An extension key: `EXTENSION_BASE/<short>`.
pub fn extension(short: &str) -> String {
    format!("{EXTENSION_BASE}/{short}")
}

/// A UTC timestamp in ISO 8601 (`2026-12-05T09:30:00Z`) for a Unix time in seconds.
pub fn timestamp(unix_seconds: i64) -> String {
    let (y, m, d) = civil_date(day_of(unix_seconds));
    let s = unix_seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// An ISO 8601 duration (`PT1H2M3S`, `PT0S`).
pub fn iso_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// The UUID namespace of Frontdesk's statement ids and registrations.
fn namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, EXTENSION_BASE.as_bytes())
}

fn stable_uuid(name: &str) -> String {
    uuid::Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

fn english(text: impl Into<String>) -> LanguageMap {
    BTreeMap::from([("en-US".to_owned(), text.into())])
}

fn verb(id: &str) -> Verb {
    let word = id.rsplit('/').next().unwrap_or(id);
    Verb {
        id: id.to_owned(),
        display: english(word),
    }
}

fn activity(id: String, name: String, kind: &str) -> Activity {
    Activity {
        object_type: Some("Activity".to_owned()),
        id,
        definition: Some(ActivityDefinition {
            name: english(name),
            kind: Some(kind.to_owned()),
        }),
    }
}

/// Percent (0–100) as a scaled score (0–1), to 4 places so the JSON is the same every time.
fn scaled(percent: f64) -> f64 {
    (percent.clamp(0.0, 100.0) * 100.0).round() / 10_000.0
}

/// The result of one answered item (a rule judged, a question answered): `points` of `of`
/// (scaled 1 when nothing was at stake), and whether it counts as a success.
fn graded(points: f64, of: f64, success: bool) -> StatementResult {
    StatementResult {
        score: Some(Score {
            scaled: Some(if of > 0.0 {
                scaled(100.0 * points / of)
            } else {
                1.0
            }),
            raw: Some(points),
            min: Some(0.0),
            max: Some(of),
        }),
        success: Some(success),
        completion: Some(true),
        duration: None,
        extensions: Map::new(),
    }
}

/// The statements of one queued attempt, in order (`queued.sent` of them are already sent).
pub fn statements_for(queued: &QueuedAttempt, identity: &Identity) -> Vec<Statement> {
    let attempt = &queued.attempt;
    let base = &identity.activity_base;
    let key = format!(
        "{}/{}/{}",
        identity.install_id, queued.profile, queued.attempt_id
    );
    let registration = stable_uuid(&key);
    let actor = match identity.mbox.get(&queued.profile) {
        Some(address) => Agent {
            object_type: Some("Agent".to_owned()),
            name: Some(queued.profile.clone()),
            mbox: Some(format!("mailto:{}", address.trim_start_matches("mailto:"))),
            account: None,
        },
        None => Agent {
            object_type: Some("Agent".to_owned()),
            name: Some(queued.profile.clone()),
            mbox: None,
            account: Some(Account {
                home_page: identity.home_page.clone(),
                name: queued.profile.clone(),
            }),
        },
    };
    let main = match attempt.kind {
        AttemptKind::Scenario => activity(
            format!("{base}/scenario/{}", attempt.item),
            format!("Scenario {}", attempt.item),
            ACTIVITY_SIMULATION,
        ),
        AttemptKind::Exam => activity(
            format!("{base}/exam/{}", attempt.item),
            format!("Practice exam {}", attempt.item),
            ACTIVITY_ASSESSMENT,
        ),
    };
    let mut attempt_facts = Map::new();
    attempt_facts.insert(extension("seed"), json!(attempt.seed));
    if let Some(policy) = &attempt.policy {
        attempt_facts.insert(extension("policy"), json!(policy));
    }
    attempt_facts.insert(extension("attempt"), json!(key));
    if let Some(version) = &attempt.scenario_version {
        attempt_facts.insert(extension("scenario-version"), json!(version));
    }
    let context = |extensions: Map<String, Value>, parent: bool| Context {
        registration: Some(registration.clone()),
        context_activities: parent.then(|| ContextActivities {
            parent: vec![main.clone()],
        }),
        platform: Some(format!("Frontdesk {}", env!("CARGO_PKG_VERSION"))),
        extensions,
    };
    let duration = attempt.duration_seconds.map(iso_duration);
    let ended = attempt.at;
    let started = ended - i64::from(attempt.duration_seconds.unwrap_or(0));
    let statement = |index: usize, verb_id: &str, object: Activity, result, context, at| {
        Statement {
            id: stable_uuid(&format!("{key}/{index}")),
            actor: actor.clone(),
            verb: verb(verb_id),
            object,
            result,
            context: Some(context),
            timestamp: Some(timestamp(at)),
            stored: None,
            authority: None,
            // xAPI 1.0.x statements; some LRSs (ralph) do not fill it in themselves.
            version: Some("1.0.0".to_owned()),
        }
    };

    let mut out = vec![statement(
        0,
        verbs::ATTEMPTED,
        main.clone(),
        None,
        context(attempt_facts.clone(), false),
        started,
    )];
    let per_domain = |marks: &mut dyn Iterator<Item = (crate::model::Domain, f64, f64)>| {
        let mut domains: BTreeMap<&'static str, (f64, f64)> = BTreeMap::new();
        for (domain, got, of) in marks {
            let entry = domains.entry(domain.name()).or_default();
            entry.0 += got;
            entry.1 += of;
        }
        Value::Object(
            domains
                .into_iter()
                .map(|(d, (got, of))| {
                    let percent = if of > 0.0 { 100.0 * got / of } else { 100.0 };
                    (d.to_owned(), json!(scaled(percent)))
                })
                .collect(),
        )
    };
    let (raw, max, domains, missed) = match attempt.kind {
        AttemptKind::Scenario => {
            for finding in &attempt.findings {
                let mut facts = attempt_facts.clone();
                facts.insert(extension("rule"), json!(finding.rule));
                facts.insert(extension("domain"), json!(finding.domain.name()));
                let result = graded(
                    f64::from(finding.points),
                    f64::from(finding.max_points),
                    finding.passed,
                );
                out.push(statement(
                    out.len(),
                    verbs::ANSWERED,
                    activity(
                        format!("{base}/rule/{}", finding.rule),
                        format!("Rule {}", finding.rule),
                        ACTIVITY_INTERACTION,
                    ),
                    Some(result),
                    context(facts, true),
                    ended,
                ));
            }
            let f = &attempt.findings;
            (
                f.iter().map(|f| f64::from(f.points)).sum::<f64>(),
                f.iter().map(|f| f64::from(f.max_points)).sum::<f64>(),
                per_domain(
                    &mut f
                        .iter()
                        .map(|f| (f.domain, f64::from(f.points), f64::from(f.max_points))),
                ),
                f.iter()
                    .filter(|f| !f.passed)
                    .map(|f| f.rule.clone())
                    .collect::<Vec<_>>(),
            )
        }
        AttemptKind::Exam => {
            for answer in &attempt.answers {
                let mut facts = attempt_facts.clone();
                facts.insert(extension("domain"), json!(answer.domain.name()));
                let result = graded(f64::from(u8::from(answer.correct)), 1.0, answer.correct);
                out.push(statement(
                    out.len(),
                    verbs::ANSWERED,
                    activity(
                        format!("{base}/question/{}", answer.question),
                        format!("Question {}", answer.question),
                        ACTIVITY_QUESTION,
                    ),
                    Some(result),
                    context(facts, true),
                    ended,
                ));
            }
            let a = &attempt.answers;
            (
                a.iter().filter(|a| a.correct).count() as f64,
                a.len() as f64,
                per_domain(
                    &mut a
                        .iter()
                        .map(|a| (a.domain, if a.correct { 1.0 } else { 0.0 }, 1.0)),
                ),
                a.iter()
                    .filter(|a| !a.correct)
                    .map(|a| a.question.clone())
                    .collect::<Vec<_>>(),
            )
        }
    };
    let mut outcome = Map::new();
    outcome.insert(extension("domains"), domains);
    outcome.insert(
        extension(match attempt.kind {
            AttemptKind::Scenario => "rules-missed",
            AttemptKind::Exam => "items-missed",
        }),
        json!(missed),
    );
    if let Some(scaled_score) = attempt.scaled {
        outcome.insert(extension("scaled-score"), json!(scaled_score));
    }
    let result = StatementResult {
        score: Some(Score {
            scaled: Some(scaled(attempt.score_percent)),
            raw: Some(raw),
            min: Some(0.0),
            max: Some(max),
        }),
        success: Some(attempt.passed),
        completion: Some(true),
        duration: duration.clone(),
        extensions: outcome,
    };
    out.push(statement(
        out.len(),
        if attempt.passed {
            verbs::PASSED
        } else {
            verbs::FAILED
        },
        main.clone(),
        Some(result),
        context(attempt_facts.clone(), false),
        ended,
    ));
    let done = StatementResult {
        score: None,
        success: None,
        completion: Some(true),
        duration,
        extensions: Map::new(),
    };
    out.push(statement(
        out.len(),
        verbs::COMPLETED,
        main.clone(),
        Some(done),
        context(attempt_facts, false),
        ended,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Domain;
    use crate::progress::{Attempt, FindingRecord};

    fn queued() -> QueuedAttempt {
        QueuedAttempt {
            attempt_id: 7,
            profile: "Ana Ruiz".into(),
            sent: 0,
            attempt: Attempt {
                kind: AttemptKind::Scenario,
                at: 1_764_927_000,
                item: "chest-pain-caller".into(),
                seed: 3,
                policy: Some("standard".into()),
                payload: "[]".into(),
                score_percent: 18.0,
                passed: false,
                scaled: None,
                answers: Vec::new(),
                findings: vec![FindingRecord {
                    rule: "TRI-01".into(),
                    domain: Domain::PatientEncounter,
                    passed: false,
                    points: 0,
                    max_points: 20,
                }],
                duration_seconds: Some(3725),
                scenario_version: Some("3f2a9c41d07e".to_owned()),
            },
        }
    }

    fn identity() -> Identity {
        crate::xapi::LrsSettings::default().identity("0123abcd")
    }

    #[test]
    fn an_attempt_gives_attempted_answered_failed_completed_with_stable_ids() {
        let statements = statements_for(&queued(), &identity());
        let verbs: Vec<&str> = statements
            .iter()
            .map(|s| s.verb.id.rsplit('/').next().unwrap_or_default())
            .collect();
        assert_eq!(verbs, ["attempted", "answered", "failed", "completed"]);
        assert_eq!(statements, statements_for(&queued(), &identity()));
        let ids: std::collections::BTreeSet<&str> =
            statements.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 4);
        let failed = &statements[2];
        let result = failed.result.as_ref().expect("a result");
        assert_eq!(result.duration.as_deref(), Some("PT1H2M5S"));
        assert_eq!(result.score.as_ref().and_then(|s| s.scaled), Some(0.18));
        assert_eq!(failed.extension("rules-missed"), Some(&json!(["TRI-01"])));
        assert_eq!(statements[1].extension("rule"), Some(&json!("TRI-01")));
        // Every statement tells the seed and the version of the scenario file played.
        for statement in &statements {
            assert_eq!(statement.extension("seed"), Some(&json!(3)));
            assert_eq!(
                statement.extension("scenario-version"),
                Some(&json!("3f2a9c41d07e"))
            );
        }
        assert_eq!(
            statements[0].timestamp.as_deref(),
            Some("2025-12-05T08:27:55Z")
        );
        let registrations: std::collections::BTreeSet<_> = statements
            .iter()
            .map(|s| s.context.as_ref().and_then(|c| c.registration.clone()))
            .collect();
        assert_eq!(registrations.len(), 1);
        // Another install's attempt 7 of the same name is another attempt.
        let other = crate::xapi::LrsSettings::default().identity("ffff0000");
        assert_ne!(statements_for(&queued(), &other)[0].id, statements[0].id);
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(59), "PT59S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(3661), "PT1H1M1S");
    }
}
