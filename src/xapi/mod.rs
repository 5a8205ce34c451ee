//! xAPI 1.0.3: every finished scenario attempt and exam sitting as statements for a Learning
//! Record Store (LRS), sent from the progress store's queue, and statements read back.
//!
//! Offline first. Saving an attempt queues it in the same transaction (`progress::queue`);
//! nothing here runs at save time. `sync` later turns each queued attempt into its statements
//! (`statement`: a pure function of the stored attempt, the install id and the identity
//! settings, so the same attempt always gives the same statements with the same ids), posts
//! them in batches (`lrs`), and records in the queue only what the LRS accepted. A statement
//! sent twice (a crash between the LRS's answer and the queue's update) has the same id and
//! content, which an LRS takes as already stored. `settings` reads where the LRS is and who
//! the trainee is to it (`lrs.ron` in the data folder, environment variables, flags).
//!
//! docs/XAPI.md describes the statements, the settings and how a clinic network connects.

mod lrs;
mod settings;
mod statement;
mod sync;

pub use lrs::{Lrs, StatementQuery};
pub use settings::{
    Credentials, ENV_ENDPOINT, ENV_PASSWORD, ENV_USER, Identity, LrsSettings, SETTINGS_FILE,
};
pub use statement::{
    Account, Activity, ActivityDefinition, Agent, Context, ContextActivities, EXTENSION_BASE,
    LanguageMap, Score, Statement, StatementResult, Verb, activity_base_default, extension,
    iso_duration, statements_for, timestamp, verbs,
};
pub use sync::{Backoff, SyncProgress, sync, waiting};

use crate::progress::StoreError;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum XapiError {
    #[error("no Learning Record Store is configured")]
    NotConfigured,
    #[error("`{0}` is not an LRS endpoint: {1}")]
    BadEndpoint(String, &'static str),
    #[error(
        "the LRS at {endpoint} refused the credentials (HTTP {status}); nothing was marked sent"
    )]
    BadCredentials { endpoint: String, status: u16 },
    #[error("the LRS at {endpoint} could not be reached ({message}); nothing more was marked sent")]
    Unreachable { endpoint: String, message: String },
    #[error("the LRS at {endpoint} answered HTTP {status}: {detail}")]
    Refused {
        endpoint: String,
        status: u16,
        detail: String,
    },
    #[error("the LRS at {endpoint} sent an answer that is not xAPI: {message}")]
    BadAnswer { endpoint: String, message: String },
    #[error("{path}: {message}")]
    Settings { path: PathBuf, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl XapiError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            XapiError::NotConfigured => {
                "connect one with `frontdesk sync --configure --lrs URL --lrs-user USER` and FRONTDESK_LRS_PASSWORD set (or --lrs-password), or set FRONTDESK_LRS, FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD; the queue is kept meanwhile"
            }
            XapiError::BadEndpoint(..) => {
                "give the LRS's xAPI base, e.g. https://lrs.example.org/xAPI/ (credentials go in --lrs-user and the password, never in the URL)"
            }
            XapiError::BadCredentials { .. } => {
                "check the user and password (`frontdesk sync --configure` replaces them); the queue is kept and nothing is lost"
            }
            XapiError::Unreachable { .. } => {
                "check the address and that the LRS is running; the queue is kept, run `frontdesk sync` again later"
            }
            XapiError::Refused { .. } => {
                "the queue is kept; if this persists, report it with this message"
            }
            XapiError::BadAnswer { .. } => {
                "check that the address is the LRS's xAPI endpoint (it usually ends in /xAPI/)"
            }
            XapiError::Settings { .. } => {
                "fix the file or write it again with `frontdesk sync --configure`; docs/XAPI.md lists its fields"
            }
            XapiError::Store(e) => e.hint(),
        }
    }
}
