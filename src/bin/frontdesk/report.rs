//! `frontdesk report`: a cohort report (who is ready for the exam, who misses what) from the
//! progress store, as CSV, HTML or JSON. The report itself is the library's (`report`).

use crate::content::load_library;
use crate::out::out;
use frontdesk::progress::{Store, now};
use frontdesk::report::{self, Format, ReportError, Selection};
use frontdesk::xapi;
use std::path::PathBuf;
use std::process::ExitCode;

pub struct Request {
    pub profiles: Vec<String>,
    pub since: Option<String>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub force: bool,
    /// Read the cohort back from the Learning Record Store (settings as `sync`'s), not the store.
    pub from_lrs: bool,
    pub lrs: Option<String>,
}

/// The LRS `sync` sends to (`lrs.ron` in the data folder, the FRONTDESK_LRS variables), or the
/// endpoint given with `--lrs`.
fn lrs_of(data_dir: &std::path::Path, endpoint: Option<String>) -> Result<xapi::Lrs, ReportError> {
    let mut settings = xapi::LrsSettings::load(data_dir)?;
    settings.overlay(&xapi::LrsSettings {
        endpoint,
        ..xapi::LrsSettings::default()
    });
    let Some(endpoint) = settings.endpoint.clone() else {
        return Err(xapi::XapiError::NotConfigured.into());
    };
    Ok(xapi::Lrs::new(&endpoint, settings.credentials().as_ref())?)
}

fn fail(e: &ReportError) -> ExitCode {
    eprintln!("error: {e}\n  = hint: {}", e.hint());
    ExitCode::FAILURE
}

pub fn run(
    content: &frontdesk::library::ContentSource,
    data_dir: &std::path::Path,
    request: Request,
) -> ExitCode {
    // Know what to write before the slow part.
    let format = match (request.format, request.output.as_deref()) {
        (Some(format), _) => format,
        (None, Some(path)) => match Format::of_path(path) {
            Some(format) => format,
            None => {
                eprintln!(
                    "error: cannot tell what to write from the name {}",
                    path.display()
                );
                eprintln!("  = hint: say --format csv, html or json, or end the name so");
                return ExitCode::FAILURE;
            }
        },
        (None, None) => {
            eprintln!("error: say which format to write");
            eprintln!("  = hint: --format csv, html or json (and -o FILE to write a file)");
            return ExitCode::FAILURE;
        }
    };
    let since = match request.since.as_deref().map(report::day_start).transpose() {
        Ok(since) => since,
        Err(e) => return fail(&e),
    };
    let selection = if request.profiles.is_empty() {
        Selection::All
    } else {
        Selection::Named(request.profiles)
    };
    let Some(library) = load_library(content) else {
        return ExitCode::FAILURE;
    };
    let cohort = if request.from_lrs {
        let names = match &selection {
            Selection::All => Vec::new(),
            Selection::Named(names) => names.clone(),
        };
        lrs_of(data_dir, request.lrs)
            .and_then(|lrs| report::lrs_report(&lrs, &library, &names, since, now()))
    } else {
        Store::open_in(data_dir)
            .map_err(ReportError::from)
            .and_then(|store| report::store_report(&store, &library, &selection, since, now()))
    };
    let cohort = match cohort {
        Ok(cohort) => cohort,
        Err(e) => return fail(&e),
    };
    let Some(path) = request.output else {
        match format {
            Format::Json => out!("{}", report::to_json(&cohort)),
            Format::Html => out!("{}", report::to_html(&cohort)),
            Format::Csv => {
                out!("{}", report::to_csv(&cohort).trainees);
                eprintln!(
                    "note: only the trainees table on standard output; -o FILE.csv also writes the rules and domains tables"
                );
            }
        }
        return ExitCode::SUCCESS;
    };
    match report::write_files(&cohort, format, &path, request.force) {
        Ok(files) => {
            for file in files {
                eprintln!("wrote {}", file.display());
            }
            eprintln!(
                "{} trainee(s), {} ready for the exam",
                cohort.trainees.len(),
                cohort.trainees.iter().filter(|t| t.ready).count()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
