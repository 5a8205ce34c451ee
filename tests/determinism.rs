//! Same scenario, seed and actions → the same report, byte for byte; a different seed varies
//! the attempt (names, arrival times) but never the verdict of a test plan.

mod common;

use frontdesk::library::plan_actions;

#[test]
fn every_test_plan_gives_byte_identical_reports_when_replayed() {
    let library = common::shipped();
    let mut compared = 0;
    for scenario in &library.scenarios {
        for plan in &scenario.value.test_plans {
            let setup = library
                .setup(&scenario.value, plan.policy.as_deref())
                .expect("setup resolves");
            let actions = plan_actions(&scenario.value, plan).expect("plan actions");
            let (_, first) = setup.play(plan.seed, &actions);
            let (_, second) = setup.play(plan.seed, &actions);
            let first = serde_json::to_string(&first).expect("json");
            let second = serde_json::to_string(&second).expect("json");
            assert_eq!(first, second, "{} / {}", scenario.value.id, plan.name);
            compared += 1;
        }
    }
    assert!(compared > 0);
}

#[test]
fn other_seeds_keep_each_plans_verdict() {
    let library = common::shipped();
    for scenario in &library.scenarios {
        for plan in &scenario.value.test_plans {
            let setup = library
                .setup(&scenario.value, plan.policy.as_deref())
                .expect("setup resolves");
            let actions = plan_actions(&scenario.value, plan).expect("plan actions");
            let (_, base) = setup.play(plan.seed, &actions);
            for seed in [1, 42, 9_999, u64::MAX] {
                let (session, report) = setup.play(seed, &actions);
                assert_eq!(report.seed, seed);
                assert_eq!(
                    report.failed_rules(),
                    base.failed_rules(),
                    "{} / {} with seed {seed}",
                    scenario.value.id,
                    plan.name
                );
                assert_eq!(report.passed, base.passed);
                assert!(session.finished());
            }
        }
    }
}
