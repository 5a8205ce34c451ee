//! The content built into the program: the `scenarios/` folder as it was when the program was
//! built (`build.rs` lists its files). Used when no content folder is given, and under a
//! clinic's folder (see `overlay`). Its files are named `<built-in>/…` in every message, so an
//! error in them still reads file:line:col.

use super::{ContentKind, Library};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/built_in_content.rs"));
}

/// The name the built-in files are shown under, in place of a folder.
pub const BUILT_IN: &str = "<built-in>";

/// Every built-in file (content and anything it names), as `<built-in>/relative/path` and its
/// text, in path order.
pub fn built_in_files() -> impl Iterator<Item = (PathBuf, &'static str)> {
    generated::FILES
        .iter()
        .map(|(relative, text)| (Path::new(BUILT_IN).join(relative), *text))
}

impl Library {
    /// The built-in library, loaded once per process and shared (its items are `Arc`s), not
    /// validated.
    pub fn built_in() -> Library {
        static LOADED: OnceLock<Library> = OnceLock::new();
        LOADED
            .get_or_init(|| {
                let mut library = Library::default();
                for (path, text) in built_in_files() {
                    if ContentKind::of(&path).is_some() {
                        library.add_text(Path::new(BUILT_IN), &path, text.to_owned());
                    }
                }
                library
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_library_is_the_shipped_folder_and_loads_clean() {
        let files: Vec<_> = built_in_files().collect();
        assert!(
            files
                .iter()
                .any(|(p, _)| p == Path::new("<built-in>/phone/chest-pain-caller.scenario.ron"))
        );
        let mut library = Library::built_in();
        library.validate();
        assert!(
            library.errors().next().is_none(),
            "{:?}",
            library.diagnostics
        );
        assert!(library.scenario("chest-pain-caller").is_some());
        assert!(library.scenarios.len() >= 60);
    }
}
