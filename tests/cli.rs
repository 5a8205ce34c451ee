//! The real `frontdesk` binary on the real content and on the malformed corpus in
//! tests/malformed/: every bad file is reported at its file, line and column, with a hint and a
//! non-zero exit, and nothing panics.

mod common;

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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_clean_failure(output: &Output) -> String {
    let stderr = text(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit code; stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "no panic:\n{stderr}");
    stderr
}

#[test]
fn check_passes_on_the_shipped_content() {
    let output = frontdesk(&["check", "scenarios/"]);
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(" 0 failed; 0 error(s), 0 warning(s)"),
        "{stdout}\n{stderr}"
    );
    assert!(
        !stdout.contains(" 0 test plan(s)"),
        "test plans ran: {stdout}"
    );
}

#[test]
fn check_with_no_path_checks_the_content_folder() {
    let output = frontdesk(&["check"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn every_malformed_file_is_reported_at_its_place_with_a_hint() {
    // (file, line:column, words the message must contain)
    let cases = [
        ("syntax-error.scenario.ron", "9:5", "Expected comma"),
        ("wrong-type.scenario.ron", "10:22", "Expected integer"),
        (
            "missing-field.scenario.ron",
            "36:1",
            "the field `title` is missing",
        ),
        ("unknown-rule.scenario.ron", "34:44", "unknown rule `PH-99`"),
        (
            "unknown-patient.scenario.ron",
            "23:22",
            "unknown patient `patt`",
        ),
        (
            "unknown-word.scenario.ron",
            "24:21",
            "`ChestPian` is not a word allowed here",
        ),
        (
            "duplicate-ids.scenario.ron",
            "16:14",
            "the patient id `pat` is used twice",
        ),
        ("empty.scenario.ron", "1:1", "the file is empty"),
        ("invalid-utf8.scenario.ron", "4:16", "not valid UTF-8"),
        ("deep-nesting.rules.ron", "3:297", "nested too deeply"),
        (
            "escapes-folder.scenario.ron",
            "25:25",
            "outside the content folder",
        ),
    ];
    for (file, place, words) in cases {
        let path = format!("tests/malformed/{file}");
        let stderr = assert_clean_failure(&frontdesk(&["check", &path]));
        assert!(
            stderr.contains(&format!("--> {path}:{place}")),
            "{file}: place\n{stderr}"
        );
        assert!(stderr.contains(words), "{file}: message\n{stderr}");
        assert!(stderr.contains("= hint:"), "{file}: hint\n{stderr}");
    }
}

#[test]
fn the_question_bank_is_checked_item_by_item() {
    let path = "tests/malformed/bad-bank.questions.ron";
    let stderr = assert_clean_failure(&frontdesk(&["check", path]));
    let cases = [
        (
            "9:13",
            "`tst-001` marks 2 options correct",
            "exactly one option",
        ),
        ("23:13", "`tst-002` has 3 options", "exactly four options"),
        (
            "40:24",
            "`tst-003` has an option \"all of the above\"",
            "shuffled",
        ),
        (
            "43:13",
            "`tst-003` has an empty `reference`",
            "public source",
        ),
        (
            "49:13",
            "this stem repeats another question's",
            "`tst-003` asks the same",
        ),
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    for (place, message, hint) in cases {
        let k = lines
            .iter()
            .position(|l| *l == format!("error: {message}"))
            .unwrap_or_else(|| panic!("{message}\n{stderr}"));
        assert!(
            lines[k + 1].trim_start() == format!("--> {path}:{place}"),
            "{message} at {place}\n{stderr}"
        );
        let hint_line = lines[k..].iter().find(|l| l.contains("= hint:"));
        assert!(
            hint_line.is_some_and(|l| l.contains(hint)),
            "{hint}\n{stderr}"
        );
    }
    let stderr = assert_clean_failure(&frontdesk(&[
        "check",
        "tests/malformed/misspelt-domain.questions.ron",
    ]));
    assert!(
        stderr.contains("--> tests/malformed/misspelt-domain.questions.ron:5:21"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `Scheduling`?"), "{stderr}");
}

#[test]
fn a_bank_too_small_for_an_exam_is_an_error_naming_the_domain() {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["cmaa.exam.ron", "scheduling.questions.ron"] {
        std::fs::copy(format!("scenarios/questions/{file}"), dir.path().join(file)).expect("copy");
    }
    let dir_arg = dir.path().to_str().expect("utf-8");
    let stderr = assert_clean_failure(&frontdesk(&["--content-only", dir_arg, "check"]));
    assert!(
        stderr.contains("Foundational Knowledge has 0 questions; exam `cmaa` needs at least 30"),
        "{stderr}"
    );
    assert!(!stderr.contains("Scheduling has"), "{stderr}");
}

#[test]
fn an_explicit_some_gets_a_hint_to_drop_it() {
    let stderr = assert_clean_failure(&frontdesk(&[
        "check",
        "tests/malformed/explicit-some.scenario.ron",
    ]));
    assert!(stderr.contains("written without `Some( … )`"), "{stderr}");
}

#[test]
fn near_misses_get_a_did_you_mean() {
    let stderr = assert_clean_failure(&frontdesk(&[
        "check",
        "tests/malformed/unknown-word.scenario.ron",
    ]));
    assert!(stderr.contains("did you mean `ChestPain`?"), "{stderr}");
    let stderr = assert_clean_failure(&frontdesk(&[
        "check",
        "tests/malformed/unknown-patient.scenario.ron",
    ]));
    assert!(stderr.contains("did you mean `pat`?"), "{stderr}");
}

#[test]
fn a_200_mb_file_is_refused_without_being_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let huge = dir.path().join("huge.scenario.ron");
    let file = std::fs::File::create(&huge).expect("create");
    file.set_len(200 * 1000 * 1000).expect("sparse file");
    let stderr = assert_clean_failure(&frontdesk(&["check", huge.to_str().expect("utf-8 path")]));
    assert!(stderr.contains("the file is 200.0 MB"), "{stderr}");
    assert!(stderr.contains(":1:1"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_link_that_leaves_the_content_folder_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    std::fs::create_dir(&content).expect("content dir");
    let outside = dir.path().join("secret.scenario.ron");
    std::fs::write(&outside, "Scenario()").expect("outside file");
    std::os::unix::fs::symlink(&outside, content.join("linked.scenario.ron")).expect("link");
    let stderr = assert_clean_failure(&frontdesk(&["check", content.to_str().expect("utf-8")]));
    assert!(
        stderr.contains("this link points outside the content folder"),
        "{stderr}"
    );
}

#[test]
fn a_broken_file_does_not_stop_the_others_from_loading() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/phone/chest-pain-caller.scenario.ron"),
        dir.path().join("good.scenario.ron"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("bad.scenario.ron"), "Scenario(").expect("bad file");
    let output = frontdesk(&["check", dir.path().to_str().expect("utf-8")]);
    let stderr = assert_clean_failure(&output);
    assert!(stderr.contains("bad.scenario.ron:1:"), "{stderr}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("checked 1 scenario(s)"), "{stdout}");
}

fn write_ideal_actions(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("ideal.actions.ron");
    std::fs::write(
        &path,
        r#"[
            (at: "+6s", act: Answer, event: "chest-pain-call"),
            (at: "+8s", act: Say, event: "chest-pain-call", choice: "greeting"),
            (at: "+15s", act: AskNameAndReason, event: "chest-pain-call"),
            (at: "+30s", act: ConfirmLocation, event: "chest-pain-call"),
            (at: "+35s", act: ConfirmCallbackNumber, event: "chest-pain-call"),
            (at: "+40s", act: AdviseEmergency, event: "chest-pain-call"),
            (at: "+45s", act: ConfirmWillCallEmergency, event: "chest-pain-call"),
            (at: "+1m", act: Document, event: "chest-pain-call", details: [DateTime, CallerWords, AdviceGiven, Outcome, HighPriority]),
        ]"#,
    )
    .expect("actions file");
    path
}

#[test]
fn play_prints_a_debrief_and_identical_json_for_the_same_seed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let actions = write_ideal_actions(dir.path());
    let actions = actions.to_str().expect("utf-8");
    let debrief = frontdesk(&[
        "play",
        "chest-pain-caller",
        "--actions",
        actions,
        "--seed",
        "4",
    ]);
    let stdout = text(&debrief.stdout);
    assert!(debrief.status.success(), "{}", text(&debrief.stderr));
    assert!(
        stdout.contains("Chest pressure on line one — PASSED"),
        "{stdout}"
    );
    assert!(stdout.contains("✓ TRI-01"), "{stdout}");
    assert!(
        stdout.contains("Reference: American Heart Association"),
        "{stdout}"
    );

    let first = frontdesk(&[
        "play",
        "chest-pain-caller",
        "--actions",
        actions,
        "--seed",
        "9",
        "--json",
    ]);
    let second = frontdesk(&[
        "play",
        "chest-pain-caller",
        "--actions",
        actions,
        "--seed",
        "9",
        "--json",
    ]);
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout, "byte-identical reports");
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).expect("JSON report");
    assert_eq!(report["passed"], true);
    assert_eq!(report["percent"], 100);
    assert_eq!(report["seed"], 9);
}

#[test]
fn play_can_take_a_scenario_file_and_another_policy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let actions = write_ideal_actions(dir.path());
    let output = frontdesk(&[
        "play",
        "scenarios/phone/chest-pain-caller.scenario.ron",
        "--actions",
        actions.to_str().expect("utf-8"),
        "--policy",
        "open-access",
        "--json",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["policy"], "open-access");
}

#[test]
fn play_explains_what_it_cannot_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let actions = write_ideal_actions(dir.path());
    let actions = actions.to_str().expect("utf-8");
    let stderr = assert_clean_failure(&frontdesk(&[
        "play",
        "chest-pain-caler",
        "--actions",
        actions,
    ]));
    assert!(
        stderr.contains("did you mean `chest-pain-caller`?"),
        "{stderr}"
    );

    let broken = dir.path().join("broken.actions.ron");
    std::fs::write(&broken, "[ (at: \"+6s\", act: Answr) ]").expect("write");
    let stderr = assert_clean_failure(&frontdesk(&[
        "play",
        "chest-pain-caller",
        "--actions",
        broken.to_str().expect("utf-8"),
    ]));
    assert!(stderr.contains("broken.actions.ron:1:"), "{stderr}");
    assert!(stderr.contains("did you mean `Answer`?"), "{stderr}");

    let stderr = assert_clean_failure(&frontdesk(&[
        "play",
        "chest-pain-caller",
        "--actions",
        "no/such/file.ron",
    ]));
    assert!(stderr.contains("cannot read the file"), "{stderr}");
}

#[test]
fn help_is_there_for_every_command() {
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["play", "--help"],
        vec!["list", "--help"],
        vec!["explain", "--help"],
    ] {
        let output = frontdesk(&args);
        assert!(output.status.success(), "{args:?}");
        assert!(
            text(&output.stdout).contains("Usage: frontdesk"),
            "{args:?}"
        );
    }
    let output = frontdesk(&["play"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "missing arguments are a usage error"
    );
}

#[test]
fn list_and_explain_describe_the_content() {
    let output = frontdesk(&["list"]);
    assert!(output.status.success());
    assert!(text(&output.stdout).contains("chest-pain-caller"));
    let output = frontdesk(&["explain", "TRI-01"]);
    let stdout = text(&output.stdout);
    assert!(output.status.success());
    assert!(stdout.contains("TRI-01 — Chest pain"), "{stdout}");
    assert!(stdout.contains("AdviseEmergency"), "{stdout}");
    let stderr = assert_clean_failure(&frontdesk(&["explain", "TRI-1"]));
    assert!(stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn docs_content_md_is_generated_by_stats() {
    let output = frontdesk(&["stats"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let generated = text(&output.stdout);
    assert!(generated.contains("| Family | scenarios |"), "{generated}");
    let kept =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/CONTENT.md"))
            .expect("docs/CONTENT.md");
    assert_eq!(
        kept, generated,
        "regenerate with `frontdesk stats > docs/CONTENT.md`"
    );
}

#[test]
fn policy_parameters_are_named_and_a_required_one_missing_is_located() {
    let path = "tests/malformed/missing-param.policy.ron";
    let stderr = assert_clean_failure(&frontdesk(&["check", path]));
    assert!(
        stderr.contains(
            "error: policy `clinic-without-911-number` does not set `emergency_advice_seconds`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {path}:6:5")), "{stderr}");
    assert!(
        stderr.contains("has no default")
            && stderr.contains("The rule reads it at <built-in>/rules/")
            && stderr.contains(".rules.ron:"),
        "the hint says where a rule reads it:\n{stderr}"
    );
    let path = "tests/malformed/unknown-param.policy.ron";
    let stderr = assert_clean_failure(&frontdesk(&["check", path]));
    assert!(stderr.contains(&format!("--> {path}:6:10")), "{stderr}");
    assert!(stderr.contains("did you mean `ring_seconds`?"), "{stderr}");
}

#[test]
fn output_to_a_closed_pipe_or_a_full_disk_is_not_a_crash() {
    use std::process::Stdio;
    // The reader goes away before anything is written (`frontdesk list | head -0`).
    for args in [
        &["list"][..],
        &["explain", "TRI-01"],
        &["play", "chest-pain-caller", "--plan", "ideal"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("FRONTDESK_CONTENT")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the frontdesk binary runs");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("it ends");
        let stderr = text(&output.stderr);
        assert!(
            output.status.success(),
            "{args:?}: a closed pipe is the reader's choice\n{stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "{args:?}: no panic:\n{stderr}"
        );
    }
    // A full disk is an error, said once, with exit code 1.
    if let Ok(full) = std::fs::File::options().write(true).open("/dev/full") {
        let output = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(["explain", "TRI-01"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("FRONTDESK_CONTENT")
            .stdout(full)
            .output()
            .expect("the frontdesk binary runs");
        let stderr = assert_clean_failure(&output);
        assert!(
            stderr.contains("could not write the output: No space left on device"),
            "{stderr}"
        );
    }
}

#[test]
fn check_on_a_copy_of_the_content_checks_that_folder_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("clinic");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        &copy,
    );
    let output = frontdesk(&["check", copy.to_str().expect("utf-8 path")]);
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains(" 0 failed; 0 error(s), 0 warning(s)"),
        "no duplicate ids from the built-in folder: {stdout}"
    );
}
