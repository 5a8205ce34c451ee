//! Content through bevy's asset system, with hot reload. Every content file under the content
//! folder is an asset; when one changes on disk the library is rebuilt (over the built-in
//! content, unless the folder is used alone). A file that breaks keeps its last good version in
//! play while its error (file:line:col and hint) is shown on screen. Without a folder the app
//! plays the built-in content, which cannot change while it runs.

use crate::diagnostic::Diagnostic;
use crate::exam::Bank;
use crate::library::{ContentSource, Library, walk};
use crate::model::{Difficulty, Domain, Family, Setting};
use crate::scenario::Scenario;
use crate::source::{MAX_FILE_BYTES, text_from_bytes};
use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext, LoadState};
use bevy::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<ContentText>()
        .init_asset_loader::<ContentTextLoader>()
        .add_systems(Startup, load_content_files)
        .add_systems(PreUpdate, rebuild_on_change);
}

/// Where the content comes from; its folder, if any, absolute.
#[derive(Resource, Debug, Clone)]
pub struct ContentRoot(pub ContentSource);

/// One row of the scenario picker.
#[derive(Debug, Clone)]
pub struct ScenarioCard {
    pub id: String,
    pub title: String,
    pub family: Family,
    pub setting: Setting,
    pub difficulty: Difficulty,
    pub domains: Vec<Domain>,
    pub brief: String,
}

impl ScenarioCard {
    pub fn of(scenario: &Scenario) -> ScenarioCard {
        ScenarioCard {
            id: scenario.id.to_string(),
            title: scenario.title.clone(),
            family: scenario.family,
            setting: scenario.setting,
            difficulty: scenario.difficulty,
            domains: scenario.domains.clone(),
            brief: scenario.brief.clone(),
        }
    }
}

/// Everything the screens need from the content, rebuilt on every change.
#[derive(Resource)]
pub struct Content {
    pub library: Library,
    pub bank: Bank,
    pub cards: Vec<ScenarioCard>,
    /// Problems in the files as they are on disk (some may be covered by a last good version).
    pub problems: Vec<Diagnostic>,
}

impl Content {
    /// Loads straight from the built-in content or disk (for tests and tools; the app goes
    /// through assets).
    pub fn load(content: &ContentSource) -> Content {
        let mut library = content.load();
        library.validate();
        let problems = library.diagnostics.clone();
        Content::new(library, problems)
    }

    pub fn new(library: Library, problems: Vec<Diagnostic>) -> Content {
        let mut cards: Vec<ScenarioCard> = library
            .scenarios
            .iter()
            .map(|s| ScenarioCard::of(&s.value))
            .collect();
        cards.sort_by(|a, b| (a.family, &a.title).cmp(&(b.family, &b.title)));
        Content {
            bank: library.bank(),
            library,
            cards,
            problems,
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.iter().filter(|d| d.is_error())
    }
}

/// A content file's bytes, as an asset.
#[derive(Asset, TypePath, Debug)]
pub struct ContentText {
    pub bytes: Vec<u8>,
}

#[derive(Default, TypePath)]
pub struct ContentTextLoader;

impl AssetLoader for ContentTextLoader {
    type Asset = ContentText;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        _load_context: &mut LoadContext<'_>,
    ) -> Result<ContentText, Self::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        Ok(ContentText { bytes })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// The content files being watched, and the last version of each that loaded cleanly.
#[derive(Resource, Default)]
pub struct ContentFiles {
    pub files: Vec<(PathBuf, Handle<ContentText>)>,
    /// Problems found while walking the folder (links that escape it, files too big).
    pub walk_problems: Vec<Diagnostic>,
    pub last_good: BTreeMap<PathBuf, String>,
    pub generation: u32,
}

fn load_content_files(mut commands: Commands, root: Res<ContentRoot>, server: Res<AssetServer>) {
    let mut files = ContentFiles::default();
    let Some(folder) = root.0.folder() else {
        commands.insert_resource(files);
        return;
    };
    for path in walk(folder, &mut files.walk_problems) {
        let too_big = std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_FILE_BYTES);
        if too_big {
            files.walk_problems.push(
                Diagnostic::error(&path, "the file is too big to be content").with_hint(format!(
                    "content files may be at most {} MB",
                    MAX_FILE_BYTES / (1024 * 1024)
                )),
            );
            continue;
        }
        let Ok(relative) = path.strip_prefix(folder) else {
            continue;
        };
        let handle = server.load::<ContentText>(relative.to_string_lossy().replace('\\', "/"));
        files.files.push((path, handle));
    }
    commands.insert_resource(files);
}

/// Rebuilds `Content` once every file has loaded, and again whenever one changes.
fn rebuild_on_change(
    mut commands: Commands,
    mut events: MessageReader<AssetEvent<ContentText>>,
    files: Option<ResMut<ContentFiles>>,
    texts: Res<Assets<ContentText>>,
    server: Res<AssetServer>,
    root: Res<ContentRoot>,
    content: Option<Res<Content>>,
) {
    let Some(mut files) = files else {
        return;
    };
    // Read every event (not just the first), so none is left to trigger a second rebuild.
    let changed = events
        .read()
        .filter(|e| matches!(e, AssetEvent::Added { .. } | AssetEvent::Modified { .. }))
        .count()
        > 0;
    if !changed && content.is_some() {
        return;
    }
    let settled = files.files.iter().all(|(_, handle)| {
        matches!(
            server.get_load_state(handle.id()),
            Some(LoadState::Loaded | LoadState::Failed(_))
        )
    });
    if !settled {
        return;
    }
    let current: Vec<FileText> = files
        .files
        .iter()
        .map(|(path, handle)| {
            let text = match texts.get(handle) {
                Some(asset) => text_from_bytes(path, asset.bytes.clone()),
                None => Err(Diagnostic::error(path, "the file could not be read")),
            };
            (path.clone(), text)
        })
        .collect();
    let files = &mut *files;
    let folder = root.0.folder().unwrap_or(Path::new(""));
    let (library, mut problems) =
        rebuild_over(&root.0.base(), folder, &current, &mut files.last_good);
    problems.extend(files.walk_problems.iter().cloned());
    files.generation += 1;
    if files.generation > 1 {
        info!("content reloaded ({} problem(s))", problems.len());
    }
    commands.insert_resource(Content::new(library, problems));
}

/// A content file's path and its text (or why it could not be read).
pub type FileText = (PathBuf, Result<String, Diagnostic>);

/// Every content file under `root` read straight from disk, as `rebuild` takes them (for tools
/// and tests; the app reads them through the asset server).
pub fn read_from_disk(root: &Path) -> Vec<FileText> {
    walk(root, &mut Vec::new())
        .into_iter()
        .map(|path| {
            let text = crate::source::read_text(&path);
            (path, text)
        })
        .collect()
}

/// Builds the library from the files of the folder `root` alone as they are (see
/// `rebuild_over`).
pub fn rebuild(
    root: &Path,
    current: &[FileText],
    last_good: &mut BTreeMap<PathBuf, String>,
) -> (Library, Vec<Diagnostic>) {
    rebuild_over(&Library::default(), root, current, last_good)
}

/// Builds the library from the files of the folder `root` as they are, over `base` (the
/// built-in content, or an empty library for a folder alone), falling back, file by file, to
/// the last version that loaded cleanly. Returns the library to play and the problems of the
/// files on disk. Scenarios whose files still have errors are left out so they cannot be
/// started.
pub fn rebuild_over(
    base: &Library,
    root: &Path,
    current: &[FileText],
    last_good: &mut BTreeMap<PathBuf, String>,
) -> (Library, Vec<Diagnostic>) {
    type Pick<'a> = &'a dyn Fn(&PathBuf, &Result<String, Diagnostic>) -> Option<String>;
    let build = |pick: Pick| {
        let mut folder = Library::default();
        for (path, text) in current {
            match (pick(path, text), text) {
                (Some(text), _) => folder.add_text(root, path, text),
                (None, Err(problem)) => folder.diagnostics.push(problem.clone()),
                (None, Ok(_)) => {}
            }
        }
        let mut library = base.clone().overlaid(folder);
        library.validate();
        library
    };
    let as_is = build(&|_, text| text.as_ref().ok().cloned());
    let broken: BTreeSet<PathBuf> = as_is.errors().map(|d| d.file.clone()).collect();
    let problems = as_is.diagnostics.clone();
    if broken.is_empty() {
        for (path, text) in current {
            if let Ok(text) = text {
                last_good.insert(path.clone(), text.clone());
            }
        }
        return (as_is, problems);
    }
    for (path, text) in current {
        if let Ok(text) = text
            && !broken.contains(path)
        {
            last_good.insert(path.clone(), text.clone());
        }
    }
    let mut fallback = build(&|path, text| {
        if broken.contains(path) {
            last_good.get(path).cloned()
        } else {
            text.as_ref().ok().cloned()
        }
    });
    let still_broken: BTreeSet<PathBuf> = fallback.errors().map(|d| d.file.clone()).collect();
    fallback
        .scenarios
        .retain(|s| !still_broken.contains(&s.source.path));
    (fallback, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_files() -> (PathBuf, Vec<FileText>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let files = read_from_disk(&root);
        (root, files)
    }

    #[test]
    fn a_broken_file_shows_its_error_while_its_last_good_version_plays() {
        let (root, mut files) = shipped_files();
        let mut last_good = BTreeMap::new();
        let (library, problems) = rebuild(&root, &files, &mut last_good);
        assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
        let before = library.scenarios.len();

        let (path, text) = files
            .iter_mut()
            .find(|(p, _)| p.ends_with("chest-pain-caller.scenario.ron"))
            .expect("shipped scenario");
        let broken = text.as_ref().expect("text").replacen("title:", "titel:", 1);
        *text = Ok(broken);
        let path = path.clone();
        let (library, problems) = rebuild(&root, &files, &mut last_good);
        let error = problems
            .iter()
            .find(|d| d.is_error())
            .expect("the typo is reported");
        assert_eq!(error.file, path);
        assert!(error.line > 0 && error.column > 0);
        assert!(
            error.hint.as_deref().is_some_and(|h| h.contains("title")),
            "{error}"
        );
        assert_eq!(
            library.scenarios.len(),
            before,
            "the last good version still plays"
        );
        assert!(library.scenario("chest-pain-caller").is_some());
    }

    #[test]
    fn a_broken_file_never_loaded_cleanly_is_left_out() {
        let (root, mut files) = shipped_files();
        let (_, text) = files
            .iter_mut()
            .find(|(p, _)| p.ends_with("chest-pain-caller.scenario.ron"))
            .expect("shipped scenario");
        *text = Ok("Scenario(".into());
        let (library, problems) = rebuild(&root, &files, &mut BTreeMap::new());
        assert!(problems.iter().any(Diagnostic::is_error));
        assert!(library.scenario("chest-pain-caller").is_none());
        assert!(library.scenario("newborn-fever").is_some());
    }

    #[test]
    fn a_clinic_folder_reloads_over_the_built_in_content() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/phone/chest-pain-caller.scenario.ron");
        let text = std::fs::read_to_string(shipped).expect("shipped scenario");
        let path = root.join("phone/chest-pain-caller.scenario.ron");
        let edited = text.replacen(
            "title: \"Chest pressure on line one\"",
            "title: \"Riverside: chest pressure\"",
            1,
        );
        assert_ne!(edited, text);
        let base = ContentSource::Overlay(root.to_path_buf()).base();
        let mut last_good = BTreeMap::new();
        let mut files = vec![(path.clone(), Ok(edited))];
        let (library, problems) = rebuild_over(&base, root, &files, &mut last_good);
        assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
        let played = library.scenario("chest-pain-caller").expect("replaced");
        assert_eq!(played.value.title, "Riverside: chest pressure");
        assert_eq!(played.source.path, path);
        assert_eq!(library.replaced.len(), 1);
        assert!(
            library.scenario("newborn-fever").is_some(),
            "the rest is built in"
        );

        // The folder's file breaks: its error is shown, its last good version plays on.
        files[0].1 = Ok("Scenario(".into());
        let (library, problems) = rebuild_over(&base, root, &files, &mut last_good);
        assert!(problems.iter().any(|d| d.is_error() && d.file == path));
        let played = library.scenario("chest-pain-caller").expect("last good");
        assert_eq!(played.value.title, "Riverside: chest pressure");
    }
}
