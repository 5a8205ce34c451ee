//! Action scripts and test plans timed before their scenario starts: a located error and a
//! non-zero exit, not an action the session silently refuses.

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

#[test]
fn a_script_action_before_the_start_is_a_located_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("early.actions.ron");
    std::fs::write(
        &script,
        "[\n    (at: \"+6s\", act: Answer, event: \"chest-pain-call\"),\n    (at: \"08:00\", act: Greet, event: \"chest-pain-call\"),\n]\n",
    )
    .expect("write");
    let out = frontdesk(&[
        "play",
        "chest-pain-caller",
        "--actions",
        script.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`08:00` is before the scenario starts, at 09:00"),
        "{stderr}"
    );
    assert!(stderr.contains("early.actions.ron:3:6"), "{stderr}");
    assert!(out.stdout.is_empty(), "no report for a broken script");
}

#[test]
fn a_test_plan_action_before_the_start_is_a_located_error() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(repo.join("scenarios/phone/chest-pain-caller.scenario.ron"))
        .expect("scenario");
    let at = text.find("test_plans: [").expect("plans") + "test_plans: [".len();
    let early = "\n        (name: \"answers before opening\", actions: [(at: \"08:59\", act: Answer, event: \"chest-pain-call\")], expect: (passed: false)),";
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("early.scenario.ron");
    std::fs::write(&file, format!("{}{early}{}", &text[..at], &text[at..])).expect("write");
    let out = frontdesk(&["check", file.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains(
            "test plan \"answers before opening\": `08:59` is before the scenario starts, at 09:00"
        ),
        "{all}"
    );
    let line = text[..at].lines().count() + 1;
    assert!(
        all.contains(&format!("early.scenario.ron:{line}:")),
        "{all}"
    );
}
