//! The app's screens, as a Bevy state. Screens never call each other: they set the next screen,
//! or send a request (`requests`) that the screen owning it carries out.

use bevy::prelude::*;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Choose a trainee and what to do.
    #[default]
    Title,
    Picker,
    Desk,
    Debrief,
    ExamSetup,
    Exam,
    ExamResults,
    Progress,
    Study,
    Settings,
    /// The instructor's cohort report.
    Report,
}
