//! What one screen asks of another, as messages: start an attempt at a scenario, start an
//! exam. Each is carried out by the module that owns it (`attempt`, `exam`), so screens never
//! call each other. A request that cannot be carried out says why in the `Notice`, which every
//! screen shows.

use super::widgets::notice_ui;
use crate::model::{Action, ScenarioId};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Notice>()
        .add_message::<StartAttempt>()
        .add_message::<StartExam>()
        .add_systems(EguiPrimaryContextPass, show_notice);
}

/// Play a scenario at the desk.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct StartAttempt {
    pub scenario: ScenarioId,
    /// `None` plays a fresh seed (the app's one seed policy: every attempt is new); a seed
    /// replays an attempt (`frontdesk --scenario ID --seed N`).
    pub seed: Option<u64>,
    /// Actions to play at once (`--script`): the desk opens on the last one's event.
    pub script: Vec<Action>,
}

impl StartAttempt {
    /// A fresh attempt at `scenario`.
    pub fn fresh(scenario: impl Into<ScenarioId>) -> StartAttempt {
        StartAttempt {
            scenario: scenario.into(),
            seed: None,
            script: Vec::new(),
        }
    }
}

/// Sit an exam.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum StartExam {
    /// An exam profile by id, with a fresh seed.
    Profile(String),
    /// The given questions (reviews due), untimed.
    Review(Vec<String>),
}

/// Something the trainee asked for could not be done; shown over every screen until dismissed.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct Notice(pub Option<String>);

/// A seed no attempt or exam has used yet (well, almost surely): the wall clock's nanoseconds.
/// Only seeds come from the wall clock; the core never reads it.
pub fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64 % 1_000_000)
}

/// Draws the notice over the screen until the trainee dismisses it.
fn show_notice(mut contexts: EguiContexts, mut notice: ResMut<Notice>) -> Result {
    let Some(text) = notice.0.clone() else {
        return Ok(());
    };
    if notice_ui(contexts.ctx_mut()?, &text) {
        notice.0 = None;
    }
    Ok(())
}
