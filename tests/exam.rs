//! Exams drawn from the shipped bank and profiles: the CMAA-style profile has the test plan's
//! shape, every profile assembles without repeats, and the same seed draws the same exam.

mod common;

use frontdesk::exam::{assemble, share};
use std::collections::BTreeSet;

#[test]
fn every_shipped_profile_assembles_in_its_proportions_without_repeats() {
    let library = common::shipped();
    let bank = library.bank();
    assert!(
        bank.questions.len() >= 350,
        "{} questions",
        bank.questions.len()
    );
    for profile in library.exam_profiles.iter().map(|p| &*p.value) {
        for seed in 0..20 {
            let exam = assemble(&bank, profile, seed).expect("assembles");
            let total = (profile.scored_items + profile.pretest_items) as usize;
            assert_eq!(exam.items.len(), total, "{}", profile.id);
            let ids: BTreeSet<&str> = exam.items.iter().map(|i| i.question.as_str()).collect();
            assert_eq!(ids.len(), total, "{}: an item repeats", profile.id);
            for (domain, n) in share(profile.scored_items, &profile.domains) {
                let scored = exam
                    .items
                    .iter()
                    .filter(|i| i.domain == domain && !i.pretest)
                    .count();
                assert_eq!(scored as u32, n, "{} {domain}", profile.id);
            }
            assert_eq!(exam, assemble(&bank, profile, seed).expect("again"));
        }
    }
}

#[test]
fn the_cmaa_profile_matches_the_test_plan() {
    let library = common::shipped();
    let cmaa = library.exam_profile("cmaa").expect("cmaa profile");
    assert_eq!(
        (
            cmaa.scored_items,
            cmaa.pretest_items,
            cmaa.time_limit_minutes
        ),
        (110, 25, 135)
    );
    assert_eq!(
        (cmaa.scale.min, cmaa.scale.max, cmaa.scale.pass),
        (200, 500, 390)
    );
    let counts: Vec<u32> = cmaa.domains.values().copied().collect();
    assert_eq!(counts, vec![10, 21, 17, 16, 21, 11, 14]);
}
