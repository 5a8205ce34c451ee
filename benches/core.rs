//! Benchmarks for the core's performance targets (docs/PERFORMANCE.md):
//! all content loaded, validated and test-planned < 100 ms; one 200-action attempt evaluated
//! < 50 µs (release).

use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::judge::evaluate;
use frontdesk::library::{Library, plan_actions, run_test_plans};
use frontdesk::model::{ActKind, Action, ActionTime, Detail};
use std::hint::black_box;

fn load_and_check_all_content(c: &mut Criterion) {
    // From the files on disk, so every iteration reads and parses them as `check` does.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    c.bench_function("load + validate + run every test plan", |b| {
        b.iter(|| {
            let mut library = Library::load(std::slice::from_ref(&root), None);
            library.validate();
            let (outcomes, problems) = run_test_plans(&library);
            assert!(problems.is_empty());
            black_box(outcomes.len())
        })
    });
}

/// The chest-pain scenario's branch with consequences (a wrong reassurance, his wife's callback
/// ten minutes later, what became of him), padded to 200 actions with notes on both calls (those
/// on the callback wait for a consequence to bring it) and window greetings.
fn two_hundred_actions(library: &Library) -> Vec<Action> {
    let scenario = &library
        .scenario("chest-pain-caller")
        .expect("scenario")
        .value;
    let branch = scenario
        .test_plans
        .iter()
        .find(|p| p.name == "says it is heartburn and ends the call; sends his wife to 911")
        .expect("the callback branch");
    let mut actions = plan_actions(scenario, branch).expect("actions");
    let mut second = 70;
    while actions.len() < 200 {
        for event in ["chest-pain-call", "wife-calls"] {
            let mut note = Action::new(ActionTime::AfterArrival(second), ActKind::Document);
            note.event = Some(event.into());
            note.details = vec![Detail::DateTime, Detail::Outcome];
            actions.push(note);
        }
        let mut greet = Action::new(ActionTime::AfterArrival(second), ActKind::Greet);
        greet.event = Some("form-at-window".into());
        greet.details = vec![Detail::OfferHelp];
        actions.push(greet);
        second += 3;
    }
    actions.truncate(200);
    actions
}

fn evaluate_an_attempt(c: &mut Criterion) {
    let mut library = Library::built_in();
    library.validate();
    let scenario = &library
        .scenario("chest-pain-caller")
        .expect("scenario")
        .value;
    let setup = library.setup(scenario, None).expect("setup");
    let actions = two_hundred_actions(&library);
    let mut session = setup.session(1);
    assert_eq!(
        session.play_script(&actions),
        0,
        "every action is carried out"
    );
    assert_eq!(session.log.len(), 200);
    assert!(
        session.fired.iter().filter(|f| f.is_some()).count() >= 2,
        "the consequences fire"
    );
    c.bench_function("evaluate a 200-action attempt", |b| {
        b.iter(|| black_box(evaluate(black_box(&session), &setup.rules)))
    });
    c.bench_function("play a 200-action attempt (session only)", |b| {
        b.iter(|| {
            let mut session = setup.session(1);
            session.play_script(black_box(&actions));
            black_box(session.log.len())
        })
    });
    c.bench_function(
        "score a played 200-action attempt (evaluate + report)",
        |b| b.iter(|| black_box(frontdesk::scoring::score(black_box(&session), &setup.rules))),
    );
    c.bench_function("play, evaluate and score a 200-action attempt", |b| {
        b.iter(|| black_box(setup.play(1, black_box(&actions))))
    });
}

criterion_group!(benches, load_and_check_all_content, evaluate_an_attempt);
criterion_main!(benches);
