//! `frontdesk graph`, through the real binary on the real content: every shipped scenario's map
//! is well-formed SVG with one node per event, choice and consequence; the branches the test
//! plans walk are marked walked, and those no plan walks (in a crafted scenario) are not; DOT is
//! a balanced graph naming every event; files are never overwritten without --force.

mod common;

use frontdesk::library::{NodeKind, scenario_map, to_dot};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn frontdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("the frontdesk binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

/// Draws a scenario to an SVG file and returns its text.
fn svg_of(args: &[&str], dir: &Path, name: &str) -> String {
    let file = dir.join(format!("{name}.svg"));
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-o", path_arg(&file)]);
    let output = frontdesk(&all);
    assert!(
        output.status.success(),
        "graph {name}: {}",
        text(&output.stderr)
    );
    std::fs::read_to_string(&file).expect("the SVG was written")
}

/// The nodes of a map's SVG: data-id → class list, per kind.
fn svg_nodes(svg: &str) -> BTreeMap<(String, String), Vec<String>> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let mut nodes = BTreeMap::new();
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let classes: Vec<String> = g
            .attribute("class")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if classes.first().map(String::as_str) == Some("node") {
            let kind = classes.get(1).cloned().unwrap_or_default();
            let id = g.attribute("data-id").unwrap_or_default().to_owned();
            assert!(
                nodes.insert((kind, id.clone()), classes).is_none(),
                "node {id} drawn twice"
            );
        }
    }
    nodes
}

fn count(nodes: &BTreeMap<(String, String), Vec<String>>, kind: &str) -> usize {
    nodes.keys().filter(|(k, _)| k == kind).count()
}

#[test]
fn every_shipped_scenario_draws_as_svg_with_a_node_per_event_choice_and_consequence() {
    let library = common::shipped();
    let dir = tempfile::tempdir().expect("a temporary folder");
    assert!(library.scenarios.len() > 50, "the shipped scenarios load");
    for scenario in &library.scenarios {
        let s = &scenario.value;
        let svg = svg_of(&["graph", &s.id], dir.path(), &s.id);
        let nodes = svg_nodes(&svg);
        let choices: usize = s.events.iter().map(|e| e.choices.len()).sum();
        assert_eq!(count(&nodes, "event"), s.events.len(), "{}: events", s.id);
        assert_eq!(count(&nodes, "choice"), choices, "{}: choices", s.id);
        assert_eq!(
            count(&nodes, "consequence"),
            s.consequences.len(),
            "{}: consequences",
            s.id
        );
        assert_eq!(
            nodes.len(),
            s.events.len() + choices + s.consequences.len(),
            "{}: nothing else is a node",
            s.id
        );
        for event in &s.events {
            assert!(
                nodes.contains_key(&("event".to_owned(), event.id.to_string())),
                "{}: event {} is drawn",
                s.id,
                event.id
            );
        }
    }
}

#[test]
fn every_branch_of_chest_pain_caller_is_walked() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let svg = svg_of(&["graph", "chest-pain-caller"], dir.path(), "chest");
    let nodes = svg_nodes(&svg);
    let walked = |kind: &str, id: &str| {
        nodes
            .get(&(kind.to_owned(), id.to_owned()))
            .unwrap_or_else(|| panic!("{kind} {id} is drawn"))
            .contains(&"walked".to_owned())
    };
    for consequence in [
        "calls-911",
        "drives-himself",
        "wife-calls-back",
        "wife-calls-911",
        "nobody-sends-help",
    ] {
        assert!(
            walked("consequence", consequence),
            "{consequence} is walked"
        );
    }
    for choice in [
        "chest-pain-call/advise-911",
        "chest-pain-call/heartburn",
        "chest-pain-call/confirm-911",
        "wife-calls/wife-confirm",
    ] {
        assert!(walked("choice", choice), "{choice} is walked");
    }
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let unwalked: Vec<String> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split_whitespace().any(|w| w == "unwalked"))
        })
        .map(|n| format!("{:?}", n.attribute("data-id")))
        .collect();
    assert!(
        unwalked.is_empty(),
        "nothing in chest-pain-caller is drawn unwalked: {unwalked:?}"
    );
    // A choice offered unconditionally is not a branch: neither walked nor unwalked.
    let greeting = &nodes[&("choice".to_owned(), "chest-pain-call/greeting".to_owned())];
    assert_eq!(greeting, &vec!["node".to_owned(), "choice".to_owned()]);
    // The model says the same.
    let library = common::shipped();
    let scenario = library.scenario("chest-pain-caller").expect("shipped");
    let map = scenario_map(&library, scenario).expect("a map");
    assert_eq!(map.branches(), (11, 11));
    let call = map
        .node(NodeKind::Event, "chest-pain-call")
        .expect("the call");
    assert!(
        call.lines
            .iter()
            .any(|l| l.starts_with("judged by:") && l.contains("TRI-01")),
        "the chest-pain rule judges the call as authored: {:?}",
        call.lines
    );
    assert_eq!(
        map.lanes
            .iter()
            .map(|l| map.nodes[l.event].id.as_str())
            .collect::<Vec<_>>(),
        ["chest-pain-call", "form-at-window", "wife-calls"],
        "timeline order; the event a consequence brings comes last"
    );
}

/// Copies a folder of content files.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copied");
        }
    }
}

/// A content folder holding the shipped rules, policies and offices and a crafted copy of
/// chest-pain-caller with two branches no plan walks: the plan that lets the line ring out is
/// gone (so `drives-himself` never fires), and the walk-in gets a conditional line nobody says.
fn crafted_content() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let dir = tempfile::tempdir().expect("a temporary folder");
    for folder in ["rules", "policies", "offices"] {
        copy_dir(&root.join(folder), &dir.path().join(folder));
    }
    let original = std::fs::read_to_string(root.join("phone/chest-pain-caller.scenario.ron"))
        .expect("the shipped scenario");
    let mut crafted = original.replace("id: \"chest-pain-caller\"", "id: \"crafted-unwalked\"");
    let plan = crafted
        .find("name: \"lets the line ring out\"")
        .expect("the ring-out plan");
    let start = crafted[..plan].rfind("        (\n").expect("its opening");
    let end =
        plan + crafted[plan..].find("\n        ),\n").expect("its close") + "\n        ),\n".len();
    crafted.replace_range(start..end, "");
    let walk_in_line = "counts_as: Greet, details: [OfferHelp]),";
    assert!(crafted.contains(walk_in_line));
    crafted = crafted.replace(
        walk_in_line,
        &format!(
            "{walk_in_line}\n                (id: \"sorry-for-the-wait\", text: \"Sorry for the wait!\", counts_as: Say, when: Did(act: Greet), once: true),"
        ),
    );
    std::fs::create_dir_all(dir.path().join("phone")).expect("a folder");
    std::fs::write(
        dir.path().join("phone/crafted-unwalked.scenario.ron"),
        crafted,
    )
    .expect("written");
    dir
}

#[test]
fn branches_no_plan_walks_are_drawn_unwalked_in_a_crafted_scenario() {
    let content = crafted_content();
    let out = tempfile::tempdir().expect("a temporary folder");
    let svg = svg_of(
        &[
            "--content",
            path_arg(content.path()),
            "graph",
            "crafted-unwalked",
        ],
        out.path(),
        "crafted",
    );
    let nodes = svg_nodes(&svg);
    let classes = |kind: &str, id: &str| nodes[&(kind.to_owned(), id.to_owned())].clone();
    assert!(classes("consequence", "drives-himself").contains(&"unwalked".to_owned()));
    assert!(
        classes("choice", "form-at-window/sorry-for-the-wait").contains(&"unwalked".to_owned())
    );
    for consequence in [
        "calls-911",
        "wife-calls-back",
        "wife-calls-911",
        "nobody-sends-help",
    ] {
        assert!(
            classes("consequence", consequence).contains(&"walked".to_owned()),
            "{consequence} is still walked"
        );
    }
    assert!(classes("choice", "chest-pain-call/heartburn").contains(&"walked".to_owned()));
    // The arrows of an unwalked branch are unwalked too: the call's arrow into drives-himself.
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let unwalked_arrows = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("edge") && c.contains("unwalked"))
        })
        .count();
    assert_eq!(
        unwalked_arrows, 2,
        "the condition arrow into drives-himself and the offer of the unsaid line"
    );
    assert!(
        svg.contains("10 of 12 branch(es) walked"),
        "the summary counts them"
    );
}

#[test]
fn dot_is_a_balanced_graph_naming_every_event() {
    let output = frontdesk(&["graph", "chest-pain-caller"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let dot = text(&output.stdout);
    assert_well_formed_dot(&dot, &["chest-pain-call", "form-at-window", "wife-calls"]);
    assert!(dot.contains(
        "\"consequence:wife-calls-back\" -> \"event:wife-calls\" [label=\"Arrive +10m\"]"
    ));
    // Every shipped scenario, in the library (the binary prints the same text).
    let library = common::shipped();
    for scenario in &library.scenarios {
        let map = scenario_map(&library, scenario).expect("a map");
        let ids: Vec<&str> = scenario
            .value
            .events
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_well_formed_dot(&to_dot(&map), &ids);
    }
}

/// Braces balance outside quoted strings, the text is one `digraph { … }`, and every event is
/// a node.
fn assert_well_formed_dot(dot: &str, events: &[&str]) {
    let body: String = dot
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(body.trim_start().starts_with("digraph \""), "{body}");
    assert!(body.trim_end().ends_with('}'));
    let (mut depth, mut quoted, mut escaped) = (0i32, false, false);
    for c in body.chars() {
        match (quoted, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => quoted = !quoted,
            (false, _, '{') => depth += 1,
            (false, _, '}') => {
                depth -= 1;
                assert!(depth >= 0, "a brace closes before it opens");
            }
            _ => {}
        }
    }
    assert_eq!(depth, 0, "braces balance");
    assert!(!quoted, "quotes balance");
    for id in events {
        assert!(
            body.contains(&format!("\"event:{id}\" [")),
            "event {id} is a node"
        );
    }
}

#[test]
fn html_is_one_page_with_the_map_and_its_legend() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("map.html");
    let output = frontdesk(&["graph", "chest-pain-caller", "-o", path_arg(&file)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(&file).expect("written");
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .expect("the page is well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "html");
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("svg")).count(),
        1
    );
    assert!(html.contains("How to read the map"));
    assert!(html.contains("✓ ideal"));
    assert!(
        !html.contains("src=\"http"),
        "nothing is fetched from elsewhere"
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced_and_a_bad_name_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("map.svg");
    std::fs::write(&file, "mine").expect("written");
    let output = frontdesk(&["graph", "chest-pain-caller", "-o", path_arg(&file)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("mine"));

    let output = frontdesk(&[
        "graph",
        "chest-pain-caller",
        "-o",
        path_arg(&file),
        "--force",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        std::fs::read_to_string(&file)
            .expect("written")
            .starts_with("<svg")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("readable")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left: {leftovers:?}"
    );

    let output = frontdesk(&[
        "graph",
        "chest-pain-caller",
        "-o",
        path_arg(&dir.path().join("map.png")),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains(".svg, .dot or .html"));
}

#[test]
fn an_unknown_scenario_gets_a_did_you_mean() {
    let output = frontdesk(&["graph", "chest-pain-calller"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("there is no scenario `chest-pain-calller`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `chest-pain-caller`?"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn the_map_in_the_docs_is_the_current_one() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let fresh = svg_of(&["graph", "chest-pain-caller"], dir.path(), "fresh");
    let documented = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/map-chest-pain-caller.svg"),
    )
    .expect("docs/map-chest-pain-caller.svg exists");
    assert!(
        fresh == documented,
        "docs/map-chest-pain-caller.svg is stale: run \
         `frontdesk graph chest-pain-caller -o docs/map-chest-pain-caller.svg --force`"
    );
}
