//! The trainee's settings file, `settings.ron` in the data folder: UI scale, light or dark
//! theme, sound volume and mute, the trainee chosen last. Plain data, no Bevy (the desk wraps it
//! as a resource), so the loader can be fuzzed and the writer tested under `kill -9`. A missing
//! file gives the defaults; a broken one (bad RON, a folder, a FIFO, a huge file) the defaults
//! and a note of what was wrong, with the file left for the trainee to look at. Written whole
//! with `library::write_new` (a temporary file synced and renamed over the old one), so a
//! crash mid-write leaves the old settings or the new, never half of either.

use crate::library::write_new;
use crate::source::{parse, read_text};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const SETTINGS_FILE: &str = "settings.ron";
/// The UI scales offered; a file's scale is clamped to their range.
pub const SCALES: [f32; 6] = [0.8, 1.0, 1.25, 1.5, 1.75, 2.0];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub ui_scale: f32,
    pub dark: bool,
    /// The desk's sounds (rings, door chime, alerts), from 0 (silent) to 1.
    pub sound_volume: f32,
    pub sound_muted: bool,
    /// The trainee chosen last, chosen again at start.
    pub last_trainee: Option<String>,
    /// Shows the instructor's tools: a scenario's map in the picker (it shows every branch, so
    /// it would spoil a scenario for a student) and "Save as test plan" in the debrief.
    pub instructor_tools: bool,
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// Why the settings could not be read or written, if so.
    #[serde(skip)]
    pub problem: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            ui_scale: 1.0,
            dark: true,
            sound_volume: 0.6,
            sound_muted: false,
            last_trainee: None,
            instructor_tools: false,
            path: None,
            problem: None,
        }
    }
}

impl Settings {
    /// Reads the settings from `data_dir` (see the module's comment).
    pub fn load(data_dir: &Path) -> Settings {
        let path = data_dir.join(SETTINGS_FILE);
        let mut settings = if std::fs::symlink_metadata(&path).is_err() {
            Settings::default()
        } else {
            match read_text(&path).and_then(|text| Settings::parse(&path, &text)) {
                Ok(settings) => settings,
                Err(problem) => Settings {
                    problem: Some(format!("Settings reset to defaults: {problem}")),
                    ..Settings::default()
                },
            }
        };
        settings.path = Some(path);
        settings
    }

    /// The settings a file's text holds, their values brought within range (a NaN scale or
    /// volume is the default); an error names the file, line and column.
    pub fn parse(path: &Path, text: &str) -> Result<Settings, crate::diagnostic::Diagnostic> {
        let mut settings: Settings = parse(path, text)?;
        let defaults = Settings::default();
        if settings.ui_scale.is_nan() {
            settings.ui_scale = defaults.ui_scale;
        }
        if settings.sound_volume.is_nan() {
            settings.sound_volume = defaults.sound_volume;
        }
        settings.ui_scale = settings.ui_scale.clamp(SCALES[0], SCALES[SCALES.len() - 1]);
        settings.sound_volume = settings.sound_volume.clamp(0.0, 1.0);
        Ok(settings)
    }

    /// Writes the settings whole; on failure keeps a note in `problem`.
    pub fn save(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let written = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())
            .and_then(|text| {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                }
                write_new(&path, &text, true).map_err(|e| e.to_string())
            });
        self.problem = written
            .err()
            .map(|e| format!("Settings not saved to {}: {e}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_restart_and_a_broken_file_falls_back_to_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = Settings::load(dir.path());
        assert_eq!(settings.ui_scale, 1.0);
        settings.ui_scale = 1.5;
        settings.dark = false;
        settings.save();
        assert_eq!(settings.problem, None);
        let again = Settings::load(dir.path());
        assert_eq!((again.ui_scale, again.dark), (1.5, false));

        std::fs::write(dir.path().join(SETTINGS_FILE), "(ui_scale: \"big\")").expect("write");
        let broken = Settings::load(dir.path());
        assert_eq!(broken.ui_scale, 1.0);
        assert!(
            broken
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("settings.ron"))
        );

        // Out of range, or not a number: brought within range.
        let odd = Settings::parse(Path::new("s.ron"), "(ui_scale: 9.0, sound_volume: NaN)")
            .expect("parses");
        assert_eq!((odd.ui_scale, odd.sound_volume), (2.0, 0.6));

        // A folder where the file should be: the defaults, and why.
        let folder = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(folder.path().join(SETTINGS_FILE)).expect("mkdir");
        let refused = Settings::load(folder.path());
        assert_eq!(refused.ui_scale, 1.0);
        assert!(refused.problem.is_some());
    }
}
