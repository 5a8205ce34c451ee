//! Play-as-you-write: the attempt in progress follows its scenario file. An edit rebuilds it
//! on the new version and replays the trainee's actions, naming those the new version refuses;
//! a file that breaks keeps the last good version playing and shows its errors on the desk.
#![cfg(feature = "gui")]

mod common;

use frontdesk::app::attempt::{begin, follow_edits};
use frontdesk::app::content::{Content, read_from_disk, rebuild};
use frontdesk::app::requests::StartAttempt;
use frontdesk::model::{ActKind, Action, ActionTime};
use frontdesk::sim::Speaker;
use std::collections::BTreeMap;
use std::path::Path;

fn say(at: &str, choice: &str) -> Action {
    let mut action =
        Action::new(ActionTime::parse(at).expect("time"), ActKind::Say).on("chest-pain-call");
    action.choice = Some(choice.into());
    action
}

#[test]
fn an_edited_scenario_replays_the_attempt_and_a_broken_one_keeps_playing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("scenarios");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        &root,
    );
    let mut last_good = BTreeMap::new();
    let load = |last_good: &mut BTreeMap<_, _>| {
        let (library, problems) = rebuild(&root, &read_from_disk(&root), last_good);
        Content::new(library, problems)
    };
    let content = load(&mut last_good);
    let request = StartAttempt {
        scenario: "chest-pain-caller".into(),
        seed: Some(0),
        script: vec![
            Action::new(ActionTime::parse("+6s").expect("time"), ActKind::Answer)
                .on("chest-pain-call"),
            say("+8s", "greeting"),
            say("+15s", "ask-why"),
        ],
    };
    let desk = begin(&content, &request).expect("begins");
    let now = desk.view.as_ref().expect("view").session.now;

    // The author rewords the greeting and drops the "ask why" line.
    let file = root.join("phone/chest-pain-caller.scenario.ron");
    let text = std::fs::read_to_string(&file).expect("read");
    let edited = text.replace(
        "Maple Street Family Medicine, this is Alex. How can I help you?",
        "Good morning, Maple Street Family Medicine, Alex speaking. How can I help?",
    );
    std::fs::write(&file, &edited).expect("write");
    let content = load(&mut last_good);
    let (rebuilt, notice) = follow_edits(&content, &desk);
    let rebuilt = rebuilt.expect("rebuilt on the new version");
    let view = rebuilt.view.as_ref().expect("view");
    assert_eq!(view.session.now, now, "the clock stays where it was");
    let call = view.session.event_index("chest-pain-call").expect("call");
    assert!(
        view.session.events[call]
            .transcript
            .iter()
            .any(|l| l.speaker == Speaker::Trainee
                && l.text.starts_with("Good morning, Maple Street")),
        "the replayed greeting says the new words"
    );
    let notice = notice.expect("a notice");
    assert!(notice.contains("replayed your 3 action(s)"), "{notice}");

    // Now a line the attempt used is gone: its replay is refused, and the desk says so.
    let without = edited
        .replace("(id: \"ask-why\",", "(id: \"ask-what\",")
        .replace("choice: \"ask-why\"", "choice: \"ask-what\"");
    std::fs::write(&file, &without).expect("write");
    let content = load(&mut last_good);
    let (rebuilt, notice) = follow_edits(&content, &rebuilt);
    assert!(rebuilt.is_some());
    let notice = notice.expect("a notice");
    assert!(notice.contains("1 now refused"), "{notice}");

    // A broken file: the last good version keeps playing, and the error is on the desk.
    std::fs::write(&file, without.replacen("Scenario(", "Scenario((", 1)).expect("write");
    let broken = load(&mut last_good);
    let (rebuilt_again, notice) = follow_edits(&broken, &rebuilt.expect("desk"));
    assert!(rebuilt_again.is_none(), "nothing new to play");
    let notice = notice.expect("the error is shown");
    assert!(
        notice.contains("chest-pain-caller.scenario.ron:"),
        "{notice}"
    );
    assert!(notice.contains("last good version"), "{notice}");
}
