//! Findings in plain words, for the trainee: the evaluator's structure (`Problem`, `Miss`,
//! `Breach`, `Evidence`) rendered as sentences, and rules and acts as phrases. Judging never
//! writes prose; only this printer does.

use super::evaluate::{
    Anchor, Breach, Deadline, Evidence, Finding, Miss, Moment, Problem, limit_seconds, limit_value,
};
use crate::model::*;
use crate::rules::*;
use crate::scenario::Policy;
use crate::sim::{Cause, Happening, LoggedAction, Session, What};

/// "2m 10s", "45s", "3m".
pub fn duration(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m {s}s"),
    }
}

fn list(words: impl Iterator<Item = &'static str>, joiner: &str) -> String {
    let words: Vec<&str> = words.collect();
    join(&words, joiner)
}

/// Act names in guillemets: «place on hold» or «book an appointment».
fn acts(kinds: &[ActKind], joiner: &str) -> String {
    let words: Vec<String> = kinds.iter().map(|k| format!("«{}»", k.label())).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    join(&words, joiner)
}

fn join(words: &[&str], joiner: &str) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} {joiner} {last}", rest.join(", ")),
    }
}

/// An act as it happened: «verify identity (full name, date of birth)», or what was said.
pub fn act_phrase(action: &LoggedAction) -> String {
    let shown: Vec<&'static str> = action
        .details
        .iter()
        .filter(|d| *d != Detail::Refused)
        .map(|d| d.label())
        .collect();
    let mut text = format!("«{}", action.act.label());
    let a = &action.action;
    if let Some(target) = &a.target {
        text.push_str(&format!(": {target}"));
    }
    if let Some(provider) = &a.provider {
        text.push_str(&format!(" with {provider}"));
    }
    if let Some(start) = a.start {
        text.push_str(&format!(" at {start}"));
    }
    if !shown.is_empty() {
        text.push_str(&format!(" ({})", shown.join(", ")));
    }
    text.push('»');
    if let Some(said) = &action.said {
        text.push_str(&format!(" saying “{said}”"));
    }
    text
}

/// How a judged subject began, as a window's start: "its arrival", "the «…» at 09:02".
pub fn anchor_text(anchor: Anchor, session: &Session) -> String {
    match anchor {
        Anchor::Arrival => "its arrival".to_owned(),
        Anchor::Act(seq) => {
            let action = &session.log[seq];
            format!("the «{}» at {}", action.act.label(), action.at)
        }
        Anchor::Start => "the start".to_owned(),
    }
}

/// Where a time window starts, given how the subject began.
pub fn since_text(since: Since, anchor: &str) -> String {
    match since {
        Since::Arrival => anchor.to_owned(),
        Since::Act(kind) => format!("«{}»", kind.label()),
        Since::Reveal => "the first mention".to_owned(),
    }
}

/// A moment that is not an act: "the call came in", "the caller mentioned «chest pressure»".
pub fn moment_text(moment: &Moment, session: &Session) -> String {
    let kind = session.event_def(moment.event).kind;
    let who = match kind {
        EventKind::Call => "the caller",
        EventKind::WalkIn => "the patient",
        _ => "the message",
    };
    match moment.told {
        Some(fact) => format!("{who} mentioned «{}»", fact.label()),
        None => match kind {
            EventKind::Call => "the call came in".to_owned(),
            EventKind::WalkIn => "the patient came to the window".to_owned(),
            _ => "it came in".to_owned(),
        },
    }
}

/// A policy number the policy does not set, for a message.
fn unset(param: PolicyParam, policy: &Policy) -> String {
    format!("the policy `{}` does not set `{param}`", policy.id)
}

/// What an act clause asks for: «advise calling 911» within 2m of «answer», before «place on hold».
pub fn clause_text(clause: &ActClause, policy: &Policy, anchor: &str) -> String {
    let mut text = format!("«{}", clause.act.label());
    if !clause.includes.is_empty() {
        text.push_str(&format!(
            " with {}",
            list(clause.includes.iter().map(|d| d.label()), "and")
        ));
    }
    if let Some(some_of) = &clause.some_of {
        text.push_str(&format!(
            " using {} of: {}",
            some_of.count,
            list(some_of.of.iter().map(|d| d.label()), "or")
        ));
    }
    if !clause.excludes.is_empty() {
        text.push_str(&format!(
            " not {}",
            list(clause.excludes.iter().map(|d| d.label()), "or")
        ));
    }
    text.push('»');
    if clause.count > 1 {
        text = format!("{} × {text}", clause.count);
    }
    if let Some(within) = &clause.within {
        let limit = match (within, limit_seconds(within, policy)) {
            (TimeLimit::BusinessDays(1), _) => "1 business day".to_owned(),
            (TimeLimit::BusinessDays(n), _) => format!("{n} business days"),
            (_, Some(seconds)) => duration(seconds),
            (_, None) => format!(
                "`{}` (unset)",
                within.param().map_or("?", PolicyParam::name)
            ),
        };
        text.push_str(&format!(
            " within {limit} of {}",
            since_text(clause.since, anchor)
        ));
    }
    if !clause.before.is_empty() {
        text.push_str(&format!(" before any {}", acts(&clause.before, "or")));
    }
    if !clause.after.is_empty() {
        text.push_str(&format!(" after {}", acts(&clause.after, "and")));
    }
    text
}

pub fn invariant_text(invariant: &Invariant, policy: &Policy) -> String {
    match invariant {
        Invariant::MaxBookedMinutesPerHour(limit) => match limit_value(limit, policy) {
            Some(limit) => format!("no provider booked over {limit} minutes in any hour"),
            None => "no provider booked over the policy's minutes in any hour".to_owned(),
        },
        Invariant::NoExpiredLotsOnShelf => "no expired stock left on the shelf".to_owned(),
        Invariant::LowStockOrderedToPar => "low stock ordered up to par".to_owned(),
        Invariant::NoDuplicateCharges => "no charge billed twice".to_owned(),
    }
}

/// Why an act did not count, as the end of "expected …, but …". `judged` is the event the
/// finding is about.
pub fn miss_text(
    miss: &Miss,
    clause: &ActClause,
    session: &Session,
    anchor: &str,
    judged: Option<usize>,
) -> String {
    let log = &session.log;
    let what = |seq: usize| act_phrase(&log[seq]);
    let at = |seq: usize| log[seq].at;
    match *miss {
        Miss::Refused { act } => format!(
            "{} at {} was refused: {}",
            what(act),
            at(act),
            log[act]
                .refused
                .as_ref()
                .map(|refusal| session.refusal_text(refusal))
                .unwrap_or_default()
        ),
        Miss::OtherPatient { act } => format!(
            "{} at {} was for {}, not this patient",
            what(act),
            at(act),
            log[act].patient.as_deref().unwrap_or("nobody")
        ),
        Miss::OtherTarget { act } => {
            let about = judged
                .map(|e| session.event_def(e).about.join(" or "))
                .unwrap_or_default();
            format!(
                "{} at {} was about {}, not {about}",
                what(act),
                at(act),
                log[act].action.target.as_deref().unwrap_or("nothing"),
            )
        }
        Miss::LeftOut { act } => {
            let missing: Vec<&str> = clause
                .includes
                .iter()
                .filter(|d| !log[act].has(**d))
                .map(|d| d.label())
                .collect();
            format!(
                "{} at {} left out {}",
                what(act),
                at(act),
                missing.join(", ")
            )
        }
        Miss::Excluded { act, detail } => {
            format!("{} at {} was {}", what(act), at(act), detail.label())
        }
        Miss::TooFew { act, have } => format!(
            "{} at {} used {have} of the {} needed",
            what(act),
            at(act),
            clause.some_of.as_ref().map_or(0, |s| s.count)
        ),
        Miss::NoStart if clause.since == Since::Reveal => {
            "it was never told: nobody asked what the call was about, so the warning signs \
             never came out"
                .to_owned()
        }
        Miss::NoStart => format!(
            "there was no {} to time it from",
            since_text(clause.since, anchor)
        ),
        Miss::BeforeStart { act, .. } => format!(
            "{} at {} came before {}",
            what(act),
            at(act),
            since_text(clause.since, anchor)
        ),
        Miss::TooLate {
            act,
            start,
            limit: Deadline::Seconds(_),
            unanswered: 0,
        } => format!(
            "{} came at {}, {} after {}",
            what(act),
            at(act),
            duration(at(act).since(start)),
            since_text(clause.since, anchor)
        ),
        Miss::TooLate {
            act,
            start,
            limit: Deadline::Seconds(_),
            unanswered,
        } => format!(
            "{} came at {}, {} after {}; with the {} the line rang unanswered before that, {} \
             in all",
            what(act),
            at(act),
            duration(at(act).since(start)),
            since_text(clause.since, anchor),
            duration(unanswered),
            duration(at(act).since(start) + unanswered)
        ),
        Miss::TooLate {
            act,
            start,
            limit: Deadline::BusinessDays(_),
            ..
        } => {
            let calendar = session.calendar();
            let (from, to) = (session.date_of(start), session.date_of(at(act)));
            let days = calendar.business_days_between(from, to);
            format!(
                "{} came on {}, {days} business day{} after {} on {}",
                what(act),
                to.long(),
                if days == 1 { "" } else { "s" },
                since_text(clause.since, anchor),
                from.long()
            )
        }
        Miss::CameAfter { act, earlier } => format!(
            "{} at {} came after {} at {}",
            what(act),
            at(act),
            what(earlier),
            at(earlier)
        ),
        Miss::NotAfter { act, kind } => format!(
            "{} at {} came before any «{}»",
            what(act),
            at(act),
            kind.label()
        ),
        Miss::PolicyUnset(param) => unset(param, &session.policy),
    }
}

pub fn breach_text(breach: &Breach, session: &Session) -> String {
    match breach {
        Breach::OverBooked {
            provider,
            hour,
            minutes,
            limit,
        } => format!(
            "{provider} ended up with {minutes} booked minutes between {hour:02}:00 and \
             {:02}:00; the office allows {limit}",
            hour + 1
        ),
        Breach::ExpiredOnShelf { lot } => {
            format!("expired lot {lot} was still on the shelf at the end")
        }
        Breach::NotToPar {
            item,
            usable,
            on_order,
            par,
        } => format!("{item} has {usable} usable and {on_order} on order; par is {par}"),
        Breach::DuplicateCharge {
            first,
            second,
            code,
        } => format!("charges {first} and {second} still bill code {code} twice for the same day"),
        Breach::PolicyUnset(param) => unset(*param, &session.policy),
    }
}

/// A problem of a finding, as one line of the debrief.
pub fn problem_text(problem: &Problem, finding: &Finding, session: &Session) -> String {
    let anchor = anchor_text(finding.anchor, session);
    match problem {
        Problem::Unmet {
            clause,
            found,
            needed,
            miss,
        } => {
            let wanted = clause_text(clause, &session.policy, &anchor);
            match miss {
                Some(miss) => format!(
                    "expected {wanted}, but {}",
                    miss_text(miss, clause, session, &anchor, finding.event)
                ),
                None if *needed > 1 && *found > 0 => {
                    format!("expected {wanted}, but there were only {found}")
                }
                None => format!("expected {wanted}, but it never happened"),
            }
        }
        Problem::NoneOf(options) => {
            let misses: Vec<String> = options
                .iter()
                .map(|p| problem_text(p, finding, session))
                .collect();
            format!("none of these happened: {}", misses.join("; or "))
        }
        Problem::Broken(breach) => breach_text(breach, session),
        Problem::Forbidden { act, .. } => {
            let action = &session.log[*act];
            format!("{} at {}: not allowed here", act_phrase(action), action.at)
        }
        Problem::Happened { happening, .. } => {
            let h = &session.happenings[*happening];
            format!("{} at {}", happening_text(h, session), h.at)
        }
    }
}

/// A piece of evidence as a phrase: the act as it happened, or the invariant that held.
pub fn evidence_text(evidence: &Evidence, session: &Session) -> String {
    match evidence {
        Evidence::Act(seq) => act_phrase(&session.log[*seq]),
        Evidence::Held(invariant) => invariant_text(invariant, &session.policy),
        Evidence::Moment(moment) => moment_text(moment, session),
        Evidence::Happening(k) => happening_text(&session.happenings[*k], session),
    }
}

/// Something that happened without the trainee, in words: "the caller hung up after ringing
/// 1m 30s", "the patient grew angry after waiting 20m", "Outcome: …".
pub fn happening_text(happening: &Happening, session: &Session) -> String {
    let event = happening.event;
    let who = || {
        event
            .and_then(|e| session.caller(e))
            .unwrap_or_else(|| "the caller".to_owned())
    };
    let waited = || {
        event.map_or(String::new(), |e| {
            duration(happening.at.since(session.events[e].arrival))
        })
    };
    match &happening.what {
        What::Arrived => match event {
            Some(e) => match session.event_def(e).kind {
                EventKind::Call => format!("a call came in: {}", session.summary(e)),
                EventKind::WalkIn => format!("at the window: {}", session.summary(e)),
                _ => format!("new: {}", session.summary(e)),
            },
            None => "something came in".to_owned(),
        },
        What::HungUp { on_hold: false } if happening.cause == Cause::Patience => {
            format!("{} hung up after ringing {} unanswered", who(), waited())
        }
        What::HungUp { on_hold: true } => format!("{} hung up on hold", who()),
        What::HungUp { .. } => format!("{} hung up", who()),
        What::Left => match event {
            Some(e) if session.attended_before(e, happening.at) => format!(
                "{} left before being seen, {} after coming in",
                who(),
                waited()
            ),
            _ => format!(
                "{} left without being seen, after waiting {} with no word from the desk",
                who(),
                waited()
            ),
        },
        // On the phone, a mood is how they sound; at the window, it comes with the wait.
        What::Mood(mood) => match event.map(|e| session.event_def(e).kind) {
            Some(EventKind::WalkIn) if happening.cause == Cause::Patience => {
                format!("{} is {} (waiting {})", who(), mood.label(), waited())
            }
            _ => format!("{} is {} now", who(), mood.label()),
        },
        What::Cancelled => match event {
            Some(e) => format!("{} will not happen", session.summary(e)),
            None => "an event was cancelled".to_owned(),
        },
        // A line that opens with a stage direction ("(A woman from the waiting room comes to
        // the window.) …") names its own speaker.
        What::Said(line) if line.starts_with('(') => line.clone(),
        What::Said(line) => format!("{}: “{line}”", who()),
        What::FactAdded(fact) => format!("{} now: {}", who(), fact.label()),
        // Written as a whole sentence, naming the patient through `{patient}`.
        What::Outcome { text, .. } => text.clone(),
        What::Ended => "the scenario ended".to_owned(),
        What::CalledOff(other) => format!(
            "averted: what was to follow because {}",
            session.scenario.consequences[*other].because
        ),
    }
}
