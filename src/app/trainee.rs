//! The trainee using the app and their progress store: who is chosen, their best result per
//! scenario and their summary (mastery, history, reviews), re-read after every save. A store
//! that cannot open leaves the app usable without saving, and says why. A finished attempt the
//! store cannot take (a full disk, a read-only folder, a damaged database) is kept in memory and
//! can be saved again or written to a file that `frontdesk progress --import FILE --merge` adds
//! back: it is never lost with the store.

use crate::exam::ExamResult;
use crate::model::Action;
use crate::progress::{Attempt, ProfileExport, ProfileInfo, ProfileSummary, Store, day_of, now};
use crate::scoring::Report;
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    /// Finished attempts the store could not take, with their trainee, oldest first.
    pub unsaved: Vec<(String, Attempt)>,
    /// Why the last of them could not be saved.
    pub unsaved_problem: Option<String>,
    /// Attempts saved since the app started (the LRS sender sends after each).
    pub saves: u64,
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
            unsaved: Vec::new(),
            unsaved_problem: None,
            saves: 0,
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
        let attempt = match attempt {
            Ok(attempt) => attempt,
            Err(e) => return Some(format!("Not saved: {e}")),
        };
        let saved = self.with_store(|s| s.save_attempt(&name, &attempt));
        self.refresh();
        Some(match saved {
            Ok(_) => {
                self.saves += 1;
                format!("Saved to {name}'s progress.")
            }
            Err(problem) => {
                self.unsaved.push((name, attempt));
                self.unsaved_problem = Some(problem.clone());
                format!(
                    "Not saved: {problem}. The attempt is kept until you save it again or to a file."
                )
            }
        })
    }

    /// Tries the store again with every unsaved attempt, in order; keeps those it still refuses.
    pub fn save_unsaved_again(&mut self) -> String {
        let mut still = Vec::new();
        let mut problem = None;
        for (name, attempt) in std::mem::take(&mut self.unsaved) {
            let saved = self.with_store(|s| {
                s.ensure_profile(&name, attempt.at)?;
                s.save_attempt(&name, &attempt)
            });
            match saved {
                Ok(_) => self.saves += 1,
                Err(why) => {
                    problem = Some(why);
                    still.push((name, attempt));
                }
            }
        }
        self.unsaved = still;
        self.unsaved_problem = problem.clone();
        self.refresh();
        match problem {
            None => "Saved: every kept attempt is in the progress store now.".to_owned(),
            Some(why) => format!("Still not saved: {why}"),
        }
    }

    /// Writes the unsaved attempts to `folder`, one file per trainee (a new file each time,
    /// never over another), for `frontdesk progress --import FILE --merge`; forgets the
    /// attempts written. Returns the files.
    pub fn write_unsaved(&mut self, folder: &Path) -> Result<Vec<PathBuf>, String> {
        let mut names: Vec<String> = self.unsaved.iter().map(|(n, _)| n.clone()).collect();
        names.dedup();
        let mut written = Vec::new();
        for name in names {
            let attempts: Vec<Attempt> = self
                .unsaved
                .iter()
                .filter(|(n, _)| *n == name)
                .map(|(_, a)| a.clone())
                .collect();
            let stamp = now();
            let safe: String = name
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let file = (1..1000)
                .map(|n| folder.join(format!("frontdesk-unsaved-{safe}-{stamp}-{n}.json")))
                .find(|f| std::fs::symlink_metadata(f).is_err())
                .ok_or_else(|| format!("{} has no free file name", folder.display()))?;
            ProfileExport::unsaved(&name, attempts, stamp)
                .write(&file)
                .map_err(|e| format!("{e} ({})", e.hint()))?;
            self.unsaved.retain(|(n, _)| *n != name);
            written.push(file);
        }
        if self.unsaved.is_empty() {
            self.unsaved_problem = None;
        }
        Ok(written)
    }

    /// Keeps a finished scenario, played on the scenario file of `version`, for the chosen
    /// trainee; says what happened, if anyone is chosen.
    pub fn save_scenario(
        &mut self,
        report: &Report,
        script: &[Action],
        version: Option<String>,
    ) -> Option<String> {
        self.save(Attempt::of_scenario(report, script, now()).map(|a| a.on_version(version)))
    }

    /// Keeps a finished exam, with the seconds it took when the sitting was timed.
    pub fn save_exam(
        &mut self,
        result: &ExamResult,
        answers: &[Option<usize>],
        seconds: Option<u32>,
    ) -> Option<String> {
        let attempt = Attempt::of_exam(result, answers, now());
        self.save(attempt.map(|a| match seconds {
            Some(seconds) => a.timed(seconds),
            None => a,
        }))
    }

    /// The cohort report on every profile of the store, activity from `since` on (the
    /// instructor's report screen).
    pub fn cohort_report(
        &self,
        library: &crate::library::Library,
        since: Option<i64>,
    ) -> Result<crate::report::CohortReport, String> {
        let store = self.store.as_ref().ok_or("progress is not being kept")?;
        let store = store
            .lock()
            .map_err(|_| "the progress store is unavailable")?;
        let selection = crate::report::Selection::All;
        crate::report::store_report(&store, library, &selection, since, now())
            .map_err(|e| format!("{e} ({})", e.hint()))
    }

    /// Writes the report as HTML into `reports/` beside the progress database, under a new
    /// name; says where, or why not.
    pub fn save_report_html(&self, report: &crate::report::CohortReport) -> String {
        let Some(folder) = self
            .store
            .as_ref()
            .and_then(|s| s.lock().ok())
            .and_then(|s| s.path().parent().map(|p| p.join("reports")))
        else {
            return "Not saved: progress is not being kept.".to_owned();
        };
        if let Err(e) = std::fs::create_dir_all(&folder) {
            return format!("Not saved: cannot make {}: {e}", folder.display());
        }
        let stamp = crate::report::date_time(report.generated_at).replace([' ', ':'], "-");
        let mut written = Err(String::new());
        for k in 0..100 {
            let suffix = if k == 0 {
                String::new()
            } else {
                format!("-{k}")
            };
            let path = folder.join(format!("cohort-{stamp}{suffix}.html"));
            written = crate::report::write_files(report, crate::report::Format::Html, &path, false)
                .map(|_| path)
                .map_err(|e| format!("{e} ({})", e.hint()));
            if !matches!(&written, Err(e) if e.contains("already exists")) {
                break;
            }
        }
        match written {
            Ok(path) => format!("Saved {}", path.display()),
            Err(problem) => format!("Not saved: {problem}"),
        }
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
