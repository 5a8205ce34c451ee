//! The settings file (`settings.ron` in the data folder), read as the desk reads it at start:
//! any bytes give settings within range or the defaults with a note; nothing may panic or hang.
//! Settings that load are written back and must load again to the same values.
#![no_main]

use frontdesk::progress::settings::{SCALES, SETTINGS_FILE, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if std::fs::write(dir.path().join(SETTINGS_FILE), data).is_err() {
        return;
    }
    let mut settings = Settings::load(dir.path());
    assert!((SCALES[0]..=SCALES[SCALES.len() - 1]).contains(&settings.ui_scale));
    assert!((0.0..=1.0).contains(&settings.sound_volume));
    if settings.problem.is_none() {
        settings.save();
        assert_eq!(settings.problem, None);
        let again = Settings::load(dir.path());
        assert_eq!(again.problem, None);
        // Every field (the same folder, no problem on either side) reads back as written.
        assert_eq!(again, settings);
    }
});
