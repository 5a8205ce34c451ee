//! Loading a content folder: which files are content (by the end of their name), walking the
//! folder without leaving it, and parsing each file into the library. A broken file is reported
//! and skipped; the others still load.

use super::{Library, Sourced};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, inside, parse, read_text};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Folders deeper than this, or more files than this, are not walked.
const MAX_DEPTH: usize = 16;
const MAX_FILES: usize = 10_000;

/// The kinds of content file, told apart by the end of their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Scenario,
    Rules,
    Policy,
    Office,
    Questions,
    Exam,
}

impl ContentKind {
    pub const SUFFIXES: [(&'static str, ContentKind); 6] = [
        (".scenario.ron", ContentKind::Scenario),
        (".rules.ron", ContentKind::Rules),
        (".policy.ron", ContentKind::Policy),
        (".office.ron", ContentKind::Office),
        (".questions.ron", ContentKind::Questions),
        (".exam.ron", ContentKind::Exam),
    ];

    pub fn of(path: &Path) -> Option<ContentKind> {
        let name = path.file_name()?.to_str()?;
        Self::SUFFIXES
            .iter()
            .find(|(suffix, _)| name.ends_with(suffix))
            .map(|(_, kind)| *kind)
    }
}

/// Every content file under `root`, in a stable order, with problems for links that leave it.
pub fn walk(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let canonical_root = match root.canonicalize() {
        Ok(path) => path,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(root, format!("cannot open the content folder: {e}"))
                    .with_hint("pass a folder of content, e.g. `frontdesk check scenarios/`"),
            );
            return files;
        }
    };
    walk_dir(root, &canonical_root, 0, &mut files, diagnostics);
    files
}

fn walk_dir(
    dir: &Path,
    root: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if depth > MAX_DEPTH {
        diagnostics.push(
            Diagnostic::warning(dir, "folders nested this deep are not read")
                .with_hint(format!("keep content within {MAX_DEPTH} folder levels")),
        );
        return;
    }
    let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(read) => read.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                dir,
                format!("cannot read the folder: {e}"),
            ));
            return;
        }
    };
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if files.len() >= MAX_FILES {
            diagnostics.push(
                Diagnostic::error(dir, format!("more than {MAX_FILES} content files"))
                    .with_hint("the rest are not read; split the content into several folders"),
            );
            return;
        }
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && !inside(&path, root) {
            diagnostics.push(
                Diagnostic::error(&path, "this link points outside the content folder").with_hint(
                    "content may not reach outside its folder; copy the file in instead",
                ),
            );
            continue;
        }
        if path.is_dir() {
            walk_dir(&path, root, depth + 1, files, diagnostics);
        } else if ContentKind::of(&path).is_some() {
            // Only regular files are content: a pipe named `x.scenario.ron` would make every
            // reader (and the app's asset loader) wait forever.
            match fs::metadata(&path) {
                Ok(meta) if meta.is_file() => files.push(path),
                Ok(_) => diagnostics.push(
                    Diagnostic::error(
                        &path,
                        "this is a pipe, a socket or a device, not a text file",
                    )
                    .with_hint("content files are plain text files; rename or remove this one"),
                ),
                // A link to nothing: say so where the file is read.
                Err(_) => files.push(path),
            }
        } else if path.extension().is_some_and(|e| e == "ron") && !is_script(&path) {
            diagnostics.push(
                Diagnostic::warning(
                    &path,
                    "this RON file is not a known kind of content and was skipped",
                )
                .with_hint(
                    "name content files *.scenario.ron, *.rules.ron, *.policy.ron, *.office.ron, *.questions.ron or *.exam.ron",
                ),
            );
        }
    }
}

fn is_script(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.ends_with(".actions.ron"))
}

/// A file's canonical path; a built-in file (not on disk) keeps its name.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

impl Library {
    /// Loads every content file under `paths` (folders or files). When `base` is given (the
    /// content in use: built-in, overlaid or a folder), its rule packs, policies, offices,
    /// questions and exam profiles are added too (its scenarios are not), so a lone scenario
    /// can be checked against the library; but only the kinds `paths` bring none of: a folder
    /// with its own rule packs is checked with those alone, not flooded with the base's
    /// duplicate ids.
    pub fn load(paths: &[PathBuf], base: Option<&Library>) -> Library {
        let mut library = Library::default();
        let mut seen: Vec<PathBuf> = Vec::new();
        for path in paths {
            let (root, files) = if path.is_dir() {
                (path.clone(), walk(path, &mut library.diagnostics))
            } else {
                let root = path
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
                if !path.exists() {
                    library.diagnostics.push(
                        Diagnostic::error(path, "there is no such file or folder")
                            .with_hint("pass content folders or files, e.g. `scenarios/`"),
                    );
                    continue;
                }
                if ContentKind::of(path).is_none() {
                    library.diagnostics.push(
                        Diagnostic::error(path, "this is not a content file")
                            .with_hint("content files end in .scenario.ron, .rules.ron, .policy.ron, .office.ron, .questions.ron or .exam.ron"),
                    );
                    continue;
                }
                (root, vec![path.clone()])
            };
            for file in files {
                let canonical = file.canonicalize().unwrap_or_else(|_| file.clone());
                if !seen.contains(&canonical) {
                    seen.push(canonical);
                    library.load_file(&root, &file);
                }
            }
        }
        if let Some(base) = base {
            // Kinds a folder brings; lone files are checked against the whole base.
            let lone: Vec<PathBuf> = paths
                .iter()
                .filter(|p| !p.is_dir())
                .filter_map(|p| p.canonicalize().ok())
                .collect();
            let brought: Vec<ContentKind> = seen
                .iter()
                .filter(|f| !lone.contains(f))
                .filter_map(|f| ContentKind::of(f))
                .collect();
            library.add_kinds_of(base, &brought);
        }
        library
    }

    /// Adds `base`'s items (and its problems) of every kind but scenarios and `except`, leaving
    /// out files already loaded.
    fn add_kinds_of(&mut self, base: &Library, except: &[ContentKind]) {
        let loaded: Vec<PathBuf> = self.loaded_files();
        let wanted = |source: &SourceFile| {
            let kind = ContentKind::of(&source.path);
            kind.is_some_and(|k| k != ContentKind::Scenario && !except.contains(&k))
                && !loaded.contains(&canonical(&source.path))
        };
        fn take<T>(
            into: &mut Vec<Sourced<T>>,
            from: &[Sourced<T>],
            wanted: impl Fn(&SourceFile) -> bool,
        ) {
            into.extend(from.iter().filter(|s| wanted(&s.source)).cloned());
        }
        take(&mut self.rule_packs, &base.rule_packs, wanted);
        take(&mut self.policies, &base.policies, wanted);
        take(&mut self.offices, &base.offices, wanted);
        take(&mut self.question_sets, &base.question_sets, wanted);
        take(&mut self.exam_profiles, &base.exam_profiles, wanted);
        let problems = base.diagnostics.iter().filter(|d| {
            ContentKind::of(&d.file)
                .is_some_and(|k| k != ContentKind::Scenario && !except.contains(&k))
                && !loaded.contains(&canonical(&d.file))
        });
        self.diagnostics.extend(problems.cloned());
    }

    /// The (canonical) files this library's items came from.
    fn loaded_files(&self) -> Vec<PathBuf> {
        self.sources().iter().map(|s| canonical(&s.path)).collect()
    }

    /// Every file the library's items came from, once each.
    pub(super) fn sources(&self) -> Vec<Arc<SourceFile>> {
        let mut all: Vec<Arc<SourceFile>> = Vec::new();
        let sources = self
            .scenarios
            .iter()
            .map(|s| &s.source)
            .chain(self.rule_packs.iter().map(|s| &s.source))
            .chain(self.policies.iter().map(|s| &s.source))
            .chain(self.offices.iter().map(|s| &s.source))
            .chain(self.question_sets.iter().map(|s| &s.source))
            .chain(self.exam_profiles.iter().map(|s| &s.source));
        for source in sources {
            if !all.iter().any(|s| s.path == source.path) {
                all.push(source.clone());
            }
        }
        all
    }

    fn load_file(&mut self, root: &Path, path: &Path) {
        match read_text(path) {
            Ok(text) => self.add_text(root, path, text),
            Err(diagnostic) => self.diagnostics.push(diagnostic),
        }
    }

    /// Parses one file's text by its kind and adds it (or its problem) to the library.
    pub fn add_text(&mut self, root: &Path, path: &Path, text: String) {
        let Some(kind) = ContentKind::of(path) else {
            self.diagnostics
                .push(Diagnostic::error(path, "this is not a content file"));
            return;
        };
        let source = Arc::new(SourceFile {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
            text,
        });
        let result = match kind {
            ContentKind::Scenario => parse(path, &source.text).map(|value| {
                self.scenarios.push(Sourced {
                    value: Arc::new(value),
                    source: source.clone(),
                })
            }),
            ContentKind::Rules => parse(path, &source.text).map(|value| {
                self.rule_packs.push(Sourced {
                    value: Arc::new(value),
                    source: source.clone(),
                })
            }),
            ContentKind::Policy => parse(path, &source.text).map(|value| {
                self.policies.push(Sourced {
                    value: Arc::new(value),
                    source: source.clone(),
                })
            }),
            ContentKind::Office => parse(path, &source.text).map(|value| {
                self.offices.push(Sourced {
                    value: Arc::new(value),
                    source: source.clone(),
                })
            }),
            ContentKind::Questions => parse(path, &source.text).map(|value| {
                self.question_sets.push(Sourced {
                    value: Arc::new(value),
                    source: source.clone(),
                })
            }),
            ContentKind::Exam => parse(path, &source.text).map(|value| {
                self.exam_profiles.push(Sourced {
                    value: Arc::new(value),
                    source: source.clone(),
                })
            }),
        };
        if let Err(diagnostic) = result {
            self.diagnostics.push(diagnostic);
        }
    }
}
