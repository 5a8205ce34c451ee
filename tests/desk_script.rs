//! `frontdesk --scenario ID --script FILE` opens the desk after playing the script as
//! `play --actions` does: an action on a call a consequence brings waits for it to come.
#![cfg(feature = "gui")]

use frontdesk::app::attempt::begin;
use frontdesk::app::content::Content;
use frontdesk::app::requests::StartAttempt;
use frontdesk::library::ContentSource;
use frontdesk::model::{ActKind, Action, ActionTime};
use frontdesk::sim::EventStatus;

#[test]
fn a_script_waits_for_the_call_a_consequence_brings() {
    let content = Content::load(&ContentSource::BuiltIn);
    let at = |t: &str, act: ActKind, event: &str| {
        Action::new(ActionTime::parse(t).expect("time"), act).on(event)
    };
    let mut greet = at("+8s", ActKind::Say, "statement-call");
    greet.choice = Some("greeting".into());
    let request = StartAttempt {
        scenario: "held-caller-gives-up".into(),
        seed: Some(0),
        // Held without asking and forgotten: she hangs up, and calls back five minutes later.
        script: vec![
            at("+6s", ActKind::Answer, "statement-call"),
            greet,
            at("+10s", ActKind::PlaceOnHold, "statement-call"),
            at("+6s", ActKind::Answer, "annoyed-callback"),
        ],
    };
    let desk = begin(&content, &request).expect("begins");
    assert_eq!(desk.notice, None, "nothing refused");
    let session = &desk.view.as_ref().expect("view").session;
    let callback = session.event_index("annoyed-callback").expect("event");
    assert_eq!(
        session.events[callback].status,
        EventStatus::Active,
        "her callback is answered"
    );
    assert!(
        session.now < session.ends_at(),
        "the desk opens where the script ends"
    );
}
