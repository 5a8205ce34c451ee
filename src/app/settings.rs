//! Settings the trainee can change — UI scale and light or dark theme — kept in
//! `settings.ron` in the data folder, written atomically so a crash never leaves it half-written.

use super::screen::Screen;
use super::widgets::{PROBLEM_COLOR, root_ui, title_row};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (
            apply_settings.run_if(resource_changed::<Settings>),
            settings_screen.run_if(in_state(Screen::Settings)),
        ),
    );
}

const SETTINGS_FILE: &str = "settings.ron";
pub const SCALES: [f32; 6] = [0.8, 1.0, 1.25, 1.5, 1.75, 2.0];

#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub ui_scale: f32,
    pub dark: bool,
    /// The trainee chosen last, chosen again at start.
    pub last_trainee: Option<String>,
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
            last_trainee: None,
            path: None,
            problem: None,
        }
    }
}

impl Settings {
    /// Reads the settings from `data_dir`; a missing file gives the defaults, a broken one the
    /// defaults and a note of what was wrong (the file is left for the trainee to look at).
    pub fn load(data_dir: &Path) -> Settings {
        let path = data_dir.join(SETTINGS_FILE);
        let mut settings = match std::fs::read_to_string(&path) {
            Ok(text) => match crate::source::parse::<Settings>(&path, &text) {
                Ok(settings) => settings,
                Err(problem) => Settings {
                    problem: Some(format!("Settings reset to defaults: {problem}")),
                    ..Settings::default()
                },
            },
            Err(_) => Settings::default(),
        };
        settings.ui_scale = settings.ui_scale.clamp(SCALES[0], SCALES[SCALES.len() - 1]);
        settings.path = Some(path);
        settings
    }

    /// Writes the settings: a temporary file renamed over the old one.
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
                let temporary = path.with_extension("ron.partial");
                std::fs::write(&temporary, text).map_err(|e| e.to_string())?;
                std::fs::rename(&temporary, &path).map_err(|e| e.to_string())
            });
        self.problem = written
            .err()
            .map(|e| format!("Settings not saved to {}: {e}", path.display()));
    }

    pub fn theme(&self) -> egui::Theme {
        if self.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        }
    }
}

fn apply_settings(mut contexts: EguiContexts, settings: Res<Settings>) -> Result {
    let ctx = contexts.ctx_mut()?;
    ctx.set_zoom_factor(settings.ui_scale);
    ctx.set_theme(settings.theme());
    Ok(())
}

/// Returns true when the trainee asks to go back; edits `settings` in place.
pub fn settings_ui(ui: &mut egui::Ui, settings: &mut Settings) -> bool {
    let back = title_row(ui, "Settings");
    if let Some(problem) = &settings.problem {
        ui.colored_label(PROBLEM_COLOR, problem);
    }
    ui.strong("Text and control size");
    ui.horizontal(|ui| {
        for scale in SCALES {
            ui.selectable_value(
                &mut settings.ui_scale,
                scale,
                format!("{:.0}%", scale * 100.0),
            );
        }
    });
    ui.strong("Theme");
    ui.horizontal(|ui| {
        ui.selectable_value(&mut settings.dark, true, "Dark");
        ui.selectable_value(&mut settings.dark, false, "Light");
    });
    ui.separator();
    ui.label("Keyboard: Tab moves between controls, Space or Enter presses the focused one. Shortcuts are shown in each button's tooltip.");
    back
}

fn settings_screen(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut edited = settings.clone();
    let mut back = false;
    egui::CentralPanel::default().show(&mut root, |ui| back = settings_ui(ui, &mut edited));
    if edited != *settings {
        edited.save();
        *settings = edited;
    }
    if back {
        next.set(Screen::Title);
    }
    Ok(())
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
    }
}
