//! Embeds the shipped content (`scenarios/`) into the program, so a copied, installed or
//! packaged `frontdesk` carries its library without the source folder.
//!
//! Writes `$OUT_DIR/built_in_content.rs`: a list of (path relative to `scenarios/`, text) with
//! each file's text through `include_str!`. `include_str!` makes rustc rebuild when a listed
//! file changes; `rerun-if-changed` on the folder makes cargo rerun this script when a file is
//! added, removed or renamed (cargo scans the whole folder), so `cargo test` after editing
//! content always tests the content as it is.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join("scenarios");
    println!("cargo:rerun-if-changed=scenarios");
    println!("cargo:rerun-if-changed=build.rs");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The shipped content: each file's path under `scenarios/` (with `/`) and its text.\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .expect("inside the folder")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let absolute = file.to_str().expect("the source path is UTF-8");
        writeln!(code, "    ({relative:?}, include_str!({absolute:?})),").expect("to a string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("built_in_content.rs"), code).expect("OUT_DIR is writable");
}

/// Every regular, non-hidden file under `dir` (content and anything it names, e.g. attachments).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(&path, files),
            Ok(kind) if kind.is_file() => files.push(path),
            _ => {}
        }
    }
}
