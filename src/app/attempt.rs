//! The one place the app starts an attempt: every `StartAttempt` (from the picker, the study
//! plan, the debrief's "try again", `--scenario`) is carried out here, with one seed policy (a
//! fresh seed unless one is given to replay) and its failure always shown to the trainee.
//! Holds the attempt in progress (`Desk`) and the one just finished (`LastAttempt`).

use super::content::Content;
use super::requests::{Notice, StartAttempt, fresh_seed};
use super::screen::Screen;
use super::session_view::DeskView;
use crate::library::SetupError;
use crate::model::Action;
use crate::rules::Rule;
use crate::scoring::Report;
use crate::sim::Session;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Desk>()
        .init_resource::<LastAttempt>()
        .add_systems(Update, (open_on_start, start_attempts).chain());
}

/// `--scenario ID [--seed N] [--script FILE]`: start on this scenario once the content is in.
#[derive(Resource)]
pub struct OpenOnStart(pub StartAttempt);

/// The attempt in progress.
#[derive(Resource, Default)]
pub struct Desk {
    pub view: Option<DeskView>,
    /// The rules in force, kept with the attempt so a content reload cannot change its verdict.
    pub rules: Vec<Rule>,
    pub seed: u64,
    /// Simulated seconds owed to the clock, carried between frames.
    pub owed: f64,
    /// Why the last thing the trainee tried was refused.
    pub notice: Option<String>,
}

/// The finished attempt the debrief shows, with the script that replays it.
#[derive(Resource, Default)]
pub struct LastAttempt {
    pub report: Option<Report>,
    /// The session as it ended.
    pub finished: Option<Session>,
    pub script: Vec<Action>,
    /// Whether it was saved to the trainee's progress, in words.
    pub saved: Option<String>,
}

/// Builds an attempt from a request: its setup, its seed, its script played.
pub fn begin(content: &Content, request: &StartAttempt) -> Result<Desk, SetupError> {
    let setup = content.library.setup_by_id(&request.scenario, None)?;
    let seed = request.seed.unwrap_or_else(fresh_seed);
    let mut view = DeskView::new(setup.session(seed));
    let mut refused = Vec::new();
    for action in &request.script {
        if let Err(reason) = view.session.apply(action.clone()) {
            refused.push(format!("{} at {}: {reason}", action.act.label(), action.at));
        }
    }
    view.selected = view.session.log.last().and_then(|logged| logged.event);
    Ok(Desk {
        view: Some(view),
        rules: setup.rules.iter().map(|r| (*r).clone()).collect(),
        seed,
        owed: 0.0,
        notice: (!refused.is_empty()).then(|| {
            format!(
                "{} action(s) of the script were refused: {}",
                refused.len(),
                refused.join("; ")
            )
        }),
    })
}

fn start_attempts(
    mut requests: MessageReader<StartAttempt>,
    content: Option<Res<Content>>,
    mut notice: ResMut<Notice>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    for request in requests.read() {
        let Some(content) = content.as_deref() else {
            notice.0 = Some("The content is still loading; try again in a moment.".into());
            continue;
        };
        match begin(content, request) {
            Ok(desk) => {
                commands.insert_resource(desk);
                next.set(Screen::Desk);
            }
            Err(problem) => {
                error!("{problem}");
                notice.0 = Some(format!("Cannot start the scenario: {problem}"));
            }
        }
    }
}

fn open_on_start(
    mut commands: Commands,
    request: Option<Res<OpenOnStart>>,
    content: Option<Res<Content>>,
    mut start: MessageWriter<StartAttempt>,
) {
    if let (Some(request), Some(_)) = (request, content) {
        start.write(request.0.clone());
        commands.remove_resource::<OpenOnStart>();
    }
}
