//! Trainee progress that lasts: profiles, every attempt (a scenario's seed and actions, an
//! exam's answers), spaced-review cards and mastery, kept in an embedded SQLite database.
//!
//! Every save is one transaction in WAL mode with full sync, so a crash mid-save loses at most
//! that save and never an earlier one. The schema is versioned (`schema`); older databases are
//! migrated on open and newer ones are refused rather than damaged.
//!
//! `attempt` holds what is stored (attempts, answers, findings, summaries), `store` the
//! database and its queries, `rows` how those map to SQL rows, `transfer` a profile's export
//! and import, `calendar` the day arithmetic, `study` the study plan, `queue` the attempts
//! waiting for a Learning Record Store (`crate::xapi` sends them).

mod attempt;
mod calendar;
mod queue;
mod rows;
pub mod schema;
pub mod settings;
mod store;
mod study;
mod transfer;

pub use attempt::{
    AnswerRecord, Attempt, AttemptKind, AttemptSummary, FindingRecord, ProfileInfo, ProfileSummary,
};
pub use calendar::{civil_date, date_time, day_of, now};
pub use queue::{QueueStatus, QueuedAttempt, SentProgress};
pub use rows::MASTERY_ATTEMPTS;
pub use store::Store;
pub use study::{StudyPlan, study_plan};
pub use transfer::{EXPORT_FORMAT, EXPORT_VERSION, Merged, ProfileExport};

use std::path::{Path, PathBuf};
use thiserror::Error;

/// The environment variable that overrides where progress is kept.
pub const DATA_ENV: &str = "FRONTDESK_DATA";

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open the progress database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the progress database {path} was written by a newer Frontdesk (schema {found}, this one knows up to {known})"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    /// The file is not a sound database (emptied, corrupted pages, not SQLite at all). It is
    /// refused before anything is written to it, and moved aside when that is possible.
    #[error("the progress database {path} is damaged: {problem}{}", moved_aside(.backup))]
    Broken {
        path: PathBuf,
        problem: String,
        backup: Option<PathBuf>,
    },
    /// Another process held the write lock longer than the busy timeout.
    #[error(
        "the progress database {path} stayed busy: another Frontdesk kept writing to it for over {} s, so nothing was saved",
        BUSY_TIMEOUT.as_secs()
    )]
    Busy { path: PathBuf },
    #[error(
        "the progress database {path} is read-only (its file or folder cannot be written), so nothing was saved"
    )]
    ReadOnly { path: PathBuf },
    #[error("the disk holding the progress database {path} is full, so nothing was saved")]
    DiskFull { path: PathBuf },
    #[error("a disk error on the progress database {path}, so nothing was saved: {source}")]
    Disk {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("there is no profile `{0}`")]
    NoProfile(String),
    #[error("a profile `{0}` already exists")]
    ProfileExists(String),
    #[error("`{0}` cannot be a profile name: use 1 to 64 letters, digits, spaces, '-' or '_'")]
    BadName(String),
    #[error("the progress database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("the profile was not exported to {path}: {message}")]
    Export { path: PathBuf, message: String },
}

/// How long a write waits for another process's write to finish before giving up. Saves take
/// milliseconds; only a large import holds the lock longer.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

fn moved_aside(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(backup) => format!(
            "; it was moved aside to {}, and a new, empty database will be started next time",
            backup.display()
        ),
        None => String::new(),
    }
}

impl StoreError {
    /// What the trainee can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            StoreError::Open { .. } => {
                "check that the data folder is writable, or choose another with --data-dir or FRONTDESK_DATA"
            }
            StoreError::NewerSchema { .. } => {
                "update Frontdesk, or use another data folder with --data-dir"
            }
            StoreError::Broken {
                backup: Some(_), ..
            } => {
                "keep the moved file: a backup copy of the database can be put back in its place, and SQLite's `.recover` may rescue attempts from it"
            }
            StoreError::Broken { backup: None, .. } => {
                "move the file aside (or put a backup copy in its place), then run Frontdesk again"
            }
            StoreError::Busy { .. } => {
                "try again in a moment; a long import in another window or command may still be running"
            }
            StoreError::ReadOnly { .. } => {
                "progress can still be read here; to save, make the data folder writable or choose another with --data-dir or FRONTDESK_DATA"
            }
            StoreError::DiskFull { .. } => {
                "free some space on that disk and try again; what was saved before is intact"
            }
            StoreError::Disk { .. } => {
                "check that disk (is it full, removed or failing?); what was saved before is intact"
            }
            StoreError::NoProfile(_) => "`frontdesk progress` lists the profiles",
            StoreError::ProfileExists(_) => {
                "choose another name with --as NAME, or add the file's attempts to that profile with --merge"
            }
            StoreError::BadName(_) => "e.g. `ana` or `Ana Ruiz`",
            StoreError::File { .. } => "the file should come from `frontdesk progress --export`",
            StoreError::Export { .. } => {
                "name a new file, or a regular file to replace, in a folder with room to write"
            }
            StoreError::Sqlite(_) => {
                "this is unexpected: please report it with this message; what was saved before is intact"
            }
            StoreError::Damaged(_) => {
                "the database may be damaged; copy it aside and report the problem"
            }
        }
    }

    /// Gives an SQLite error its meaning for the database at `path`: busy, read-only, disk
    /// full, damaged. Other errors are returned as they are.
    pub fn located(self, path: &Path) -> StoreError {
        let StoreError::Sqlite(error) = self else {
            return self;
        };
        let path = path.to_path_buf();
        let Some(code) = error.sqlite_error() else {
            return StoreError::Sqlite(error);
        };
        use rusqlite::ErrorCode;
        match code.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy { path },
            ErrorCode::ReadOnly => StoreError::ReadOnly { path },
            ErrorCode::DiskFull => StoreError::DiskFull { path },
            // SQLite grows its shared-memory index by writing to it: that fails when the disk
            // is full, and is reported as an I/O error of its own.
            ErrorCode::SystemIoFailure
                if code.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE =>
            {
                StoreError::DiskFull { path }
            }
            ErrorCode::SystemIoFailure => StoreError::Disk {
                path,
                source: error,
            },
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => StoreError::Broken {
                path,
                problem: error.to_string(),
                backup: None,
            },
            _ => StoreError::Sqlite(error),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Where progress lives: `$FRONTDESK_DATA`, else the platform's data folder.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_ENV) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "Frontdesk", "frontdesk")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".frontdesk"))
}
