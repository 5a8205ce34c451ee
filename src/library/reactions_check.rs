//! What `check` demands of a scenario's reactions: every id a condition or effect names exists;
//! an event without `at` is brought by some consequence; no choice, reply or consequence waits
//! on something that can never happen; consequences do not trigger one another in a loop. (That
//! every branch is walked by a test plan is checked where the plans run, in `testplan`.)

use super::Sourced;
use super::validate::unknown;
use crate::diagnostic::Diagnostic;
use crate::model::{EventId, Fact, Id, Mishap};
use crate::scenario::{Effect, Event, Scenario, When};
use crate::source::SourceFile;
use std::collections::BTreeSet;

pub fn check_scenario(out: &mut Vec<Diagnostic>, scenario: &Sourced<Scenario>) {
    let source = &*scenario.source;
    let s = &*scenario.value;
    check_ids(out, source, s);
    check_reachable(out, source, s);
    check_loops(out, source, s);
}

fn event_ids(s: &Scenario) -> Vec<&str> {
    s.events.iter().map(|e| e.id.as_str()).collect()
}

/// Every event, choice, consequence and patient a condition or an effect names exists; a
/// scenario-level condition names its events.
fn check_ids(out: &mut Vec<Diagnostic>, source: &SourceFile, s: &Scenario) {
    let events = event_ids(s);
    let patients: Vec<&str> = s.patients.iter().map(|p| p.id.as_str()).collect();
    let consequences: Vec<&str> = s.consequences.iter().map(|c| c.id.as_str()).collect();
    super::validate::unique_ids(
        out,
        s.consequences.iter().map(|c| (c.id.as_str(), source)),
        "consequence",
    );
    let events_hint = "events are listed in this scenario's `events`";
    let check_when = |out: &mut Vec<Diagnostic>, when: &When, home: Option<&Event>, whose: &str| {
        let mut stack = vec![when];
        while let Some(w) = stack.pop() {
            match w {
                When::All(all) | When::Any(all) => stack.extend(all.iter()),
                When::Not(inner) => stack.push(inner),
                When::Fired(id) if !consequences.contains(&id.as_str()) => out.push(unknown(
                    source,
                    "consequence",
                    id,
                    &consequences,
                    "consequences are listed in this scenario's `consequences`",
                )),
                When::Did { event, .. }
                | When::Said { event, .. }
                | When::Told { event, .. }
                | When::Mood { event, .. }
                | When::Happened { event, .. } => {
                    let target = match (event, home) {
                        (Some(id), _) => match s.events.iter().find(|e| &e.id == id) {
                            Some(e) => Some(e),
                            None => {
                                out.push(unknown(source, "event", id, &events, events_hint));
                                None
                            }
                        },
                        (None, Some(e)) => Some(e),
                        (None, None) => {
                            out.push(
                                Diagnostic::error(
                                    &source.path,
                                    format!("a condition of {whose} names no event"),
                                )
                                .at_text(&source.text, "when:", 0)
                                .with_hint(
                                    "a consequence's condition says which event it means: \
                                     `Did(act: AdviseEmergency, event: \"chest-call\")`",
                                ),
                            );
                            None
                        }
                    };
                    if let (When::Said { choice, .. }, Some(e)) = (w, target)
                        && !e.choices.iter().any(|c| &c.id == choice)
                    {
                        let choices: Vec<&str> = e.choices.iter().map(|c| c.id.as_str()).collect();
                        out.push(unknown(
                            source,
                            "choice",
                            choice,
                            &choices,
                            "choices are listed under the event",
                        ));
                    }
                }
                _ => {}
            }
        }
    };
    for event in &s.events {
        for choice in &event.choices {
            if let Some(when) = &choice.when {
                check_when(out, when, Some(event), &format!("choice `{}`", choice.id));
            }
        }
        for reply in &event.replies {
            if let Some(when) = &reply.when {
                check_when(out, when, Some(event), "a reply");
            }
        }
    }
    for consequence in &s.consequences {
        let whose = format!("consequence `{}`", consequence.id);
        check_when(out, &consequence.when, None, &whose);
        for effect in &consequence.then {
            if let Some(id) = effect.event()
                && !events.contains(&id.as_str())
            {
                out.push(unknown(source, "event", id, &events, events_hint));
            }
            if let Effect::CallOff(id) = effect {
                match s.consequences.iter().find(|c| &c.id == id) {
                    None => out.push(unknown(
                        source,
                        "consequence",
                        id,
                        &consequences,
                        "consequences are listed in this scenario's `consequences`",
                    )),
                    Some(other) if other.after.is_none() => out.push(
                        Diagnostic::error(&source.path, format!("`CallOff(\"{id}\")` calls off a consequence whose effects happen at once"))
                            .at_text(&source.text, &format!("CallOff(\"{id}\")"), 0)
                            .with_hint("only a consequence with an `after` has effects still to come; give it one, or drop the `CallOff`"),
                    ),
                    Some(_) => {}
                }
            }
            if let Effect::Outcome { patient, .. } = effect
                && !patients.contains(&patient.as_str())
            {
                out.push(unknown(
                    source,
                    "patient",
                    patient,
                    &patients,
                    "patients are listed in this scenario's `patients`",
                ));
            }
        }
        if consequence.because.trim().is_empty() {
            out.push(
                source
                    .error_at_id(&consequence.id, 0, format!("consequence `{}` says no `because`", consequence.id))
                    .with_hint("the debrief says what happened \"because …\": \"you told her it was nothing\""),
            );
        }
    }
}

/// Which events can arrive at all, and which consequences can fire: a fixpoint from the events
/// with an `at`. A condition counts as possible unless it needs something that can never be.
struct Reach<'a> {
    s: &'a Scenario,
    events: BTreeSet<&'a str>,
    fired: BTreeSet<&'a str>,
}

impl<'a> Reach<'a> {
    fn of(s: &'a Scenario) -> Reach<'a> {
        let mut reach = Reach {
            s,
            events: s
                .events
                .iter()
                .filter(|e| e.at.is_some())
                .map(|e| e.id.as_str())
                .collect(),
            fired: BTreeSet::new(),
        };
        loop {
            let before = (reach.events.len(), reach.fired.len());
            for c in &s.consequences {
                if !reach.fired.contains(c.id.as_str()) && reach.possible(&c.when, None) {
                    reach.fired.insert(c.id.as_str());
                    for effect in &c.then {
                        if let Effect::Arrive(id) = effect {
                            reach.events.insert(id.as_str());
                        }
                    }
                }
            }
            if (reach.events.len(), reach.fired.len()) == before {
                return reach;
            }
        }
    }

    fn event(&self, id: &Option<EventId>, home: Option<&'a Event>) -> Option<&'a Event> {
        match id {
            Some(id) => self.s.events.iter().find(|e| &e.id == id),
            None => home,
        }
        .filter(|e| self.events.contains(e.id.as_str()))
    }

    /// Whether the event can ever have the fact: authored, told, added, or known to the office.
    fn can_have(&self, event: &Event, fact: Fact) -> bool {
        fact.is_world()
            || event.facts.contains(&fact)
            || event.replies.iter().any(|r| r.reveals.contains(&fact))
            || self.s.consequences.iter().any(|c| {
                c.then.iter().any(|e| {
                    matches!(e, Effect::AddFact { event: id, fact: f } if id == &event.id && *f == fact)
                })
            })
    }

    fn possible(&self, when: &When, home: Option<&'a Event>) -> bool {
        match when {
            When::Did { event, .. } | When::Mood { event, .. } | When::Happened { event, .. } => {
                self.event(event, home).is_some()
            }
            When::Said { choice, event } => self.event(event, home).is_some_and(|e| {
                e.choices
                    .iter()
                    .find(|c| &c.id == choice)
                    .is_some_and(|c| c.when.as_ref().is_none_or(|w| self.possible(w, Some(e))))
            }),
            When::Told { fact, event } => self
                .event(event, home)
                .is_some_and(|e| self.can_have(e, *fact)),
            When::Fired(id) => self.fired.contains(id.as_str()),
            When::After(t) => {
                let last = self.s.scenes.last().map_or(self.s.ends_at, |sc| sc.ends_at);
                self.s.scenes.is_empty() && *t <= last || !self.s.scenes.is_empty()
            }
            When::All(all) => all.iter().all(|w| self.possible(w, home)),
            When::Any(any) => any.iter().any(|w| self.possible(w, home)),
            // Whether something does not happen depends on the trainee: possible.
            When::Not(_) => true,
        }
    }
}

fn check_reachable(out: &mut Vec<Diagnostic>, source: &SourceFile, s: &Scenario) {
    let reach = Reach::of(s);
    let brought: BTreeSet<&str> = s
        .consequences
        .iter()
        .flat_map(|c| c.then.iter())
        .filter_map(|e| match e {
            Effect::Arrive(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    for event in &s.events {
        if event.at.is_none() && !brought.contains(event.id.as_str()) {
            out.push(
                source
                    .error_at_id(
                        &event.id,
                        0,
                        format!("event `{}` has no `at` and nothing brings it", event.id),
                    )
                    .with_hint(
                        "give it an `at`, or let a consequence bring it: `then: [Arrive(\"…\")]`",
                    ),
            );
        } else if !reach.events.contains(event.id.as_str()) {
            out.push(
                source
                    .error_at_id(
                        &event.id,
                        0,
                        format!("event `{}` can never arrive", event.id),
                    )
                    .with_hint("the consequences that bring it can never fire"),
            );
        }
        if !reach.events.contains(event.id.as_str()) {
            continue;
        }
        for choice in &event.choices {
            if let Some(when) = &choice.when
                && !reach.possible(when, Some(event))
            {
                out.push(
                    source
                        .error_at_id(
                            &choice.id,
                            0,
                            format!("choice `{}` can never be offered", choice.id),
                        )
                        .with_hint(
                            "its `when` waits for something that never happens on this event",
                        ),
                );
            }
        }
        for (k, reply) in event.replies.iter().enumerate() {
            if let Some(when) = &reply.when
                && !reach.possible(when, Some(event))
            {
                out.push(
                    source
                        .error_at_id(
                            &event.id,
                            0,
                            format!("reply {} of `{}` can never be said", k + 1, event.id),
                        )
                        .with_hint(
                            "its `when` waits for something that never happens on this event",
                        ),
                );
            }
        }
    }
    for c in &s.consequences {
        if !reach.fired.contains(c.id.as_str()) {
            out.push(
                source
                    .error_at_id(&c.id, 0, format!("consequence `{}` can never fire", c.id))
                    .with_hint("its `when` needs an event that never arrives, a choice never offered, a fact the event never has, or a consequence that never fires"),
            );
        }
    }
}

/// Consequences that set one another off in a circle: each one's effects make the next one's
/// condition true (an arrival, a hang-up, a fact, a mood, or `Fired`). Each fires once, so a
/// circle cannot run for ever, but it means one reaction undoes or repeats another.
fn check_loops(out: &mut Vec<Diagnostic>, source: &SourceFile, s: &Scenario) {
    let n = s.consequences.len();
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|a| {
            (0..n)
                .filter(|&b| b != a)
                .filter(|&b| {
                    let when = &s.consequences[b].when;
                    fires(when).contains(&&s.consequences[a].id)
                        || s.consequences[a].then.iter().any(|e| makes_true(e, when))
                })
                .collect()
        })
        .collect();
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    for start in 0..n {
        // Depth-first: does `start` reach itself?
        let mut stack = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            for &next in &edges[at] {
                if next == start {
                    let names: Vec<&str> = path
                        .iter()
                        .map(|k| s.consequences[*k].id.as_str())
                        .collect();
                    let key: BTreeSet<usize> = path.iter().copied().collect();
                    if reported.insert(key.into_iter().collect()) {
                        out.push(
                            source
                                .error_at_id(&s.consequences[start].id, 0, format!("consequences trigger one another in a loop: {} → {}", names.join(" → "), names[0]))
                                .with_hint("each fires once, but in a loop one reaction undoes or repeats another; break it with a condition"),
                        );
                    }
                } else if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
}

/// Whether an effect can make some part of a condition true.
fn makes_true(effect: &Effect, when: &When) -> bool {
    match when {
        When::All(all) | When::Any(all) => all.iter().any(|w| makes_true(effect, w)),
        When::Not(inner) => makes_true(effect, inner),
        When::Happened {
            event: Some(id),
            what,
        } => match effect {
            Effect::Arrive(e) => e == id && *what == Mishap::Arrived,
            Effect::HangUp(e) => e == id && matches!(what, Mishap::HungUp | Mishap::LeftUnseen),
            _ => false,
        },
        When::Told {
            event: Some(id),
            fact,
        } => {
            matches!(effect, Effect::AddFact { event, fact: f } if event == id && f == fact)
        }
        When::Mood {
            event: Some(id),
            mood,
        } => {
            matches!(effect, Effect::SetMood { event, mood: m } if event == id && m == mood)
        }
        _ => false,
    }
}

fn fires(when: &When) -> Vec<&Id> {
    let mut out = Vec::new();
    let mut stack = vec![when];
    while let Some(w) = stack.pop() {
        match w {
            When::Fired(id) => out.push(id),
            When::All(all) | When::Any(all) => stack.extend(all.iter()),
            When::Not(inner) => stack.push(inner),
            _ => {}
        }
    }
    out
}
