//! A shipped clinic policy that disables a built-in rule and brings its own: the mental-health
//! clinic's voicemails never name the clinic. The same attempt under the standard policy is
//! judged by the built-in rule instead.

use std::process::Command;

/// (rule, event judged, passed) for each finding.
fn findings(extra: &[&str]) -> Vec<(String, String, bool)> {
    let mut args = vec![
        "play",
        "harbor-confidential-voicemail",
        "--plan",
        "names the clinic in Leah's voicemail",
        "--json",
    ];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().expect("rule").to_owned(),
                f["event"].as_str().unwrap_or_default().to_owned(),
                f["passed"].as_bool().expect("passed"),
            )
        })
        .collect()
}

#[test]
fn the_clinics_own_voicemail_rule_replaces_the_built_in_one() {
    let verdict = |findings: &[(String, String, bool)], rule: &str, event: &str| {
        findings
            .iter()
            .find(|(r, e, _)| r == rule && e == event)
            .map(|(_, _, passed)| *passed)
    };
    let clinic = findings(&[]);
    assert!(
        clinic.iter().all(|(rule, ..)| rule != "PH-06"),
        "PH-06 is disabled: {clinic:?}"
    );
    // Leah's message names the clinic; Theo's does not.
    assert_eq!(
        verdict(&clinic, "HMH-01", "remind-leah"),
        Some(false),
        "{clinic:?}"
    );
    assert_eq!(
        verdict(&clinic, "HMH-01", "rebook-theo"),
        Some(true),
        "{clinic:?}"
    );

    let standard = findings(&["--policy", "standard"]);
    assert!(
        standard.iter().all(|(rule, ..)| rule != "HMH-01"),
        "{standard:?}"
    );
    // The standard office asks for the practice's name: Leah's message passes, Theo's (no
    // name) does not.
    assert_eq!(
        verdict(&standard, "PH-06", "remind-leah"),
        Some(true),
        "{standard:?}"
    );
    assert_eq!(
        verdict(&standard, "PH-06", "rebook-theo"),
        Some(false),
        "{standard:?}"
    );
}

#[test]
fn explain_shows_a_policys_own_rule() {
    let out = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["explain", "HMH-01"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("A rule of its own in the policy `mental-health`"),
        "{stdout}"
    );
}
