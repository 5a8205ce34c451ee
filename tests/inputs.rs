//! Inputs that are not what they claim (issue 15): a pipe or a device named like content, a
//! text of megabytes, deep nesting as documented. Every command ends, with a located error and
//! exit code 1, never a hang, a panic or gigabytes of memory.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary and fails the test if it has not finished within `limit`.
fn frontdesk_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(dir)
        .env_remove("FRONTDESK_CONTENT")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!(
                "`frontdesk {}` hung for more than {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

fn shipped_copy(dir: &Path) -> std::path::PathBuf {
    let content = dir.join("content");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        &content,
    );
    content
}

#[test]
fn a_pipe_named_like_content_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = shipped_copy(dir.path());
    let fifo = content.join("phone/x.scenario.ron");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available here; skipping");
        return;
    }
    // A folder with a content name is a folder, and is walked.
    std::fs::create_dir_all(content.join("phone/y.scenario.ron")).expect("mkdir");
    for args in [
        &["--content", "content", "check"][..],
        &["--content", "content", "list"],
        &["--content", "content", "stats"],
        &[
            "--content",
            "content",
            "play",
            "chest-pain-caller",
            "--plan",
            "ideal",
        ],
        &["--content", "content", "explain", "TRI-01"],
    ] {
        let out = frontdesk_within(dir.path(), args, Duration::from_secs(60));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{args:?}\n{stdout}{stderr}");
        assert!(
            format!("{stdout}{stderr}").contains("x.scenario.ron:1:1"),
            "{args:?}: the pipe is named\n{stdout}{stderr}"
        );
        assert!(!stderr.contains("panicked"));
    }
    // A device given as a script.
    let out = frontdesk_within(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["play", "chest-pain-caller", "--actions", "/dev/zero"],
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a pipe, a socket or a device"));
}

#[test]
fn a_text_of_megabytes_is_refused_at_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = shipped_copy(dir.path());
    let file = content.join("rules/phone.rules.ron");
    let text = std::fs::read_to_string(&file).expect("read");
    let long = format!("title: \"{}\"", "x".repeat(3_900_000));
    std::fs::write(
        &file,
        text.replacen("title: \"Answer within three rings\"", &long, 1),
    )
    .expect("write");
    let out = frontdesk_within(
        dir.path(),
        &["--content", "content", "check"],
        Duration::from_secs(60),
    );
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("this text is 3900 KB long; a text in content may be at most 20 KB"),
        "{all}"
    );
    assert!(all.contains("phone.rules.ron:8:20"), "{all}");
}

#[test]
fn sixty_four_levels_of_nesting_are_allowed_as_documented() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut condition = "Kind(Call)".to_owned();
    for _ in 0..64 {
        condition = format!("Not({condition})");
    }
    let file = dir.path().join("deep.rules.ron");
    std::fs::write(
        &file,
        format!(
            "RulePack(id: \"deep\", title: \"Deep\", rules: [Rule(id: \"DEEP-01\", title: \"Deep\", \
             domain: PatientEncounter, severity: Practice, points: 1, applies_when: Event({condition}), \
             require: [Act(act: Answer)], feedback: (pass: \"p\", fail: \"f\"), \
             reference: \"AHRQ, Tool #7 (ahrq.gov), 2020\")])"
        ),
    )
    .expect("write");
    let out = frontdesk_within(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", file.to_str().expect("utf-8")],
        Duration::from_secs(60),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(!stdout.contains("nested too deeply"), "{stdout}");
}
