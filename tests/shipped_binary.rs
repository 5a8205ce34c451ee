//! The binary carries its content (issue 13): a copy of it in an empty folder, with the source's
//! `scenarios/` out of reach, lists, checks and plays the built-in scenarios; and a clinic's
//! folder of three files overlays the built-in library: a new scenario, a replaced rule and a
//! policy of its own, `check` listing the replacement at its place and `play` scoring with the
//! clinic's rule.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of the built binary in an empty temporary folder.
fn copied_binary() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = dir.path().join("frontdesk");
    fs::copy(env!("CARGO_BIN_EXE_frontdesk"), &binary).expect("copy the binary");
    (dir, binary)
}

/// Runs `binary` in `cwd` with nothing that could lead it to the source folder: no
/// `FRONTDESK_CONTENT`, no `CARGO_MANIFEST_DIR` (which bevy's asset reader would honour).
fn run(binary: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary)
        .args(args)
        .current_dir(cwd)
        .env_remove("FRONTDESK_CONTENT")
        .env_remove("CARGO_MANIFEST_DIR")
        .env("FRONTDESK_DATA", cwd.join("data"))
        .output()
        .expect("the copied binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn shipped_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// How many files under `dir` end in `suffix`.
fn count_files(dir: &Path, suffix: &str) -> usize {
    let mut count = 0;
    for entry in fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            count += count_files(&path, suffix);
        } else if path.to_string_lossy().ends_with(suffix) {
            count += 1;
        }
    }
    count
}

/// The chest-pain call answered after 40 s: late (PH-01 fails), the rest done well.
const LATE_ANSWER: &str = r#"[
    (at: "+40s", act: Answer, event: "chest-pain-call"),
    (at: "+42s", act: Say, event: "chest-pain-call", choice: "greeting"),
    (at: "+45s", act: Say, event: "chest-pain-call", choice: "ask-why"),
    (at: "+50s", act: Say, event: "chest-pain-call", choice: "ask-location"),
    (at: "+55s", act: Say, event: "chest-pain-call", choice: "ask-number"),
    (at: "+1m", act: Say, event: "chest-pain-call", choice: "advise-911"),
    (at: "+1m5s", act: Say, event: "chest-pain-call", choice: "confirm-911"),
    (at: "+1m10s", act: EndCall, event: "chest-pain-call"),
]"#;

#[test]
fn a_copied_binary_in_an_empty_folder_plays_its_built_in_scenarios() {
    let (dir, binary) = copied_binary();
    // An empty folder: no `scenarios/` beside the binary or in the working folder.
    let entries: Vec<_> = fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(entries.len(), 1, "only the binary");

    let played = run(
        &binary,
        dir.path(),
        &["play", "chest-pain-caller", "--plan", "ideal", "--json"],
    );
    assert!(played.status.success(), "{}", text(&played.stderr));
    let report: serde_json::Value = serde_json::from_slice(&played.stdout).expect("JSON report");
    assert_eq!(report["scenario"], "chest-pain-caller");
    assert_eq!(report["passed"], true);
    assert_eq!(report["points"], report["max_points"]);

    // Every shipped scenario is inside, and its test plans pass.
    let checked = run(&binary, dir.path(), &["check"]);
    let stdout = text(&checked.stdout);
    assert!(
        checked.status.success(),
        "{stdout}{}",
        text(&checked.stderr)
    );
    let scenarios = count_files(&shipped_folder(), ".scenario.ron");
    assert!(
        stdout.contains(&format!("checked {scenarios} scenario(s)")),
        "{scenarios} scenario files in scenarios/: {stdout}"
    );
    assert!(
        stdout.contains(" 0 failed; 0 error(s), 0 warning(s)"),
        "{stdout}"
    );

    // The embedded rules come with their test plans: every rule is failed by one of them.
    // (That the embedded files are named `<built-in>/…` shows in the clinic's overlay below.)
    let coverage = run(&binary, dir.path(), &["check", "--coverage", "--strict"]);
    assert!(
        coverage.status.success()
            && text(&coverage.stdout).contains(" 0 failed; 0 error(s), 0 warning(s)"),
        "every built-in rule is failed by a built-in test plan: {}{}",
        text(&coverage.stdout),
        text(&coverage.stderr)
    );

    let listed = run(&binary, dir.path(), &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON list");
    assert_eq!(rows.as_array().map(Vec::len), Some(scenarios));

    // Without a folder, `new` has nowhere to write and says so.
    let new = run(&binary, dir.path(), &["new", "policy", "x"]);
    assert_eq!(new.status.code(), Some(1));
    assert!(
        text(&new.stderr).contains("--content DIR"),
        "{}",
        text(&new.stderr)
    );
    assert_eq!(
        fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .filter(|e| e.file_name() != "data")
            .count(),
        1,
        "nothing was written beside the binary"
    );
}

/// A clinic's folder of three files: a scenario of its own, its version of PH-01 (its own
/// words; changing the points would change the scores the built-in test plans expect, which
/// `check` would report) and a policy pack of its own. The rule is written as `explain` prints
/// it.
fn clinic_folder(binary: &Path, cwd: &Path) -> PathBuf {
    let clinic = cwd.join("riverside");
    let explained = run(binary, cwd, &["explain", "PH-01"]);
    let explained = text(&explained.stdout);
    let (_, rule) = explained
        .split_once("As RON (pastes into a rules file's `rules: [ … ]`):\n")
        .expect("explain prints the rule as RON");
    let rule = rule.replacen(
        "fail: \"Answer within three rings",
        "fail: \"Riverside answers by the second ring",
        1,
    );
    assert!(rule.contains("Riverside answers"));
    fs::create_dir_all(clinic.join("rules")).expect("mkdir");
    fs::write(
        clinic.join("rules/riverside.rules.ron"),
        format!("RulePack(\n    id: \"riverside\",\n    title: \"Riverside's own rules\",\n    rules: [\n{rule}\n    ],\n)\n"),
    )
    .expect("rules");

    let scenario =
        fs::read_to_string(shipped_folder().join("phone/chest-pain-caller.scenario.ron"))
            .expect("a shipped scenario");
    let scenario = scenario.replacen(
        "id: \"chest-pain-caller\"",
        "id: \"riverside-chest-pain\"",
        1,
    );
    assert!(scenario.contains("riverside-chest-pain"));
    fs::create_dir_all(clinic.join("phone")).expect("mkdir");
    fs::write(
        clinic.join("phone/riverside-chest-pain.scenario.ron"),
        scenario,
    )
    .expect("scenario");

    let made = run(
        binary,
        cwd,
        &[
            "--content",
            clinic.to_str().expect("utf-8"),
            "new",
            "policy",
            "riverside",
        ],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(clinic.join("policies/riverside.policy.ron").is_file());
    clinic
}

#[test]
fn a_clinic_folder_overlays_the_built_in_library_and_check_names_what_it_replaced() {
    let (dir, binary) = copied_binary();
    let clinic = clinic_folder(&binary, dir.path());
    let clinic_arg = clinic.to_str().expect("utf-8");

    let checked = run(
        &binary,
        dir.path(),
        &["--content", clinic_arg, "check", "--strict"],
    );
    let stdout = text(&checked.stdout);
    assert!(
        checked.status.success(),
        "{stdout}{}",
        text(&checked.stderr)
    );
    let scenarios = count_files(&shipped_folder(), ".scenario.ron");
    assert!(
        stdout.contains(&format!("checked {} scenario(s)", scenarios + 1)),
        "the built-in scenarios and the clinic's: {stdout}"
    );
    // The replacement, at the replacing rule's id (line 5 of the pack, after four of header).
    let rules_file = clinic.join("rules/riverside.rules.ron");
    let rules_text = fs::read_to_string(&rules_file).expect("rules");
    let line = rules_text
        .lines()
        .position(|l| l.contains("id: \"PH-01\""))
        .expect("the rule's id")
        + 1;
    let column = rules_text
        .lines()
        .nth(line - 1)
        .expect("line")
        .find("\"PH-01\"")
        .expect("id")
        + 1;
    let expected = format!(
        "replaced: {}:{line}:{column}: rule `PH-01` replaces the built-in one at <built-in>/rules/phone.rules.ron:",
        rules_file.display()
    );
    assert!(stdout.contains(&expected), "{expected}\nin\n{stdout}");
    assert!(
        stdout.contains("1 built-in item(s) replaced"),
        "only the rule was replaced: {stdout}"
    );

    // `play` scores with the clinic's PH-01, in its own words.
    let script = dir.path().join("late.actions.ron");
    fs::write(&script, LATE_ANSWER).expect("script");
    let played = run(
        &binary,
        dir.path(),
        &[
            "--content",
            clinic_arg,
            "play",
            "chest-pain-caller",
            "--json",
            "--actions",
            script.to_str().expect("utf-8"),
        ],
    );
    assert!(played.status.success(), "{}", text(&played.stderr));
    let report: serde_json::Value = serde_json::from_slice(&played.stdout).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    let answered: Vec<_> = findings.iter().filter(|f| f["rule"] == "PH-01").collect();
    assert_eq!(answered.len(), 1, "one PH-01, the clinic's: {findings:#?}");
    assert_eq!(answered[0]["passed"], false);
    assert!(
        answered[0]["feedback"]
            .as_str()
            .is_some_and(|f| f.starts_with("Riverside answers by the second ring")),
        "{:#?}",
        answered[0]
    );

    // The clinic's own scenario and policy play too, from the built-in offices and rules.
    let own = run(
        &binary,
        dir.path(),
        &[
            "--content",
            clinic_arg,
            "play",
            "riverside-chest-pain",
            "--plan",
            "ideal",
            "--policy",
            "riverside",
            "--json",
        ],
    );
    assert!(own.status.success(), "{}", text(&own.stderr));
    let own: serde_json::Value = serde_json::from_slice(&own.stdout).expect("JSON");
    assert_eq!(own["policy"], "riverside");

    // The built-in library alone still has its own PH-01 and no clinic scenario.
    let plain = run(
        &binary,
        dir.path(),
        &[
            "play",
            "chest-pain-caller",
            "--json",
            "--actions",
            script.to_str().expect("utf-8"),
        ],
    );
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("JSON");
    let built_in = plain["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "PH-01")
        .cloned()
        .expect("PH-01");
    assert!(
        built_in["feedback"]
            .as_str()
            .is_some_and(|f| f.starts_with("Answer within three rings")),
        "{built_in:#?}"
    );
    let missing = run(
        &binary,
        dir.path(),
        &["play", "riverside-chest-pain", "--plan", "ideal"],
    );
    assert_eq!(missing.status.code(), Some(1));

    // The same folder alone is not a library: it has no offices, and says so at its place.
    let alone = run(
        &binary,
        dir.path(),
        &["--content-only", clinic_arg, "check"],
    );
    assert_eq!(alone.status.code(), Some(1));
    let stderr = text(&alone.stderr);
    assert!(
        stderr.contains("riverside-chest-pain.scenario.ron:"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown office"), "{stderr}");
}

#[test]
fn an_error_in_a_clinic_file_names_its_place_and_the_built_in_content_still_loads() {
    let (dir, binary) = copied_binary();
    let clinic = dir.path().join("clinic");
    fs::create_dir_all(&clinic).expect("mkdir");
    fs::write(
        clinic.join("broken.policy.ron"),
        "Policy(\n    id: \"broken\",\n    titel: \"typo\",\n)\n",
    )
    .expect("policy");
    let checked = run(
        &binary,
        dir.path(),
        &["--content", clinic.to_str().expect("utf-8"), "check"],
    );
    assert_eq!(checked.status.code(), Some(1));
    let stderr = text(&checked.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:3:5",
            clinic.join("broken.policy.ron").display()
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("<built-in>"),
        "the built-in files are fine: {stderr}"
    );
}

#[test]
fn an_unchanged_copy_of_the_shipped_folder_replaces_nothing() {
    let (dir, binary) = copied_binary();
    let checked = run(
        &binary,
        dir.path(),
        &[
            "--content",
            shipped_folder().to_str().expect("utf-8"),
            "check",
        ],
    );
    let stdout = text(&checked.stdout);
    assert!(
        checked.status.success(),
        "{stdout}{}",
        text(&checked.stderr)
    );
    assert!(stdout.contains("0 built-in item(s) replaced"), "{stdout}");
    assert!(!stdout.contains("replaced: "), "{stdout}");
}
