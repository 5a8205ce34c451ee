//! Recording an attempt as a test plan (`play --record`): the plan, pasted into its scenario,
//! passes `check`; an existing file is never overwritten; `explain` prints a rule as RON that
//! reads back as the same rule.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn frontdesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(dir)
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("the frontdesk binary runs")
}

#[test]
fn a_recorded_attempt_pasted_into_its_scenario_passes_check() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("scenarios");
    common::copy_tree(&repo.join("scenarios"), &content);
    let plan = dir.path().join("mistakes.plan.ron");
    let script = repo.join("docs/examples/chest-pain-mistakes.actions.ron");
    let out = frontdesk(
        dir.path(),
        &[
            "play",
            "chest-pain-caller",
            "--actions",
            script.to_str().expect("utf-8"),
            "--seed",
            "5",
            "--record",
            plan.to_str().expect("utf-8"),
            "--record-name",
            "the mistakes script, recorded",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recorded = std::fs::read_to_string(&plan).expect("the plan was written");
    assert!(recorded.contains("expect: (passed: false"), "{recorded}");
    // Paste it in as the scenario's first test plan.
    let file = content.join("phone/chest-pain-caller.scenario.ron");
    let text = std::fs::read_to_string(&file).expect("scenario");
    let at = text.find("test_plans: [").expect("test_plans") + "test_plans: [".len();
    let pasted = format!("{}\n{recorded}{}", &text[..at], &text[at..]);
    std::fs::write(&file, pasted).expect("write");
    let out = frontdesk(dir.path(), &["check", "-v", "scenarios"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("ok   chest-pain-caller / the mistakes script, recorded"),
        "{stdout}"
    );
    assert!(
        stdout.contains(" 0 failed; 0 error(s), 0 warning(s)"),
        "{stdout}"
    );
}

#[test]
fn recording_never_overwrites_a_file() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let existing = dir.path().join("keep.ron");
    std::fs::write(&existing, "precious").expect("write");
    let out = frontdesk(
        repo,
        &[
            "play",
            "chest-pain-caller",
            "--plan",
            "ideal",
            "--record",
            existing.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&existing).expect("read"),
        "precious"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn every_rule_printed_as_ron_reads_back_as_the_same_rule() {
    let mut library = frontdesk::library::Library::built_in();
    library.validate();
    let rules = library.all_rules();
    assert!(rules.len() > 80);
    for rule in rules {
        let text = frontdesk::library::rule_as_ron(rule).expect("serialises");
        let back: frontdesk::rules::Rule =
            frontdesk::source::parse(Path::new("pasted.rules.ron"), &text)
                .unwrap_or_else(|d| panic!("{}: {d}\n{text}", rule.id));
        assert_eq!(&back, rule);
    }
    // And `explain` ends with it.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = frontdesk(repo, &["explain", "TRI-01"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "As RON (pastes into a rules file's `rules: [ … ]`):\nRule(\n    id: \"TRI-01\","
        ),
        "{stdout}"
    );
}
