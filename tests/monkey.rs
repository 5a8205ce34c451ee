//! A monkey at the desk: the real desk (`desk_ui` through egui's accessibility tree) given random
//! clicks on whatever buttons it shows, random shortcut keys and random jumps of the clock, on a
//! scenario of every family, under a seed. Nothing may panic; after every step the session
//! keeps its invariants (actions logged in time order, the clock within the shift, every
//! refusal with a reason); the debrief is always computed and in bounds. A failure names the
//! seed, the scenario and the step, to replay it.
#![cfg(feature = "gui")]

mod common;

use bevy_egui::egui::{self, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use frontdesk::app::desk::desk_ui;
use frontdesk::app::office::DeskPanels;
use frontdesk::app::session_view::{DeskIntent, DeskView};
use frontdesk::model::Family;
use frontdesk::scoring::score;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;

/// Steps per scenario (a scenario of each of the nine families) in a test run;
/// `MONKEY_STEPS=2000` for a long run.
const STEPS: usize = 200;

struct State {
    view: DeskView,
    panels: DeskPanels,
    intents: Vec<DeskIntent>,
    finished: bool,
}

/// What the app does with the desk's intents between frames.
fn apply(state: &mut State) {
    for intent in std::mem::take(&mut state.intents) {
        let view = &mut state.view;
        match intent {
            // A refusal is the desk saying no, which the app shows; never a crash.
            DeskIntent::Act(action) => {
                let _ = view.session.apply(action);
            }
            DeskIntent::Select(index) => view.selected = Some(index),
            DeskIntent::TogglePause => view.paused = !view.paused,
            DeskIntent::SetSpeed(speed) => view.speed = speed,
            DeskIntent::SkipAhead if !view.needs_trainee() => {
                let target = view.skip_target();
                view.session.advance_to(target);
            }
            DeskIntent::SkipAhead => {}
            DeskIntent::Finish => {
                view.session.finish();
                state.finished = true;
            }
        }
    }
}

const KEYS: [egui::Key; 17] = [
    egui::Key::A,
    egui::Key::H,
    egui::Key::R,
    egui::Key::E,
    egui::Key::C,
    egui::Key::G,
    egui::Key::N,
    egui::Key::Space,
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

#[test]
fn a_monkey_at_the_desk_breaks_nothing() {
    let library = common::shipped();
    let seed: u64 = std::env::var("MONKEY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2026);
    let steps: usize = std::env::var("MONKEY_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(STEPS);
    let (mut steps_taken, mut carried_out) = (0, 0);
    for family in Family::ALL {
        let Some(scenario) = library
            .scenarios
            .iter()
            .map(|s| &s.value)
            .find(|s| s.family == *family)
        else {
            continue;
        };
        let setup = library.setup(scenario, None).expect("setup");
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ scenario.id.len() as u64);
        let place = |step: usize| {
            format!(
                "MONKEY_SEED={seed}, scenario `{}`, step {step}",
                scenario.id
            )
        };
        let state = State {
            view: DeskView::new(setup.session(rng.random_range(0..100))),
            panels: DeskPanels::default(),
            intents: Vec::new(),
            finished: false,
        };
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .build_ui_state(
                |ui, state: &mut State| {
                    let intents = desk_ui(ui, &state.view, &mut state.panels);
                    state.intents.extend(intents);
                },
                state,
            );
        for step in 0..steps {
            match rng.random_range(0..10) {
                0..=5 => {
                    // Ending the shift ends the run; the schedule's many "+" buttons would
                    // drown the rest, so they get only their share.
                    let grid = rng.random_bool(0.15);
                    let buttons: Vec<_> = harness
                        .query_all_by_role(Role::Button)
                        .filter(|b| {
                            let label = b.accesskit_node().label().unwrap_or_default();
                            !label.contains("End shift") && (label == "+") == grid
                        })
                        .collect();
                    if let Some(button) = buttons.choose(&mut rng) {
                        button.click();
                    }
                }
                6..=7 => harness.key_press(*KEYS.choose(&mut rng).expect("keys")),
                _ => {
                    let session = &mut harness.state_mut().view.session;
                    let to = session
                        .now
                        .plus(rng.random_range(1..240))
                        .min(session.ends_at());
                    session.advance_to(to);
                }
            }
            harness.run();
            apply(harness.state_mut());
            harness.run();
            steps_taken += 1;
            let session = &harness.state().view.session;
            assert!(
                session.log.windows(2).all(|w| w[0].at <= w[1].at),
                "actions logged out of time order at {}",
                place(step)
            );
            assert!(
                session.now <= session.ends_at(),
                "the clock ran past the end at {}",
                place(step)
            );
            assert!(
                session
                    .log
                    .iter()
                    .filter_map(|a| a.refused.as_ref())
                    .all(|r| !r.to_string().is_empty()),
                "a refusal without a reason at {}",
                place(step)
            );
            if harness.state().finished {
                break;
            }
        }
        // The debrief, whatever happened.
        let session = &mut harness.state_mut().view.session;
        carried_out += session.log.iter().filter(|a| !a.is_refused()).count();
        session.finish();
        let report = score(session, &setup.rules);
        assert!(
            report.points <= report.max_points && report.percent <= 100,
            "score out of bounds at {}",
            place(steps)
        );
    }
    assert!(steps_taken > 500, "the monkey took {steps_taken} steps");
    eprintln!("the monkey took {steps_taken} steps; the desk carried out {carried_out} actions");
    assert!(
        carried_out > 50,
        "the monkey did little: {carried_out} actions carried out"
    );
}
