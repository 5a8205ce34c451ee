//! Shared by the integration tests: the shipped content, loaded and validated once per test.

use frontdesk::library::{Library, content_root};

/// The shipped content; panics (failing the test) if it has any error.
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
