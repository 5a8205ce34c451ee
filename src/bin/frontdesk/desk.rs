//! `frontdesk` without a subcommand: open the desk app (or, in a build without it, say what
//! there is instead).

use crate::out::outln;

use frontdesk::library::ContentSource;
use std::path::PathBuf;
use std::process::ExitCode;

/// How `frontdesk` without a subcommand was asked to open.
pub struct Request {
    pub content: ContentSource,
    pub data_dir: PathBuf,
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    pub script: Option<PathBuf>,
    pub screenshot: Option<PathBuf>,
}

#[cfg(feature = "gui")]
pub fn open(request: Request) -> ExitCode {
    let script: Vec<frontdesk::model::Action> = match &request.script {
        Some(path) => match frontdesk::source::read_text(path)
            .and_then(|text| frontdesk::source::parse(path, &text))
        {
            Ok(actions) => actions,
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::FAILURE;
            }
        },
        None => Vec::new(),
    };
    let options = frontdesk::app::Options {
        content: request.content.canonical(),
        data_dir: request.data_dir,
        scenario: request.scenario,
        seed: request.seed,
        script,
        screenshot: request.screenshot,
    };
    match frontdesk::app::run(options) {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// Built without the desk (`--no-default-features`): say what there is instead.
#[cfg(not(feature = "gui"))]
pub fn open(request: Request) -> ExitCode {
    let _ = (
        &request.data_dir,
        &request.scenario,
        &request.seed,
        &request.script,
        &request.screenshot,
    );
    overview(&request.content)
}

#[cfg_attr(feature = "gui", allow(dead_code))]
fn overview(content: &ContentSource) -> ExitCode {
    outln!("Frontdesk — a training simulator for medical front-desk staff.\n");
    outln!(
        "This build has no desk app (built without the `gui` feature); play scenarios headless with `frontdesk play`.\n"
    );
    let code = crate::content::list(content, false);
    outln!("\nTry: frontdesk play <SCENARIO> --actions <FILE>   (see `frontdesk --help`)");
    code
}
