//! Findings → Report: points, percentage, per exam domain, critical failures (any one fails the
//! attempt whatever the points), and each finding with its feedback and reference, ordered for a
//! debrief. The report is plain data and serialises to JSON byte-for-byte reproducibly.

use crate::judge::{Finding, evaluate, evidence_text, evidence_time, happening_text, problem_text};
use crate::model::*;
use crate::rules::Rule;
use crate::sim::{Cause, Line, Session, Speaker, What};
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scenario: ScenarioId,
    pub title: String,
    pub seed: u64,
    /// The day the attempt was played on (day 0 of the office clock).
    pub date: Date,
    pub policy: PolicyId,
    pub passed: bool,
    pub points: u32,
    pub max_points: u32,
    pub percent: u32,
    pub pass_percent: u32,
    /// Ids of the critical rules missed; any one fails the attempt.
    pub critical_failures: Vec<RuleId>,
    pub domains: Vec<DomainScore>,
    /// Failed findings first (critical, compliance, practice), then passed ones, each by time.
    pub findings: Vec<ReportedFinding>,
    pub refused: Vec<RefusedAction>,
    /// What was said on each event, in order, for the debrief's timeline.
    pub conversations: Vec<Conversation>,
    /// What happened without the trainee doing it (a caller hanging up, a patient growing
    /// impatient, an event a consequence brought), with why, in time order.
    pub happenings: Vec<ReportedHappening>,
    /// What became of each patient, when the scenario says.
    pub outcomes: Vec<ReportedHappening>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedHappening {
    pub at: SimTime,
    pub event: Option<EventId>,
    pub text: String,
    /// The consequence's reason, when a consequence caused it ("you told her it was nothing").
    pub because: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversation {
    pub event: EventId,
    pub summary: String,
    pub arrival: SimTime,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainScore {
    pub domain: Domain,
    pub points: u32,
    pub max_points: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedFinding {
    pub rule: RuleId,
    pub title: String,
    pub severity: Severity,
    pub domain: Domain,
    pub passed: bool,
    pub points: u32,
    pub max_points: u32,
    /// The event judged, if any.
    pub event: Option<EventId>,
    pub summary: Option<String>,
    pub at: SimTime,
    pub feedback: String,
    pub reference: String,
    pub problems: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// An act or state that decided a finding, with its time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub at: SimTime,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedAction {
    pub at: SimTime,
    pub act: ActKind,
    pub event: Option<EventId>,
    pub reason: String,
}

/// Evaluates a session against rules and scores it.
pub fn score(session: &Session, rules: &[&Rule]) -> Report {
    let findings = evaluate(session, rules);
    report(session, rules, &findings)
}

/// Turns findings into a report.
pub fn report(session: &Session, rules: &[&Rule], findings: &[Finding]) -> Report {
    let mut reported: Vec<ReportedFinding> = findings
        .iter()
        .map(|f| {
            let rule = rules[f.rule];
            let event = f.event.map(|i| &session.events[i]);
            let passed = f.passed();
            ReportedFinding {
                rule: rule.id.clone(),
                title: rule.title.clone(),
                severity: rule.severity,
                domain: rule.domain,
                passed,
                points: if passed { rule.points } else { 0 },
                max_points: rule.points,
                event: event.map(|e| e.id.clone()),
                summary: f.event.map(|i| session.summary(i)),
                at: f.at,
                feedback: if passed {
                    rule.feedback.pass.clone()
                } else {
                    rule.feedback.fail.clone()
                },
                reference: rule.reference.clone(),
                problems: f
                    .problems
                    .iter()
                    .map(|p| problem_text(p, f, session))
                    .collect(),
                evidence: f
                    .evidence
                    .iter()
                    .map(|e| Evidence {
                        at: evidence_time(session, e),
                        text: evidence_text(e, session),
                    })
                    .collect(),
            }
        })
        .collect();
    reported.sort_by_key(|f| (f.passed, f.severity, f.at));
    let points: u32 = reported.iter().map(|f| f.points).sum();
    let max_points: u32 = reported.iter().map(|f| f.max_points).sum();
    let percent = if max_points == 0 {
        100
    } else {
        ((u64::from(points) * 100 + u64::from(max_points) / 2) / u64::from(max_points)) as u32
    };
    // Each rule once, in the order the findings list them (a rule can fail on two calls).
    let mut critical_failures: Vec<RuleId> = Vec::new();
    for f in reported
        .iter()
        .filter(|f| !f.passed && f.severity == Severity::Critical)
    {
        if !critical_failures.contains(&f.rule) {
            critical_failures.push(f.rule.clone());
        }
    }
    let domains = Domain::ALL
        .iter()
        .filter_map(|domain| {
            let of_domain = reported.iter().filter(|f| f.domain == *domain);
            let (points, max_points) =
                of_domain.fold((0, 0), |(p, m), f| (p + f.points, m + f.max_points));
            (max_points > 0).then_some(DomainScore {
                domain: *domain,
                points,
                max_points,
            })
        })
        .collect();
    let refused = session
        .refused()
        .map(|a| RefusedAction {
            at: a.at,
            act: a.act,
            event: a.event.map(|i| session.events[i].id.clone()),
            reason: a
                .refused
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        })
        .collect();
    let conversations = session
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.transcript.is_empty())
        .map(|(i, e)| Conversation {
            event: e.id.clone(),
            summary: session.summary(i),
            arrival: e.arrival,
            lines: e.transcript.clone(),
        })
        .collect();
    let mut outcomes = Vec::new();
    let mut happenings = Vec::new();
    for h in &session.happenings {
        let reported = ReportedHappening {
            at: h.at,
            event: h.event.map(|e| session.events[e].id.clone()),
            text: happening_text(h, session),
            because: match h.cause {
                Cause::Consequence(k) => Some(session.scenario.consequences[k].because.clone()),
                Cause::Patience => None,
            },
        };
        match h.what {
            What::Outcome { .. } => outcomes.push(reported),
            _ => happenings.push(reported),
        }
    }
    let pass_percent = session.policy.pass_percent;
    Report {
        scenario: session.scenario.id.clone(),
        title: session.scenario.title.clone(),
        seed: session.seed,
        date: session.calendar().today,
        policy: session.policy.id.clone(),
        passed: critical_failures.is_empty() && percent >= pass_percent,
        points,
        max_points,
        percent,
        pass_percent,
        critical_failures,
        domains,
        findings: reported,
        refused,
        conversations,
        happenings,
        outcomes,
    }
}

impl Report {
    /// The ids of the rules that failed, each once, sorted.
    pub fn failed_rules(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .findings
            .iter()
            .filter(|f| !f.passed)
            .map(|f| f.rule.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// A moment of the attempt as a trainee reads it: "09:05" on the day played, "Mon 5 Oct 09:05"
    /// on a later day.
    pub fn when(&self, at: SimTime) -> String {
        if at.day() == 0 {
            return at.to_string();
        }
        let date = self.date.plus_days(i64::from(at.day()));
        let (_, month, day) = date.civil();
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{} {day} {} {}",
            &date.weekday().name()[..3],
            MONTHS[(month - 1) as usize],
            at.time_of_day()
        )
    }

    /// A debrief for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let verdict = if self.passed { "PASSED" } else { "NOT PASSED" };
        let _ = writeln!(out, "{} — {verdict}", self.title);
        let _ = writeln!(
            out,
            "Score {}/{} ({}%, {}% needed) · seed {} · policy {} · {}",
            self.points,
            self.max_points,
            self.percent,
            self.pass_percent,
            self.seed,
            self.policy,
            self.date.long()
        );
        if !self.critical_failures.is_empty() {
            let _ = writeln!(
                out,
                "Critical rules missed ({}): any one fails the attempt.",
                self.critical_failures.join(", ")
            );
        }
        let _ = writeln!(out, "\nBy exam domain:");
        for d in &self.domains {
            let _ = writeln!(
                out,
                "  {:<42} {:>3}/{:<3}",
                d.domain.label(),
                d.points,
                d.max_points
            );
        }
        for f in &self.findings {
            let mark = if f.passed { "✓" } else { "✗" };
            let _ = writeln!(
                out,
                "\n{mark} {} {} [{}, {}/{} pts]",
                f.rule, f.title, f.severity, f.points, f.max_points
            );
            if let Some(summary) = &f.summary {
                let _ = writeln!(out, "  {} · {summary}", self.when(f.at));
            }
            for p in &f.problems {
                let _ = writeln!(out, "  - {p}");
            }
            for e in &f.evidence {
                let _ = writeln!(out, "  {} {}", self.when(e.at), e.text);
            }
            let _ = writeln!(out, "  {}", f.feedback);
            let _ = writeln!(out, "  Reference: {}", f.reference);
        }
        if !self.outcomes.is_empty() {
            let _ = writeln!(out, "\nWhat became of them:");
            for o in &self.outcomes {
                let _ = writeln!(out, "  {} {}{}", self.when(o.at), o.text, because(o));
            }
        }
        if !self.happenings.is_empty() {
            let _ = writeln!(out, "\nWhat happened while you worked:");
            for h in &self.happenings {
                let _ = writeln!(out, "  {} {}{}", self.when(h.at), h.text, because(h));
            }
        }
        for c in &self.conversations {
            let _ = writeln!(out, "\nWhat was said · {} {}", c.arrival, c.summary);
            for line in &c.lines {
                let who = match line.speaker {
                    Speaker::Trainee => "You",
                    Speaker::Other => "   ",
                };
                let _ = writeln!(out, "  {} {who}  {}", self.when(line.at), line.text);
            }
        }
        if !self.refused.is_empty() {
            let _ = writeln!(out, "\nActions the desk refused:");
            for r in &self.refused {
                let _ = writeln!(out, "  {} {}: {}", r.at, r.act.label(), r.reason);
            }
        }
        out
    }
}

/// " — because you told her it was nothing", or nothing.
fn because(happening: &ReportedHappening) -> String {
    happening
        .because
        .as_ref()
        .map_or(String::new(), |b| format!(" — because {b}"))
}
