//! A profile as a file, to move a trainee to another machine: written atomically as JSON (never
//! over a link, folder or device), read back with its size, format and version checked,
//! imported all or nothing; or merged into a profile of the same name (the desk's "save to a
//! file" when the store could not take an attempt), adding only the attempts it does not hold.

use super::rows::{insert_attempt, insert_rows, read_attempts, read_cards, valid_name, write_card};
use super::store::profile_id_in;
use super::{Attempt, Result, Store, StoreError};
use crate::exam::Card;
use crate::library::{WriteError, write_new};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::io::Read;
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
        let exported = self.export_rows(profile);
        exported.map_err(|e| e.located(self.path()))
    }

    fn export_rows(&self, profile: &str) -> Result<ProfileExport> {
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
        let imported = self.import_rows(export, name);
        imported.map_err(|e| e.located(self.path()))
    }

    fn import_rows(&mut self, export: &ProfileExport, name: String) -> Result<String> {
        // The name is checked under the write lock, so two imports of one name cannot race.
        let tx = self.write()?;
        if profile_id_in(&tx, &name)?.is_some() {
            return Err(StoreError::ProfileExists(name));
        }
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

/// What a merge did: the profile's name, the attempts added and those it already held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub name: String,
    pub added: usize,
    pub already_held: usize,
}

impl Store {
    /// Adds an export's attempts to the profile of its name (or `name`), creating the profile if
    /// it is new; an attempt the profile already holds (same kind, time, item, seed and actions)
    /// is skipped, so merging a file twice adds nothing the second time. All or nothing. The
    /// attempts move the review cards as a save does; the export's own cards are not read.
    pub fn merge(&mut self, export: &ProfileExport, name: Option<&str>) -> Result<Merged> {
        let name = valid_name(name.unwrap_or(&export.name))?.to_owned();
        let merged = self.merge_rows(export, name);
        merged.map_err(|e| e.located(self.path()))
    }

    fn merge_rows(&mut self, export: &ProfileExport, name: String) -> Result<Merged> {
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO profile (name, created) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
            params![name, export.created],
        )?;
        let profile_id = profile_id_in(&tx, &name)?.ok_or(StoreError::NoProfile(name.clone()))?;
        let mut merged = Merged {
            name,
            added: 0,
            already_held: 0,
        };
        for attempt in &export.attempts {
            let held: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM attempt WHERE profile_id = ?1 AND kind = ?2 AND at = ?3
                   AND item = ?4 AND seed = ?5 AND payload = ?6)",
                params![
                    profile_id,
                    attempt.kind.name(),
                    attempt.at,
                    attempt.item,
                    attempt.seed as i64,
                    attempt.payload
                ],
                |row| row.get(0),
            )?;
            if held {
                merged.already_held += 1;
            } else {
                insert_attempt(&tx, profile_id, attempt)?;
                merged.added += 1;
            }
        }
        tx.commit()?;
        Ok(merged)
    }
}

impl ProfileExport {
    /// Attempts not (yet) in any store, as a file `--import … --merge` takes: the desk writes
    /// one when a save failed, so a finished attempt is never lost with the store.
    pub fn unsaved(name: &str, attempts: Vec<Attempt>, at: i64) -> ProfileExport {
        ProfileExport {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            name: name.to_owned(),
            created: at,
            attempts,
            cards: Vec::new(),
        }
    }

    /// Writes the export as JSON, atomically, with `write_new`: a regular file is replaced, a
    /// link, folder or device never is, and a failed write (a full disk) leaves nothing behind.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| StoreError::Damaged(format!("cannot write the profile: {e}")))?;
        write_new(path, &text, true).map_err(|e| StoreError::Export {
            path: path.to_path_buf(),
            message: match e {
                WriteError::Exists(_) => {
                    "it is not a regular file (a link, a folder or a device), so it is left as it is"
                        .to_owned()
                }
                WriteError::Io { message, .. } => message,
            },
        })
    }

    pub fn read(path: &Path) -> Result<ProfileExport> {
        let file_error = |message: String| StoreError::File {
            path: path.to_path_buf(),
            message,
        };
        let too_big = || {
            file_error(format!(
                "the file holds more than {} MB; a profile export may be at most {} MB",
                MAX_EXPORT_BYTES / 1_000_000,
                MAX_EXPORT_BYTES / 1_000_000
            ))
        };
        let file =
            std::fs::File::open(path).map_err(|e| file_error(format!("cannot read: {e}")))?;
        // A regular file's length refuses a big one without reading it; a pipe or a device
        // (`/dev/zero`) has none, so the read itself stops one byte past the limit.
        if file.metadata().is_ok_and(|m| m.len() > MAX_EXPORT_BYTES) {
            return Err(too_big());
        }
        let mut bytes = Vec::new();
        file.take(MAX_EXPORT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| file_error(format!("cannot read: {e}")))?;
        if bytes.len() as u64 > MAX_EXPORT_BYTES {
            return Err(too_big());
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| file_error(format!("not a Frontdesk profile: not UTF-8 text: {e}")))?;
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
