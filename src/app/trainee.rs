//! The trainee using the app and their progress store: who is chosen, their best result per
//! scenario and their summary (mastery, history, reviews), re-read after every save. A store
//! that cannot open leaves the app usable without saving, and says why.

use crate::exam::ExamResult;
use crate::model::Action;
use crate::progress::{Attempt, ProfileInfo, ProfileSummary, Store, day_of, now};
use crate::scoring::Report;
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, choose_last_trainee);
}

/// A trainee's best result on a scenario: percent and whether it passed.
pub type BestResults = BTreeMap<String, (f64, bool)>;

/// The progress store and the trainee using the app.
#[derive(Resource)]
pub struct Trainee {
    store: Option<Mutex<Store>>,
    /// Why progress cannot be kept, when it cannot.
    pub problem: Option<String>,
    pub profile: Option<String>,
    pub profiles: Vec<ProfileInfo>,
    pub best: BestResults,
    pub summary: Option<ProfileSummary>,
}

impl Trainee {
    /// Opens the progress store in `data_dir`; a store that cannot open leaves the app usable
    /// without saving, and says why.
    pub fn open(data_dir: &Path) -> Trainee {
        let (store, problem) = match Store::open_in(data_dir) {
            Ok(store) => (Some(Mutex::new(store)), None),
            Err(e) => (
                None,
                Some(format!("Progress will not be saved: {e} ({})", e.hint())),
            ),
        };
        let mut trainee = Trainee {
            store,
            problem,
            profile: None,
            profiles: Vec::new(),
            best: BestResults::new(),
            summary: None,
        };
        trainee.refresh();
        trainee
    }

    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> crate::progress::Result<T>,
    ) -> Result<T, String> {
        let store = self.store.as_ref().ok_or("progress is not being kept")?;
        let mut store = store
            .lock()
            .map_err(|_| "the progress store is unavailable")?;
        f(&mut store).map_err(|e| format!("{e} ({})", e.hint()))
    }

    /// Re-reads the profiles and the chosen trainee's summary.
    pub fn refresh(&mut self) {
        self.profiles = self.with_store(|s| s.profiles()).unwrap_or_default();
        let Some(name) = self.profile.clone() else {
            self.best.clear();
            self.summary = None;
            return;
        };
        self.best = self
            .with_store(|s| s.best_results(&name))
            .unwrap_or_default();
        match self.with_store(|s| s.summary(&name, day_of(now()))) {
            Ok(summary) => self.summary = Some(summary),
            Err(problem) => self.problem = Some(problem),
        }
    }

    pub fn select(&mut self, name: &str) {
        self.profile = Some(name.to_owned());
        self.refresh();
    }

    pub fn create(&mut self, name: &str) -> Result<(), String> {
        self.with_store(|s| s.create_profile(name, now()))?;
        self.select(name.trim());
        Ok(())
    }

    fn save(&mut self, attempt: crate::progress::Result<Attempt>) -> Option<String> {
        let name = self.profile.clone()?;
        let saved = attempt
            .map_err(|e| e.to_string())
            .and_then(|a| self.with_store(|s| s.save_attempt(&name, &a)));
        self.refresh();
        Some(match saved {
            Ok(_) => format!("Saved to {name}'s progress."),
            Err(problem) => format!("Not saved: {problem}"),
        })
    }

    /// Keeps a finished scenario for the chosen trainee; says what happened, if anyone is chosen.
    pub fn save_scenario(&mut self, report: &Report, script: &[Action]) -> Option<String> {
        self.save(Attempt::of_scenario(report, script, now()))
    }

    pub fn save_exam(&mut self, result: &ExamResult, answers: &[Option<usize>]) -> Option<String> {
        self.save(Attempt::of_exam(result, answers, now()))
    }
}

/// Starts with the trainee chosen last time, if that profile still exists.
fn choose_last_trainee(mut trainee: ResMut<Trainee>, settings: Res<super::settings::Settings>) {
    if let Some(name) = &settings.last_trainee
        && trainee.profiles.iter().any(|p| &p.name == name)
    {
        trainee.select(name);
    }
}
