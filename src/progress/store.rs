//! The progress database: opening (and migrating) it, profiles, saving attempts with their
//! review cards, and the queries behind history, mastery and best results.

use super::rows::*;
use super::{
    Attempt, AttemptKind, AttemptSummary, ProfileInfo, ProfileSummary, Result, StoreError, schema,
};
use crate::exam::{self, Card, Mastery, RECENT_ANSWERS, RECENT_FINDINGS};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DATABASE_FILE: &str = "progress.sqlite";

pub struct Store {
    pub(super) conn: Connection,
    path: PathBuf,
    access: Access,
}

/// What the open database allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    ReadWrite,
    /// Its file or folder cannot be written.
    ReadOnly,
    /// Opened for reading only because the disk is full (SQLite could not even grow its index).
    DiskFull,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`.
    pub fn open_in(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::File {
            path: data_dir.to_path_buf(),
            message: format!("cannot create the data folder: {e}"),
        })?;
        Store::open(&data_dir.join(DATABASE_FILE))
    }

    /// Opens the database file, migrating it to the current schema.
    ///
    /// A missing file is created whole (see `create`), so a file of 0 bytes is never one of
    /// ours half-made: it was emptied, and is refused and moved aside rather than silently
    /// taken for a new database. A file SQLite finds damaged (`PRAGMA quick_check`) is refused
    /// the same way before anything is written to it. A file that cannot be written (a
    /// read-only folder or disk) is opened for reading only; writes then fail with `ReadOnly`.
    pub fn open(path: &Path) -> Result<Store> {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path)?,
            Err(e) => return Err(io_error(path, e)),
            Ok(meta) if meta.len() == 0 => {
                return Err(set_aside(
                    path,
                    "it is empty (0 bytes), though a progress database was kept there".to_owned(),
                ));
            }
            Ok(_) => {}
        }
        let (mut conn, access) = connect(path)?;
        let located = |e: rusqlite::Error| StoreError::Sqlite(e).located(path);
        let sound = conn
            .query_row("PRAGMA quick_check(1)", [], |row| row.get::<_, String>(0))
            .map_err(located);
        match sound {
            Ok(verdict) if verdict == "ok" => {}
            Ok(verdict) => {
                drop(conn);
                return Err(set_aside(path, format!("SQLite's check found: {verdict}")));
            }
            Err(StoreError::Broken { problem, .. }) => {
                drop(conn);
                return Err(set_aside(path, problem));
            }
            Err(other) => return Err(other),
        }
        let found = schema::version(&conn).map_err(located)?;
        if found > schema::CURRENT_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: schema::CURRENT_VERSION,
            });
        }
        if found < schema::CURRENT_VERSION {
            if let Some(refused) = refusal(access, path) {
                return Err(refused);
            }
            schema::migrate_to(&mut conn, schema::CURRENT_VERSION).map_err(located)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            access,
        })
    }

    /// How long writes wait for another process's write (default `BUSY_TIMEOUT`).
    pub fn set_busy_timeout(&mut self, wait: std::time::Duration) -> Result<()> {
        self.on_disk(|s| Ok(s.conn.busy_timeout(wait)?))
    }

    /// Whether the database could only be opened for reading (writes will fail).
    pub fn is_read_only(&self) -> bool {
        self.access != Access::ReadWrite
    }

    /// Runs `f`, giving an SQLite error its meaning for this database (busy, full, …).
    fn on_disk<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        f(self).map_err(|e| e.located(&self.path))
    }

    fn on_disk_mut<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let result = f(self);
        result.map_err(|e| e.located(&self.path))
    }

    /// A write transaction that holds the write lock from its start, waiting up to the busy
    /// timeout for another writer. (A deferred one that reads first cannot wait: in WAL mode it
    /// fails at once with "database is locked" if another process wrote meanwhile.)
    pub(super) fn write(&mut self) -> Result<Transaction<'_>> {
        if let Some(refused) = refusal(self.access, &self.path) {
            return Err(refused);
        }
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn profiles(&self) -> Result<Vec<ProfileInfo>> {
        self.on_disk(|s| s.profile_rows())
    }

    fn profile_rows(&self) -> Result<Vec<ProfileInfo>> {
        let mut statement = self.conn.prepare(
            "SELECT p.name, p.created, COUNT(a.id) FROM profile p
             LEFT JOIN attempt a ON a.profile_id = p.id GROUP BY p.id ORDER BY p.name",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(ProfileInfo {
                name: row.get(0)?,
                created: row.get(1)?,
                attempts: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates a profile; an existing one with that name is an error.
    pub fn create_profile(&mut self, name: &str, at: i64) -> Result<()> {
        if self.insert_profile(name, at)? {
            Ok(())
        } else {
            Err(StoreError::ProfileExists(name.trim().to_owned()))
        }
    }

    /// Creates the profile unless it exists. Several processes may do this at once for the
    /// same new name: one inserts it, the others find it there.
    pub fn ensure_profile(&mut self, name: &str, at: i64) -> Result<()> {
        self.insert_profile(name, at).map(|_| ())
    }

    /// Inserts the profile unless one has that name; whether it was inserted.
    fn insert_profile(&mut self, name: &str, at: i64) -> Result<bool> {
        let name = valid_name(name)?;
        self.on_disk_mut(|s| {
            let tx = s.write()?;
            let inserted = tx.execute(
                "INSERT INTO profile (name, created) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                params![name, at],
            )?;
            tx.commit()?;
            Ok(inserted == 1)
        })
    }

    pub(super) fn profile_id(&self, name: &str) -> Result<Option<i64>> {
        profile_id_in(&self.conn, name)
    }

    pub(super) fn require_profile(&self, name: &str) -> Result<i64> {
        self.profile_id(name)?
            .ok_or_else(|| StoreError::NoProfile(name.to_owned()))
    }

    /// Saves an attempt and moves the review cards it touches, in one transaction.
    pub fn save_attempt(&mut self, profile: &str, attempt: &Attempt) -> Result<i64> {
        self.on_disk_mut(|s| {
            let tx = s.write()?;
            let profile_id = profile_id_in(&tx, profile)?
                .ok_or_else(|| StoreError::NoProfile(profile.to_owned()))?;
            let id = insert_attempt(&tx, profile_id, attempt)?;
            tx.commit()?;
            Ok(id)
        })
    }

    pub fn history(&self, profile: &str) -> Result<Vec<AttemptSummary>> {
        self.on_disk(|s| s.history_rows(profile))
    }

    fn history_rows(&self, profile: &str) -> Result<Vec<AttemptSummary>> {
        let profile_id = self.require_profile(profile)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT id, kind, at, item, seed, score_percent, passed, scaled FROM attempt
             WHERE profile_id = ?1 ORDER BY at, id",
        )?;
        let rows = statement.query_map([profile_id], |row| {
            Ok(AttemptSummary {
                id: row.get(0)?,
                kind: AttemptKind::of_row(row, 1)?,
                at: row.get(2)?,
                item: row.get(3)?,
                seed: row.get::<_, i64>(4)? as u64,
                score_percent: row.get(5)?,
                passed: row.get(6)?,
                scaled: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One stored attempt in full.
    pub fn attempt(&self, profile: &str, id: i64) -> Result<Attempt> {
        self.on_disk(|s| s.attempt_rows(profile, id))
    }

    fn attempt_rows(&self, profile: &str, id: i64) -> Result<Attempt> {
        let profile_id = self.require_profile(profile)?;
        let mut attempts = read_attempts(&self.conn, profile_id, Some(id))?;
        attempts
            .pop()
            .ok_or_else(|| StoreError::Damaged(format!("there is no attempt {id} in `{profile}`")))
    }

    /// Mastery per domain from the most recent answers and findings.
    pub fn mastery(&self, profile: &str) -> Result<Vec<Mastery>> {
        self.on_disk(|s| s.mastery_rows(profile))
    }

    fn mastery_rows(&self, profile: &str) -> Result<Vec<Mastery>> {
        let profile_id = self.require_profile(profile)?;
        let answers = recent_marks(&self.conn, RECENT_ANSWERS_SQL, profile_id, RECENT_ANSWERS)?;
        let findings = recent_marks(&self.conn, RECENT_FINDINGS_SQL, profile_id, RECENT_FINDINGS)?;
        Ok(exam::mastery(&answers, &findings))
    }

    /// The best percent per scenario, and whether any attempt passed.
    pub fn best_results(&self, profile: &str) -> Result<BTreeMap<String, (f64, bool)>> {
        self.on_disk(|s| s.best_results_rows(profile))
    }

    fn best_results_rows(&self, profile: &str) -> Result<BTreeMap<String, (f64, bool)>> {
        let profile_id = self.require_profile(profile)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT item, MAX(score_percent), MAX(passed) FROM attempt
             WHERE profile_id = ?1 AND kind = 'scenario' GROUP BY item",
        )?;
        let rows = statement.query_map([profile_id], |row| {
            Ok((row.get::<_, String>(0)?, (row.get(1)?, row.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn cards(&self, profile: &str) -> Result<Vec<Card>> {
        self.on_disk(|s| s.cards_rows(profile))
    }

    fn cards_rows(&self, profile: &str) -> Result<Vec<Card>> {
        let profile_id = self.require_profile(profile)?;
        read_cards(&self.conn, profile_id)
    }

    /// Everything the progress screen shows.
    pub fn summary(&self, profile: &str, today: i64) -> Result<ProfileSummary> {
        let cards = self.cards(profile)?;
        Ok(ProfileSummary {
            name: profile.to_owned(),
            history: self.history(profile)?,
            mastery: self.mastery(profile)?,
            cards: cards.len() as u32,
            due: cards.into_iter().filter(|c| c.is_due(today)).collect(),
        })
    }

    /// Whether SQLite finds the database sound.
    pub fn integrity_ok(&self) -> Result<bool> {
        self.on_disk(|s| {
            let verdict: String = s
                .conn
                .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
            Ok(verdict == "ok")
        })
    }
}

pub(super) fn profile_id_in(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM profile WHERE name = ?1", [name], |row| {
            row.get(0)
        })
        .optional()?)
}

fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.kind() {
        std::io::ErrorKind::StorageFull => StoreError::DiskFull { path },
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
            StoreError::ReadOnly { path }
        }
        _ => StoreError::File {
            path,
            message: format!("cannot open: {e}"),
        },
    }
}

/// Sets the connection up: wait for other writers rather than fail at once, WAL so readers
/// and a writer do not block each other, full sync so a committed save survives a power cut.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    // Setting the journal mode writes to the file: only when it is not WAL already (a
    // database made before WAL was the default here), so a read-only open still works.
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")
}

/// Why a write to a database opened with `access` is refused, if it is.
fn refusal(access: Access, path: &Path) -> Option<StoreError> {
    let path = path.to_path_buf();
    match access {
        Access::ReadWrite => None,
        Access::ReadOnly => Some(StoreError::ReadOnly { path }),
        Access::DiskFull => Some(StoreError::DiskFull { path }),
    }
}

/// Opens the existing database for reading and writing, or, when its file or folder cannot
/// be written (or the disk is too full to open it so), for reading only, so progress can
/// still be seen and exported.
fn connect(path: &Path) -> Result<(Connection, Access)> {
    let located = |e: rusqlite::Error| StoreError::Sqlite(e).located(path);
    // No CREATE: the file exists (`open` made it whole if it did not), and if it vanished
    // meanwhile an empty one must not appear in its place.
    let writable = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(located)
    .and_then(|conn| {
        configure(&conn).map_err(located)?;
        // SQLite falls back to read-only by itself when the file cannot be written; the
        // first read then fails if the WAL index cannot be made in a read-only folder.
        schema::version(&conn).map_err(located)?;
        Ok(conn)
    });
    match writable {
        Ok(conn) if !conn.is_readonly("main").unwrap_or(false) => Ok((conn, Access::ReadWrite)),
        Ok(_) | Err(StoreError::ReadOnly { .. }) => read_only(path, Access::ReadOnly),
        Err(StoreError::Sqlite(_)) if !folder_writable(path) => read_only(path, Access::ReadOnly),
        Err(full @ StoreError::DiskFull { .. }) => {
            read_only(path, Access::DiskFull).map_err(|_| full)
        }
        Err(e) => Err(e),
    }
}

/// Whether a file can be made next to the database (false in a read-only folder or disk).
fn folder_writable(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let probe = dir.join(format!(".frontdesk-probe-{}", std::process::id()));
    let made = std::fs::File::create(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    made
}

/// Opens the database for reading only. With no (or an empty) write-ahead log beside it it is
/// whole in its file and is opened `immutable` (SQLite then needs no lock or index files, which
/// a read-only folder cannot hold); with one, SQLite reads the log too.
fn read_only(path: &Path, access: Access) -> Result<(Connection, Access)> {
    let located = |e: rusqlite::Error| StoreError::Sqlite(e).located(path);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    // An empty log holds nothing (a failed read-write open may just have made it).
    let option = if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        "mode=ro"
    } else {
        "immutable=1"
    };
    let uri = format!("file:{}?{option}", uri_path(path));
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(located)?;
    conn.busy_timeout(super::BUSY_TIMEOUT).map_err(located)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(located)?;
    Ok((conn, access))
}

/// The path percent-encoded for an SQLite URI (`?`, `#` and `%` would end or change it).
fn uri_path(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut out = String::new();
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Creates the database whole: built under a temporary name, with the schema and in WAL mode,
/// then linked into place. Until the link, other processes see no file and build their own;
/// the first link wins and the others discard theirs. So the file at `path` is never seen
/// half-made, and a 0-byte file there always means it was emptied.
fn create(path: &Path) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = dir.join(format!(".{name}.{}.new", std::process::id()));
    remove_with_companions(&temporary);
    let located = |e: rusqlite::Error| StoreError::Sqlite(e).located(path);
    let built = (|| {
        let mut conn = Connection::open(&temporary).map_err(located)?;
        conn.busy_timeout(super::BUSY_TIMEOUT).map_err(located)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(located)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(located)?;
        schema::migrate_to(&mut conn, schema::CURRENT_VERSION).map_err(located)?;
        // Closing the last connection moves the log into the file and removes the log.
        conn.close().map_err(|(_, e)| located(e))
    })();
    let placed = built.and_then(|()| match std::fs::hard_link(&temporary, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // A file system without hard links: check, then rename (a rare race remains there).
        Err(_) if path.exists() => Ok(()),
        Err(_) => std::fs::rename(&temporary, path).map_err(|e| io_error(path, e)),
    });
    remove_with_companions(&temporary);
    if placed.is_ok()
        && let Ok(folder) = std::fs::File::open(dir)
    {
        // The new name is durable before any attempt is saved under it.
        let _ = folder.sync_all();
    }
    placed
}

fn remove_with_companions(file: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Refuses a damaged database: moves it (and its log) aside to
/// `progress.sqlite.broken-<unix time>` so nothing is ever written to it, and says where.
/// The next open starts a new database, having said so here.
fn set_aside(path: &Path, problem: String) -> StoreError {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stamp = super::now();
    let backup = (0..100)
        .map(|k| {
            let suffix = if k == 0 {
                String::new()
            } else {
                format!("-{k}")
            };
            path.with_file_name(format!("{name}.broken-{stamp}{suffix}"))
        })
        .find(|candidate| !candidate.exists());
    let moved = backup.filter(|backup| std::fs::rename(path, backup).is_ok());
    if let Some(backup) = &moved {
        // The log belongs to the damaged file; a new database must not pick it up. The index
        // is rebuilt from the log, so it is simply removed.
        for (suffix, keep) in [("-wal", true), ("-shm", false)] {
            let mut from = path.as_os_str().to_owned();
            from.push(suffix);
            let from = PathBuf::from(from);
            if keep {
                let mut to = backup.as_os_str().to_owned();
                to.push(suffix);
                let _ = std::fs::rename(&from, PathBuf::from(to));
            } else {
                let _ = std::fs::remove_file(&from);
            }
        }
    }
    StoreError::Broken {
        path: path.to_path_buf(),
        problem: if moved.is_none() {
            format!("{problem} (it could not be moved aside: is its folder read-only?)")
        } else {
            problem
        },
        backup: moved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_held_up_past_the_timeout_gets_busy_not_database_is_locked() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut store = Store::open_in(dir.path()).expect("opens");
        store.ensure_profile("ana", 0).expect("created");
        let other = Connection::open(store.path()).expect("a second connection");
        other
            .execute_batch("BEGIN IMMEDIATE")
            .expect("holds the write lock");
        store
            .set_busy_timeout(std::time::Duration::from_millis(50))
            .expect("set");
        let error = store
            .ensure_profile("bea", 0)
            .expect_err("the lock is held");
        assert!(matches!(error, StoreError::Busy { .. }), "{error:?}");
        assert!(!error.to_string().contains("locked"), "{error}");
        other.execute_batch("COMMIT").expect("released");
        store.ensure_profile("bea", 0).expect("saves once free");
    }
}
