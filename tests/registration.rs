//! New-patient registration on the shipped content: the record fills only from what the patient
//! brings (each entry with its source), the desk refuses entries the world contradicts, the
//! session adds what the eligibility response and the companion's age say, and the CLI shows
//! the family, the word list and the EMTALA debrief.

mod common;

use frontdesk::model::{ActKind, Action, ActionTime, Detail};
use frontdesk::sim::registration::{Field, Source};
use frontdesk::sim::{Refusal, Session};
use std::process::Command;

fn session(scenario: &str) -> Session {
    let library = common::shipped();
    let scenario = &library.scenario(scenario).expect("scenario").value;
    library.setup(scenario, None).expect("setup").session(0)
}

/// An act on an event, `seconds` after its arrival.
fn act(event: &str, seconds: u32, act: ActKind, details: &[Detail]) -> Action {
    let mut action = Action::new(ActionTime::AfterArrival(seconds), act).on(event);
    action.details = details.to_vec();
    action
}

fn last_has(session: &Session, detail: Detail) -> bool {
    session.log.last().is_some_and(|l| l.has(detail))
}

#[test]
fn the_acknowledgment_is_recorded_as_the_patient_acted() {
    let mut s = session("maple-new-patient-registration");
    let window = "new-patient-window";
    let record = |s: &Session| s.state.registration("new-adult").expect("new").clone();
    assert!(record(&s).missing().contains(&Field::NppAcknowledgment));
    assert_eq!(
        s.apply(act(
            window,
            20,
            ActKind::RecordNppAcknowledgment,
            &[Detail::Signed]
        )),
        Err(Refusal::NppNotGiven)
    );
    s.apply(act(window, 30, ActKind::GiveNpp, &[]))
        .expect("given");
    // She declined: "signed" contradicts the world, and a bare refusal says neither.
    let signed = s.apply(act(
        window,
        40,
        ActKind::RecordNppAcknowledgment,
        &[Detail::Signed],
    ));
    assert!(
        matches!(signed, Err(Refusal::NppNotSigned(_))),
        "{signed:?}"
    );
    let bare = s.apply(act(window, 45, ActKind::RecordNppAcknowledgment, &[]));
    assert!(matches!(bare, Err(Refusal::Incomplete(_))), "{bare:?}");
    s.apply(act(
        window,
        50,
        ActKind::RecordNppAcknowledgment,
        &[Detail::Refusal, Detail::GoodFaithEffort],
    ))
    .expect("the refusal, documented");
    let entry = record(&s)
        .entry(Field::NppAcknowledgment)
        .cloned()
        .expect("entered");
    assert_eq!(entry.source, Source::Desk);
    assert!(entry.value.contains("documented"), "{}", entry.value);
}

#[test]
fn each_entry_names_its_source_and_the_card_is_checked_against_the_payer() {
    let mut s = session("maple-new-patient-registration");
    let window = "new-patient-window";
    assert_eq!(
        s.apply(act(window, 20, ActKind::CheckEligibility, &[])),
        Err(Refusal::CardNotScanned)
    );
    s.apply(act(window, 30, ActKind::ScanInsuranceCard, &[]))
        .expect("scanned");
    assert!(last_has(&s, Detail::CardFront) && last_has(&s, Detail::CardBack));
    s.apply(act(window, 40, ActKind::CheckEligibility, &[]))
        .expect("checked");
    assert!(last_has(&s, Detail::CoverageConfirmed));
    s.apply(act(window, 50, ActKind::ScanPhotoId, &[]))
        .expect("has an ID");
    s.apply(act(window, 60, ActKind::RecordEmergencyContact, &[]))
        .expect("named");
    let record = s.state.registration("new-adult").expect("new");
    let source = |f| record.entry(f).map(|e| e.source);
    assert_eq!(source(Field::CardFront), Some(Source::InsuranceCard));
    assert_eq!(source(Field::CardBack), Some(Source::InsuranceCard));
    assert_eq!(
        source(Field::Eligibility),
        Some(Source::EligibilityResponse)
    );
    assert_eq!(source(Field::PhotoId), Some(Source::PhotoId));
    assert_eq!(source(Field::EmergencyContact), Some(Source::PatientWords));
    assert!(
        record
            .entry(Field::EmergencyContact)
            .is_some_and(|e| e.value.contains("Rosa Whitcombe"))
    );
    // A lapsed plan does not match the card.
    let mut ed = session("riverside-ed-registration-emtala");
    ed.apply(act("ed-window", 20, ActKind::EscalateToClinician, &[]))
        .expect("triage");
    ed.apply(act("ed-window", 30, ActKind::ScanInsuranceCard, &[]))
        .expect("scanned");
    ed.apply(act("ed-window", 40, ActKind::CheckEligibility, &[]))
        .expect("checked");
    assert!(last_has(&ed, Detail::CoverageMismatch));
}

#[test]
fn a_minor_is_spoken_for_by_the_guardian_and_a_child_interpreter_is_marked() {
    let mut teen = session("dental-minor-with-guardian");
    let photo = teen.apply(act("teen-window", 20, ActKind::ScanPhotoId, &[]));
    assert!(matches!(photo, Err(Refusal::NoPhotoId(_))), "{photo:?}");
    teen.apply(act("teen-window", 30, ActKind::RecordDemographics, &[]))
        .expect("recorded");
    teen.apply(act("teen-window", 40, ActKind::RecordGuardianConsent, &[]))
        .expect("his mother is here");
    let record = teen.state.registration("teen").expect("new");
    assert_eq!(
        record.entry(Field::Demographics).map(|e| e.source),
        Some(Source::GuardianWords)
    );
    assert!(!record.needed().contains(&Field::Consent));
    let mut visit = session("maple-interpreter-registration");
    visit
        .apply(act(
            "interpreter-window",
            20,
            ActKind::LetCompanionInterpret,
            &[],
        ))
        .expect("her son came with her");
    assert!(last_has(&visit, Detail::CompanionIsMinor));
    // Nobody came with the new adult patient.
    let mut alone = session("maple-new-patient-registration");
    let companion = alone.apply(act(
        "new-patient-window",
        20,
        ActKind::LetCompanionInterpret,
        &[],
    ));
    assert!(
        matches!(companion, Err(Refusal::NoCompanion(_))),
        "{companion:?}"
    );
}

fn frontdesk(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("the frontdesk binary runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[test]
fn the_emtala_debrief_says_what_became_of_him_and_why() {
    let (ok, text) = frontdesk(&[
        "play",
        "riverside-ed-registration-emtala",
        "--plan",
        "asks for the insurance card before calling triage",
    ]);
    assert!(ok, "{text}");
    assert!(text.contains("NOT PASSED"), "{text}");
    assert!(text.contains("REG-08"), "{text}");
    assert!(text.contains("489.24(d)(4)"), "{text}");
    assert!(text.contains("urgent care"), "{text}");
}

#[test]
fn registration_is_a_family_and_its_fields_are_a_word_list() {
    let (ok, stats) = frontdesk(&["stats"]);
    assert!(ok, "{stats}");
    assert!(
        stats.contains("| new-patient registration | 6 |"),
        "{stats}"
    );
    let (ok, words) = frontdesk(&["words", "Registration"]);
    assert!(ok, "{words}");
    for field in [
        "card",
        "eligibility",
        "photo_id",
        "guardian",
        "companion",
        "signs_npp_acknowledgment",
    ] {
        assert!(words.contains(field), "{field}: {words}");
    }
    let (ok, explain) = frontdesk(&["explain", "REG-04"]);
    assert!(ok, "{explain}");
    assert!(explain.contains("92.201(e)(3)"), "{explain}");
}
