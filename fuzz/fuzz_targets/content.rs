//! Every content loader a user can feed (scenario, rules, policy, office, questions, exam
//! profile): the first byte picks the kind, the rest is the file's text. Loaded into a library
//! beside the shipped content (so references resolve), then validated and, when it loads
//! cleanly, its scenario's test plans played. Nothing may panic or hang.
#![no_main]

use frontdesk::library::Library;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

const KINDS: [&str; 6] = ["scenario", "rules", "policy", "office", "questions", "exam"];

/// The shipped rules, policies, offices and questions, parsed once (the fuzzed file goes in
/// beside a copy).
fn shipped() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        let mut library = Library::default();
        for path in frontdesk::library::walk(&root, &mut Vec::new()) {
            if path.to_string_lossy().ends_with(".scenario.ron") {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&path) {
                library.add_text(&root, &path, text);
            }
        }
        library
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut library = shipped().clone();
    let kind = KINDS[kind as usize % KINDS.len()];
    let path = root.join(format!("fuzz/input.{kind}.ron"));
    library.add_text(&root, &path, text.to_owned());
    library.validate();
    if kind == "scenario" && library.errors().next().is_none() {
        let _ = frontdesk::library::run_test_plans(&library);
    }
});
