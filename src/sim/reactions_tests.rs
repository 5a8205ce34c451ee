//! The reaction mechanics on a small scenario: patience on the phone, on hold and at the
//! window; consequences that fire once, wait their `after`, bring, cancel and change events;
//! conditional choices and replies; an early end.

use super::*;
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
    id: "p", title: "Test",
    values: {"ring_patience_seconds": 60, "hold_patience_seconds": 120, "wait_impatient_seconds": 300, "wait_angry_seconds": 600, "wait_leave_seconds": 900},
    visit_minutes: {Acute: 20},
)"#;

const SCENARIO: &str = r#"Scenario(
    id: "s", title: "Test", family: PhoneTriage, setting: FamilyPractice,
    domains: [PatientEncounter], difficulty: Easy, brief: "", expected_minutes: 1,
    office: "o", starts_at: "09:00", ends_at: "10:00",
    patients: [(id: "p1", name: "Pat One", age: Years(30)), (id: "p2", name: "Sam Two", age: Years(40))],
    events: [
        (id: "call", at: "09:00", kind: Call, summary: "A call", patient: "p1",
         facts: [Dizziness],
         says: ["Hello?"],
         replies: [
            (after: AskNameAndReason, reveals: [ChestPain], text: "My chest hurts."),
            (after: AdviseEmergency, when: Said(choice: "wait"), text: "You said to wait!", once: true),
            (after: AdviseEmergency, text: "Okay."),
         ],
         choices: [
            (id: "why", text: "What's wrong?", counts_as: AskNameAndReason, once: true),
            (id: "wait", text: "Wait and see.", counts_as: GiveMedicalAdvice, when: Told(fact: ChestPain)),
            (id: "911", text: "Call 911.", counts_as: AdviseEmergency, when: Told(fact: ChestPain)),
            (id: "ring-back", text: "(rings him back) Hi, it's Alex from the office.", counts_as: CallPatient, when: Any([Happened(what: HungUp), Did(act: EndCall)])),
         ]),
        (id: "callback", kind: Call, summary: "Calling back", patient: "p1"),
        (id: "later", at: "09:40", kind: Task, summary: "A later task"),
        (id: "window", at: "09:10", kind: WalkIn, summary: "At the window", patient: "p2"),
    ],
    consequences: [
        (id: "comes-back", when: All([Said(choice: "wait", event: "call"), Did(act: EndCall, event: "call")]),
         after: Minutes(5), then: [Arrive("callback"), Cancel("later")], because: "you told him to wait"),
        (id: "worse", when: Happened(what: Arrived, event: "callback"),
         then: [AddFact(event: "callback", fact: ShortnessOfBreath), SetMood(event: "callback", mood: Angry)], because: "he waited"),
        (id: "over", when: Happened(what: LeftUnseen, event: "window"), then: [End], because: "she left"),
        (id: "rang-him-first", when: Did(act: CallPatient, event: "call"), then: [CallOff("comes-back")], because: "you called him back first"),
        (id: "urgent-note", when: Did(act: Document, event: "call", includes: [HighPriority]), then: [Outcome(patient: "p1", text: "{patient}'s note was flagged.")], because: "you flagged it"),
        (id: "walks-off", when: Did(act: CheckIn, event: "window"), after: Minutes(1), then: [HangUp("window")], because: "she went to wait in her car"),
    ],
)"#;

fn session() -> Session {
    let path = Path::new("test.ron");
    let scenario: Scenario = parse(path, SCENARIO).expect("scenario parses");
    let office: Office = parse(path, OFFICE).expect("office parses");
    let policy: Policy = parse(path, POLICY).expect("policy parses");
    Session::new(Arc::new(scenario), Arc::new(office), Arc::new(policy), 0)
}

fn at(s: &Session, time: &str, kind: ActKind, event: &str) -> Action {
    let _ = s;
    Action::new(ActionTime::parse(time).expect("time"), kind).on(event)
}

fn say(time: &str, choice: &str) -> Action {
    let mut action = Action::new(ActionTime::parse(time).expect("time"), ActKind::Say).on("call");
    action.choice = Some(choice.into());
    action
}

fn index(s: &Session, id: &str) -> usize {
    s.event_index(id).expect("event")
}

#[test]
fn a_line_left_ringing_hangs_up_at_the_policys_patience_and_can_be_called_back() {
    let mut s = session();
    s.advance_to(SimTime::hms(9, 0, 59));
    assert_eq!(s.events[index(&s, "call")].status, EventStatus::Waiting);
    s.advance_to(SimTime::hms(9, 1, 0));
    assert_eq!(
        s.events[index(&s, "call")].status,
        EventStatus::HungUp(SimTime::hms(9, 1, 0))
    );
    assert!(s.suffered(index(&s, "call"), Mishap::HungUpRinging));
    let answer = at(&s, "09:01:10", ActKind::Answer, "call");
    assert!(matches!(s.apply(answer), Err(Refusal::HungUp { .. })));
    // Calling back reaches them again.
    s.apply(at(&s, "09:01:20", ActKind::CallPatient, "call"))
        .expect("called back");
    assert!(s.events[index(&s, "call")].is_live());
}

#[test]
fn a_caller_left_on_hold_hangs_up_but_one_checked_on_does_not() {
    let mut s = session();
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    s.apply(at(&s, "09:00:10", ActKind::PlaceOnHold, "call"))
        .expect("hold");
    s.advance_to(SimTime::hms(9, 2, 9));
    assert!(matches!(
        s.events[index(&s, "call")].status,
        EventStatus::OnHold(_)
    ));
    s.advance_to(SimTime::hms(9, 2, 10));
    assert!(s.suffered(index(&s, "call"), Mishap::HungUpOnHold));

    // Checking back restarts their patience.
    let mut s = session();
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    s.apply(at(&s, "09:00:10", ActKind::PlaceOnHold, "call"))
        .expect("hold");
    s.apply(at(&s, "09:01:40", ActKind::CheckBack, "call"))
        .expect("checked back");
    s.advance_to(SimTime::hms(9, 3, 39));
    assert!(matches!(
        s.events[index(&s, "call")].status,
        EventStatus::OnHold(_)
    ));
    assert!(!s.suffered(index(&s, "call"), Mishap::HungUp));
}

#[test]
fn a_patient_waiting_grows_impatient_then_angry_then_leaves_and_a_consequence_ends_the_shift() {
    let mut s = session();
    let window = index(&s, "window");
    s.advance_to(SimTime::hms(9, 15, 0));
    assert_eq!(s.events[window].mood, Mood::Impatient);
    s.advance_to(SimTime::hms(9, 20, 0));
    assert_eq!(s.events[window].mood, Mood::Angry);
    assert!(s.suffered(window, Mishap::Complained));
    s.advance_to(SimTime::hms(9, 25, 0));
    assert_eq!(
        s.events[window].status,
        EventStatus::Left(SimTime::hms(9, 25, 0))
    );
    // "over" ends the scenario the moment she leaves.
    assert_eq!(s.ends_at(), SimTime::hms(9, 25, 0));
    assert!(s.finished());
    let causes: Vec<&What> = s.happenings.iter().map(|h| &h.what).collect();
    assert!(causes.contains(&&What::Ended), "{causes:?}");
}

#[test]
fn a_patient_spoken_to_stops_waiting() {
    let mut s = session();
    let window = index(&s, "window");
    s.apply(at(&s, "09:12", ActKind::Greet, "window"))
        .expect("greeted");
    s.advance_to(SimTime::hms(9, 59, 0));
    assert_eq!(s.events[window].mood, Mood::Calm);
    assert!(s.events[window].is_live());
}

#[test]
fn a_choice_opens_once_the_caller_has_told_and_a_once_choice_closes_when_said() {
    let mut s = session();
    let call = index(&s, "call");
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    let open: Vec<&str> = s.open_choices(call).iter().map(|c| c.id.as_str()).collect();
    assert_eq!(open, ["why"]);
    assert!(matches!(
        s.apply(say("09:00:08", "911")),
        Err(Refusal::ChoiceNotOpen { .. })
    ));
    s.apply(say("09:00:10", "why")).expect("asked");
    let open: Vec<&str> = s.open_choices(call).iter().map(|c| c.id.as_str()).collect();
    assert_eq!(open, ["wait", "911"]);
    assert!(matches!(
        s.apply(say("09:00:12", "why")),
        Err(Refusal::ChoiceNotOpen { .. })
    ));
}

#[test]
fn a_reply_remembers_what_was_said_before() {
    let mut s = session();
    let call = index(&s, "call");
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    s.apply(say("09:00:10", "why")).expect("asked");
    s.apply(say("09:00:15", "wait")).expect("said");
    s.apply(say("09:00:20", "911")).expect("advised");
    let last = s.events[call].transcript.last().expect("a line");
    assert_eq!(last.text, "You said to wait!");
}

#[test]
fn a_consequence_fires_once_after_its_delay_brings_and_cancels_events_and_changes_the_callback() {
    let mut s = session();
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    s.apply(say("09:00:10", "why")).expect("asked");
    s.apply(say("09:00:15", "wait")).expect("said");
    s.apply(at(&s, "09:00:20", ActKind::EndCall, "call"))
        .expect("ended");
    let callback = index(&s, "callback");
    assert_eq!(s.events[callback].status, EventStatus::Pending);
    s.advance_to(SimTime::hms(9, 5, 19));
    assert_eq!(s.events[callback].status, EventStatus::Pending);
    s.advance_to(SimTime::hms(9, 5, 20));
    assert_eq!(s.events[callback].status, EventStatus::Waiting);
    assert_eq!(s.events[callback].arrival, SimTime::hms(9, 5, 20));
    assert_eq!(s.events[index(&s, "later")].status, EventStatus::Cancelled);
    assert!(s.suffered(callback, Mishap::Arrived));
    assert!(
        !s.suffered(index(&s, "later"), Mishap::Arrived),
        "a cancelled event never came"
    );
    // "worse" fired on the arrival: a new fact, told from now, and a mood.
    assert!(s.told(callback, Fact::ShortnessOfBreath));
    assert_eq!(s.events[callback].mood, Mood::Angry);
    let fired: Vec<bool> = s.fired.iter().map(Option::is_some).collect();
    assert_eq!(fired, [true, true, false, false, false, false]);
    let arrivals = s
        .happenings
        .iter()
        .filter(|h| h.what == What::Arrived)
        .count();
    assert_eq!(arrivals, 1, "fires once");
}

#[test]
fn a_scripted_action_on_a_brought_event_waits_for_it_and_one_never_brought_is_refused() {
    let mut s = session();
    let script = [
        at(&s, "+5s", ActKind::Answer, "call"),
        say("+10s", "why"),
        say("+15s", "wait"),
        at(&s, "+20s", ActKind::EndCall, "call"),
        // Relative to the callback's arrival, whenever that turns out to be.
        at(&s, "+3s", ActKind::Answer, "callback"),
    ];
    assert_eq!(s.play_script(&script), 0);
    let answered = s
        .log
        .iter()
        .find(|l| l.act == ActKind::Answer && l.event == s.event_index("callback"));
    assert_eq!(answered.map(|l| l.at), Some(SimTime::hms(9, 5, 23)));

    let mut s = session();
    let refused = s.play_script(&[at(&s, "+3s", ActKind::Answer, "callback")]);
    assert_eq!(refused, 1);
    assert!(matches!(
        s.log[0].refused,
        Some(Refusal::NeverCame(ref e)) if e == "callback"
    ));
}

#[test]
fn calling_the_patient_back_first_calls_off_the_callback_still_to_come() {
    let mut s = session();
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    s.apply(say("09:00:10", "why")).expect("asked");
    s.apply(say("09:00:15", "wait")).expect("said");
    s.apply(at(&s, "09:00:20", ActKind::EndCall, "call"))
        .expect("ended");
    // The desk rings him back after ending the call: the line is live again.
    s.apply(at(&s, "09:02:00", ActKind::CallPatient, "call"))
        .expect("called back");
    assert!(s.events[index(&s, "call")].is_live());
    assert!(s.scheduled.is_empty());
    // The debrief can tell what was headed off, and by what.
    let comes_back = s
        .scenario
        .consequences
        .iter()
        .position(|c| c.id == "comes-back")
        .expect("consequence");
    let called_off = s
        .happenings
        .iter()
        .find(|h| h.what == What::CalledOff(comes_back))
        .expect("a happening for the called-off callback");
    assert_eq!(called_off.at, SimTime::hms(9, 2, 0));
    // (Seen at the window, so she does not leave and end the shift early.)
    s.apply(at(&s, "09:12", ActKind::Greet, "window"))
        .expect("greeted");
    s.advance_to(SimTime::hms(9, 45, 0));
    // Neither the callback nor the cancelling of the later task happened.
    assert_eq!(s.events[index(&s, "callback")].status, EventStatus::Pending);
    assert_eq!(s.events[index(&s, "later")].status, EventStatus::Waiting);
}

#[test]
fn a_condition_can_ask_for_an_acts_details() {
    let mut s = session();
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    s.apply(at(&s, "09:00:10", ActKind::Document, "call"))
        .expect("plain note");
    assert!(s.fired[4].is_none(), "a note without HighPriority");
    let mut flagged = at(&s, "09:00:20", ActKind::Document, "call");
    flagged.details = vec![Detail::HighPriority];
    s.apply(flagged).expect("flagged note");
    assert_eq!(s.fired[4], Some(SimTime::hms(9, 0, 20)));
}

#[test]
fn a_patient_who_walks_away_after_a_word_from_the_desk_still_left_unseen() {
    // Seen means seen for what they came for: checked in and then gone is still gone.
    let mut s = session();
    let window = index(&s, "window");
    s.apply(at(&s, "09:10:30", ActKind::CheckIn, "window"))
        .expect("checked in");
    s.advance_to(SimTime::hms(9, 12, 0));
    assert!(s.suffered(window, Mishap::LeftUnseen));
    let left = s.mishap(window, Mishap::LeftUnseen).expect("left");
    assert_eq!(s.happenings[left].at, SimTime::hms(9, 11, 30));
    assert!(s.attended_before(window, s.happenings[left].at));
    // Nobody attends the window: she leaves at her patience, never having had a word.
    let mut s = session();
    s.advance_to(SimTime::hms(9, 30, 0));
    let left = s.mishap(window, Mishap::LeftUnseen).expect("left");
    assert!(!s.attended_before(window, s.happenings[left].at));
}

#[test]
fn a_reply_said_once_gives_way_to_the_next_that_fits() {
    let mut s = session();
    s.apply(at(&s, "09:00:05", ActKind::Answer, "call"))
        .expect("answer");
    s.apply(say("09:00:10", "why")).expect("asked");
    s.apply(say("09:00:15", "wait")).expect("said");
    s.apply(say("09:00:20", "911")).expect("first 911");
    s.apply(say("09:00:25", "911")).expect("second 911");
    let call = index(&s, "call");
    let replies: Vec<&str> = s.events[call]
        .transcript
        .iter()
        .filter(|l| l.speaker == Speaker::Other)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        replies,
        ["Hello?", "My chest hurts.", "You said to wait!", "Okay."]
    );
}

#[test]
fn a_caller_who_hung_up_can_be_rung_back_by_a_line_and_still_written_up_and_passed_on() {
    let mut s = session();
    s.advance_to(SimTime::hms(9, 1, 0));
    let call = index(&s, "call");
    assert!(s.suffered(call, Mishap::HungUpRinging));
    // Telling the provider or the manager does not need the caller on the line.
    s.apply(at(&s, "09:01:05", ActKind::NotifyProvider, "call"))
        .expect("the provider can be told");
    assert!(matches!(
        s.apply(at(&s, "09:01:06", ActKind::AdviseEmergency, "call")),
        Err(Refusal::HungUp { .. })
    ));
    // A line that counts as calling him back reaches him, like the button.
    s.apply(say("09:01:10", "ring-back")).expect("rung back");
    assert!(s.events[call].is_live());
    s.apply(at(&s, "09:01:20", ActKind::EndCall, "call"))
        .expect("ended");
    s.apply(say("09:01:30", "ring-back"))
        .expect("an ended call can be rung back by a line too");
    assert!(s.events[call].is_live());
}
