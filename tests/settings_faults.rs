//! The settings file under `kill -9`: a desk killed while it writes `settings.ron` leaves the
//! old settings or the new, whole, never half a file (issue "hardening", docs/RELIABILITY.md).
//! The writer is this test's own binary, started again in writer mode.

use frontdesk::progress::settings::{SCALES, SETTINGS_FILE, Settings};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Set in the child: the data folder to write settings into, forever.
const WRITER: &str = "FRONTDESK_SETTINGS_WRITER";
const TEST: &str = "settings_are_whole_after_kill_9_mid_write";

/// Writes settings as fast as it can; write `n` names trainee `n` with a scale and volume
/// that follow from `n`, so a reader can tell a whole file from a mix of two.
fn write_forever(dir: &std::path::Path) -> ! {
    let mut settings = Settings::load(dir);
    for n in 0u64.. {
        settings.ui_scale = SCALES[(n % 6) as usize];
        settings.sound_volume = (n % 11) as f32 / 10.0;
        // A long name, so a write takes a while and a kill lands inside one.
        settings.last_trainee = Some(format!("{n} {}", "x".repeat(15_000)));
        settings.save();
    }
    unreachable!()
}

#[test]
fn settings_are_whole_after_kill_9_mid_write() {
    if let Some(dir) = std::env::var_os(WRITER) {
        write_forever(std::path::Path::new(&dir));
    }
    let dir = tempfile::tempdir().expect("data folder");
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..30u64 {
        let mut child = Command::new(std::env::current_exe().expect("this test"))
            .args([TEST, "--exact", "--nocapture", "--test-threads", "1"])
            .env(WRITER, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("writer");
        std::thread::sleep(Duration::from_millis(40 + (round * 37) % 160));
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
        if !dir.path().join(SETTINGS_FILE).exists() {
            continue; // killed before its first write finished: no file, the defaults
        }
        let settings = Settings::load(dir.path());
        assert_eq!(settings.problem, None, "round {round}: a broken file");
        let name = settings.last_trainee.expect("a trainee");
        let n: u64 = name
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("write number");
        assert_eq!(
            name.len(),
            n.to_string().len() + 1 + 15_000,
            "round {round}"
        );
        assert_eq!(settings.ui_scale, SCALES[(n % 6) as usize], "round {round}");
        assert_eq!(
            settings.sound_volume,
            (n % 11) as f32 / 10.0,
            "round {round}"
        );
        seen.insert(n);
    }
    assert!(
        seen.len() >= 2,
        "the kills landed at different writes: {seen:?}"
    );
}
