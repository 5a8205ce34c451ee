//! The app's own systems, headless (MinimalPlugins + StatesPlugin, content through bevy's asset
//! server): a scenario played through the desk's intents gets the same report as
//! `frontdesk play` with the same seed and actions, and is saved for the trainee.
#![cfg(feature = "gui")]

mod common;

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use frontdesk::app::attempt::{Desk, LastAttempt};
use frontdesk::app::requests::{Notice, StartAttempt};
use frontdesk::app::session_view::DeskIntent;
use frontdesk::app::trainee::Trainee;
use frontdesk::app::{Content, Options, Screen};
use frontdesk::library::{ContentSource, plan_actions};
use frontdesk::model::{Action, ActionTime};
use frontdesk::progress::Store;
use std::path::Path;
use std::time::Duration;

const SCENARIO: &str = "chest-pain-caller";
const SEED: u64 = 0;

fn headless_app(data_dir: &Path) -> App {
    common::headless_app(
        data_dir,
        Options {
            scenario: Some(SCENARIO.into()),
            seed: Some(SEED),
            ..Options::default()
        },
    )
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Updates until the content has loaded through the asset server and the desk is open.
fn wait_for_desk(app: &mut App) {
    for _ in 0..2000 {
        app.update();
        if screen(app) == Screen::Desk {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the desk never opened (screen {:?})", screen(app));
}

/// The ideal test plan of the scenario, with every action pinned to its clock time.
fn ideal_script() -> (Vec<Action>, Vec<Action>) {
    let library = common::shipped();
    let scenario = &library.scenario(SCENARIO).expect("scenario").value;
    let plan = scenario
        .test_plans
        .iter()
        .find(|p| p.name == "ideal")
        .expect("the plan");
    script_of(&library, scenario, plan)
}

/// A test plan's actions, and the same actions pinned to the clock times the core applied them
/// at (an action on an event a consequence brings is timed from when it came).
fn script_of(
    library: &frontdesk::library::Library,
    scenario: &std::sync::Arc<frontdesk::scenario::Scenario>,
    plan: &frontdesk::scenario::TestPlan,
) -> (Vec<Action>, Vec<Action>) {
    let actions = plan_actions(scenario, plan).expect("plan actions");
    let setup = library.setup(scenario, None).expect("setup");
    let (played, _) = setup.play(plan.seed, &actions);
    let mut timed = played.script();
    timed.sort_by_key(|a| match a.at {
        ActionTime::At(t) => t,
        ActionTime::AfterArrival(_) => unreachable!("pinned by the core"),
    });
    (actions, timed)
}

/// Sends each action as a desk intent when the office clock reaches its time, then finishes.
fn play_through_the_desk(app: &mut App, timed: Vec<Action>) -> frontdesk::scoring::Report {
    let time_of = |action: &Action| match action.at {
        ActionTime::At(t) => t,
        ActionTime::AfterArrival(_) => unreachable!("resolved above"),
    };
    let now = |app: &App| {
        app.world()
            .resource::<Desk>()
            .view
            .as_ref()
            .expect("desk")
            .session
            .now
    };
    // Each update lets exactly the real seconds pass that bring the office clock to the next
    // action (at 1×, one real second is one office second), so no second is skipped.
    let step_to = |app: &mut App, seconds: u32| {
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(
            u64::from(seconds),
        )));
        app.update();
    };
    let mut pending = timed.into_iter().peekable();
    if let Some(first) = pending.peek().map(time_of) {
        let gap = first.since(now(app));
        step_to(app, gap);
    }
    while let Some(at) = pending.peek().map(time_of) {
        assert_eq!(now(app), at, "the clock is at the action's second");
        // Everything due this second goes in before the clock moves on.
        while let Some(action) = pending.next_if(|a| time_of(a) == at) {
            app.world_mut().write_message(DeskIntent::Act(action));
        }
        let gap = pending.peek().map_or(1, |next| time_of(next).since(at));
        step_to(app, gap);
    }
    app.world_mut().write_message(DeskIntent::Finish);
    app.update();
    app.update();
    assert_eq!(screen(app), Screen::Debrief);
    app.world()
        .resource::<LastAttempt>()
        .report
        .clone()
        .expect("a report")
}

/// Every test plan of every shipped scenario (every branch: callers who hang up, callbacks a
/// consequence brings, patients who leave), played through the desk's own systems at 1× on the
/// office clock, gets the core's report: every branch plays the same in the app.
#[test]
fn every_test_plan_plays_through_the_desk_as_in_the_core() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_app(data.path());
    wait_for_desk(&mut app);
    let library = common::shipped();
    let mut played = 0;
    for scenario in library.scenarios.iter().map(|s| &s.value) {
        // A plan on another policy or date cannot be started from the desk's menus.
        for plan in scenario
            .test_plans
            .iter()
            .filter(|p| p.policy.is_none() && p.date.is_none())
        {
            let (actions, timed) = script_of(&library, scenario, plan);
            // Started as every screen starts one: a request to the app's one place for it.
            app.world_mut().write_message(StartAttempt {
                scenario: scenario.id.clone(),
                seed: Some(plan.seed),
                script: Vec::new(),
            });
            app.update();
            assert_eq!(
                app.world()
                    .resource::<Desk>()
                    .view
                    .as_ref()
                    .expect("desk")
                    .session
                    .scenario
                    .id,
                scenario.id
            );
            assert_eq!(app.world().resource::<Notice>().0, None);
            let report = play_through_the_desk(&mut app, timed);
            let setup = library.setup(scenario, None).expect("setup");
            let (_, expected) = setup.play(plan.seed, &actions);
            assert_eq!(
                serde_json::to_value(&report).expect("JSON"),
                serde_json::to_value(&expected).expect("JSON"),
                "{}: {}",
                scenario.id,
                plan.name
            );
            assert_eq!(
                report.passed, plan.expect.passed,
                "{}: {}",
                scenario.id, plan.name
            );
            played += 1;
        }
    }
    assert!(played > 400, "{played} plans played");
}

#[test]
fn a_scenario_played_through_the_app_scores_as_frontdesk_play_does() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_app(data.path());
    app.world_mut()
        .resource_mut::<Trainee>()
        .create("headless")
        .expect("profile");
    wait_for_desk(&mut app);
    assert!(app.world().resource::<Content>().errors().next().is_none());

    let (actions, timed) = ideal_script();
    for action in timed {
        let ActionTime::At(at) = action.at else {
            unreachable!()
        };
        loop {
            let now = app
                .world()
                .resource::<Desk>()
                .view
                .as_ref()
                .expect("desk")
                .session
                .now;
            assert!(now <= at, "the clock passed {at} before its action");
            if now == at {
                break;
            }
            app.update();
        }
        app.world_mut().write_message(DeskIntent::Act(action));
        app.update();
    }
    app.world_mut().write_message(DeskIntent::Finish);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
    let report = app
        .world()
        .resource::<LastAttempt>()
        .report
        .clone()
        .expect("a report");
    assert!(report.refused.is_empty(), "{:?}", report.refused);

    // The same seed and actions through the CLI.
    let script = data.path().join("ideal.actions.ron");
    std::fs::write(&script, ron::to_string(&actions).expect("RON")).expect("script");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args([
            "play",
            SCENARIO,
            "--seed",
            &SEED.to_string(),
            "--json",
            "--actions",
        ])
        .arg(&script)
        .env_remove("FRONTDESK_CONTENT")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("frontdesk play");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let app_report = serde_json::to_value(&report).expect("JSON");
    assert_eq!(app_report, cli);
    assert!(report.passed && report.percent == 100);

    // The attempt was kept for the trainee, and re-scores from its stored seed and actions.
    let store = Store::open_in(data.path()).expect("store");
    let history = store.history("headless").expect("history");
    assert_eq!(history.len(), 1);
    let stored = store.attempt("headless", history[0].id).expect("attempt");
    let library = common::shipped();
    let setup = library
        .setup(&library.scenario(SCENARIO).expect("scenario").value, None)
        .expect("setup");
    let (_, rescored) = setup.play(stored.seed, &stored.actions().expect("actions"));
    assert_eq!(serde_json::to_value(&rescored).expect("JSON"), cli);
    // It remembers the version of the scenario file played, as `play --profile` does.
    let version = library
        .scenario(SCENARIO)
        .expect("scenario")
        .source
        .version();
    assert_eq!(stored.scenario_version, Some(version));
}

/// A request the app cannot carry out is never dropped silently: the trainee is told why.
#[test]
fn an_attempt_that_cannot_start_says_why_on_screen() {
    let data = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .canonicalize()
        .expect("content folder");
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin {
            file_path: root.to_string_lossy().into_owned(),
            ..default()
        },
    ));
    frontdesk::app::plugin(
        &mut app,
        &Options {
            content: ContentSource::FolderOnly(root),
            data_dir: data.path().to_path_buf(),
            scenario: Some("no-such-scenario".into()),
            ..Options::default()
        },
    );
    for _ in 0..2000 {
        app.update();
        if app.world().resource::<Notice>().0.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let notice = app
        .world()
        .resource::<Notice>()
        .0
        .clone()
        .expect("a notice");
    assert!(notice.contains("no-such-scenario"), "{notice}");
    assert_eq!(screen(&app), Screen::Title);
}

/// A finished attempt the store refuses (here: its profile was removed by another process
/// between the start and the end of the shift) is not lost: the desk keeps it, saves it again
/// once the problem is mended, or writes it to a file that `progress --import --merge` adds back
/// (twice adds it once).
#[test]
fn an_attempt_the_store_refuses_is_kept_saved_again_or_written_to_a_file() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless_app(data.path());
    app.world_mut()
        .resource_mut::<Trainee>()
        .create("kept")
        .expect("profile");
    wait_for_desk(&mut app);
    let remove_profile = || {
        let db = rusqlite::Connection::open(data.path().join("progress.sqlite")).expect("db");
        db.execute("DELETE FROM profile WHERE name = 'kept'", [])
            .expect("delete");
    };
    remove_profile();
    let (_, timed) = ideal_script();
    play_through_the_desk(&mut app, timed.clone());
    let saved = app.world().resource::<LastAttempt>().saved.clone();
    assert!(
        saved.as_deref().is_some_and(|s| s.starts_with("Not saved")),
        "{saved:?}"
    );
    assert_eq!(app.world().resource::<Trainee>().unsaved.len(), 1);

    // Saved again once the problem is gone: into the store, and no longer kept.
    let again = app
        .world_mut()
        .resource_mut::<Trainee>()
        .save_unsaved_again();
    assert!(again.starts_with("Saved"), "{again}");
    assert!(app.world().resource::<Trainee>().unsaved.is_empty());
    let store = Store::open_in(data.path()).expect("store");
    assert_eq!(store.history("kept").expect("history").len(), 1);
    drop(store);

    // Refused again, then written to a file and merged into another machine's store.
    remove_profile();
    app.world_mut().write_message(StartAttempt {
        seed: Some(SEED),
        ..StartAttempt::fresh(SCENARIO)
    });
    wait_for_desk(&mut app);
    play_through_the_desk(&mut app, timed);
    assert_eq!(app.world().resource::<Trainee>().unsaved.len(), 1);
    let folder = tempfile::tempdir().expect("folder");
    let files = app
        .world_mut()
        .resource_mut::<Trainee>()
        .write_unsaved(folder.path())
        .expect("written");
    assert_eq!(files.len(), 1);
    assert!(app.world().resource::<Trainee>().unsaved.is_empty());
    let other = tempfile::tempdir().expect("other machine");
    for expected in [
        "added 1 attempt(s) to profile `kept` (0 already there)",
        "added 0 attempt(s) to profile `kept` (1 already there)",
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(["progress", "--merge", "--import"])
            .arg(&files[0])
            .env("FRONTDESK_DATA", other.path())
            .output()
            .expect("frontdesk progress");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains(expected),
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let store = Store::open_in(other.path()).expect("store");
    let history = store.history("kept").expect("history");
    assert_eq!(history.len(), 1);
    assert!(history[0].passed);
}

/// The window wakes for the desk's next change whether or not it has the focus: the first call
/// of a shift rings on screen though nobody touched the window. (The unfocused mode once kept
/// its first 60 s when the desk's first wait equalled the title's, and under a desktop with no
/// window manager the first shift's call showed only when the mouse moved, a dozen rings late.)
#[test]
fn the_desk_wakes_for_its_next_change_focused_or_not() {
    use bevy::winit::{UpdateMode, WinitSettings};
    use frontdesk::app::manners::starting_wake;
    let data = tempfile::tempdir().expect("tempdir");
    let mut app = common::headless_app(
        data.path(),
        Options {
            scenario: Some("first-shift".into()),
            seed: Some(SEED),
            ..Options::default()
        },
    );
    // As the window starts (`desktop_manners`, which also needs egui, so not here).
    app.insert_resource(starting_wake());
    // As in a real window, the desk's first frame comes a moment after it opened, not a
    // whole second: the clock still at the shift's start, the first call five seconds away.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO));
    wait_for_desk(&mut app);
    let wait_of = |mode: UpdateMode| match mode {
        UpdateMode::Reactive { wait, .. } => wait,
        UpdateMode::Continuous => panic!("the desk renders continuously"),
    };
    for second in 0..20 {
        let view = app.world().resource::<Desk>().view.as_ref().expect("desk");
        let office_seconds = f64::from(view.next_change().since(view.session.now));
        let winit = app.world().resource::<WinitSettings>();
        let (focused, unfocused) = (wait_of(winit.focused_mode), wait_of(winit.unfocused_mode));
        assert!(
            focused.as_secs_f64() <= office_seconds + 0.05,
            "{second} s in: focused, the window sleeps {focused:?} with the next change {office_seconds} s away"
        );
        assert_eq!(
            unfocused,
            focused.max(Duration::from_secs(1)),
            "{second} s in: unfocused, the window sleeps {unfocused:?}, focused {focused:?}"
        );
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)));
        app.update();
    }
}
