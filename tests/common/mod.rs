//! Shared by the integration tests: the shipped content, loaded and validated once per test,
//! and a copy of a content folder to change in a temporary one. (Each test crate uses what it
//! needs of this module, hence `allow(dead_code)`.)

use frontdesk::library::Library;
use std::path::Path;

/// The shipped (built-in) content; panics (failing the test) if it has any error.
#[allow(dead_code)]
pub fn shipped() -> Library {
    let mut library = Library::built_in();
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

/// The app's own systems without window or renderer (MinimalPlugins + StatesPlugin, content
/// through bevy's asset server on the shipped content), started with `options` (content root
/// and data folder filled in). One real second per update: at 1× the office clock moves one
/// second per update.
#[cfg(feature = "gui")]
#[allow(dead_code)]
pub fn headless_app(data_dir: &Path, options: frontdesk::app::Options) -> bevy::prelude::App {
    use bevy::prelude::*;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .canonicalize()
        .expect("content folder");
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        bevy::state::app::StatesPlugin,
        bevy::asset::AssetPlugin {
            file_path: root.to_string_lossy().into_owned(),
            ..default()
        },
    ))
    .insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
        std::time::Duration::from_secs(1),
    ));
    frontdesk::app::plugin(
        &mut app,
        &frontdesk::app::Options {
            content: frontdesk::library::ContentSource::FolderOnly(root),
            data_dir: data_dir.to_path_buf(),
            ..options
        },
    );
    app
}
