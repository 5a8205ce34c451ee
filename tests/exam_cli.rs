//! `frontdesk exam` through the real binary on the shipped bank: a paper per seed in the
//! profile's proportions, an answer sheet scored, and a bad sheet or profile named.

mod common;

use frontdesk::exam::{assemble, letter};
use std::collections::BTreeMap;
use std::process::{Command, Output};

fn frontdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("the frontdesk binary runs")
}

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// How many items of each domain a paper has.
fn proportions(paper: &serde_json::Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in paper["items"].as_array().expect("items") {
        *counts
            .entry(item["domain"].as_str().expect("domain").to_owned())
            .or_default() += 1;
    }
    counts
}

#[test]
fn another_seed_gives_another_paper_in_the_same_proportions() {
    let first = json(&frontdesk(&[
        "exam",
        "--profile",
        "cmaa",
        "--seed",
        "1",
        "--json",
    ]));
    let again = json(&frontdesk(&[
        "exam",
        "--profile",
        "cmaa",
        "--seed",
        "1",
        "--json",
    ]));
    let second = json(&frontdesk(&[
        "exam",
        "--profile",
        "cmaa",
        "--seed",
        "2",
        "--json",
    ]));
    assert_eq!(first, again, "the same seed, the same paper");
    assert_ne!(first["items"], second["items"]);
    assert_eq!(proportions(&first), proportions(&second));
    assert_eq!(first["items"].as_array().map(Vec::len), Some(135));
    // The paper as text: numbered items with four lettered options.
    let text = frontdesk(&["exam", "--profile", "mini", "--seed", "1"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("\n1. ["), "{text}");
    assert!(text.contains("\n   D. "), "{text}");
}

#[test]
fn an_answer_sheet_is_scored_and_a_blank_one_fails() {
    let library = common::shipped();
    let bank = library.bank();
    let profile = &library
        .exam_profiles
        .iter()
        .find(|p| p.value.id == "mini")
        .expect("mini")
        .value;
    let exam = assemble(&bank, profile, 3).expect("assembles");
    let right: Vec<String> = exam
        .items
        .iter()
        .map(|item| {
            let question = bank.get(&item.question).expect("question");
            let position = item
                .order
                .iter()
                .position(|&o| o == question.answer())
                .expect("answer shown");
            letter(position).to_string()
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let perfect = dir.path().join("perfect.txt");
    std::fs::write(&perfect, right.join("\n")).expect("write");
    let perfect = perfect.to_str().expect("utf-8");
    let result = json(&frontdesk(&[
        "exam",
        "--profile",
        "mini",
        "--seed",
        "3",
        "--answers",
        perfect,
        "--json",
    ]));
    assert_eq!(result["percent"], 100.0);
    assert_eq!(result["passed"], true);
    let blank = dir.path().join("blank.txt");
    std::fs::write(&blank, vec!["-"; right.len()].join("\n")).expect("write");
    let out = frontdesk(&[
        "exam",
        "--profile",
        "mini",
        "--seed",
        "3",
        "--answers",
        blank.to_str().expect("utf-8"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("NOT PASSED"), "{text}");
    assert!(text.contains("left blank"), "{text}");
}

#[test]
fn a_bad_sheet_or_an_unknown_profile_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = dir.path().join("sheet.txt");
    std::fs::write(&sheet, "A\nB\nmaybe\n").expect("write");
    let out = frontdesk(&[
        "exam",
        "--profile",
        "mini",
        "--answers",
        sheet.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("sheet.txt:3:1"), "{stderr}");
    assert!(stderr.contains("`maybe` is not an answer"), "{stderr}");
    let out = frontdesk(&["exam", "--profile", "cmab"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("did you mean `cmaa`?"), "{stderr}");
}
