use super::*;
use crate::source::parse;
use std::path::Path;
use std::sync::Arc;

const OFFICE: &str = r#"Office(
    id: "o", name: "Test Office", setting: FamilyPractice, phone: "555", desk_name: "Alex",
    opens: "08:00", closes: "17:00",
    providers: [(id: "dr-a", name: "Dr. A", role: Physician), (id: "mgr", name: "M", role: Manager)],
    buffer_slots: [(provider: "dr-a", start: "11:40", minutes: 20)],
    policy: "p",
)"#;

const POLICY: &str = r#"Policy(
    id: "p", title: "Test", values: {"ring_seconds": 6},
    visit_minutes: {Acute: 20, FollowUp: 15},
)"#;

const SCENARIO: &str = r#"Scenario(
    id: "s", title: "Test", family: PhoneTriage, setting: FamilyPractice,
    domains: [Scheduling], difficulty: Easy, brief: "", expected_minutes: 1,
    office: "o", starts_at: "09:00", ends_at: "10:00",
    patients: [(id: "p1", name: "Pat One", name_pool: ["Pat Two", "Pat Three"], age: Years(30))],
    schedule: [(id: "a1", patient: "p1", provider: "dr-a", start: "09:00", visit: Acute)],
    ledger: [
        (id: "c1", patient: "p1", day: DaysAgo(10), code: "99213", description: "Visit", amount: "$120"),
        (id: "c2", patient: "p1", day: DaysAgo(10), code: "99213", description: "Visit", amount: "$120"),
    ],
    inventory: [(id: "gauze", name: "Gauze", unit: "box", par: 10, reorder_point: 4, lots: [
        (id: "old", quantity: 2, expires: DaysAgo(1)),
        (id: "soon", quantity: 2, expires: DaysAhead(5)),
        (id: "late", quantity: 2, expires: DaysAhead(90)),
    ])],
    events: [
        (id: "call", at: "09:05", jitter: Seconds(120), kind: Call, summary: "A call", patient: "p1",
         says: ["Hello? This is {patient}."], replies: [(after: Greet, text: "Hi there.")],
         choices: [(id: "hi", text: "Test Office, Alex speaking.", counts_as: Greet, details: [PracticeName])]),
        (id: "visit", at: "09:10", kind: WalkIn, summary: "At the window", patient: "p1"),
    ],
)"#;

fn session(seed: u64) -> Session {
    let path = Path::new("test.ron");
    let scenario: Scenario = parse(path, SCENARIO).expect("scenario parses");
    let office: Office = parse(path, OFFICE).expect("office parses");
    let policy: Policy = parse(path, POLICY).expect("policy parses");
    Session::new(Arc::new(scenario), Arc::new(office), Arc::new(policy), seed)
}

fn act(at: &str, kind: ActKind) -> Action {
    Action::new(ActionTime::parse(at).expect("time"), kind)
}

#[test]
fn the_seed_moves_events_within_their_jitter_and_repeats_exactly() {
    let arrivals: Vec<SimTime> = (0..20)
        .map(|seed| session(seed).events[0].arrival)
        .collect();
    assert!(
        arrivals
            .iter()
            .all(|a| *a >= SimTime::hms(9, 5, 0) && *a <= SimTime::hms(9, 7, 0))
    );
    assert!(
        arrivals.iter().any(|a| *a != arrivals[0]),
        "jitter varies with the seed"
    );
    assert_eq!(session(3).events[0].arrival, session(3).events[0].arrival);
    assert_eq!(session(3).patient_names, session(3).patient_names);
}

#[test]
fn a_call_must_be_answered_before_talking() {
    let mut s = session(0);
    let greet = act("+1s", ActKind::Greet).on("call");
    let refused = s.apply(greet.clone());
    assert!(matches!(refused, Err(Refusal::StillRinging(ref e)) if e == "call"));
    s.apply(act("+2s", ActKind::Answer).on("call"))
        .expect("answer");
    s.apply(act("+3s", ActKind::Greet).on("call"))
        .expect("greet");
    assert_eq!(s.log.len(), 3);
    assert!(s.log[0].is_refused() && s.log[0].has(Detail::Refused));
    let name = s.patient_name("p1").expect("named");
    assert!(["Pat One", "Pat Two", "Pat Three"].contains(&name));
    assert_eq!(
        s.events[0].transcript[1].text,
        format!("Hello? This is {name}.")
    );
}

#[test]
fn a_refusal_names_the_caller_for_the_trainee_and_the_id_for_authors() {
    let mut s = session(0);
    let name = s.patient_name("p1").expect("named").to_owned();
    let early = s
        .apply(act("+1s", ActKind::Greet).on("call"))
        .expect_err("ringing");
    assert_eq!(
        early.to_string(),
        "`call` is still ringing: answer it first"
    );
    assert_eq!(
        s.refusal_text(&early),
        format!("the call from {name} is still ringing: answer it first")
    );
    s.apply(act("+2s", ActKind::Answer).on("call"))
        .expect("answer");
    s.apply(act("+3s", ActKind::PlaceOnHold).on("call"))
        .expect("hold");
    let held = s
        .apply(act("+4s", ActKind::AdviseEmergency).on("call"))
        .expect_err("held");
    let text = s.refusal_text(&held);
    assert!(text.starts_with(&format!("{name} is on hold")), "{text}");
    assert!(!text.contains('`'), "no ids for the trainee: {text}");
    s.apply(act("+5s", ActKind::ResumeCall).on("call"))
        .expect("resume");
    s.apply(act("+6s", ActKind::EndCall).on("call"))
        .expect("end");
    let over = s
        .apply(act("+7s", ActKind::Greet).on("call"))
        .expect_err("over");
    assert_eq!(
        s.refusal_text(&over),
        format!("the call from {name} is over")
    );
}

#[test]
fn actions_before_an_event_arrives_or_out_of_order_are_refused() {
    let mut s = session(0);
    assert!(s.apply(act("09:04", ActKind::Greet).on("visit")).is_err());
    s.apply(act("09:30", ActKind::Document)).expect("document");
    let late = s.apply(act("09:20", ActKind::Document));
    assert!(matches!(late, Err(Refusal::OutOfOrder { .. })));
    let after_end = s.apply(act("11:00", ActKind::Document));
    assert!(matches!(after_end, Err(Refusal::AfterEnd { .. })));
}

#[test]
fn a_held_caller_cannot_hear_until_resumed() {
    let mut s = session(0);
    s.apply(act("+1s", ActKind::Answer).on("call"))
        .expect("answer");
    s.apply(act("+5s", ActKind::PlaceOnHold).on("call"))
        .expect("hold");
    assert!(matches!(s.events[0].status, EventStatus::OnHold(_)));
    assert!(
        s.apply(act("+6s", ActKind::AdviseEmergency).on("call"))
            .is_err()
    );
    assert!(
        s.apply(act("+7s", ActKind::PlaceOnHold).on("call"))
            .is_err()
    );
    // "Let me check the schedule": work at the desk goes on while the caller holds.
    let mut book = act("+10s", ActKind::Book).on("call");
    book.provider = Some("dr-a".into());
    book.start = Some(SimTime::hms(10, 0, 0));
    book.visit = Some(VisitType::Acute);
    book.patient = Some("p1".into());
    s.apply(book).expect("booked while the caller holds");
    let mut moved = act("+12s", ActKind::Move).on("call");
    moved.target = Some("a1".into());
    moved.start = Some(SimTime::hms(10, 30, 0));
    s.apply(moved).expect("moved while the caller holds");
    s.apply(act("+20s", ActKind::ResumeCall).on("call"))
        .expect("resume");
    s.apply(act("+21s", ActKind::AdviseEmergency).on("call"))
        .expect("talk");
}

#[test]
fn a_dialogue_choice_counts_as_its_act_and_gets_its_reply() {
    let mut s = session(0);
    s.apply(act("+1s", ActKind::Answer).on("call"))
        .expect("answer");
    let mut say = act("+2s", ActKind::Say).on("call");
    say.choice = Some("hi".into());
    s.apply(say).expect("say");
    let logged = s.log.last().expect("logged");
    assert_eq!(logged.act, ActKind::Greet);
    assert!(logged.has(Detail::PracticeName));
    let lines: Vec<&str> = s.events[0]
        .transcript
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(lines[0], "[answer the call]");
    assert_eq!(lines[2..], ["Test Office, Alex speaking.", "Hi there."]);
    assert!(lines[1].starts_with("Hello? This is Pat"));
}

#[test]
fn booking_a_taken_slot_is_refused_and_double_booking_needs_approval() {
    let mut s = session(0);
    let mut book = act("09:06", ActKind::Book);
    book.provider = Some("dr-a".into());
    book.start = Some(SimTime::hms(9, 10, 0));
    book.visit = Some(VisitType::Acute);
    assert!(matches!(
        s.apply(book.clone()),
        Err(Refusal::SlotTaken { .. })
    ));
    let mut double = book.clone();
    double.act = ActKind::DoubleBook;
    double.at = ActionTime::parse("09:07").expect("time");
    assert!(matches!(
        s.apply(double.clone()),
        Err(Refusal::NeedsApproval(_))
    ));
    let mut approve = act("09:08", ActKind::RequestApproval);
    approve.provider = Some("dr-a".into());
    s.apply(approve).expect("approval");
    double.at = ActionTime::parse("09:09").expect("time");
    s.apply(double).expect("double-book");
    let logged = s.log.last().expect("logged");
    assert!(
        logged.has(Detail::Approved) && logged.has(Detail::Overlaps) && logged.has(Detail::SameDay)
    );
    let mut buffer = book;
    buffer.at = ActionTime::parse("09:10").expect("time");
    buffer.start = Some(SimTime::hms(11, 40, 0));
    s.apply(buffer).expect("buffer slot");
    assert!(s.log.last().is_some_and(|a| a.has(Detail::BufferSlot)));
}

#[test]
fn reversing_a_duplicate_charge_once_then_never_again() {
    let mut s = session(0);
    let mut reverse = act("09:01", ActKind::ReverseCharge);
    reverse.target = Some("c2".into());
    s.apply(reverse.clone()).expect("reverse");
    assert!(s.log.last().is_some_and(|a| a.has(Detail::DuplicateFound)));
    reverse.at = ActionTime::parse("09:02").expect("time");
    assert!(matches!(s.apply(reverse), Err(Refusal::AlreadyReversed(_))));
}

#[test]
fn stock_lots_follow_fefo_and_expired_lots_must_leave_the_shelf_first() {
    let mut s = session(0);
    let mut use_late = act("09:01", ActKind::UseLot);
    use_late.target = Some("late".into());
    s.apply(use_late).expect("use");
    assert!(!s.log.last().is_some_and(|a| a.has(Detail::FirstExpiring)));
    let mut use_soon = act("09:02", ActKind::UseLot);
    use_soon.target = Some("soon".into());
    s.apply(use_soon).expect("use");
    assert!(s.log.last().is_some_and(|a| a.has(Detail::FirstExpiring)));
    let mut segregate = act("09:03", ActKind::SegregateLot);
    segregate.target = Some("old".into());
    assert!(s.apply(segregate.clone()).is_err());
    let mut remove = act("09:04", ActKind::RemoveLot);
    remove.target = Some("old".into());
    s.apply(remove).expect("remove");
    assert!(s.log.last().is_some_and(|a| a.has(Detail::Expired)));
    segregate.at = ActionTime::parse("09:05").expect("time");
    s.apply(segregate).expect("segregate");
    let mut order = act("09:06", ActKind::OrderStock);
    order.target = Some("gauze".into());
    order.quantity = Some(7);
    s.apply(order.clone()).expect("order");
    assert!(
        !s.log.last().is_some_and(|a| a.has(Detail::ToPar)),
        "2 usable + 7 < par 10"
    );
    order.at = ActionTime::parse("09:07").expect("time");
    order.quantity = Some(1);
    s.apply(order).expect("order");
    assert!(s.log.last().is_some_and(|a| a.has(Detail::ToPar)));
}

#[test]
fn bookings_need_a_clinician_and_a_time_still_to_come() {
    let mut s = session(0);
    let mut book = act("09:30", ActKind::Book);
    book.provider = Some("mgr".into());
    book.start = Some(SimTime::hms(10, 0, 0));
    book.visit = Some(VisitType::FollowUp);
    assert!(matches!(
        s.apply(book.clone()),
        Err(Refusal::NotBookable(_))
    ));
    book.provider = Some("dr-a".into());
    book.start = Some(SimTime::hms(9, 0, 0));
    book.at = ActionTime::parse("09:31").expect("time");
    assert!(matches!(
        s.apply(book.clone()),
        Err(Refusal::InThePast { moving: false, .. })
    ));
    book.day = Some(Day::DaysAhead(1));
    book.at = ActionTime::parse("09:32").expect("time");
    s.apply(book).expect("tomorrow at nine is fine");
    assert!(s.log.last().is_some_and(|a| a.has(Detail::LaterDay)));
}

#[test]
fn a_line_wholly_in_parentheses_is_narration_and_one_that_only_opens_with_them_is_speech() {
    let line = |text: &str| Line {
        at: SimTime::hms(9, 0, 0),
        speaker: Speaker::Other,
        text: text.into(),
    };
    assert!(line("(It rings five times, then the answering machine (a recording): \"Hi!\" Then the beep.)").is_narration());
    assert!(line(" (Message left.) ").is_narration());
    assert!(!line("(She stops at the desk) Alex, her results are back.").is_narration());
    assert!(!line("(a pause) (then) fine, thanks").is_narration());
    assert!(!line("Fine, thanks (she smiles)").is_narration());
    assert!(!line("(unclosed").is_narration());
}
