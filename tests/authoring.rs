//! docs/AUTHORING.md's finished example stays true: it passes `check --strict` against the
//! shipped content, and its map in the docs is what `graph` draws today.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn frontdesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(dir)
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("the frontdesk binary runs")
}

#[test]
fn the_walk_through_example_passes_strict_check_and_its_map_is_current() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = frontdesk(
        repo,
        &[
            "check",
            "--strict",
            "docs/examples/running-late.scenario.ron",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("2 test plan(s): 2 passed, 0 failed; 0 error(s), 0 warning(s)"),
        "{stdout}"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("my-content");
    common::copy_tree(&repo.join("scenarios"), &content);
    std::fs::copy(
        repo.join("docs/examples/running-late.scenario.ron"),
        content.join("scheduling/running-late.scenario.ron"),
    )
    .expect("copy the example in");
    let out = frontdesk(
        dir.path(),
        &[
            "--content",
            "my-content",
            "graph",
            "running-late",
            "-o",
            "map.svg",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = std::fs::read_to_string(dir.path().join("map.svg")).expect("map");
    let documented =
        std::fs::read_to_string(repo.join("docs/map-running-late.svg")).expect("docs map");
    assert!(
        fresh == documented,
        "docs/map-running-late.svg is stale: regenerate it as docs/AUTHORING.md section 7 shows"
    );
}
