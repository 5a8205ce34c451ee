//! Property tests: random action sequences on every shipped scenario never panic, scores stay
//! within bounds, and a missed critical rule always fails the attempt.

mod common;

use frontdesk::model::Severity;
use frontdesk::model::{
    ActKind, Action, ActionTime, ChoiceId, Day, Detail, EventId, ProviderId, SimTime, VisitType,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn library() -> &'static frontdesk::library::Library {
    static LIBRARY: OnceLock<frontdesk::library::Library> = OnceLock::new();
    LIBRARY.get_or_init(common::shipped)
}

/// A random action: any act, at a random time, on a random event (or none), with random
/// details and the ids the scenario uses, so many are possible and many are refused.
fn action_strategy(events: Vec<String>, ids: Vec<String>) -> impl Strategy<Value = Action> {
    let events = proptest::sample::select(
        events
            .into_iter()
            .map(Some)
            .chain([None])
            .collect::<Vec<_>>(),
    );
    let ids = proptest::sample::select(ids.into_iter().map(Some).chain([None]).collect::<Vec<_>>());
    (
        proptest::sample::select(ActKind::ALL.to_vec()),
        prop_oneof![
            (0u32..900).prop_map(ActionTime::AfterArrival),
            (8u32 * 3600..18 * 3600).prop_map(|s| ActionTime::At(SimTime(s))),
        ],
        events,
        proptest::collection::vec(proptest::sample::select(Detail::ALL.to_vec()), 0..5),
        ids.clone(),
        ids,
        proptest::option::of((0u32..24 * 12).prop_map(|m| SimTime(8 * 3600 + m * 300))),
        proptest::option::of(proptest::sample::select(VisitType::ALL.to_vec())),
        proptest::option::of(0u32..3),
    )
        .prop_map(
            |(act, at, event, details, target, choice, start, visit, day)| Action {
                at,
                act,
                event: event.map(EventId::from),
                details,
                patient: None,
                provider: target.as_deref().map(ProviderId::from),
                day: day.map(Day::DaysAhead),
                start,
                visit,
                target,
                quantity: Some(3),
                choice: choice.map(ChoiceId::from),
            },
        )
}

fn scenario_ids() -> Vec<(usize, Vec<String>, Vec<String>)> {
    library()
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = &s.value;
            let events: Vec<String> = s.events.iter().map(|e| e.id.to_string()).collect();
            let mut ids: Vec<String> = s.schedule.iter().map(|a| a.id.clone()).collect();
            ids.extend(s.ledger.iter().map(|c| c.id.clone()));
            ids.extend(s.inventory.iter().map(|c| c.id.clone()));
            ids.extend(
                s.inventory
                    .iter()
                    .flat_map(|c| c.lots.iter())
                    .map(|l| l.id.clone()),
            );
            ids.extend(s.equipment.iter().map(|e| e.id.clone()));
            ids.extend(
                s.events
                    .iter()
                    .flat_map(|e| e.choices.iter())
                    .map(|c| c.id.to_string()),
            );
            if let Some(office) = library().office(&s.office) {
                ids.extend(office.providers.iter().map(|p| p.id.to_string()));
            }
            ids.push("nonsense".into());
            (i, events, ids)
        })
        .collect()
}

fn attempt_strategy() -> impl Strategy<Value = (usize, u64, Vec<Action>)> {
    proptest::sample::select(scenario_ids()).prop_flat_map(|(index, events, ids)| {
        (
            Just(index),
            any::<u64>(),
            proptest::collection::vec(action_strategy(events, ids), 0..60),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_attempts_never_panic_and_scores_stay_in_bounds((index, seed, actions) in attempt_strategy()) {
        let library = library();
        let scenario = &library.scenarios[index].value;
        let setup = library.setup(scenario, None).expect("setup");
        let (session, report) = setup.play(seed, &actions);

        prop_assert!(report.points <= report.max_points);
        prop_assert!(report.percent <= 100);
        prop_assert_eq!(session.log.len(), actions.len(), "every action is logged, refused or not");
        let domain_points: u32 = report.domains.iter().map(|d| d.points).sum();
        prop_assert_eq!(domain_points, report.points);
        for finding in &report.findings {
            prop_assert!(finding.points <= finding.max_points);
            prop_assert_eq!(finding.passed, finding.problems.is_empty());
        }
        let critical_missed = report
            .findings
            .iter()
            .any(|f| !f.passed && f.severity == Severity::Critical);
        if critical_missed {
            prop_assert!(!report.passed, "a critical miss always fails the attempt");
            prop_assert!(!report.critical_failures.is_empty());
        }
        if report.passed {
            prop_assert!(report.percent >= report.pass_percent);
        }
    }
}
