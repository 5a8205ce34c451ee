//! Shared by the integration tests: the shipped content, loaded and validated once per test,
//! and a copy of a content folder to change in a temporary one. (Each test crate uses what it
//! needs of this module, hence `allow(dead_code)`.)

use frontdesk::library::{Library, content_root};
use std::path::Path;

/// The shipped content; panics (failing the test) if it has any error.
#[allow(dead_code)]
pub fn shipped() -> Library {
    let mut library = Library::load(&[content_root()], None);
    library.validate();
    let errors: Vec<String> = library.errors().map(ToString::to_string).collect();
    assert!(
        errors.is_empty(),
        "shipped content has errors:\n{}",
        errors.join("\n")
    );
    library
}

/// Copies a folder tree (content: small text files), e.g. the shipped content into a temporary
/// folder a test can change.
#[allow(dead_code)]
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
