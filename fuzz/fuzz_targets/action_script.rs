//! An action script (`play --actions FILE`), parsed as the CLI parses it and played on a
//! shipped scenario the first byte picks, then scored. Nothing may panic or hang.
#![no_main]

use frontdesk::library::Library;
use frontdesk::model::Action;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let mut library = Library::built_in();
        library.validate();
        library
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(actions) = frontdesk::source::parse::<Vec<Action>>(Path::new("fuzz.actions.ron"), text)
    else {
        return;
    };
    let library = library();
    let scenario = &library.scenarios[pick as usize % library.scenarios.len()];
    if let Ok(setup) = library.setup(&scenario.value, None) {
        let _ = setup.play(u64::from(pick), &actions);
    }
});
