//! The rule language's clauses, one by one, asserted on the evaluator's typed result (which
//! clause, which act, which times), never on wording.

use super::*;
use crate::model::*;
use crate::rules::{Invariant, Rule};
use crate::scenario::{Office, Policy, Scenario};
use crate::sim::Session;
use crate::source::parse;
use std::path::Path;
use std::sync::Arc;

const OFFICE: &str = r#"Office(
    id: "o", name: "Test Office", setting: FamilyPractice, phone: "555", desk_name: "Alex",
    opens: "08:00", closes: "17:00",
    providers: [(id: "dr-a", name: "Dr. A", role: Physician)],
    policy: "p",
)"#;

const POLICY: &str = r#"Policy(
    id: "p", title: "Test", values: {"emergency_advice_seconds": 60},
    visit_minutes: {Acute: 20},
)"#;

const SCENARIO: &str = r#"Scenario(
    id: "s", title: "Test", family: PhoneTriage, setting: FamilyPractice,
    domains: [PatientEncounter], difficulty: Easy, brief: "", expected_minutes: 1,
    office: "o", starts_at: "09:00", ends_at: "10:00",
    patients: [(id: "p1", name: "Pat One", age: Years(30)), (id: "p2", name: "Sam Two", age: Years(40))],
    inventory: [(id: "gauze", name: "Gauze", unit: "box", par: 10, reorder_point: 4, lots: [
        (id: "old", quantity: 2, expires: DaysAgo(1)),
        (id: "good", quantity: 2, expires: DaysAhead(90)),
    ])],
    equipment: [(id: "aed", name: "AED", kind: Aed), (id: "kit", name: "Kit", kind: EmergencyKit)],
    events: [
        (id: "call", at: "09:00", kind: Call, summary: "A call", patient: "p1", facts: [ChestPain]),
        (id: "other", at: "09:00", kind: Call, summary: "Another call", patient: "p2"),
        (id: "alert", at: "09:00", kind: Alert, summary: "AED check", about: ["aed"]),
        (id: "screened", at: "09:10", kind: Call, summary: "A routine call", patient: "p2",
         replies: [(after: ScreenForEmergency, text: "Well, my son just had a fit.", reveals: [Seizure])]),
    ],
)"#;

fn rule(clauses: &str) -> Rule {
    let text = format!(
        r#"Rule(id: "T-1", title: "t", domain: PatientEncounter, severity: Critical, points: 10,
        {clauses}, feedback: (pass: "", fail: ""), reference: "r")"#
    );
    parse(Path::new("t.rules.ron"), &text).expect("rule parses")
}

/// Plays `(time, act, event, details)` in order, to the end of the scenario.
fn played(acts: &[(&str, ActKind, Option<&str>, &[Detail])]) -> Session {
    let actions = acts.iter().map(|(at, kind, event, details)| {
        let mut action = Action::new(ActionTime::parse(at).expect("time"), *kind);
        action.event = event.map(EventId::from);
        action.details = details.to_vec();
        action
    });
    play(actions.collect())
}

fn play(actions: Vec<Action>) -> Session {
    let path = Path::new("t.ron");
    let scenario: Scenario = parse(path, SCENARIO).expect("scenario");
    let office: Office = parse(path, OFFICE).expect("office");
    let policy: Policy = parse(path, POLICY).expect("policy");
    let mut session = Session::new(Arc::new(scenario), Arc::new(office), Arc::new(policy), 0);
    session.play_script(&actions);
    session
}

/// An act on an office thing (`target`), with no event.
fn on(at: &str, kind: ActKind, target: &str) -> Action {
    let mut action = Action::new(ActionTime::parse(at).expect("time"), kind);
    action.target = Some(target.into());
    action
}

/// The single finding a one-rule evaluation gives.
fn one(mut findings: Vec<Finding<'_>>) -> Finding<'_> {
    assert_eq!(findings.len(), 1, "{findings:?}");
    findings.remove(0)
}

const ON_CALL: &str = r#"applies_when: Event(Fact(ChestPain))"#;

#[test]
fn within_counts_from_the_arrival_and_names_both_times_when_late() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: AdviseEmergency, within: Seconds(30))]"
    ));
    let s = played(&[
        ("09:00:10", ActKind::Answer, Some("call"), &[]),
        ("09:00:50", ActKind::AdviseEmergency, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert_eq!(f.anchor, Anchor::Arrival);
    assert!(matches!(
        f.problems[..],
        [Problem::Unmet {
            found: 0,
            needed: 1,
            miss: Some(Miss::TooLate { act: 1, start, limit: Deadline::Seconds(30), unanswered: 0 }),
            ..
        }] if start == SimTime::hms(9, 0, 0)
    ));
    // The evidence names every moment that decided it: the call coming in, the answer, the
    // late advice.
    let arrived = Evidence::Moment(Moment {
        at: SimTime::hms(9, 0, 0),
        event: 0,
        told: None,
    });
    assert_eq!(
        f.evidence,
        vec![arrived, Evidence::Act(0), Evidence::Act(1)]
    );
    let s = played(&[
        ("09:00:10", ActKind::Answer, Some("call"), &[]),
        ("09:00:20", ActKind::AdviseEmergency, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(f.passed());
    assert_eq!(f.evidence, vec![arrived, Evidence::Act(1)]);
}

#[test]
fn since_an_act_starts_the_window_at_that_act_or_misses_without_it() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: AdviseEmergency, within: Policy(\"emergency_advice_seconds\"), since: Act(Answer))]"
    ));
    let s = played(&[
        ("09:00:40", ActKind::Answer, Some("call"), &[]),
        ("09:01:30", ActKind::AdviseEmergency, Some("call"), &[]),
    ]);
    assert!(one(evaluate(&s, &[&r])).passed(), "50 s after answering");
    let s = played(&[
        ("09:00:40", ActKind::Answer, Some("call"), &[]),
        ("09:02:00", ActKind::AdviseEmergency, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            miss: Some(Miss::TooLate { act: 1, start, limit: Deadline::Seconds(60), unanswered: 0 }),
            ..
        } if start == SimTime::hms(9, 0, 40)
    ));
    let s = played(&[("09:00:40", ActKind::Document, Some("call"), &[])]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            miss: None,
            found: 0,
            ..
        }
    ));
}

#[test]
fn a_policy_number_the_policy_does_not_set_is_a_typed_miss() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: CheckBack, within: Policy(\"hold_check_back_seconds\"))]"
    ));
    // hold_check_back_seconds has a default (45 s): the rule is judged with it.
    let s = played(&[("09:00:05", ActKind::Answer, Some("call"), &[])]);
    assert!(!one(evaluate(&s, &[&r])).passed());
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: Answer, within: Policy(\"emergency_advice_seconds\"))]"
    ));
    let mut s = played(&[("09:00:05", ActKind::Answer, Some("call"), &[])]);
    assert!(one(evaluate(&s, &[&r])).passed());
    // emergency_advice_seconds has no default: unset, the clause cannot be met.
    Arc::make_mut(&mut s.policy).values.clear();
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[..],
        [Problem::Unmet {
            miss: Some(Miss::PolicyUnset(PolicyParam::EmergencyAdviceSeconds)),
            ..
        }]
    ));
}

#[test]
fn before_names_the_act_that_came_first() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: AdviseEmergency, before: [PlaceOnHold])]"
    ));
    let s = played(&[
        ("09:00:05", ActKind::Answer, Some("call"), &[]),
        ("09:00:10", ActKind::PlaceOnHold, Some("call"), &[]),
        ("09:00:20", ActKind::ResumeCall, Some("call"), &[]),
        ("09:00:25", ActKind::AdviseEmergency, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            miss: Some(Miss::CameAfter { act: 3, earlier: 1 }),
            ..
        }
    ));
}

#[test]
fn after_needs_an_earlier_act_of_each_kind() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: ConfirmWillCallEmergency, after: [AdviseEmergency])]"
    ));
    let s = played(&[
        ("09:00:05", ActKind::Answer, Some("call"), &[]),
        (
            "09:00:10",
            ActKind::ConfirmWillCallEmergency,
            Some("call"),
            &[],
        ),
        ("09:00:20", ActKind::AdviseEmergency, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            miss: Some(Miss::NotAfter {
                act: 1,
                kind: ActKind::AdviseEmergency
            }),
            ..
        }
    ));
}

#[test]
fn count_reports_how_many_were_found_of_how_many_needed() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: RepeatEmergencyAdvice, count: 2)]"
    ));
    let s = played(&[
        ("09:00:05", ActKind::Answer, Some("call"), &[]),
        (
            "09:00:10",
            ActKind::RepeatEmergencyAdvice,
            Some("call"),
            &[],
        ),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            found: 1,
            needed: 2,
            miss: None,
            ..
        }
    ));
}

#[test]
fn scope_same_event_ignores_acts_on_other_events_and_anywhere_sees_them() {
    let same = rule(&format!("{ON_CALL}, require: [Act(act: Document)]"));
    let anywhere = rule(&format!(
        "{ON_CALL}, require: [Act(act: Document, scope: Anywhere)]"
    ));
    let s = played(&[("09:00:30", ActKind::Document, Some("other"), &[])]);
    assert!(!one(evaluate(&s, &[&same])).passed());
    let f = one(evaluate(&s, &[&anywhere]));
    assert!(f.passed());
    assert_eq!(f.evidence, vec![Evidence::Act(0)]);
}

#[test]
fn for_patient_and_about_event_name_the_act_that_was_for_something_else() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: Document, scope: Anywhere, for_patient: true)]"
    ));
    let s = played(&[("09:00:30", ActKind::Document, Some("other"), &[])]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            miss: Some(Miss::OtherPatient { act: 0 }),
            ..
        }
    ));

    let r = rule(
        r#"applies_when: Event(Kind(Alert)), require: [Act(act: LogCheck, scope: Anywhere, about_event: true)]"#,
    );
    let s = play(vec![on("09:01", ActKind::LogCheck, "kit")]);
    assert!(s.log[0].refused.is_none());
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            miss: Some(Miss::OtherTarget { act: 0 }),
            ..
        }
    ));
}

#[test]
fn includes_excludes_and_some_of_say_which_details_were_wrong() {
    let includes = rule(&format!(
        "{ON_CALL}, require: [Act(act: Document, includes: [DateTime, Outcome])]"
    ));
    let excludes = rule(&format!(
        "{ON_CALL}, require: [Act(act: Document, excludes: [ConditionNamed])]"
    ));
    let some_of = rule(&format!(
        "{ON_CALL}, require: [Act(act: Document, some_of: (count: 2, of: [DateTime, Outcome, Urgency]))]"
    ));
    let s = played(&[(
        "09:00:30",
        ActKind::Document,
        Some("call"),
        &[Detail::DateTime, Detail::ConditionNamed],
    )]);
    let found = evaluate(&s, &[&includes, &excludes, &some_of]);
    let misses: Vec<Option<Miss>> = found
        .iter()
        .map(|f| match &f.problems[0] {
            Problem::Unmet { miss, .. } => *miss,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        misses,
        vec![
            Some(Miss::LeftOut { act: 0 }),
            Some(Miss::Excluded {
                act: 0,
                detail: Detail::ConditionNamed
            }),
            Some(Miss::TooFew { act: 0, have: 1 }),
        ]
    );
}

#[test]
fn a_refused_act_is_the_near_miss_when_nothing_counted() {
    let r = rule(&format!("{ON_CALL}, require: [Act(act: Greet)]"));
    // Talking to a line that is still ringing is refused.
    let s = played(&[("09:00:05", ActKind::Greet, Some("call"), &[])]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[0],
        Problem::Unmet {
            miss: Some(Miss::Refused { act: 0 }),
            ..
        }
    ));
    assert!(matches!(
        s.log[0].refused,
        Some(crate::sim::Refusal::StillRinging(_))
    ));
}

#[test]
fn any_of_holds_with_one_option_and_lists_every_option_when_none_holds() {
    let r = rule(&format!(
        "{ON_CALL}, require: [AnyOf([Act(act: TransferToNurse), Act(act: EscalateToClinician)])]"
    ));
    let s = played(&[
        ("09:00:05", ActKind::Answer, Some("call"), &[]),
        ("09:00:10", ActKind::EscalateToClinician, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert_eq!(f.evidence, vec![Evidence::Act(1)]);
    let s = played(&[("09:00:05", ActKind::Answer, Some("call"), &[])]);
    let f = one(evaluate(&s, &[&r]));
    match &f.problems[0] {
        Problem::NoneOf(options) => assert_eq!(options.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn forbid_names_each_forbidden_act() {
    let r = rule(&format!(
        "{ON_CALL}, require: [Act(act: Answer)], forbid: [Act(act: GiveMedicalAdvice)]"
    ));
    let s = played(&[
        ("09:00:05", ActKind::Answer, Some("call"), &[]),
        ("09:00:10", ActKind::GiveMedicalAdvice, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[..],
        [Problem::Forbidden { act: 1, .. }]
    ));
    assert_eq!(f.evidence, vec![Evidence::Act(0), Evidence::Act(1)]);
}

#[test]
fn invariants_hold_as_evidence_or_break_with_what_was_wrong() {
    let r = rule(r#"applies_when: Session, require: [Invariant(NoExpiredLotsOnShelf)]"#);
    let s = played(&[]);
    let findings = evaluate(&s, &[&r]);
    assert_eq!(findings[0].anchor, Anchor::Start);
    assert_eq!(
        findings[0].problems,
        vec![Problem::Broken(Breach::ExpiredOnShelf {
            lot: "old".into()
        })]
    );
    let s = play(vec![on("09:10", ActKind::RemoveLot, "old")]);
    let findings = evaluate(&s, &[&r]);
    assert!(findings[0].passed());
    assert!(matches!(
        findings[0].evidence[..],
        [Evidence::Held(Invariant::NoExpiredLotsOnShelf)]
    ));
}

#[test]
fn an_act_trigger_judges_each_act_from_its_own_time() {
    let r = rule(
        r#"applies_when: Action(act: PlaceOnHold), require: [Act(act: CheckBack, within: Seconds(30))]"#,
    );
    let s = played(&[
        ("09:00:05", ActKind::Answer, Some("call"), &[]),
        ("09:00:10", ActKind::PlaceOnHold, Some("call"), &[]),
        ("09:00:30", ActKind::CheckBack, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert_eq!(f.anchor, Anchor::Act(1));
    assert_eq!(f.at, SimTime::hms(9, 0, 10));
    assert!(f.passed());
}

#[test]
fn reveal_opens_the_window_when_the_fact_is_told_and_never_if_it_is_not() {
    let r = rule(
        r#"applies_when: Event(Fact(Seizure)), require: [Act(act: AdviseEmergency, within: Seconds(30), since: Reveal)]"#,
    );
    // Told at 09:12 when screened; 911 advised 20 s later (25 s with the 5 s the line rang): in
    // time, though 2m20s after the ring.
    let s = played(&[
        ("09:10:05", ActKind::Answer, Some("screened"), &[]),
        (
            "09:12:00",
            ActKind::ScreenForEmergency,
            Some("screened"),
            &[],
        ),
        ("09:12:20", ActKind::AdviseEmergency, Some("screened"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(f.passed(), "{f:?}");
    let screened = s.event_index("screened").expect("event");
    assert!(f.evidence.contains(&Evidence::Moment(Moment {
        at: SimTime::hms(9, 12, 0),
        event: screened,
        told: Some(Fact::Seizure),
    })));
    // Never screened: the caller never says it, and the window never opens.
    let s = played(&[
        ("09:10:05", ActKind::Answer, Some("screened"), &[]),
        ("09:12:20", ActKind::AdviseEmergency, Some("screened"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(matches!(
        f.problems[..],
        [Problem::Unmet {
            miss: Some(Miss::NoStart),
            ..
        }]
    ));
}

#[test]
fn time_a_call_rang_unanswered_counts_into_a_window_opened_by_a_reply() {
    let r = rule(
        r#"applies_when: Event(Fact(Seizure)), require: [Act(act: AdviseEmergency, within: Seconds(30), since: Reveal)]"#,
    );
    // Rang 25 s, then told at 09:12 and advised 20 s later: 45 s counted, too late.
    let s = played(&[
        ("09:10:25", ActKind::Answer, Some("screened"), &[]),
        (
            "09:12:00",
            ActKind::ScreenForEmergency,
            Some("screened"),
            &[],
        ),
        ("09:12:20", ActKind::AdviseEmergency, Some("screened"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert!(
        matches!(
            f.problems[..],
            [Problem::Unmet {
                miss: Some(Miss::TooLate { act: 2, start, unanswered: 25, .. }),
                ..
            }] if start == SimTime::hms(9, 12, 0)
        ),
        "{f:?}"
    );
    // The evidence shows the ring, the answer, the mention and the advice.
    let screened = s.event_index("screened").expect("event");
    let times: Vec<SimTime> = f.evidence.iter().map(|e| evidence_time(&s, e)).collect();
    assert_eq!(
        times,
        [
            SimTime::hms(9, 10, 0),
            SimTime::hms(9, 10, 25),
            SimTime::hms(9, 12, 0),
            SimTime::hms(9, 12, 20)
        ]
    );
    assert!(f.evidence.contains(&Evidence::Moment(Moment {
        at: SimTime::hms(9, 10, 0),
        event: screened,
        told: None,
    })));
    // Answered at the second ring: the same advice is in time.
    let s = played(&[
        ("09:10:05", ActKind::Answer, Some("screened"), &[]),
        (
            "09:12:00",
            ActKind::ScreenForEmergency,
            Some("screened"),
            &[],
        ),
        ("09:12:20", ActKind::AdviseEmergency, Some("screened"), &[]),
    ]);
    assert!(one(evaluate(&s, &[&r])).passed());
}

#[test]
fn a_rule_that_only_forbids_does_not_judge_an_event_nobody_touched() {
    let r = rule(&format!("{ON_CALL}, forbid: [Act(act: GiveMedicalAdvice)]"));
    // Nobody answered: no finding (no points for advice never given).
    let s = played(&[("09:00:30", ActKind::Answer, Some("other"), &[])]);
    assert!(evaluate(&s, &[&r]).is_empty());
    // Answered and kept to the role: a passed finding.
    let s = played(&[("09:00:10", ActKind::Answer, Some("call"), &[])]);
    assert!(one(evaluate(&s, &[&r])).passed());
    // Answered and advised: failed.
    let s = played(&[
        ("09:00:10", ActKind::Answer, Some("call"), &[]),
        ("09:00:20", ActKind::GiveMedicalAdvice, Some("call"), &[]),
    ]);
    assert!(!one(evaluate(&s, &[&r])).passed());
}

#[test]
fn a_did_condition_judges_a_rule_only_where_the_act_was_done() {
    let r = rule(
        r#"applies_when: Event(All([Kind(Call), Did([Disclose, OpenRecord])])), require: [Act(act: VerifyIdentity, before: [Disclose, OpenRecord])]"#,
    );
    // Answered, nothing disclosed: not judged.
    let s = played(&[("09:00:10", ActKind::Answer, Some("call"), &[])]);
    assert!(evaluate(&s, &[&r]).is_empty());
    // Disclosed without verifying: failed, on that call only.
    let s = played(&[
        ("09:00:10", ActKind::Answer, Some("call"), &[]),
        ("09:00:20", ActKind::Disclose, Some("call"), &[]),
    ]);
    let f = one(evaluate(&s, &[&r]));
    assert_eq!(f.event, Some(s.event_index("call").expect("call")));
    assert!(!f.passed());
}

#[test]
fn business_days_skip_the_weekend() {
    let r = rule(
        r#"applies_when: Action(act: Book), require: [Act(act: GiveGoodFaithEstimate, scope: Anywhere, within: BusinessDays(1))]"#,
    );
    let mut scenario: Scenario = parse(Path::new("t.ron"), SCENARIO).expect("scenario");
    scenario.scenes = vec![
        crate::scenario::Scene {
            id: "monday".into(),
            title: "Monday".into(),
            day: Day::BusinessDaysAhead(1),
            starts_at: SimTime::hms(9, 0, 0),
            ends_at: SimTime::hms(10, 0, 0),
        },
        crate::scenario::Scene {
            id: "tuesday".into(),
            title: "Tuesday".into(),
            day: Day::BusinessDaysAhead(2),
            starts_at: SimTime::hms(9, 0, 0),
            ends_at: SimTime::hms(10, 0, 0),
        },
    ];
    let office: Office = parse(Path::new("t.ron"), OFFICE).expect("office");
    let policy: Policy = parse(Path::new("t.ron"), POLICY).expect("policy");
    let friday = Date::parse("2026-03-13").expect("a Friday");
    let attempt = |estimate_at: &str| {
        let mut session = Session::new_on(
            Arc::new(scenario.clone()),
            Arc::new(office.clone()),
            Arc::new(policy.clone()),
            0,
            Some(friday),
        );
        let mut book = Action::new(ActionTime::parse("09:05").expect("t"), ActKind::Book);
        book.provider = Some("dr-a".into());
        book.start = Some(SimTime::hms(10, 0, 0));
        book.visit = Some(VisitType::Acute);
        book.day = Some(Day::BusinessDaysAhead(5));
        let estimate = Action::new(
            ActionTime::parse(estimate_at).expect("t"),
            ActKind::GiveGoodFaithEstimate,
        );
        session.play_script(&[book, estimate]);
        assert!(
            session.log.iter().all(|a| a.refused.is_none()),
            "{:?}",
            session.log
        );
        let findings = evaluate(&session, &[&r]);
        findings[0].problems.clone().is_empty()
    };
    // Friday's booking: Monday (3 calendar days later) is 1 business day; Tuesday is 2.
    assert!(attempt("d3 09:30"), "Monday is in time");
    assert!(!attempt("d4 09:30"), "Tuesday is late");
}
