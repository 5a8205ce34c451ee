//! A profile as a file, to move a trainee to another machine: written atomically as JSON,
//! read back with its size, format and version checked, imported all or nothing.

use super::rows::{insert_rows, read_attempts, read_cards, valid_name, write_card};
use super::{Attempt, Result, Store, StoreError};
use crate::exam::Card;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Written at the top of an exported profile so a wrong file is recognised.
pub const EXPORT_FORMAT: &str = "frontdesk-profile";
pub const EXPORT_VERSION: u32 = 1;

/// A profile as a file: everything needed to rebuild it on another machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileExport {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub created: i64,
    pub attempts: Vec<Attempt>,
    pub cards: Vec<Card>,
}

impl Store {
    pub fn export(&self, profile: &str) -> Result<ProfileExport> {
        let profile_id = self.require_profile(profile)?;
        let created = self.conn.query_row(
            "SELECT created FROM profile WHERE id = ?1",
            [profile_id],
            |row| row.get(0),
        )?;
        Ok(ProfileExport {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            name: profile.to_owned(),
            created,
            attempts: read_attempts(&self.conn, profile_id, None)?,
            cards: read_cards(&self.conn, profile_id)?,
        })
    }

    /// Rebuilds an exported profile under `name` (default: its own), all or nothing.
    pub fn import(&mut self, export: &ProfileExport, name: Option<&str>) -> Result<String> {
        let name = valid_name(name.unwrap_or(&export.name))?.to_owned();
        if self.profile_id(&name)?.is_some() {
            return Err(StoreError::ProfileExists(name));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO profile (name, created) VALUES (?1, ?2)",
            params![name, export.created],
        )?;
        let profile_id = tx.last_insert_rowid();
        for attempt in &export.attempts {
            insert_rows(&tx, profile_id, attempt)?;
        }
        for card in &export.cards {
            write_card(&tx, profile_id, card)?;
        }
        tx.commit()?;
        Ok(name)
    }
}

impl ProfileExport {
    /// Writes the export as JSON, atomically: a temporary file renamed into place.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| StoreError::Damaged(format!("cannot write the profile: {e}")))?;
        let file_error = |e: std::io::Error| StoreError::File {
            path: path.to_path_buf(),
            message: format!("cannot write: {e}"),
        };
        let temporary = path.with_extension("partial");
        std::fs::write(&temporary, text).map_err(file_error)?;
        std::fs::rename(&temporary, path).map_err(file_error)
    }

    pub fn read(path: &Path) -> Result<ProfileExport> {
        let file_error = |message: String| StoreError::File {
            path: path.to_path_buf(),
            message,
        };
        let metadata =
            std::fs::metadata(path).map_err(|e| file_error(format!("cannot read: {e}")))?;
        if metadata.len() > MAX_EXPORT_BYTES {
            return Err(file_error(format!(
                "the file is {} MB; a profile export may be at most {} MB",
                metadata.len() / 1_000_000,
                MAX_EXPORT_BYTES / 1_000_000
            )));
        }
        let text =
            std::fs::read_to_string(path).map_err(|e| file_error(format!("cannot read: {e}")))?;
        let export: ProfileExport = serde_json::from_str(&text).map_err(|e| {
            file_error(format!(
                "line {}, column {}: not a Frontdesk profile: {e}",
                e.line(),
                e.column()
            ))
        })?;
        if export.format != EXPORT_FORMAT {
            return Err(file_error(format!(
                "`format` is `{}`, not `{EXPORT_FORMAT}`",
                export.format
            )));
        }
        if export.version > EXPORT_VERSION {
            return Err(file_error(format!(
                "written by a newer Frontdesk (export version {})",
                export.version
            )));
        }
        Ok(export)
    }
}

/// Ten thousand attempts with their findings export to a few megabytes; this leaves room.
const MAX_EXPORT_BYTES: u64 = 256 * 1_000_000;
