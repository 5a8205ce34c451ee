//! The notice of finished attempts the progress store could not take (a full disk, a read-only
//! folder, a damaged database): why, and two ways to keep them — save again once the problem is
//! mended, or write them to a file in the trainee's documents folder that
//! `frontdesk progress --import FILE --merge` adds back. Shown on the debrief and the exam's
//! result, wherever an attempt was just finished.

use super::trainee::Trainee;
use super::widgets::PROBLEM_COLOR;
use bevy_egui::egui;
use std::path::PathBuf;

/// What the trainee chose in the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedIntent {
    SaveAgain,
    SaveToFile,
}

/// Where "Save to a file" writes: the documents folder, else the home folder, else the
/// system's temporary folder (a data folder that refused the save is no place for it).
pub fn unsaved_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.document_dir()
                .map(PathBuf::from)
                .or_else(|| Some(dirs.home_dir().to_path_buf()))
        })
        .unwrap_or_else(std::env::temp_dir)
}

/// The notice, if any attempt is waiting; returns what the trainee chose.
pub fn unsaved_ui(ui: &mut egui::Ui, trainee: &Trainee) -> Option<UnsavedIntent> {
    if trainee.unsaved.is_empty() {
        return None;
    }
    let mut intent = None;
    ui.group(|ui| {
        ui.colored_label(
            PROBLEM_COLOR,
            format!(
                "{} finished attempt(s) not saved yet: {}",
                trainee.unsaved.len(),
                trainee.unsaved_problem.as_deref().unwrap_or("the store refused them")
            ),
        );
        ui.label("They are kept while the app is open. Mend the problem and save again, or save them to a file and add it back later with `frontdesk progress --import FILE --merge`.");
        ui.horizontal(|ui| {
            if ui.button("Save again").clicked() {
                intent = Some(UnsavedIntent::SaveAgain);
            }
            if ui
                .button(format!("Save to a file in {}", unsaved_folder().display()))
                .clicked()
            {
                intent = Some(UnsavedIntent::SaveToFile);
            }
        });
    });
    intent
}

/// Carries out the trainee's choice; returns what happened, to show.
pub fn act_on_unsaved(trainee: &mut Trainee, intent: UnsavedIntent) -> String {
    match intent {
        UnsavedIntent::SaveAgain => trainee.save_unsaved_again(),
        UnsavedIntent::SaveToFile => {
            let folder = unsaved_folder();
            match trainee.write_unsaved(&folder) {
                Ok(files) => format!(
                    "Written to {}. Add it back with `frontdesk progress --import FILE --merge`.",
                    files
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Err(why) => format!("Could not write the file: {why}"),
            }
        }
    }
}
