//! The soak of the core (examples/soak.rs), small enough for every test run: random attempts
//! over every shipped scenario never panic, stay in bounds and replay to the same report.
//! The full soak (a million attempts, release) is run by hand; its figures are in
//! docs/RELIABILITY.md.

#[path = "../examples/soak.rs"]
#[allow(dead_code)]
mod soak;

#[test]
fn two_thousand_random_attempts_hold_their_invariants() {
    let figures = soak::soak(2_000, 7).expect("the shipped content loads");
    assert!(figures.failures.is_empty(), "{:#?}", figures.failures);
    assert_eq!(figures.sequences, 2_000);
    assert!(figures.scenarios >= 60);
    // Random actions are mostly refused, but not all: the desk carried some out.
    assert!(
        figures.refused < figures.actions,
        "{} of {}",
        figures.refused,
        figures.actions
    );
}
