//! `frontdesk sync`: sends the queued xAPI statements to the Learning Record Store, shows the
//! queue, prints the statements, or writes the LRS settings. The work is `frontdesk::xapi`'s.

use crate::out::outln;
use frontdesk::progress::Store;
use frontdesk::xapi::{self, Backoff, LrsSettings, XapiError};
use std::path::Path;
use std::process::ExitCode;

pub struct Request {
    pub lrs: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub home_page: Option<String>,
    pub activity_base: Option<String>,
    pub batch: usize,
    pub configure: bool,
    pub status: bool,
    pub print: bool,
}

fn fail(e: &XapiError) -> ExitCode {
    eprintln!("error: {e}\n  = hint: {}", e.hint());
    ExitCode::FAILURE
}

pub fn run(data_dir: &Path, request: Request) -> ExitCode {
    match sync(data_dir, request) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn sync(data_dir: &Path, request: Request) -> Result<(), XapiError> {
    let mut settings = LrsSettings::load(data_dir)?;
    settings.overlay(&LrsSettings {
        endpoint: request.lrs,
        username: request.user,
        password: request.password,
        home_page: request.home_page,
        activity_base: request.activity_base,
        ..LrsSettings::default()
    });
    if request.configure {
        return configure(data_dir, &settings);
    }
    let mut store = Store::open_in(data_dir)?;
    let identity = settings.identity(&store.install_id()?);
    if request.print {
        let statements = xapi::waiting(&store, &identity, usize::MAX >> 1)?;
        let json = serde_json::to_string_pretty(&statements).map_err(|e| XapiError::BadAnswer {
            endpoint: "(none)".to_owned(),
            message: e.to_string(),
        })?;
        outln!("{json}");
        return Ok(());
    }
    if request.status {
        let status = store.queue_status()?;
        outln!(
            "{} attempt(s) waiting for the LRS, {} sent",
            status.waiting,
            status.sent
        );
        match &settings.endpoint {
            Some(endpoint) => outln!(
                "LRS: {endpoint}{}",
                settings
                    .username
                    .as_ref()
                    .map(|u| format!(" as {u}"))
                    .unwrap_or_default()
            ),
            None => outln!("LRS: none configured"),
        }
        return Ok(());
    }
    let Some(endpoint) = settings
        .endpoint
        .clone()
        .filter(|_| settings.is_configured())
    else {
        return Err(XapiError::NotConfigured);
    };
    let lrs = xapi::Lrs::new(&endpoint, settings.credentials().as_ref())?;
    let before = store.queue_status()?;
    eprintln!(
        "sending {} waiting attempt(s) to {} …",
        before.waiting,
        lrs.endpoint()
    );
    let done = xapi::sync(
        &mut store,
        &lrs,
        &identity,
        request.batch,
        &Backoff::default(),
        |progress| eprintln!("  {} statement(s) accepted", progress.statements),
    )?;
    let after = store.queue_status()?;
    outln!(
        "sent {} statement(s) of {} attempt(s) to {}; {} attempt(s) waiting",
        done.statements,
        done.attempts,
        lrs.endpoint(),
        after.waiting
    );
    Ok(())
}

fn configure(data_dir: &Path, settings: &LrsSettings) -> Result<(), XapiError> {
    let Some(endpoint) = &settings.endpoint else {
        return Err(XapiError::NotConfigured);
    };
    // Checked before it is kept: a bad address is said now, not at the first sync.
    xapi::Lrs::new(endpoint, None)?;
    let path = LrsSettings::path_in(data_dir);
    // What the flags and environment give replaces the file's; the rest of the file is kept.
    // The password is kept too, wherever it came from: the app reads this file, not the
    // shell's environment.
    let mut kept = LrsSettings::read(&path)?;
    kept.overlay(settings);
    kept.write(&path)?;
    outln!(
        "LRS settings written to {} (readable by you only; the password is not shown)",
        path.display()
    );
    Ok(())
}
