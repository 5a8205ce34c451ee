//! Trainee progress that lasts: profiles, every attempt (a scenario's seed and actions, an
//! exam's answers), spaced-review cards and mastery, kept in an embedded SQLite database.
//!
//! Every save is one transaction in WAL mode with full sync, so a crash mid-save loses at most
//! that save and never an earlier one. The schema is versioned (`schema`); older databases are
//! migrated on open and newer ones are refused rather than damaged.
//!
//! `attempt` holds what is stored (attempts, answers, findings, summaries), `store` the
//! database and its queries, `rows` how those map to SQL rows, `transfer` a profile's export
//! and import, `calendar` the day arithmetic, `study` the study plan.

mod attempt;
mod calendar;
mod rows;
pub mod schema;
mod store;
mod study;
mod transfer;

pub use attempt::{
    AnswerRecord, Attempt, AttemptKind, AttemptSummary, FindingRecord, ProfileInfo, ProfileSummary,
};
pub use calendar::{civil_date, day_of, now};
pub use rows::MASTERY_ATTEMPTS;
pub use store::Store;
pub use study::{StudyPlan, study_plan};
pub use transfer::{EXPORT_FORMAT, EXPORT_VERSION, ProfileExport};

use std::path::PathBuf;
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
            StoreError::NoProfile(_) => "`frontdesk progress` lists the profiles",
            StoreError::ProfileExists(_) => "choose another name with --as NAME",
            StoreError::BadName(_) => "e.g. `ana` or `Ana Ruiz`",
            StoreError::File { .. } => "the file should come from `frontdesk progress --export`",
            StoreError::Sqlite(_) | StoreError::Damaged(_) => {
                "the database may be damaged; copy it aside and report the problem"
            }
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
