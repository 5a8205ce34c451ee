//! The progress store under faults, driven through the real `frontdesk` binary: four writers at
//! once, a database emptied or with corrupted pages, a read-only data folder, `kill -9` in the
//! middle of saves and imports, a full disk, exports aimed at links and devices, and an import
//! that never ends. Each would lose or hide a trainee's attempts if the store were careless.
//!
//! The read-only folder and the full disk need a mount (a read-only bind mount, a small tmpfs):
//! as root they are made here; elsewhere those two tests say what they skipped and pass.

use frontdesk::progress::{ProfileExport, Store};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Rounds of four concurrent writers; four times this many attempts per test.
const ROUNDS: usize = 20;
const WRITERS: usize = 4;

fn command(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .env("FRONTDESK_DATA", data);
    command
}

fn frontdesk(data: &Path, args: &[&str]) -> Output {
    command(data, args)
        .output()
        .expect("the frontdesk binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const PLAY_IDEAL: [&str; 4] = ["play", "chest-pain-caller", "--plan", "ideal"];

fn play_args(profile: &str) -> Vec<&str> {
    let mut args = PLAY_IDEAL.to_vec();
    args.extend(["--profile", profile]);
    args
}

fn play(data: &Path, profile: &str) -> Output {
    frontdesk(data, &play_args(profile))
}

fn spawn_play(data: &Path, profile: &str) -> Child {
    command(data, &play_args(profile))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns")
}

fn attempts(data: &Path, profile: &str) -> usize {
    let store = Store::open_in(data).expect("the store opens");
    assert!(store.integrity_ok().expect("integrity check runs"));
    store.history(profile).map_or(0, |h| h.len())
}

/// Starts `WRITERS` plays at once into `profile` and asserts every one saved.
fn writers_at_once(data: &Path, profile: &str) {
    let children: Vec<Child> = (0..WRITERS).map(|_| spawn_play(data, profile)).collect();
    for child in children {
        let out = child.wait_with_output().expect("reaped");
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "a writer failed: {stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }
}

#[test]
fn four_writers_on_a_new_profile_lose_no_attempt() {
    let data = tempfile::tempdir().expect("temp dir");
    assert!(play(data.path(), "first").status.success());
    for round in 0..ROUNDS {
        let profile = format!("trainee {round}");
        writers_at_once(data.path(), &profile);
        assert_eq!(attempts(data.path(), &profile), WRITERS, "round {round}");
    }
}

#[test]
fn four_writers_on_a_fresh_data_folder_lose_no_attempt() {
    for round in 0..ROUNDS {
        let data = tempfile::tempdir().expect("temp dir");
        writers_at_once(data.path(), "ana");
        assert_eq!(attempts(data.path(), "ana"), WRITERS, "round {round}");
    }
}

#[test]
fn the_app_and_the_cli_write_the_same_database_at_once() {
    // The desk keeps one connection open for its whole run; plays from a shell write meanwhile.
    let data = tempfile::tempdir().expect("temp dir");
    assert!(play(data.path(), "ana").status.success());
    let mut app = Store::open_in(data.path()).expect("the app's store opens");
    let attempt = {
        let history = app.history("ana").expect("history");
        app.attempt("ana", history[0].id).expect("attempt")
    };
    let rounds = 5;
    let mut children: Vec<Child> = (0..rounds * WRITERS)
        .map(|_| spawn_play(data.path(), "ana"))
        .collect();
    // The app saves for as long as any play runs, so their saves overlap.
    let mut saved_by_app = 0;
    while children
        .iter_mut()
        .any(|c| c.try_wait().expect("status").is_none())
    {
        app.save_attempt("ana", &attempt)
            .expect("the app saves meanwhile");
        saved_by_app += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    for child in children {
        let out = child.wait_with_output().expect("reaped");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let expected = 1 + rounds * WRITERS + saved_by_app;
    eprintln!(
        "{} plays and {saved_by_app} app saves at once, 0 lost",
        rounds * WRITERS
    );
    assert_eq!(app.history("ana").expect("history").len(), expected);
    assert_eq!(attempts(data.path(), "ana"), expected);
}

/// Files in `dir` whose names start with `prefix`, other than `prefix` itself.
fn backups(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("lists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| n.starts_with(prefix) && n != prefix && !n.ends_with("-shm"))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn an_emptied_database_is_refused_moved_aside_and_never_silently_replaced() {
    let data = tempfile::tempdir().expect("temp dir");
    assert!(play(data.path(), "ana").status.success());
    let database = data.path().join("progress.sqlite");
    std::fs::File::create(&database).expect("truncated to 0 bytes");

    let out = play(data.path(), "ana");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("empty"), "{stderr}");
    assert!(stderr.contains(&database.display().to_string()), "{stderr}");
    let moved = backups(data.path(), "progress.sqlite.broken");
    assert_eq!(moved.len(), 1, "one backup: {moved:?}");
    assert!(
        stderr.contains(&moved[0].display().to_string()),
        "the message names the backup: {stderr}"
    );
    assert!(
        !database.exists(),
        "no new empty database was made silently"
    );

    // Having said so, the next run starts a new database.
    assert!(play(data.path(), "ana").status.success());
    assert_eq!(attempts(data.path(), "ana"), 1);
}

/// Overwrites the b-tree page header of every page after the first with garbage.
fn corrupt_pages(database: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(database).expect("exists").len();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(database)
        .expect("opens for writing");
    let page = 4096;
    assert!(len >= 4 * page, "the database has pages to corrupt");
    for k in 1..len / page {
        file.seek(SeekFrom::Start(k * page)).expect("seeks");
        file.write_all(&[0xA5; 12]).expect("writes");
    }
    file.sync_all().expect("synced");
}

#[test]
fn a_database_with_corrupted_pages_is_refused_and_never_written() {
    let data = tempfile::tempdir().expect("temp dir");
    for _ in 0..3 {
        assert!(play(data.path(), "ana").status.success());
    }
    let database = data.path().join("progress.sqlite");
    corrupt_pages(&database);
    let corrupted = std::fs::read(&database).expect("reads");

    for (k, args) in [play_args("ana"), vec!["progress", "--profile", "ana"]]
        .into_iter()
        .enumerate()
    {
        // The damaged file back in place, as found.
        std::fs::write(&database, &corrupted).expect("written");
        let out = frontdesk(data.path(), &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("damaged"), "{stderr}");
        assert!(!text(&out.stdout).contains("attempt(s)"), "nothing listed");
        let moved = backups(data.path(), "progress.sqlite.broken");
        assert_eq!(moved.len(), k + 1, "moved aside: {moved:?}");
        let backup = moved
            .iter()
            .find(|b| stderr.contains(&b.display().to_string()))
            .expect("the message names the backup");
        assert_eq!(
            std::fs::read(backup).expect("the backup reads"),
            corrupted,
            "the damaged file was never written to"
        );
    }
    // Having said so, the next run starts a new database rather than use the damaged one.
    let out = frontdesk(data.path(), &["progress"]);
    assert!(
        text(&out.stdout).contains("no profiles yet"),
        "{}",
        text(&out.stdout)
    );
}

/// Runs `f` with `dir` made read-only (a read-only bind mount as root, else the folder's and
/// file's permissions); `None` when that cannot be done here.
fn with_read_only<T>(dir: &Path, f: impl FnOnce() -> T) -> Option<T> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| text(&o.stdout).trim() == "0");
    if root {
        let d = dir.to_str().expect("utf-8");
        let bound = Command::new("mount").args(["--bind", d, d]).status();
        if !bound.is_ok_and(|s| s.success()) {
            return None;
        }
        let ro = Command::new("mount")
            .args(["-o", "remount,ro,bind", d])
            .status();
        let result = ro
            .is_ok_and(|s| s.success())
            .then(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
        let _ = Command::new("umount").arg(d).status();
        result.map(|r| r.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    } else {
        use std::os::unix::fs::PermissionsExt;
        let set = |mode| {
            for p in std::fs::read_dir(dir).expect("lists").flatten() {
                let _ = std::fs::set_permissions(
                    p.path(),
                    std::fs::Permissions::from_mode(mode & 0o666),
                );
            }
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode));
        };
        set(0o555);
        let result = f();
        set(0o755);
        Some(result)
    }
}

#[test]
fn a_read_only_data_folder_reads_progress_and_refuses_writes_clearly() {
    let data = tempfile::tempdir().expect("temp dir");
    for _ in 0..2 {
        assert!(play(data.path(), "ana").status.success());
    }
    let ran = with_read_only(data.path(), || {
        let read = frontdesk(data.path(), &["progress", "--profile", "ana"]);
        assert!(read.status.success(), "{}", text(&read.stderr));
        assert!(text(&read.stdout).contains("2 attempt(s)"));
        let list = frontdesk(data.path(), &["progress"]);
        assert!(list.status.success(), "{}", text(&list.stderr));

        let write = play(data.path(), "ana");
        let stderr = text(&write.stderr);
        assert_eq!(write.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("read-only"), "{stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
        let export = data.path().join("x.json");
        let import = frontdesk(
            data.path(),
            &["progress", "--import", export.to_str().expect("utf-8")],
        );
        assert_eq!(import.status.code(), Some(1));
    });
    if ran.is_none() {
        eprintln!("skipped: cannot make a read-only folder here");
        return;
    }
    assert_eq!(attempts(data.path(), "ana"), 2, "nothing lost or corrupted");
}

/// How a play run under `kill_after` ended.
enum Ending {
    Saved,
    Killed,
}

/// Kills `child` after `delay` unless it finished first. A play that ends on its own must
/// have succeeded: a failure is not a kill, and says why.
fn kill_after(mut child: Child, delay: Duration) -> Ending {
    let started = Instant::now();
    while started.elapsed() < delay {
        if let Some(status) = child.try_wait().expect("status") {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
            }
            assert!(status.success(), "a play failed on its own: {stderr}");
            return Ending::Saved;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let _ = child.kill();
    let _ = child.wait();
    Ending::Killed
}

#[test]
fn kill_9_during_attempt_saves_loses_no_attempt_reported_saved() {
    // How long one play takes here (the slowest of three), so the kills land across its run
    // and around its save. A machine's timing varies, so the delays run past that span and
    // the last play on each folder is never killed: some plays finish wherever this runs.
    let probe = tempfile::tempdir().expect("temp dir");
    let span = (0..3)
        .map(|_| {
            let started = Instant::now();
            assert!(play(probe.path(), "ana").status.success());
            started.elapsed()
        })
        .max()
        .unwrap_or_default();

    let (kills, per_folder) = (60, 10);
    let (mut finished, mut killed) = (0, 0);
    let mut data = tempfile::tempdir().expect("temp dir");
    let (mut started_here, mut saved_here) = (0, 0);
    for k in 0..kills {
        // Every tenth run starts on a fresh folder, so creating the database is killed too.
        if k % per_folder == 0 {
            data = tempfile::tempdir().expect("temp dir");
            (started_here, saved_here) = (0, 0);
        }
        let step = k % per_folder;
        let delay = if step == per_folder - 1 {
            span * 60
        } else {
            span.mul_f64(0.1 + 1.4 * (step as f64 / per_folder as f64))
        };
        started_here += 1;
        match kill_after(spawn_play(data.path(), "ana"), delay) {
            Ending::Saved => {
                finished += 1;
                saved_here += 1;
            }
            Ending::Killed => killed += 1,
        }
        let store = Store::open_in(data.path()).expect("the store opens after a kill");
        assert!(store.integrity_ok().expect("integrity check runs"));
        let history = store.history("ana").unwrap_or_default();
        assert!(
            (saved_here..=started_here).contains(&history.len()),
            "{} stored, {saved_here} reported saved, {started_here} started",
            history.len()
        );
        for line in &history {
            let attempt = store.attempt("ana", line.id).expect("reads");
            assert!(!attempt.findings.is_empty(), "a half-saved attempt");
        }
    }
    assert!(
        finished > 0 && killed > 0,
        "finished {finished}, killed {killed}"
    );
    eprintln!("{kills} plays: {finished} finished, {killed} killed, 0 lost");
}

/// A profile export of `n` copies of one stored attempt.
fn export_of(data: &Path, n: usize) -> ProfileExport {
    let store = Store::open_in(data).expect("opens");
    let mut export = store.export("ana").expect("exports");
    let one = export.attempts[0].clone();
    export.attempts = vec![one; n];
    export
}

#[test]
fn kill_9_during_imports_leaves_the_whole_profile_or_none() {
    let data = tempfile::tempdir().expect("temp dir");
    assert!(play(data.path(), "ana").status.success());
    let file = data.path().join("big.json");
    let n = 3_000;
    export_of(data.path(), n).write(&file).expect("written");
    let file_arg = file.to_str().expect("utf-8");

    let started = Instant::now();
    let probe = frontdesk(
        data.path(),
        &["progress", "--import", file_arg, "--as", "probe"],
    );
    assert!(probe.status.success(), "{}", text(&probe.stderr));
    let span = started.elapsed();

    let kills = 12;
    let (mut whole, mut none) = (0, 0);
    for k in 0..kills {
        let name = format!("copy {k}");
        let child = command(
            data.path(),
            &["progress", "--import", file_arg, "--as", &name],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
        let finished = matches!(
            kill_after(child, span.mul_f64(0.2 + 0.9 * (k as f64 / kills as f64))),
            Ending::Saved
        );
        let store = Store::open_in(data.path()).expect("opens after a kill");
        assert!(store.integrity_ok().expect("integrity check runs"));
        match store.history(&name) {
            Ok(history) => {
                assert_eq!(history.len(), n, "a half-imported profile");
                whole += 1;
            }
            Err(_) => {
                assert!(!finished, "an import reported done is missing");
                none += 1;
            }
        }
        assert_eq!(store.history("ana").expect("kept").len(), 1);
    }
    assert!(none > 0, "no import was interrupted");
    eprintln!("{kills} imports of {n} attempts: {whole} whole, {none} none, 0 half");
}

#[test]
fn an_import_of_an_endless_file_stops_at_the_size_limit() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut child = command(data.path(), &["progress", "--import", "/dev/zero"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("status") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the import of /dev/zero never stopped");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().expect("reaped");
    let stderr = text(&out.stderr);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("at most 256 MB"), "{stderr}");
}

#[test]
fn an_export_never_replaces_a_link_or_a_special_file() {
    let data = tempfile::tempdir().expect("temp dir");
    assert!(play(data.path(), "ana").status.success());
    let target = data.path().join("target.txt");
    std::fs::write(&target, "keep me").expect("written");
    let link = data.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let fifo = data.path().join("fifo.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
    );
    let mut specials = vec![link.clone(), fifo.clone()];
    // A device node of our own (never a real /dev one: a broken export would replace it).
    let device = data.path().join("null.json");
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        specials.push(device);
    }
    for path in &specials {
        let out = frontdesk(
            data.path(),
            &[
                "progress",
                "--profile",
                "ana",
                "--export",
                path.to_str().expect("utf-8"),
            ],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", path.display());
        assert!(stderr.contains("not a regular file"), "{stderr}");
        let kind = std::fs::symlink_metadata(path)
            .expect("still there")
            .file_type();
        assert!(!kind.is_file(), "{} was replaced", path.display());
    }
    assert_eq!(std::fs::read_to_string(&target).expect("reads"), "keep me");
    let partials = backups(data.path(), "");
    assert!(
        partials
            .iter()
            .all(|p| !p.to_string_lossy().contains("partial")),
        "{partials:?}"
    );
    // A regular file is still replaced, as before.
    let file = data.path().join("ana.json");
    std::fs::write(&file, "old").expect("written");
    let out = frontdesk(
        data.path(),
        &[
            "progress",
            "--profile",
            "ana",
            "--export",
            file.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(ProfileExport::read(&file).is_ok());
}

/// A tmpfs of `size` mounted on a new folder for the length of `f`; `None` if mounting fails.
fn with_small_disk<T>(size: &str, f: impl FnOnce(&Path) -> T) -> Option<T> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        return None;
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(dir.path())));
    let _ = Command::new("umount").arg(dir.path()).status();
    match result {
        Ok(value) => Some(value),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Fills the file system holding `dir` to the last byte.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).expect("creates");
    let block = vec![7u8; 4096];
    while file.write_all(&block).is_ok() {}
    while file.write_all(&[7]).is_ok() {}
    filler
}

#[test]
fn a_full_disk_is_said_clearly_and_the_database_stays_intact() {
    let ran = with_small_disk("2m", |disk| {
        let data = disk.join("data");
        for _ in 0..2 {
            assert!(play(&data, "ana").status.success());
        }
        let filler = fill(disk);

        for profile in ["ana", "new trainee"] {
            let out = play(&data, profile);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains("full"), "{stderr}");
            assert!(!stderr.contains("damaged"), "{stderr}");
        }
        // Reading still works (SQLite cannot grow its index, so the file is read directly).
        let read = frontdesk(&data, &["progress", "--profile", "ana"]);
        assert!(read.status.success(), "{}", text(&read.stderr));
        assert!(text(&read.stdout).contains("2 attempt(s)"));
        let export = disk.join("ana.json");
        let out = frontdesk(
            &data,
            &[
                "progress",
                "--profile",
                "ana",
                "--export",
                export.to_str().expect("utf-8"),
            ],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("No space left"), "{stderr}");
        assert!(!export.exists());
        let left: Vec<_> = std::fs::read_dir(disk)
            .expect("lists")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(left.iter().all(|n| !n.contains("partial")), "{left:?}");

        std::fs::remove_file(filler).expect("space again");
        assert_eq!(attempts(&data, "ana"), 2, "nothing lost or corrupted");
        assert!(play(&data, "ana").status.success(), "saves again");
        assert_eq!(attempts(&data, "ana"), 3);
    });
    if ran.is_none() {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
    }
}
