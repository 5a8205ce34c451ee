//! The instructor's cohort report screen through egui's accessibility tree: reached from the
//! title screen, it shows each trainee of the store with whether they are ready and why, the
//! critical rules they miss, and a period typed in narrows it; a bad date is said, not panicked.
#![cfg(feature = "gui")]

use bevy_egui::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontdesk::app::report::{CohortView, ReportIntent, report_ui};
use frontdesk::app::title::{TitleIntent, title_ui};
use frontdesk::app::trainee::Trainee;
use frontdesk::app::{Content, Screen};
use std::path::Path;
use std::process::Command;

fn play(data: &Path, plan: &str, profile: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args([
            "play",
            "chest-pain-caller",
            "--plan",
            plan,
            "--profile",
            profile,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .env("FRONTDESK_DATA", data)
        .output()
        .expect("the frontdesk binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct ReportState {
    view: CohortView,
    intent: Option<ReportIntent>,
}

#[test]
fn the_title_screen_leads_to_the_cohort_report() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut harness = Harness::new_ui_state(
        |ui, state: &mut (Trainee, String, Option<TitleIntent>)| {
            if let Some(intent) = title_ui(ui, &state.0, None, &mut state.1) {
                state.2 = Some(intent);
            }
        },
        (Trainee::open(data.path()), String::new(), None),
    );
    harness.get_by_label("Cohort report (instructors)").click();
    harness.run();
    assert_eq!(harness.state().2, Some(TitleIntent::Go(Screen::Report)));
}

#[test]
fn the_report_screen_shows_who_is_ready_and_why() {
    let data = tempfile::tempdir().expect("temp dir");
    play(data.path(), "ideal", "Ana Ruiz");
    play(
        data.path(),
        "books the buffer slot instead of sending to 911",
        "Ben Okafor",
    );
    let content = Content::load(&frontdesk::library::ContentSource::BuiltIn);
    let trainee = Trainee::open(data.path());
    let mut view = CohortView::default();
    view.refresh(&trainee, &content.library);
    assert!(view.problem.is_none(), "{:?}", view.problem);

    let mut harness = Harness::new_ui_state(
        |ui, state: &mut ReportState| {
            if let Some(intent) = report_ui(ui, &mut state.view) {
                state.intent = Some(intent);
            }
        },
        ReportState { view, intent: None },
    );
    harness.get_by_label("Cohort report");
    for name in ["Ana Ruiz", "Ben Okafor"] {
        assert_eq!(
            harness.get_all_by_label(name).count(),
            2,
            "{name}: a row in the table and one in the mastery grid"
        );
    }
    harness.get_by_label_contains("2 trainee(s), 0 ready for the exam · all activity");
    harness.get_by_label("TRI-01 ×1, TRI-04 ×1");
    harness.get_by_label_contains("Ben Okafor: Not yet: no practice exam yet");
    harness.get_by_label("TRI-01 (critical)");

    // A period still to come: nobody has any activity in it.
    harness.get_by_role(Role::TextInput).focus();
    harness.run();
    harness.get_by_role(Role::TextInput).type_text("2999-01-01");
    harness.run();
    harness.get_by_label("Update").click();
    harness.run();
    assert_eq!(harness.state().intent, Some(ReportIntent::Refresh));
    harness.state_mut().view.refresh(&trainee, &content.library);
    harness.run();
    harness.get_by_label_contains("2 trainee(s), 0 ready for the exam · since 2999-01-01");
    assert_eq!(
        harness.get_all_by_label("–").count(),
        2 * 7 + 2,
        "no mastery, no last activity"
    );

    // A date that is not one is said, and the last report stays.
    harness.state_mut().view.since = "soon".into();
    harness.state_mut().view.refresh(&trainee, &content.library);
    harness.run();
    harness.get_by_label_contains("`soon` is not a date");
    assert_eq!(harness.get_all_by_label("Ana Ruiz").count(), 2);
}
