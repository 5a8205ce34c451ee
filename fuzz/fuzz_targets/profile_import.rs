//! A profile export (`progress --import FILE`): read as the CLI reads it, and imported into a
//! fresh store when it reads. Nothing may panic or hang; a bad file is an error.
#![no_main]

use frontdesk::progress::{ProfileExport, Store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let file = dir.path().join("profile.json");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    let Ok(export) = ProfileExport::read(&file) else {
        return;
    };
    if let Ok(mut store) = Store::open_in(dir.path()) {
        let _ = store.import(&export, Some("fuzzed"));
    }
});
