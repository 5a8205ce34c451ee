//! The one place the app starts an attempt: every `StartAttempt` (from the picker, the study
//! plan, the debrief's "try again", `--scenario`) is carried out here, with one seed policy (a
//! fresh seed unless one is given to replay) and its failure always shown to the trainee.
//! Holds the attempt in progress (`Desk`) and the one just finished (`LastAttempt`), and keeps
//! the attempt in progress on the scenario as it is on disk (play-as-you-write).

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
        .add_systems(Update, (open_on_start, start_attempts).chain())
        .add_systems(
            Update,
            replay_on_the_edited_scenario
                .run_if(in_state(Screen::Desk).and_then(resource_exists_and_changed::<Content>)),
        );
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
    // As `play --actions` plays it: in time order, actions on a call a consequence brings
    // waiting for it; the desk then opens where the script ends.
    view.session.apply_script(&request.script);
    let refused: Vec<String> = view
        .session
        .refused()
        .filter_map(|logged| {
            let reason = logged.refused.as_ref()?;
            Some(format!("{} at {}: {reason}", logged.act.label(), logged.at))
        })
        .collect();
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

/// Play-as-you-write: when the content changes while an attempt is in progress, the attempt is
/// rebuilt on the scenario, office, policy and rules as they now are, with the same seed, and
/// the trainee's actions so far are replayed (as Inky replays a story); actions the new version
/// refuses are named. A scenario file that now has errors keeps playing its last good version,
/// and its errors are shown on the desk. Returns the notice to show, and the rebuilt attempt
/// when anything it plays on changed.
pub fn follow_edits(content: &Content, desk: &Desk) -> (Option<Desk>, Option<String>) {
    let Some(view) = desk.view.as_ref() else {
        return (None, None);
    };
    let id = view.session.scenario.id.clone();
    let file = content.library.scenario(&id).map(|s| s.source.path.clone());
    let errors: Vec<String> = content
        .errors()
        .filter(|d| file.as_ref().is_none_or(|f| &d.file == f))
        .filter(|d| file.is_some() || d.message.contains(&*id))
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.file.display(),
                d.line,
                d.column,
                d.message
            )
        })
        .collect();
    let broken = (!errors.is_empty()).then(|| {
        format!(
            "The scenario's file has {} error(s); the desk plays its last good version. {}",
            errors.len(),
            errors.join(" · ")
        )
    });
    let Ok(setup) = content.library.setup_by_id(&id, None) else {
        return (None, broken);
    };
    let rules: Vec<Rule> = setup.rules.iter().map(|r| (*r).clone()).collect();
    let unchanged = **setup.scenario == *view.session.scenario
        && **setup.office == *view.session.office
        && **setup.policy == *view.session.policy
        && rules == desk.rules;
    if unchanged {
        return (None, broken);
    }
    let mut session = setup.session(desk.seed);
    let script = view.session.script();
    let was_refused = view.session.refused().count();
    let mut refused = Vec::new();
    for action in &script {
        if let Err(reason) = session.apply(action.clone()) {
            refused.push(format!("{} at {}: {reason}", action.act.label(), action.at));
        }
    }
    session.advance_to(view.session.now);
    let notice = if refused.len() > was_refused {
        format!(
            "The scenario changed on disk: replayed your {} action(s) on the new version; {} now refused: {}",
            script.len(),
            refused.len(),
            refused.join("; ")
        )
    } else {
        format!(
            "The scenario changed on disk: replayed your {} action(s) on the new version.",
            script.len()
        )
    };
    let rebuilt = Desk {
        view: Some(DeskView {
            session,
            selected: view.selected,
            paused: view.paused,
            speed: view.speed,
        }),
        rules,
        seed: desk.seed,
        owed: desk.owed,
        notice: None,
    };
    (Some(rebuilt), Some(broken.unwrap_or(notice)))
}

fn replay_on_the_edited_scenario(content: Res<Content>, mut desk: ResMut<Desk>) {
    let (rebuilt, notice) = follow_edits(&content, &desk);
    if let Some(rebuilt) = rebuilt {
        *desk = rebuilt;
    }
    if notice.is_some() {
        desk.notice = notice;
    }
}
