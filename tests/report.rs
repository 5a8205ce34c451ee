//! `frontdesk report` on a cohort made by driving the real binary: trainees play scenarios with
//! `frontdesk play --plan … --profile NAME` into a temporary data folder, exam sittings are saved
//! as the desk saves them (the `exam` command does not keep sittings), and one trainee is moved
//! a month back through `progress --export` and `--import`. Then: the CSV tables parse back with
//! a real CSV reader and hold the JSON's figures; the HTML (read with an XML parser) shows the
//! JSON's figures; `--since` filters; an unknown profile fails clearly; files are never
//! replaced without `--force`.
//!
//! With `FRONTDESK_REPORT_EXAMPLE=FILE.html` set, the fixture's HTML report is also written to
//! FILE (how docs/report-example.png was made).

mod common;

use frontdesk::exam::assemble;
use frontdesk::model::Domain;
use frontdesk::progress::{Attempt, Store, now};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

fn frontdesk(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .env("FRONTDESK_DATA", data)
        .output()
        .expect("the frontdesk binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

const ANA: &str = "Ana Ruiz";
const BEN: &str = "Ben Okafor";
const CY: &str = "Cy Lam";
const DEE: &str = "Dee Park";
const DAY: i64 = 86_400;

fn play(data: &Path, scenario: &str, plan: &str, profile: &str) {
    let out = frontdesk(
        data,
        &["play", scenario, "--plan", plan, "--profile", profile],
    );
    assert!(
        out.status.success(),
        "{scenario} / {plan}: {}",
        text(&out.stderr)
    );
}

/// Saves a sitting of `exam`, answering right every item whose position passes `right`.
fn sit_exam(data: &Path, profile: &str, exam: &str, seed: u64, right: impl Fn(usize) -> bool) {
    let library = common::shipped();
    let bank = library.bank();
    let paper = assemble(
        &bank,
        library.exam_profile(exam).expect("a shipped exam"),
        seed,
    )
    .expect("assembles");
    let answers: Vec<Option<usize>> = paper
        .items
        .iter()
        .enumerate()
        .map(|(k, item)| {
            let question = bank.get(&item.question).expect("in the bank");
            let correct = item.order.iter().position(|&o| question.options[o].correct);
            if right(k) {
                correct
            } else {
                correct.map(|c| (c + 1) % 4)
            }
        })
        .collect();
    let result = paper.score(&bank, &answers);
    let mut store = Store::open_in(data).expect("opens");
    store
        .save_attempt(
            profile,
            &Attempt::of_exam(&result, &answers, now()).expect("an attempt"),
        )
        .expect("saved");
}

/// The cohort, made once: Ana ready, Ben missing critical rules and weak at the exam, Cy with
/// scenarios only, Dee's activity a month old.
fn cohort() -> &'static Path {
    static DATA: OnceLock<tempfile::TempDir> = OnceLock::new();
    DATA.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let data = dir.path();
        for (scenario, plan) in [
            ("chest-pain-caller", "ideal"),
            ("duplicate-charge", "ideal"),
            ("doctor-forty-minutes-late", "ideal"),
        ] {
            play(data, scenario, plan, ANA);
        }
        sit_exam(data, ANA, "cmaa", 1, |_| true);
        let booked = "books the buffer slot instead of sending to 911";
        play(data, "chest-pain-caller", booked, BEN);
        play(data, "chest-pain-caller", booked, BEN);
        play(data, "chest-pain-caller", "ideal", BEN);
        sit_exam(data, BEN, "mini", 2, |k| k % 2 == 0);
        play(data, "duplicate-charge", "ideal", CY);
        play(data, "chest-pain-caller", "lets the line ring out", CY);

        // Dee: Ben's record, a month older, through the real export and import.
        let export = data.join("ben.json");
        let out = frontdesk(
            data,
            &["progress", "--profile", BEN, "--export", path_arg(&export)],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut profile: Value =
            serde_json::from_str(&std::fs::read_to_string(&export).expect("exported"))
                .expect("JSON");
        for attempt in profile["attempts"].as_array_mut().expect("attempts") {
            let at = attempt["at"].as_i64().expect("a time");
            attempt["at"] = Value::from(at - 30 * DAY);
        }
        std::fs::write(&export, profile.to_string()).expect("written");
        let out = frontdesk(
            data,
            &["progress", "--import", path_arg(&export), "--as", DEE],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        dir
    })
    .path()
}

/// `report … --format json` to standard output, parsed.
fn json_report(data: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let out = frontdesk(data, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

fn trainee<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["trainees"]
        .as_array()
        .expect("trainees")
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("{name} is in the report"))
}

fn mastery(t: &Value, domain: Domain) -> Option<f64> {
    t["mastery"]
        .as_array()
        .expect("mastery")
        .iter()
        .find(|m| m["domain"] == domain.name())
        .and_then(|m| m["percent"].as_f64())
}

#[test]
fn the_json_report_has_each_trainees_figures_and_readiness() {
    let data = cohort();
    let report = json_report(data, &[]);
    assert_eq!(report["trainees"].as_array().map(Vec::len), Some(4));
    let shipped = frontdesk::library::ContentSource::BuiltIn
        .load()
        .scenarios
        .len();
    assert_eq!(report["library_scenarios"], shipped, "the shipped library");

    let ana = trainee(&report, ANA);
    assert_eq!(ana["attempts"], 3);
    assert_eq!(ana["scenarios_passed"], 3);
    assert_eq!(ana["exam_sittings"], 1);
    assert_eq!(ana["exam_estimate"]["scaled"], 500, "every answer right");
    assert_eq!(ana["exam_estimate"]["pass_mark"], 390);
    assert_eq!(ana["ready"], true, "{}", ana["reason"]);
    assert!(ana["reason"].as_str().unwrap().starts_with("Yes:"));
    assert!(ana["time_on_task_seconds"].as_u64().unwrap() > 0);
    assert_eq!(ana["untimed"], 1, "the exam sitting has no duration");

    let ben = trainee(&report, BEN);
    assert_eq!(ben["attempts"], 3);
    assert_eq!(
        (
            ben["scenarios_tried"].as_u64(),
            ben["scenarios_passed"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(ben["ready"], false);
    let reason = ben["reason"].as_str().unwrap();
    assert!(reason.contains("below the pass mark 390"), "{reason}");
    assert!(reason.contains("TRI-01"), "{reason}");
    let tri01 = ben["critical_misses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "TRI-01")
        .expect("Ben missed TRI-01");
    assert_eq!(tri01["count"], 2, "in both booked attempts");

    let cy = trainee(&report, CY);
    assert!(
        cy["reason"]
            .as_str()
            .unwrap()
            .contains("no practice exam yet"),
        "{}",
        cy["reason"]
    );
    assert!(cy["exam_estimate"].is_null());

    // Who misses TRI-01 most: ordered by the share of times missed; Ana, who never missed
    // it, last.
    let rule = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "TRI-01")
        .expect("TRI-01 was judged");
    assert_eq!(rule["critical"], true);
    let who = rule["trainees"].as_array().unwrap();
    assert_eq!(who.len(), 4, "everyone was judged on it");
    let shares: Vec<f64> = who
        .iter()
        .map(|m| m["missed"].as_f64().unwrap() / m["judged"].as_f64().unwrap())
        .collect();
    assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
    assert_eq!(who[3]["trainee"], ANA);
    assert_eq!(who[3]["missed"], 0);
    assert!(shares[0] > 0.0);

    // The report's mastery is the progress store's (no sitting is cut by the window here).
    let store = Store::open_in(data).expect("opens");
    for (name, t) in [(ANA, ana), (BEN, ben), (CY, cy)] {
        for m in store.mastery(name).expect("mastery") {
            assert_eq!(mastery(t, m.domain), m.percent, "{name} {:?}", m.domain);
        }
    }
}

#[test]
fn csv_tables_parse_back_with_the_jsons_figures() {
    let data = cohort();
    let report = json_report(data, &[]);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("cohort.csv");
    let out = frontdesk(data, &["report", "--all", "-o", path_arg(&file)]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let mut reader = csv::Reader::from_path(&file).expect("the trainees table reads");
    let header = reader.headers().expect("a header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("a column {name}"))
    };
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("every row parses");
    assert_eq!(rows.len(), 4, "one row per trainee");
    for row in &rows {
        let t = trainee(&report, &row[column("trainee")]);
        for (field, key) in [
            ("scenario_attempts", "attempts"),
            ("exam_sittings", "exam_sittings"),
            ("scenarios_tried", "scenarios_tried"),
            ("scenarios_passed", "scenarios_passed"),
            ("library_scenarios", "library_scenarios"),
        ] {
            assert_eq!(row[column(field)], t[key].to_string(), "{field}");
        }
        assert_eq!(row[column("ready")] == *"yes", t["ready"] == true);
        assert_eq!(&row[column("reason")], t["reason"].as_str().unwrap());
        let critical: u64 = t["critical_misses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_u64().unwrap())
            .sum();
        assert_eq!(row[column("critical_misses")], critical.to_string());
        for domain in Domain::ALL {
            let cell = &row[column(&format!("mastery_{}", domain.name()))];
            match mastery(t, *domain) {
                Some(p) => assert_eq!(cell, format!("{p:.1}"), "{domain:?}"),
                None => assert_eq!(cell, "", "{domain:?}"),
            }
        }
        let estimate = &row[column("exam_estimate")];
        assert_eq!(
            estimate,
            t["exam_estimate"]["scaled"]
                .as_u64()
                .map_or(String::new(), |s| s.to_string())
        );
    }

    // Per rule: one row per trainee judged, rank 1 misses it most.
    let rules = dir.path().join("cohort-rules.csv");
    let mut reader = csv::Reader::from_path(&rules).expect("the rules table reads");
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    let tri01: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "TRI-01").collect();
    let json_rule = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "TRI-01")
        .unwrap();
    assert_eq!(tri01.len(), json_rule["trainees"].as_array().unwrap().len());
    assert_eq!(&tri01[0][5], "1");
    assert_eq!(
        &tri01[0][4],
        json_rule["trainees"][0]["trainee"].as_str().unwrap()
    );
    assert_eq!(&tri01[0][2], "critical");

    let domains = dir.path().join("cohort-domains.csv");
    let mut reader = csv::Reader::from_path(&domains).expect("the domains table reads");
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    assert!(rows.iter().any(|r| &r[0] == "Scheduling" && &r[1] == ANA));
}

fn html_report(data: &Path, name: &str) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join(name);
    let out = frontdesk(data, &["report", "-o", path_arg(&file)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::read_to_string(&file).expect("written")
}

#[test]
fn the_html_shows_the_jsons_figures_on_one_self_contained_page() {
    let data = cohort();
    let report = json_report(data, &[]);
    let html = html_report(data, "cohort.html");
    if let Some(example) = std::env::var_os("FRONTDESK_REPORT_EXAMPLE") {
        std::fs::write(example, &html).expect("the example is written");
    }
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .expect("the page is well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "html");
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(html.contains("@media print"));
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("svg")).count(),
        2
    );

    let field = |row: roxmltree::Node, name: &str| -> String {
        row.descendants()
            .find(|n| n.attribute("data-field") == Some(name))
            .map(|n| {
                n.descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .collect::<String>()
            })
            .unwrap_or_else(|| panic!("a {name} cell"))
    };
    let rows: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr") && n.attribute("data-trainee").is_some())
        .collect();
    assert_eq!(rows.len(), 4);
    for row in rows {
        let name = row.attribute("data-trainee").unwrap();
        let t = trainee(&report, name);
        for key in [
            "attempts",
            "scenarios_passed",
            "scenarios_tried",
            "library_scenarios",
            "exam_sittings",
        ] {
            assert_eq!(field(row, key), t[key].to_string(), "{name} {key}");
        }
        assert_eq!(field(row, "reason"), t["reason"].as_str().unwrap());
        assert_eq!(field(row, "ready") == "Yes", t["ready"] == true);
        match t["exam_estimate"]["scaled"].as_u64() {
            Some(scaled) => assert_eq!(field(row, "exam_estimate"), scaled.to_string()),
            None => assert!(
                !row.descendants()
                    .any(|n| n.attribute("data-field") == Some("exam_estimate"))
            ),
        }
        let seconds = row
            .descendants()
            .find(|n| n.attribute("data-field") == Some("time_on_task"))
            .and_then(|n| n.attribute("data-seconds"))
            .expect("time on task");
        assert_eq!(seconds, t["time_on_task_seconds"].to_string());
        for c in t["critical_misses"].as_array().unwrap() {
            let badge = row
                .descendants()
                .find(|n| n.attribute("data-rule") == c["rule"].as_str())
                .expect("a badge per critical rule");
            assert_eq!(
                badge.attribute("data-count"),
                Some(&*c["count"].to_string())
            );
        }
    }

    // The mastery chart: one cell per trainee and domain, its number the JSON's, rounded.
    let cells: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("data-domain").is_some())
        .collect();
    assert_eq!(cells.len(), 4 * Domain::ALL.len());
    for cell in cells {
        let t = trainee(&report, cell.attribute("data-trainee").unwrap());
        let domain = Domain::ALL
            .iter()
            .find(|d| Some(d.name()) == cell.attribute("data-domain"))
            .expect("a domain");
        let shown = field(cell, "mastery");
        match mastery(t, *domain) {
            Some(p) => assert_eq!(shown, format!("{p:.0}")),
            None => assert_eq!(shown, "–"),
        }
    }

    // The rule table: the JSON's counts.
    for rule in report["rules"].as_array().unwrap() {
        let row = doc
            .descendants()
            .find(|n| n.has_tag_name("tr") && n.attribute("data-rule") == rule["rule"].as_str())
            .expect("a row per rule");
        assert_eq!(field(row, "missed"), rule["missed"].to_string());
        assert_eq!(field(row, "judged"), rule["judged"].to_string());
    }
}

#[test]
fn since_keeps_only_the_activity_from_that_day() {
    let data = cohort();
    let day = |unix: i64| frontdesk::report::date_time(unix)[..10].to_owned();
    let recent = json_report(data, &["--since", &day(now() - 10 * DAY)]);
    assert_eq!(
        trainee(&recent, DEE)["attempts"],
        0,
        "Dee's month-old attempts"
    );
    assert_eq!(trainee(&recent, BEN)["attempts"], 3);
    assert_eq!(recent["since"], day(now() - 10 * DAY));
    let everything = json_report(data, &[]);
    assert_eq!(trainee(&everything, DEE)["attempts"], 3);

    let future = json_report(data, &["--since", &day(now() + 2 * DAY), "--profiles", ANA]);
    let ana = trainee(&future, ANA);
    assert_eq!(ana["attempts"], 0);
    assert_eq!(ana["ready"], false);
    assert!(ana["last_activity"].is_null());

    let out = frontdesk(
        data,
        &["report", "--format", "json", "--since", "last week"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("YYYY-MM-DD"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn profiles_choose_trainees_and_an_unknown_one_fails_clearly() {
    let data = cohort();
    let two = json_report(data, &["--profiles", &format!("{CY},{ANA}")]);
    let names: Vec<&str> = two["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [CY, ANA], "in the order asked");

    let out = frontdesk(
        data,
        &[
            "report",
            "--format",
            "json",
            "--profiles",
            "Ana Ruis,Ben Okafor",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("there is no profile `Ana Ruis`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `Ana Ruiz`?"), "{stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let data = cohort();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = dir.path().join("cohort.html");
    std::fs::write(&page, "mine").expect("written");
    let out = frontdesk(data, &["report", "-o", path_arg(&page)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "mine");
    let out = frontdesk(data, &["report", "-o", path_arg(&page), "--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    // CSV: one of the three files taken is enough to write none.
    let table = dir.path().join("cohort.csv");
    std::fs::write(dir.path().join("cohort-domains.csv"), "mine").expect("written");
    let out = frontdesk(data, &["report", "-o", path_arg(&table)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!table.exists(), "nothing half-written");
    assert!(!dir.path().join("cohort-rules.csv").exists());

    // A name that says no format.
    let out = frontdesk(
        data,
        &["report", "-o", path_arg(&dir.path().join("cohort.txt"))],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--format"));
}
