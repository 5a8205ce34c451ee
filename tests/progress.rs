//! Progress that lasts: attempts saved through the real CLI, a save killed mid-write, export
//! and import, migration from the previous schema, and re-scoring from stored seeds and actions.

mod common;

use frontdesk::model::Domain;
use frontdesk::progress::{
    Attempt, AttemptKind, FindingRecord, ProfileExport, Store, StoreError, schema,
};
use std::path::Path;
use std::process::{Command, Output};

fn frontdesk(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .env("FRONTDESK_DATA", data)
        .output()
        .expect("the frontdesk binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Plays the chest-pain example scripts into `profile`: a failed attempt, then a passed one.
fn play_two(data: &Path, profile: &str) {
    for (script, seed) in [("mistakes", "0"), ("ideal", "4")] {
        let actions = format!("docs/examples/chest-pain-{script}.actions.ron");
        let out = frontdesk(
            data,
            &[
                "play",
                "chest-pain-caller",
                "--actions",
                &actions,
                "--seed",
                seed,
                "--profile",
                profile,
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
}

#[test]
fn played_attempts_are_kept_with_mastery_and_reviews() {
    let data = tempfile::tempdir().expect("temp dir");
    play_two(data.path(), "ana");
    let store = Store::open_in(data.path()).expect("opens");
    let history = store.history("ana").expect("profile exists");
    assert_eq!(history.len(), 2);
    assert!(!history[0].passed && history[1].passed);
    assert_eq!(history[1].seed, 4);
    let mastery = store.mastery("ana").expect("mastery");
    let communication = mastery
        .iter()
        .find(|m| m.domain == Domain::CommunicationProfessionalism)
        .expect("every domain");
    assert!(communication.findings > 0);
    assert!(communication.percent.is_some_and(|p| p > 0.0 && p < 100.0));
    // The first attempt's misses became cards; the passed retry moved the rules it passed up
    // a box (rules it did not meet, such as hold etiquette with no hold, stay in box 1).
    let cards = store.cards("ana").expect("cards");
    let tri01 = cards
        .iter()
        .find(|c| c.id == "TRI-01")
        .expect("911 miss has a card");
    assert_eq!(tri01.leitner_box, 2);
    assert!(cards.iter().all(|c| c.leitner_box <= 2), "{cards:?}");

    let out = frontdesk(data.path(), &["progress", "--profile", "ana", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["history"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["mastery"].as_array().map(Vec::len), Some(7));

    let listed = frontdesk(data.path(), &["progress"]);
    assert!(text(&listed.stdout).contains("ana"));
}

#[test]
fn a_stored_attempt_rescores_to_the_same_report() {
    let data = tempfile::tempdir().expect("temp dir");
    play_two(data.path(), "ana");
    let library = common::shipped();
    let store = Store::open_in(data.path()).expect("opens");
    for line in store.history("ana").expect("history") {
        let attempt = store.attempt("ana", line.id).expect("attempt");
        let scenario = library.scenario(&attempt.item).expect("scenario");
        let setup = library
            .setup(&scenario.value, attempt.policy.as_deref())
            .expect("setup");
        let (_, report) = setup.play(attempt.seed, &attempt.actions().expect("actions"));
        assert_eq!(f64::from(report.percent), attempt.score_percent);
        assert_eq!(report.passed, attempt.passed);
        // The same attempt, on the same version of the scenario file (kept by `play --profile`).
        let again = Attempt::of_scenario(&report, &attempt.actions().expect("actions"), attempt.at)
            .expect("attempt")
            .on_version(Some(scenario.source.version()));
        assert_eq!(again, attempt);
    }
    let out = frontdesk(data.path(), &["progress", "--profile", "ana", "--rescore"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("then  11 %  now  11 %"), "{stdout}");
    assert!(stdout.contains("then 100 %  now 100 %"), "{stdout}");
}

#[test]
fn a_profile_round_trips_through_export_and_import() {
    let data = tempfile::tempdir().expect("temp dir");
    play_two(data.path(), "ana");
    let file = data.path().join("ana.json");
    let file_arg = file.to_str().expect("utf-8 path");
    let out = frontdesk(
        data.path(),
        &["progress", "--profile", "ana", "--export", file_arg],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let clash = frontdesk(data.path(), &["progress", "--import", file_arg]);
    assert_eq!(clash.status.code(), Some(1));
    assert!(text(&clash.stderr).contains("already exists"));

    let out = frontdesk(
        data.path(),
        &["progress", "--import", file_arg, "--as", "ana copy"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let store = Store::open_in(data.path()).expect("opens");
    let original = store.export("ana").expect("export");
    let copy = store.export("ana copy").expect("export");
    assert_eq!(copy.attempts, original.attempts);
    assert_eq!(copy.cards, original.cards);
    assert_eq!(copy.created, original.created);

    std::fs::write(&file, "{ \"format\": \"something else\" }").expect("write");
    let bad = frontdesk(
        data.path(),
        &["progress", "--import", file_arg, "--as", "x"],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("not a Frontdesk profile"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn a_database_of_the_previous_schema_is_migrated_and_keeps_its_attempts() {
    let data = tempfile::tempdir().expect("temp dir");
    let path = data.path().join("progress.sqlite");
    {
        let mut conn = rusqlite::Connection::open(&path).expect("open");
        schema::migrate_to(&mut conn, schema::CURRENT_VERSION - 1).expect("v1");
        conn.execute_batch(
            "INSERT INTO profile (id, name, created) VALUES (1, 'old timer', 1700000000);
             INSERT INTO attempt (id, profile_id, kind, at, item, seed, payload, score_percent, passed)
             VALUES (1, 1, 'scenario', 1700000100, 'chest-pain-caller', 9, '[]', 40.0, 0);
             INSERT INTO finding VALUES (1, 'TRI-01', 'PatientEncounter', 0, 0, 20);",
        )
        .expect("v1 rows");
    }
    let mut store = Store::open(&path).expect("migrates");
    let conn = rusqlite::Connection::open(&path).expect("open");
    assert_eq!(
        schema::version(&conn).expect("version"),
        schema::CURRENT_VERSION
    );
    let history = store.history("old timer").expect("kept");
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].seed, history[0].scaled), (9, None));
    let attempt = store.attempt("old timer", history[0].id).expect("attempt");
    assert_eq!(attempt.policy, None);
    assert_eq!(attempt.findings[0].rule, "TRI-01");
    // The migrated database takes new attempts, cards included.
    let mut next = attempt.clone();
    next.at += 86_400;
    next.findings = vec![FindingRecord {
        rule: "TRI-01".into(),
        domain: Domain::PatientEncounter,
        passed: false,
        points: 0,
        max_points: 20,
    }];
    assert_eq!(
        attempt.scenario_version, None,
        "saved before versions were kept"
    );
    next.scenario_version = Some("5d0c8e1f2a3b".into());
    store.save_attempt("old timer", &next).expect("saves");
    assert_eq!(store.cards("old timer").expect("cards").len(), 1);
    // … and keeps the version of the scenario file a new one was played on.
    let history = store.history("old timer").expect("both");
    let saved = store
        .attempt("old timer", history[1].id)
        .expect("the new one");
    assert_eq!(saved.scenario_version.as_deref(), Some("5d0c8e1f2a3b"));
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let data = tempfile::tempdir().expect("temp dir");
    let path = data.path().join("progress.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", 99)
            .expect("version");
    }
    match Store::open(&path) {
        Err(StoreError::NewerSchema { found: 99, .. }) => {}
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a newer schema must be refused"),
    }
    let conn = rusqlite::Connection::open(&path).expect("open");
    assert_eq!(schema::version(&conn).expect("version"), 99);
}

/// A profile export with `n` attempts of ten findings each.
fn big_export(n: usize) -> ProfileExport {
    let attempt = Attempt {
        kind: AttemptKind::Scenario,
        at: 1_750_000_000,
        item: "chest-pain-caller".into(),
        seed: 1,
        policy: Some("standard".into()),
        payload: "[]".into(),
        score_percent: 50.0,
        passed: false,
        scaled: None,
        duration_seconds: None,
        scenario_version: None,
        answers: Vec::new(),
        findings: (0..10)
            .map(|k| FindingRecord {
                rule: format!("PH-{k:02}"),
                domain: Domain::CommunicationProfessionalism,
                passed: k % 2 == 0,
                points: 5,
                max_points: 5,
            })
            .collect(),
    };
    ProfileExport {
        format: frontdesk::progress::EXPORT_FORMAT.into(),
        version: frontdesk::progress::EXPORT_VERSION,
        name: "big".into(),
        created: 1_750_000_000,
        attempts: vec![attempt; n],
        cards: Vec::new(),
    }
}

#[cfg(unix)]
#[test]
fn a_save_killed_midway_loses_no_earlier_attempt_and_leaves_a_database_that_opens() {
    use std::time::{Duration, Instant};
    let data = tempfile::tempdir().expect("temp dir");
    play_two(data.path(), "ana");
    let file = data.path().join("big.json");
    big_export(40_000).write(&file).expect("export written");

    let mut child = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args([
            "progress",
            "--import",
            file.to_str().expect("utf-8"),
            "--as",
            "big",
        ])
        .env("FRONTDESK_DATA", data.path())
        .env_remove("FRONTDESK_CONTENT")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    // Kill it once the import is writing: the write-ahead log has grown past its earlier size.
    let wal = data.path().join("progress.sqlite-wal");
    let before = std::fs::metadata(&wal).map_or(0, |m| m.len());
    let started = Instant::now();
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < before + 512 * 1024 {
        assert!(
            child.try_wait().expect("status").is_none(),
            "the import finished before it could be interrupted; make the export bigger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reaped");
    assert!(!status.success());

    let store = Store::open_in(data.path()).expect("the database still opens");
    assert!(store.integrity_ok().expect("integrity check runs"));
    assert_eq!(store.history("ana").expect("kept").len(), 2);
    let names: Vec<String> = store
        .profiles()
        .expect("profiles")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        vec!["ana".to_owned()],
        "the half-done import left nothing behind"
    );
}
