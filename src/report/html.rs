//! The report as one self-contained, printable HTML page: inline CSS (with a print style) and
//! inline SVG charts, no script and nothing fetched. Every figure sits in an element with a
//! `data-field` (and its row a `data-trainee`, `data-rule` or `data-domain`), so the page can
//! be read back by a program as well as by a person. Every string from records or content is
//! escaped. The page is well-formed XML too.

use super::{CohortReport, READY_MASTERY_PERCENT, TraineeReport, date_time, duration_text};
use crate::library::{wrap, xml_escape as esc};
use crate::model::Domain;
use std::fmt::Write;

const STYLE: &str = "
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 1.5em; color: #1d1d1f; font-size: 14px; }
h1 { margin-bottom: 0.2em; }
h2 { margin-top: 1.6em; border-bottom: 2px solid #d0d4da; padding-bottom: 0.2em; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #d0d4da; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.yes { background: #d8f0dc; font-weight: bold; }
td.no { background: #fbe3e1; font-weight: bold; }
td.reason { max-width: 34em; font-size: 0.92em; }
.badge { display: inline-block; padding: 0 0.4em; border-radius: 0.6em; background: #fbe3e1; font-size: 0.85em; }
.chart { margin: 0.6em 0; }
dt { font-weight: bold; margin-top: 0.5em; }
dd { margin-left: 1.5em; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; }
  section { break-inside: avoid-page; }
  tr, .chart { break-inside: avoid; }
  thead { display: table-header-group; }
  th, td { padding: 0.15em 0.35em; }
}
";

/// A mastery cell's colours: fill and text.
fn mastery_colours(percent: Option<f64>) -> (&'static str, &'static str) {
    match percent {
        None => ("#eceef1", "#777777"),
        Some(p) if p >= READY_MASTERY_PERCENT => ("#bfe5c6", "#14451f"),
        Some(p) if p >= 50.0 => ("#ffe2ad", "#5a3b00"),
        Some(_) => ("#f7c0bb", "#6b130c"),
    }
}

fn percent_text(percent: Option<f64>) -> String {
    percent.map_or_else(|| "–".to_owned(), |p| format!("{p:.0}"))
}

pub fn to_html(report: &CohortReport) -> String {
    let mut page = String::new();
    let period = match &report.since {
        Some(day) => format!("activity since {day}"),
        None => "all activity".to_owned(),
    };
    let ready = report.trainees.iter().filter(|t| t.ready).count();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>Frontdesk cohort report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Cohort report</h1>\n\
         <p class=\"meta\">Generated {generated} UTC · {period} · \
         <span data-field=\"trainee_count\">{count}</span> trainee(s), \
         <span data-field=\"ready_count\">{ready}</span> ready for the exam · \
         <span data-field=\"library_scenarios\">{library}</span> scenarios in the library</p>\n",
        generated = esc(&date_time(report.generated_at)),
        period = esc(&period),
        count = report.trainees.len(),
        library = report.library_scenarios,
    );
    trainee_table(&mut page, report);
    page.push_str("<section>\n<h2>Mastery per exam domain</h2>\n");
    page.push_str(&mastery_chart(report));
    page.push_str("</section>\n<section>\n<h2>Pass rate per scenario family</h2>\n");
    page.push_str(&family_chart(report));
    page.push_str("</section>\n");
    rule_table(&mut page, report);
    domain_table(&mut page, report);
    explanation(&mut page, report);
    page.push_str("</body>\n</html>\n");
    page
}

fn trainee_table(page: &mut String, report: &CohortReport) {
    page.push_str(
        "<section>\n<h2>Ready for the exam?</h2>\n<table class=\"trainees\">\n<thead><tr>\
         <th>Trainee</th><th>Ready?</th><th>Scenario attempts</th><th>Scenarios passed</th>\
         <th>Tried</th><th>In library</th><th>Critical misses</th><th>By rule</th>\
         <th>Exam sittings</th><th>Practice-exam estimate</th><th>Time on task</th>\
         <th>Last activity (UTC)</th><th>Why</th></tr></thead>\n<tbody>\n",
    );
    if report.trainees.is_empty() {
        page.push_str("<tr><td colspan=\"13\">No trainee in this report.</td></tr>\n");
    }
    for t in &report.trainees {
        trainee_row(page, t);
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn trainee_row(page: &mut String, t: &TraineeReport) {
    let by_rule: Vec<String> = t
        .critical_misses
        .iter()
        .map(|c| {
            format!(
                "<span class=\"badge\" data-rule=\"{rule}\" data-count=\"{n}\">{rule} ×{n}</span>",
                rule = esc(&c.rule),
                n = c.count
            )
        })
        .collect();
    let estimate = match &t.exam_estimate {
        Some(e) => format!(
            "<span data-field=\"exam_estimate\">{}</span> (pass <span data-field=\"exam_pass_mark\">{}</span>; \
             <span data-field=\"practice_exams\">{}</span> exam{})",
            e.scaled,
            e.pass_mark,
            e.sittings,
            if e.sittings == 1 { "" } else { "s" }
        ),
        None => "none yet".to_owned(),
    };
    let untimed = if t.untimed > 0 {
        format!(" <small>(+{} untimed)</small>", t.untimed)
    } else {
        String::new()
    };
    let _ = writeln!(
        page,
        "<tr data-trainee=\"{name}\"><th scope=\"row\" data-field=\"name\">{name}</th>\
         <td data-field=\"ready\" class=\"{class}\">{ready}</td>\
         <td class=\"num\" data-field=\"attempts\">{attempts}</td>\
         <td class=\"num\" data-field=\"scenarios_passed\">{passed}</td>\
         <td class=\"num\" data-field=\"scenarios_tried\">{tried}</td>\
         <td class=\"num\" data-field=\"library_scenarios\">{library}</td>\
         <td class=\"num\" data-field=\"critical_misses\">{critical}</td>\
         <td data-field=\"critical_by_rule\">{by_rule}</td>\
         <td class=\"num\" data-field=\"exam_sittings\">{sittings}</td>\
         <td>{estimate}</td>\
         <td data-field=\"time_on_task\" data-seconds=\"{seconds}\">{time}{untimed}</td>\
         <td data-field=\"last_activity\">{last}</td>\
         <td class=\"reason\" data-field=\"reason\">{reason}</td></tr>",
        name = esc(&t.name),
        class = if t.ready { "yes" } else { "no" },
        ready = if t.ready { "Yes" } else { "Not yet" },
        attempts = t.attempts,
        passed = t.scenarios_passed,
        tried = t.scenarios_tried,
        library = t.library_scenarios,
        critical = t.critical_miss_total(),
        by_rule = by_rule.join(" "),
        sittings = t.exam_sittings,
        seconds = t.time_on_task_seconds,
        time = duration_text(t.time_on_task_seconds),
        last = t.last_activity.map_or_else(|| "–".to_owned(), date_time),
        reason = esc(&t.reason),
    );
}

/// A grid: one row per trainee, one column per exam domain, each cell coloured by mastery
/// with its percent written in.
fn mastery_chart(report: &CohortReport) -> String {
    const NAME_WIDTH: f64 = 170.0;
    const CELL_W: f64 = 112.0;
    const CELL_H: f64 = 28.0;
    const HEADER: f64 = 58.0;
    let rows = report.trainees.len().max(1) as f64;
    let width = NAME_WIDTH + CELL_W * Domain::ALL.len() as f64 + 4.0;
    let height = HEADER + CELL_H * rows + 34.0;
    let mut svg = format!(
        "<svg class=\"chart mastery\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\" \
         role=\"img\" aria-label=\"Mastery per exam domain for each trainee\">\n"
    );
    for (k, domain) in Domain::ALL.iter().enumerate() {
        let x = NAME_WIDTH + CELL_W * k as f64 + CELL_W / 2.0;
        let lines = wrap(domain.label(), 15);
        let top = HEADER - 6.0 - 14.0 * (lines.len() as f64 - 1.0);
        for (n, line) in lines.iter().enumerate() {
            let _ = writeln!(
                svg,
                "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
                esc(line),
                y = top + 14.0 * n as f64
            );
        }
    }
    if report.trainees.is_empty() {
        let _ = writeln!(
            svg,
            "<text x=\"8\" y=\"{}\">No trainee in this report.</text>",
            HEADER + 18.0
        );
    }
    for (row, t) in report.trainees.iter().enumerate() {
        let y = HEADER + CELL_H * row as f64;
        let _ = writeln!(
            svg,
            "<text x=\"4\" y=\"{}\">{}</text>",
            y + CELL_H / 2.0 + 4.0,
            esc(&t.name)
        );
        for (k, m) in t.mastery.iter().enumerate() {
            let x = NAME_WIDTH + CELL_W * k as f64;
            let (fill, ink) = mastery_colours(m.percent);
            let _ = writeln!(
                svg,
                "<g data-trainee=\"{name}\" data-domain=\"{domain}\"><title>{name} · {label}: {title}</title>\
                 <rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"2\"/>\
                 <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"{ink}\" data-field=\"mastery\">{text}</text></g>",
                name = esc(&t.name),
                domain = m.domain.name(),
                label = esc(m.domain.label()),
                title = match m.percent {
                    Some(p) => format!("{p:.0} % ({} answers, {} findings)", m.answers, m.findings),
                    None => "no evidence yet".to_owned(),
                },
                w = CELL_W,
                h = CELL_H,
                tx = x + CELL_W / 2.0,
                ty = y + CELL_H / 2.0 + 4.0,
                text = percent_text(m.percent),
            );
        }
    }
    // The legend.
    let legend_y = HEADER + CELL_H * rows + 12.0;
    let entries = [
        (
            Some(READY_MASTERY_PERCENT),
            format!("{READY_MASTERY_PERCENT:.0} % or more"),
        ),
        (Some(50.0), format!("50–{READY_MASTERY_PERCENT:.0} %")),
        (Some(0.0), "under 50 %".to_owned()),
        (None, "– no evidence yet".to_owned()),
    ];
    for (k, (sample, label)) in entries.iter().enumerate() {
        let x = NAME_WIDTH + 150.0 * k as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"{legend_y}\" width=\"14\" height=\"14\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            mastery_colours(*sample).0,
            x + 20.0,
            legend_y + 11.0,
            esc(label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// One bar per scenario family: the share of attempts passed.
fn family_chart(report: &CohortReport) -> String {
    const LABEL: f64 = 260.0;
    const BAR: f64 = 360.0;
    const ROW: f64 = 26.0;
    let rows = report.families.len().max(1) as f64;
    let width = LABEL + BAR + 320.0;
    let height = ROW * rows + 8.0;
    let mut svg = format!(
        "<svg class=\"chart families\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\" \
         role=\"img\" aria-label=\"Pass rate per scenario family\">\n"
    );
    if report.families.is_empty() {
        svg.push_str("<text x=\"4\" y=\"18\">No scenario played in this period.</text>\n");
    }
    for (k, f) in report.families.iter().enumerate() {
        let y = ROW * k as f64 + 4.0;
        let rate = if f.attempts == 0 {
            0.0
        } else {
            f64::from(f.passed) / f64::from(f.attempts)
        };
        let _ = writeln!(
            svg,
            "<g data-family=\"{family}\" data-attempts=\"{attempts}\" data-passed=\"{passed}\">\
             <text x=\"4\" y=\"{ty}\">{family}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{BAR}\" height=\"18\" fill=\"#eceef1\"/>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{bar:.1}\" height=\"18\" fill=\"#3f7fbf\"/>\
             <text x=\"{tx}\" y=\"{ty}\">{passed} of {attempts} passed ({percent:.0} %), {trainees} trainee(s)</text></g>",
            family = esc(&f.family),
            attempts = f.attempts,
            passed = f.passed,
            ty = y + 13.0,
            bar = BAR * rate,
            tx = LABEL + BAR + 8.0,
            percent = 100.0 * rate,
            trainees = f.trainees,
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The top of a "who misses it most" list, as spans a program can read.
fn most(entries: impl Iterator<Item = (String, u32, u32)>) -> String {
    let shown: Vec<String> = entries
        .filter(|(_, missed, _)| *missed > 0)
        .take(3)
        .map(|(name, missed, of)| {
            format!(
                "<span data-trainee=\"{n}\" data-missed=\"{missed}\" data-of=\"{of}\">{n} {missed}/{of}</span>",
                n = esc(&name)
            )
        })
        .collect();
    if shown.is_empty() {
        "nobody".to_owned()
    } else {
        shown.join(", ")
    }
}

fn rule_table(page: &mut String, report: &CohortReport) {
    page.push_str(
        "<section>\n<h2>Who misses each rule most</h2>\n<table class=\"rules\">\n<thead><tr>\
         <th>Rule</th><th>Title</th><th>Exam domain</th><th>Missed</th><th>Judged</th>\
         <th>Who misses it most (missed/judged)</th></tr></thead>\n<tbody>\n",
    );
    if report.rules.is_empty() {
        page.push_str("<tr><td colspan=\"6\">No rule judged in this period.</td></tr>\n");
    }
    for r in &report.rules {
        let _ = writeln!(
            page,
            "<tr data-rule=\"{rule}\"><th scope=\"row\">{rule}{critical}</th><td>{title}</td><td>{domain}</td>\
             <td class=\"num\" data-field=\"missed\">{missed}</td><td class=\"num\" data-field=\"judged\">{judged}</td>\
             <td data-field=\"most\">{most}</td></tr>",
            rule = esc(&r.rule),
            critical = if r.critical {
                " <span class=\"badge\">critical</span>"
            } else {
                ""
            },
            title = esc(&r.title),
            domain = esc(r.domain.label()),
            missed = r.missed,
            judged = r.judged,
            most = most(
                r.trainees
                    .iter()
                    .map(|m| (m.trainee.clone(), m.missed, m.judged))
            ),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn domain_table(page: &mut String, report: &CohortReport) {
    page.push_str(
        "<section>\n<h2>Who misses each exam domain most</h2>\n<table class=\"domains\">\n<thead><tr>\
         <th>Exam domain</th><th>Missed</th><th>Answers and findings</th>\
         <th>Who misses it most (missed/answered or judged)</th></tr></thead>\n<tbody>\n",
    );
    for d in &report.domains {
        let _ = writeln!(
            page,
            "<tr data-domain=\"{name}\"><th scope=\"row\">{label}</th>\
             <td class=\"num\" data-field=\"misses\">{misses}</td><td class=\"num\" data-field=\"marks\">{marks}</td>\
             <td data-field=\"most\">{most}</td></tr>",
            name = d.domain.name(),
            label = esc(d.domain.label()),
            misses = d.misses,
            marks = d.marks,
            most = most(
                d.trainees
                    .iter()
                    .map(|m| (m.trainee.clone(), m.misses, m.marks))
            ),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn explanation(page: &mut String, report: &CohortReport) {
    page.push_str("<section>\n<h2>How to read this report</h2>\n<dl>\n");
    let terms = [
        (
            "Scenario attempts",
            "Scenarios played at the desk or with frontdesk play, in the period.",
        ),
        (
            "Scenarios passed, tried, in library",
            "Different scenarios passed at least once, different scenarios tried, and the scenarios the content library holds.",
        ),
        (
            "Critical misses",
            "Attempts that missed a critical rule (patient safety; any one fails the attempt), counted per rule.",
        ),
        (
            "Mastery",
            "Per exam domain, the share right among the latest 40 exam answers and 20 scenario findings of that domain, as on the progress screen.",
        ),
        (
            "Practice-exam estimate",
            "The mean scaled score of the latest 3 practice exams: sittings with items from every exam domain (the full and the mini exam; one-domain quizzes do not count), against the pass mark.",
        ),
        (
            "Time on task",
            "For scenarios, the office time from the start of the scenario to the trainee's last action; sittings the source did not time are counted as untimed.",
        ),
        (
            "Who misses it most",
            "Trainees ordered by the share of times they missed the rule or domain, then by how many times.",
        ),
    ];
    for (term, meaning) in terms {
        let _ = writeln!(page, "<dt>{}</dt><dd>{}</dd>", esc(term), esc(meaning));
    }
    page.push_str("<dt>Ready for the exam?</dt><dd>Yes when all of these hold:<ol>\n");
    for criterion in &report.criteria {
        let _ = writeln!(page, "<li>{}</li>", esc(criterion));
    }
    page.push_str("</ol></dd>\n</dl>\n</section>\n");
}
