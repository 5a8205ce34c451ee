//! The world reacts, through the real `frontdesk` binary and the real content: a line left
//! ringing is abandoned at the policy's patience (and a red-flag caller who hangs up unreached
//! fails critically), a dialogue line is refused until the conversation makes it possible, a
//! wrong reassurance brings its callback, and the same actions under two policies with
//! different patience end differently.

mod common;

use frontdesk::model::SimTime;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn frontdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("the frontdesk binary runs")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

fn plan(scenario: &str, name: &str) -> Value {
    json(&frontdesk(&["play", scenario, "--plan", name, "--json"]))
}

fn texts(report: &Value, list: &str) -> Vec<String> {
    report[list]
        .as_array()
        .expect("a list")
        .iter()
        .map(|h| {
            format!(
                "{} {} | {}",
                h["at"].as_str().unwrap_or(""),
                h["text"].as_str().unwrap_or(""),
                h["because"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn failed<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule && f["passed"] == false)
        .collect()
}

/// When the chest-pain call rings under seed 0, from the core.
fn chest_pain_call_arrives() -> SimTime {
    let library = common::shipped();
    let scenario = &library
        .scenario("chest-pain-caller")
        .expect("scenario")
        .value;
    let session = library.setup(scenario, None).expect("setup").session(0);
    let call = session.event_index("chest-pain-call").expect("call");
    session.events[call].arrival
}

#[test]
fn a_line_left_ringing_is_abandoned_at_the_policys_patience_and_fails_critically() {
    let report = plan("chest-pain-caller", "lets the line ring out");
    // The standard policy's ring patience is 90 s.
    let hung_up = chest_pain_call_arrives().plus(90);
    let happenings = texts(&report, "happenings");
    assert!(
        happenings
            .iter()
            .any(|h| h.starts_with(&format!("{hung_up} "))
                && h.contains("hung up after ringing 1m 30s unanswered")),
        "{happenings:#?}"
    );
    // A caller with chest pressure who hung up unreached: a critical failure, named as such.
    let tri04 = failed(&report, "TRI-04");
    assert_eq!(tri04.len(), 1, "{report:#}");
    assert_eq!(tri04[0]["severity"], "Critical");
    assert!(
        tri04[0]["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .any(|p| p
                .as_str()
                .is_some_and(|p| p.contains("hung up after ringing"))),
        "{:#}",
        tri04[0]
    );
    assert_eq!(report["passed"], false);
    assert!(
        report["critical_failures"]
            .as_array()
            .expect("list")
            .contains(&Value::from("TRI-04"))
    );
    // What became of him is told, with why.
    let outcomes = texts(&report, "outcomes");
    assert!(
        outcomes
            .iter()
            .any(|o| o.contains("drove himself") && o.contains("nobody answered his call")),
        "{outcomes:#?}"
    );
}

#[test]
fn the_911_line_is_refused_before_the_caller_has_said_what_is_wrong() {
    let report = plan(
        "chest-pain-caller",
        "offers 911 before asking what is wrong",
    );
    let refused = report["refused"].as_array().expect("refused");
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(refused[0]["act"], "Say");
    assert!(
        refused[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("does not fit the conversation")),
        "{refused:#?}"
    );
    // Said again once he has told, it counts: the plan still passes.
    assert_eq!(report["passed"], true);
}

#[test]
fn a_wrong_reassurance_brings_the_callback_and_a_correction_does_not() {
    let report = plan(
        "chest-pain-caller",
        "says it is heartburn and ends the call; sends his wife to 911",
    );
    let happenings = texts(&report, "happenings");
    // His call ended 35 s after it rang (the plan's EndCall); his wife calls ten minutes later.
    let callback = chest_pain_call_arrives().plus(35 + 600);
    assert!(
        happenings.iter().any(|h| h
            .starts_with(&format!("{callback} a call came in: A frightened caller"))
            && h.contains("his call ended without anyone telling him to call 911")),
        "{happenings:#?}"
    );
    // The callback is judged like any call: this one was handled, so TRI-01 passes on it while
    // failing on the first call.
    let tri01: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "TRI-01")
        .collect();
    assert_eq!(tri01.len(), 2);
    assert_eq!(
        tri01.iter().filter(|f| f["passed"] == true).count(),
        1,
        "{tri01:#?}"
    );
    assert!(failed(&report, "TRI-09").len() == 1);
    let outcomes = texts(&report, "outcomes");
    assert!(
        outcomes.iter().any(|o| o.contains("His wife called 911")),
        "{outcomes:#?}"
    );

    // The same reassurance, corrected before the call ended: no callback, he calls 911.
    let corrected = plan(
        "chest-pain-caller",
        "says it is heartburn, then sends him to 911",
    );
    assert!(
        texts(&corrected, "happenings")
            .iter()
            .all(|h| !h.contains("A frightened caller")),
        "{corrected:#}"
    );
    assert!(
        texts(&corrected, "outcomes")
            .iter()
            .any(|o| o.contains("called 911 from home"))
    );
    // And his reply remembers what he was told.
    let said: Vec<String> = corrected["conversations"][0]["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|l| l["text"].as_str().map(str::to_owned))
        .collect();
    assert!(
        said.iter()
            .any(|l| l.contains("a minute ago it was heartburn")),
        "{said:#?}"
    );
}

/// Copies the shipped content to a temporary folder, with one more policy: callers who hang up
/// after 30 s of ringing.
fn content_with_impatient_callers(dir: &Path) {
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        dir,
    );
    let standard =
        std::fs::read_to_string(dir.join("policies/standard.policy.ron")).expect("standard policy");
    let impatient = standard
        .replacen("id: \"standard\"", "id: \"impatient-callers\"", 1)
        .replacen(
            "values: {",
            "values: {\n        \"ring_patience_seconds\": 30,",
            1,
        );
    assert_ne!(impatient, standard);
    std::fs::write(dir.join("policies/impatient-callers.policy.ron"), impatient).expect("policy");
}

#[test]
fn the_same_actions_under_two_policies_with_different_patience_end_differently() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    content_with_impatient_callers(&content);
    let script = dir.path().join("slow.actions.ron");
    // Picked up after 40 s (late, but the caller is still there under the standard policy).
    std::fs::write(
        &script,
        r#"[
            (at: "+40s", act: Answer, event: "chest-pain-call"),
            (at: "+42s", act: Say, event: "chest-pain-call", choice: "greeting"),
            (at: "+45s", act: Say, event: "chest-pain-call", choice: "ask-why"),
            (at: "+50s", act: Say, event: "chest-pain-call", choice: "ask-location"),
            (at: "+55s", act: Say, event: "chest-pain-call", choice: "ask-number"),
            (at: "+1m", act: Say, event: "chest-pain-call", choice: "advise-911"),
            (at: "+1m5s", act: Say, event: "chest-pain-call", choice: "confirm-911"),
            (at: "+1m10s", act: EndCall, event: "chest-pain-call"),
        ]"#,
    )
    .expect("script");
    let play = |policy: &str| {
        json(&frontdesk(&[
            "--content",
            content.to_str().expect("utf-8"),
            "play",
            "chest-pain-caller",
            "--policy",
            policy,
            "--json",
            "--actions",
            script.to_str().expect("utf-8"),
        ]))
    };
    let standard = play("standard");
    let impatient = play("impatient-callers");

    // Standard: answered late (PH-01), but he was reached and called 911.
    assert!(standard["refused"].as_array().expect("refused").is_empty());
    assert!(
        texts(&standard, "outcomes")
            .iter()
            .any(|o| o.contains("called 911 from home"))
    );
    assert!(failed(&standard, "TRI-04").is_empty(), "{standard:#}");

    // Impatient callers: he hung up at 30 s; every act on the call is refused, and he drove.
    let hung_up = chest_pain_call_arrives().plus(30);
    assert!(
        texts(&impatient, "happenings")
            .iter()
            .any(|h| h.starts_with(&format!("{hung_up} ")) && h.contains("hung up")),
        "{impatient:#}"
    );
    let refused = impatient["refused"].as_array().expect("refused");
    assert_eq!(refused.len(), 8, "{refused:#?}");
    assert!(
        refused[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("hung up at"))
    );
    assert!(
        texts(&impatient, "outcomes")
            .iter()
            .any(|o| o.contains("drove himself"))
    );
    assert_eq!(failed(&impatient, "TRI-04").len(), 1);
    assert_eq!(impatient["passed"], false);
}

#[test]
fn broken_branches_are_reported_at_their_place() {
    let path = "tests/malformed/unreachable-branch.scenario.ron";
    let output = frontdesk(&["check", path]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for (place, words) in [
        (":27:22", "choice `fever-line` can never be offered"),
        (
            ":31:17",
            "event `callback` has no `at` and nothing brings it",
        ),
        (":39:48", "unknown choice `advise-91`"),
        (
            ":44:17",
            "consequences trigger one another in a loop: ping → pong → ping",
        ),
        (":54:17", "consequence `never` can never fire"),
    ] {
        assert!(
            stderr.contains(&format!("--> {path}{place}")) && stderr.contains(words),
            "{place} {words}\n{stderr}"
        );
    }
    assert!(
        stderr.contains("= hint: did you mean `advise-911`?"),
        "{stderr}"
    );
}

#[test]
fn a_branch_no_test_plan_walks_is_a_warning_at_its_place() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/phone/chest-pain-caller.scenario.ron");
    let text = std::fs::read_to_string(shipped).expect("the shipped scenario");
    // Without the plan that lets the line ring out, nothing walks `drives-himself`.
    let start = text
        .find("        // → drives-himself")
        .expect("the plan's comment");
    let end = start
        + text[start..]
            .find("        // → wife-calls-back")
            .expect("the next plan");
    // (Under its own id: a lone copy with the shipped id is warned about too.)
    let pruned = format!("{}{}", &text[..start], &text[end..]).replacen(
        "id: \"chest-pain-caller\"",
        "id: \"chest-pain-caller-pruned\"",
        1,
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chest-pain-caller.scenario.ron");
    std::fs::write(&path, &pruned).expect("write");
    let output = frontdesk(&["check", path.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // A warning: check still passes.
    assert!(output.status.success(), "{stderr}");
    let line = pruned[..pruned
        .find("id: \"drives-himself\"")
        .expect("the consequence")]
        .lines()
        .count();
    assert!(
        stderr.contains("warning: no test plan makes consequence `drives-himself` fire")
            && stderr.contains(&format!("chest-pain-caller.scenario.ron:{line}:17")),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("0 error(s), 1 warning(s)"), "{stdout}");
}
