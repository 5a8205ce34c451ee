//! Where the content comes from (`ContentSource`: the built-in library, a clinic's folder over
//! it, or a folder alone) and how a folder overlays the built-in library: its scenarios,
//! policies, offices, exam profiles, rule packs, rules and questions add to the built-in ones or
//! replace them by id, and each replacement is recorded (`Replacement`) for `check` to report.

use super::{Library, Sourced};
use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a command or the app takes its content from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ContentSource {
    /// The library built into the program.
    #[default]
    BuiltIn,
    /// A folder over the built-in library (`--content DIR`, `FRONTDESK_CONTENT=DIR`): what it
    /// holds adds to the built-in content or replaces it by id.
    Overlay(PathBuf),
    /// A folder alone (`--content-only DIR`): a full library of its own.
    FolderOnly(PathBuf),
}

impl ContentSource {
    /// What the command line asked for: `--content-only DIR`, else `--content DIR`, else
    /// `$FRONTDESK_CONTENT` (both overlay), else the built-in library. The current folder is
    /// never looked at: what a program does should not depend on where it is run.
    pub fn choose(content: Option<PathBuf>, content_only: Option<PathBuf>) -> ContentSource {
        if let Some(dir) = content_only {
            return ContentSource::FolderOnly(dir);
        }
        match content.or_else(|| std::env::var_os("FRONTDESK_CONTENT").map(PathBuf::from)) {
            Some(dir) => ContentSource::Overlay(dir),
            None => ContentSource::BuiltIn,
        }
    }

    /// The folder on disk, if any: where `frontdesk new` writes, and what the app watches.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            ContentSource::BuiltIn => None,
            ContentSource::Overlay(dir) | ContentSource::FolderOnly(dir) => Some(dir),
        }
    }

    /// The same source with its folder made absolute (the app's asset server needs that).
    pub fn canonical(&self) -> ContentSource {
        let absolute = |dir: &PathBuf| dir.canonicalize().unwrap_or_else(|_| dir.clone());
        match self {
            ContentSource::BuiltIn => ContentSource::BuiltIn,
            ContentSource::Overlay(dir) => ContentSource::Overlay(absolute(dir)),
            ContentSource::FolderOnly(dir) => ContentSource::FolderOnly(absolute(dir)),
        }
    }

    /// Loads the content (not validated): the built-in library, with the folder over it, or
    /// the folder alone.
    pub fn load(&self) -> Library {
        match self {
            ContentSource::BuiltIn => Library::built_in(),
            ContentSource::Overlay(dir) => {
                Library::built_in().overlaid(Library::load(std::slice::from_ref(dir), None))
            }
            ContentSource::FolderOnly(dir) => Library::load(std::slice::from_ref(dir), None),
        }
    }

    /// The library to build on for files of this folder (`Library::overlaid`'s base): the
    /// built-in one under an overlay, nothing for a folder alone.
    pub fn base(&self) -> Library {
        match self {
            ContentSource::FolderOnly(_) => Library::default(),
            _ => Library::built_in(),
        }
    }
}

impl fmt::Display for ContentSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentSource::BuiltIn => write!(f, "the built-in content"),
            ContentSource::Overlay(dir) => {
                write!(f, "{} over the built-in content", dir.display())
            }
            ContentSource::FolderOnly(dir) => write!(f, "{}", dir.display()),
        }
    }
}

/// An item of an overlay folder that took the place of a built-in one with the same id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// What was replaced: "scenario", "rule", "question", "policy pack" …
    pub what: &'static str,
    pub id: String,
    /// Where the replacing item is (its id, 1-based line and column).
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Where the replaced one was, and its line.
    pub replaced_file: PathBuf,
    pub replaced_line: usize,
}

impl fmt::Display for Replacement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {} `{}` replaces the built-in one at {}:{}",
            self.file.display(),
            self.line,
            self.column,
            self.what,
            self.id,
            self.replaced_file.display(),
            self.replaced_line
        )
    }
}

/// The 1-based line and column of the first quoted `id` in a file (1:1 when it is not there).
fn place_of(source: &SourceFile, id: &str) -> (usize, usize) {
    let at = source.warning_at_id(id, 0, "");
    (at.line, at.column)
}

fn replacement(what: &'static str, id: &str, new: &SourceFile, old: &SourceFile) -> Replacement {
    let (line, column) = place_of(new, id);
    Replacement {
        what,
        id: id.to_owned(),
        file: new.path.clone(),
        line,
        column,
        replaced_file: old.path.clone(),
        replaced_line: place_of(old, id).0,
    }
}

/// Adds `top`'s items of one kind to `base`'s, each replacing the base item with its id.
fn replace_by_id<T>(
    base: &mut Vec<Sourced<T>>,
    top: Vec<Sourced<T>>,
    what: &'static str,
    id: impl Fn(&T) -> &str,
    replaced: &mut Vec<Replacement>,
) {
    for item in top {
        let key = id(&item.value).to_owned();
        if let Some(at) = base.iter().position(|b| id(&b.value) == key) {
            let old = base.remove(at);
            replaced.push(replacement(what, &key, &item.source, &old.source));
        }
        base.push(item);
    }
}

/// Takes out of `base`'s containers (rule packs, question sets) the members whose id `top`
/// brings, recording each replacement; containers left empty are dropped.
fn replace_members<C: Clone, M>(
    base: &mut Vec<Sourced<C>>,
    top: &[Sourced<C>],
    what: &'static str,
    members: impl Fn(&C) -> &[M],
    members_mut: impl Fn(&mut C) -> &mut Vec<M>,
    id: impl Fn(&M) -> &str,
    replaced: &mut Vec<Replacement>,
) {
    for new in top {
        for member in members(&new.value) {
            let key = id(member);
            for old in base.iter_mut() {
                if members(&old.value).iter().any(|m| id(m) == key) {
                    replaced.push(replacement(what, key, &new.source, &old.source));
                    members_mut(Arc::make_mut(&mut old.value)).retain(|m| id(m) != key);
                }
            }
        }
    }
    base.retain(|c| !members(&c.value).is_empty());
}

/// A file's path inside its content folder, `/`-separated.
fn relative(source: &SourceFile) -> Option<String> {
    let inside = source.path.strip_prefix(&source.root).ok()?;
    let parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

impl Library {
    /// This library with `top` over it: each scenario, policy pack, office, exam profile, rule
    /// pack, rule or question of `top` is added, or replaces the one of this library with the
    /// same id (a rule pack with a built-in pack's id replaces that whole pack; a rule or a
    /// question replaces its namesake wherever it is). A file of `top` identical to the file
    /// at the same place in this library (an unchanged copy) is left out: it replaces nothing.
    /// The replacements are kept in `replaced`.
    pub fn overlaid(mut self, mut top: Library) -> Library {
        let ours: BTreeMap<String, Arc<SourceFile>> = self
            .sources()
            .into_iter()
            .filter_map(|s| relative(&s).map(|r| (r, s)))
            .collect();
        let unchanged = |source: &SourceFile| {
            relative(source)
                .and_then(|r| ours.get(&r))
                .is_some_and(|mine| mine.text == source.text)
        };
        top.scenarios.retain(|s| !unchanged(&s.source));
        top.rule_packs.retain(|s| !unchanged(&s.source));
        top.policies.retain(|s| !unchanged(&s.source));
        top.offices.retain(|s| !unchanged(&s.source));
        top.question_sets.retain(|s| !unchanged(&s.source));
        top.exam_profiles.retain(|s| !unchanged(&s.source));

        let mut replaced = std::mem::take(&mut self.replaced);
        replace_by_id(
            &mut self.scenarios,
            top.scenarios,
            "scenario",
            |s| &s.id,
            &mut replaced,
        );
        replace_by_id(
            &mut self.policies,
            top.policies,
            "policy pack",
            |p| &p.id,
            &mut replaced,
        );
        replace_by_id(
            &mut self.offices,
            top.offices,
            "office",
            |o| &o.id,
            &mut replaced,
        );
        replace_by_id(
            &mut self.exam_profiles,
            top.exam_profiles,
            "exam profile",
            |p| &p.id,
            &mut replaced,
        );
        // A whole pack first, then single rules: a rule of a replacing pack is not counted
        // again against the pack it replaced.
        let mut kept_packs = Vec::new();
        for pack in std::mem::take(&mut self.rule_packs) {
            match top.rule_packs.iter().find(|p| p.value.id == pack.value.id) {
                Some(new) => replaced.push(replacement(
                    "rule pack",
                    &pack.value.id,
                    &new.source,
                    &pack.source,
                )),
                None => kept_packs.push(pack),
            }
        }
        self.rule_packs = kept_packs;
        replace_members(
            &mut self.rule_packs,
            &top.rule_packs,
            "rule",
            |p| &p.rules,
            |p| &mut p.rules,
            |r| &r.id,
            &mut replaced,
        );
        self.rule_packs.extend(top.rule_packs);
        replace_members(
            &mut self.question_sets,
            &top.question_sets,
            "question",
            |s| &s.questions,
            |s| &mut s.questions,
            |q| &q.id,
            &mut replaced,
        );
        self.question_sets.extend(top.question_sets);
        self.diagnostics.extend(top.diagnostics);
        self.replaced = replaced;
        self
    }
}
