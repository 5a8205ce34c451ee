//! The instructor's tools through the real binary: `frontdesk new` writes skeletons that
//! `check` passes (and refuses bad ids, unknown words and overwriting), and `check`'s lint
//! warns on a crafted file for each kind of warning, located, with `--strict` turning them
//! into a failure; the shipped content is silent under `--strict`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn frontdesk(content: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT");
    if let Some(dir) = content {
        command.arg("--content").arg(dir);
    }
    command
        .args(args)
        .output()
        .expect("the frontdesk binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `check` that passed every plan with no error and no warning.
fn assert_clean(output: &Output) {
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(" 0 failed; 0 error(s), 0 warning(s)"),
        "{stdout}\n{stderr}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of the shipped content.
fn content_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        &root,
    );
    (dir, root)
}

/// Writes a new scenario into `root` with `frontdesk new` and returns its path.
fn new_scenario(root: &Path, id: &str) -> PathBuf {
    let output = frontdesk(
        Some(root),
        &[
            "new",
            "scenario",
            id,
            "--family",
            "PhoneTriage",
            "--setting",
            "FamilyPractice",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let path = root.join("phone").join(format!("{id}.scenario.ron"));
    assert!(path.is_file(), "written in the family's folder");
    path
}

#[test]
fn a_new_scenario_passes_check_at_once_even_strict() {
    let (_dir, root) = content_copy();
    let path = new_scenario(&root, "my-first-call");
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.contains("id: \"my-first-call\""));
    assert!(
        written.contains("office: \"maple-street\""),
        "the setting's office"
    );
    assert!(
        written.contains("docs/SCENARIO_FORMAT.md"),
        "the comments teach"
    );
    assert!(
        written.contains("fails: [\"PH-02\"]"),
        "the mistake fails the greeting rule"
    );
    for args in [vec!["check", "-v"], vec!["check", "--strict"]] {
        assert_clean(&frontdesk(Some(&root), &args));
    }
    let output = frontdesk(Some(&root), &["check", "-v"]);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("ok   my-first-call / ideal"), "{stdout}");
    assert!(
        stdout.contains("ok   my-first-call / skips the greeting"),
        "{stdout}"
    );
}

#[test]
fn new_refuses_to_overwrite_and_leaves_no_temporary_file() {
    let (_dir, root) = content_copy();
    let path = new_scenario(&root, "twice");
    fs::write(&path, "// mine\n").unwrap();
    let output = frontdesk(
        Some(&root),
        &[
            "new",
            "scenario",
            "twice",
            "--family",
            "PhoneTriage",
            "--setting",
            "FamilyPractice",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("already exists"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "// mine\n",
        "not overwritten"
    );
    let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left");
}

#[test]
fn new_rejects_bad_ids_taken_ids_and_unknown_words_with_the_choices() {
    let (_dir, root) = content_copy();
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &[
                "new",
                "scenario",
                "My Call",
                "--family",
                "Billing",
                "--setting",
                "Dental",
            ],
            &["not a valid id", "did you mean `my-call`"],
        ),
        (
            &[
                "new",
                "scenario",
                "chest-pain-caller",
                "--family",
                "PhoneTriage",
                "--setting",
                "FamilyPractice",
            ],
            &["already exists at", "chest-pain-caller.scenario.ron:"],
        ),
        (
            &[
                "new",
                "scenario",
                "x-call",
                "--family",
                "Biling",
                "--setting",
                "Dental",
            ],
            &[
                "unknown family `Biling`",
                "did you mean `Billing`",
                "PhoneTriage",
            ],
        ),
        (
            &[
                "new",
                "scenario",
                "x-call",
                "--family",
                "Billing",
                "--setting",
                "Dentist",
            ],
            &["unknown setting `Dentist`", "FamilyPractice, Dental"],
        ),
        (
            &[
                "new",
                "scenario",
                "x-call",
                "--family",
                "Billing",
                "--setting",
                "Dental",
                "--office",
                "maple-street",
            ],
            &[
                "`maple-street` is a FamilyPractice office",
                "bright-smile-dental",
            ],
        ),
        (
            &["new", "policy", "standard"],
            &["policy pack id `standard` already exists"],
        ),
    ];
    for (args, words) in cases {
        let output = frontdesk(Some(&root), args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        for word in words {
            assert!(stderr.contains(word), "{args:?}: `{word}` in\n{stderr}");
        }
    }
    assert!(!root.join("billing").join("x-call.scenario.ron").exists());
}

#[test]
fn new_rules_questions_and_policy_pass_check() {
    let (_dir, root) = content_copy();
    for (kind, id, file) in [
        ("rules", "clinic-extras", "rules/clinic-extras.rules.ron"),
        (
            "questions",
            "clinic-quiz",
            "questions/clinic-quiz.questions.ron",
        ),
        (
            "policy",
            "clinic-policy",
            "policies/clinic-policy.policy.ron",
        ),
    ] {
        let output = frontdesk(Some(&root), &["new", kind, id]);
        assert!(output.status.success(), "{kind}: {}", text(&output.stderr));
        assert!(root.join(file).is_file(), "{file}");
    }
    let output = frontdesk(Some(&root), &["check"]);
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(" 0 failed; 0 error(s)"), "{stdout}");
    // The TODOs are pointed at: a rule that applies nowhere yet, references to cite.
    assert!(
        stderr.contains("rule `CLINIC-EXTRAS-01` can never apply"),
        "{stderr}"
    );
    assert!(stderr.contains("names no specific source"), "{stderr}");
}

/// Replaces `from` by `to` in a file, which must contain it.
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `check` on the whole folder warns (exit 0) with `message` at `file:line:col`; `--strict`
/// fails on the same.
fn assert_lint(root: &Path, args: &[&str], message: &str, place: &str) {
    let output = frontdesk(Some(root), args);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "warnings alone pass: {stderr}");
    let at = stderr
        .find(&format!("warning: {message}"))
        .unwrap_or_else(|| panic!("`{message}` in\n{stderr}"));
    let block = &stderr[at..];
    let location = block.lines().nth(1).unwrap_or_default();
    assert!(location.contains(place), "{message} at {place}: {location}");
    assert!(block.contains("= hint:"), "a hint: {block}");
    let mut strict = args.to_vec();
    strict.push("--strict");
    let output = frontdesk(Some(root), &strict);
    assert_eq!(output.status.code(), Some(1), "--strict fails on a warning");
    assert!(text(&output.stderr).contains(&format!("error: {message}")));
}

#[test]
fn each_lint_warning_fires_on_a_crafted_file_and_strict_fails_on_it() {
    let (_dir, root) = content_copy();
    let path = new_scenario(&root, "crafted");
    let file = "phone/crafted.scenario.ron";
    // A fact no rule reads; a second reply to the greeting that the first always pre-empts;
    // a choice nothing scores; a message no rule judges that may come after the end.
    edit(&path, "facts: [],", "facts: [PatientPresent],");
    edit(
        &path,
        "(after: Greet, text: \"Hi, this is {patient}. I have a quick question.\"),",
        "(after: Greet, text: \"Hi, this is {patient}. I have a quick question.\"),\n                (after: Greet, text: \"Hello again.\"),",
    );
    edit(
        &path,
        "counts_as: Greet, details: [PracticeName, OwnName, OfferHelp]),",
        "counts_as: Greet, details: [PracticeName, OwnName, OfferHelp]),\n                (id: \"shrug\", text: \"I could send you a reminder.\", counts_as: SendReminder),",
    );
    edit(
        &path,
        "        ),\n    ],\n    // Consequences",
        "        ),\n        (id: \"late-note\", at: \"09:14\", jitter: Minutes(5), kind: Task, summary: \"A note\",\n            choices: [(id: \"pass-on\", text: \"[Pass it on]\", counts_as: NotifyProvider)]),\n    ],\n    // Consequences",
    );
    // A rule pack whose rule applies nowhere and cites a test plan only.
    fs::write(
        root.join("rules/crafted.rules.ron"),
        r#"RulePack(id: "crafted", title: "Crafted", rules: [
    Rule(
        id: "CR-01", title: "Never", domain: Scheduling, severity: Practice, points: 1,
        applies_when: Event(Tag("nowhere")),
        require: [Act(act: Document)],
        feedback: (pass: "ok", fail: "no"),
        reference: "NHA CMAA test plan 2024",
    ),
])"#,
    )
    .unwrap();
    let check = ["check"];
    assert_lint(
        &root,
        &check,
        "no rule or reaction reads fact `PatientPresent`",
        file,
    );
    assert_lint(&root, &check, "reply 2 of `first-call` is never said", file);
    assert_lint(
        &root,
        &check,
        "choice `shrug` of `first-call` counts as `SendReminder`",
        file,
    );
    assert_lint(&root, &check, "no rule judges event `late-note`", file);
    assert_lint(&root, &check, "event `late-note` may arrive at 09:19", file);
    assert_lint(
        &root,
        &check,
        "rule `CR-01` can never apply",
        "rules/crafted.rules.ron:",
    );
    assert_lint(
        &root,
        &check,
        "the reference of `CR-01` names no specific source",
        "rules/crafted.rules.ron:",
    );
}

#[test]
fn a_lone_file_whose_id_is_taken_in_the_content_folder_is_warned() {
    let (dir, root) = content_copy();
    let lone = dir.path().join("my-copy.scenario.ron");
    fs::copy(root.join("phone/chest-pain-caller.scenario.ron"), &lone).unwrap();
    let lone = lone.to_str().unwrap();
    assert_lint(
        &root,
        &["check", lone],
        "the scenario id `chest-pain-caller` is taken in the content folder",
        "my-copy.scenario.ron:",
    );
    let output = frontdesk(Some(&root), &["check", lone]);
    assert!(
        text(&output.stderr).contains("chest-pain-caller.scenario.ron:"),
        "names where"
    );
}

#[test]
fn the_shipped_content_is_silent_under_strict() {
    assert_clean(&frontdesk(None, &["check", "--strict"]));
}

#[test]
fn a_question_that_repeats_another_in_other_words_is_warned() {
    let (_dir, root) = content_copy();
    // law-009 asks how long a practice has to act on a request for a copy of one's records; this
    // one asks the same in a new file, reworded, with the same answer.
    fs::write(
        root.join("questions/extra.questions.ron"),
        r#"QuestionSet(questions: [
    Question(
        id: "extra-001",
        domain: LawEthicsCompliance,
        difficulty: Easy,
        stem: "Under HIPAA, how long does a practice have to act on a patient's request for a copy of her medical records?",
        options: [
            (text: "30 calendar days from receiving the request", correct: true, why: "The Privacy Rule's limit."),
            (text: "10 business days", why: "Not the federal limit."),
            (text: "60 calendar days", why: "The limit for amendments."),
            (text: "90 calendar days", why: "Never allowed."),
        ],
        rationale: "Covered entities act on an access request within 30 days.",
        reference: "HIPAA Privacy Rule, 45 CFR 164.524(b)(2)",
    ),
])"#,
    )
    .unwrap();
    assert_lint(
        &root,
        &["check"],
        "questions `extra-001` and `law-009` look like the same question",
        "questions/extra.questions.ron:",
    );
}
