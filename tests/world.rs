//! The rules judge the world, not the script's labels: through the real `frontdesk` binary and
//! the real content, a dangerous act fails whether or not an author tagged it, red-flag windows
//! count from when the caller reached the office, business-day deadlines count on the office's
//! calendar, the clinic's double-book limit is enforced, and an authored fact the office
//! contradicts is refused with its place.

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

/// `frontdesk play … --json` with these actions (RON), as JSON.
fn play(scenario: &str, actions: &str, extra: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("attempt.actions.ron");
    std::fs::write(&script, actions).expect("script");
    let script = script.to_str().expect("utf-8 path");
    let mut args = vec!["play", scenario, "--json", "--actions", script];
    args.extend_from_slice(extra);
    let output = frontdesk(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

fn finding<'a>(report: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no finding of {rule} in {report:#}"))
}

/// A supply closet with one expired lot, and a nurse's request that says nothing about expiry:
/// no `ExpiredLot`, no tag, not even an `about`.
const UNTAGGED_EXPIRED_LOT: &str = r#"Scenario(
    id: "untagged-expired-lot",
    title: "A box of gauze for room 2",
    family: Supplies,
    setting: FamilyPractice,
    domains: [AdministrativeProcedures],
    difficulty: Easy,
    brief: "A quiet morning.",
    expected_minutes: 2,
    office: "maple-street",
    starts_at: "08:00",
    ends_at: "08:20",
    inventory: [(id: "gauze", name: "Sterile gauze 4x4", unit: "box", par: 10, reorder_point: 2, lots: [
        (id: "GZ-OLD", quantity: 3, expires: DaysAgo(20)),
        (id: "GZ-NEW", quantity: 8, expires: DaysAhead(200)),
    ])],
    events: [(
        id: "nurse-asks",
        at: "08:05",
        kind: ClinicianRequest,
        summary: "The nurse needs a box of gauze for room 2",
        says: ["Could you grab me a box of gauze for room 2?"],
    )],
    test_plans: [(
        name: "picks the usable lot",
        actions: [(at: "+30s", act: UseLot, event: "nurse-asks", target: "GZ-NEW")],
        expect: (passed: true, fails: []),
    )],
)"#;

#[test]
fn an_expired_lot_handed_out_fails_critically_without_any_authored_tag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("untagged-expired-lot.scenario.ron");
    std::fs::write(&file, UNTAGGED_EXPIRED_LOT).expect("scenario");
    let file = file.to_str().expect("utf-8 path");
    let check = frontdesk(&["check", file]);
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );

    let report = play(
        file,
        r#"[(at: "+30s", act: UseLot, event: "nurse-asks", target: "GZ-OLD")]"#,
        &[],
    );
    assert_eq!(report["passed"], false);
    assert!(
        report["critical_failures"]
            .as_array()
            .expect("list")
            .contains(&"SUP-04".into()),
        "{report:#}"
    );
    let sup04 = finding(&report, "SUP-04");
    assert_eq!(sup04["severity"], "Critical");
    assert!(
        sup04["evidence"][0]["text"]
            .as_str()
            .expect("text")
            .contains("GZ-OLD (expired stock)"),
        "{sup04:#}"
    );
    // And the first-expired-first-out rule never praises an expired pick.
    assert!(
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["rule"] != "SUP-02"),
        "{report:#}"
    );
}

#[test]
fn a_red_flag_call_left_ringing_fails_with_both_times_in_the_evidence() {
    // The call rings for 1m20s, just short of the caller's patience; once answered, every step
    // is right but unhurried. The 2-minute window counts from the call coming in, so the advice
    // 50s after the caller mentions it is late: with the 1m20s the line rang, 2m10s in all.
    let actions = r#"[
        (at: "+1m20s", act: Answer, event: "chest-pain-call"),
        (at: "+1m22s", act: Say, event: "chest-pain-call", choice: "greeting"),
        (at: "+1m30s", act: Say, event: "chest-pain-call", choice: "ask-why"),
        (at: "+1m40s", act: Say, event: "chest-pain-call", choice: "ask-location"),
        (at: "+2m", act: Say, event: "chest-pain-call", choice: "ask-number"),
        (at: "+2m20s", act: Say, event: "chest-pain-call", choice: "advise-911"),
        (at: "+2m25s", act: Say, event: "chest-pain-call", choice: "confirm-911"),
        (at: "+2m30s", act: EndCall, event: "chest-pain-call"),
    ]"#;
    let report = play("chest-pain-caller", actions, &["--seed", "0"]);
    assert_eq!(report["passed"], false);
    let tri01 = finding(&report, "TRI-01");
    assert_eq!(tri01["passed"], false, "{tri01:#}");
    let problem = tri01["problems"][0].as_str().expect("a problem");
    assert!(
        problem.contains("50s after the first mention; with the 1m 20s the line rang unanswered before that, 2m 10s in all"),
        "the window counts from the call coming in: {problem}"
    );
    let evidence: Vec<(String, String)> = tri01["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| {
            (
                e["at"].as_str().expect("at").to_owned(),
                e["text"].as_str().expect("text").to_owned(),
            )
        })
        .collect();
    let arrival = report["conversations"][0]["arrival"]
        .as_str()
        .expect("arrival")
        .to_owned();
    assert!(
        evidence.contains(&(arrival.clone(), "the call came in".to_owned())),
        "{evidence:?}"
    );
    assert!(
        evidence.iter().any(|(_, text)| text == "«answer the call»"),
        "{evidence:?}"
    );
    assert!(
        evidence
            .iter()
            .any(|(_, text)| text.starts_with("«advise calling 911»")),
        "{evidence:?}"
    );
}

#[test]
fn good_faith_estimate_deadlines_count_business_days_on_the_office_calendar() {
    // Booked on a Wednesday for 14 days ahead (10 business days): the estimate is due within 3
    // business days of booking.
    let call = r#"
        (at: "+6s", act: Answer, event: "new-client-call"),
        (at: "+8s", act: Say, event: "new-client-call", choice: "greeting"),
        (at: "+35s", act: Say, event: "new-client-call", choice: "ask-name-reason"),
        (at: "+1m10s", act: Book, event: "new-client-call", provider: "np-adair", day: DaysAhead(14), start: "14:00", visit: Procedure),
        (at: "+1m40s", act: Say, event: "new-client-call", choice: "verbal-price"),
        (at: "+2m20s", act: Say, event: "new-client-call", choice: "to-the-np"),
    "#;
    let sent_on = |event: &str| {
        let actions =
            format!("[{call} (at: \"+1m\", act: Say, event: \"{event}\", choice: \"send-gfe\")]");
        let report = play("medspa-good-faith-estimate", &actions, &[]);
        finding(&report, "BIL-16")["passed"]
            .as_bool()
            .expect("bool")
    };
    assert!(sent_on("follow-up-friday"), "2 business days: in time");
    assert!(
        sent_on("follow-up-monday"),
        "3 business days, though 5 calendar days: the weekend does not count"
    );
    assert!(!sent_on("follow-up-tuesday"), "4 business days: late");
}

#[test]
fn a_clinic_that_forbids_double_booking_fails_an_approved_double_book() {
    let actions = r#"[
        (at: "+10s", act: Say, event: "lost-appointment", choice: "verify"),
        (at: "+1m", act: RequestApproval, event: "lost-appointment", provider: "dr-lind"),
        (at: "+2m", act: DoubleBook, event: "lost-appointment", provider: "dr-lind", start: "10:15", visit: FollowUp),
    ]"#;
    let standard = play("double-book-approval", actions, &[]);
    assert_eq!(finding(&standard, "SCH-04")["passed"], true);
    let strict = play(
        "double-book-approval",
        actions,
        &["--policy", "no-double-booking"],
    );
    let sch04 = finding(&strict, "SCH-04");
    assert_eq!(sch04["passed"], false);
    assert!(
        sch04["problems"][0]
            .as_str()
            .expect("problem")
            .contains("over the policy's double-book limit"),
        "{sch04:#}"
    );
}

#[test]
fn an_authored_fact_the_office_contradicts_is_refused_with_its_place() {
    let path = "tests/malformed/world-contradiction.scenario.ron";
    assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(path).exists());
    let output = frontdesk(&["check", path]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`ExpiredLot` on event `gauze-check` contradicts the office"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {path}:27:27")), "{stderr}");
    assert!(
        stderr.contains("= hint: the session derives this fact"),
        "{stderr}"
    );
}

#[test]
fn a_reassurance_is_judged_wherever_it_is_given_whatever_the_event_says() {
    // The stroke-signs caller's event names no symptom TRI-09 lists; "probably nothing" still
    // fails it, because the rule also applies wherever the desk gave a reassurance.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args([
            "play",
            "red-flag-while-booking",
            "--plan",
            "tells her it is probably nothing and books next week",
            "--json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let tri09 = finding(&report, "TRI-09");
    assert_eq!(tri09["passed"], false, "{tri09:#}");
    assert_eq!(tri09["severity"], "Critical");
}
