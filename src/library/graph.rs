//! A scenario's map, as plain data: its events on the timeline, each event's conversation
//! (choices and replies with their conditions), its consequences with what they bring, cancel
//! or change, the rules that judge each event, and which branches the scenario's own test plans
//! walk. `graph_draw` lays the map out and renders it (DOT, SVG, HTML); the app draws the same
//! layout.
//!
//! What is a node, exactly: one per event, one per dialogue choice, one per consequence. Replies
//! and the rules that judge an event are lines of its event's node; effects with no event
//! (`Outcome`, `End`) are lines of their consequence's node.
//!
//! A branch is a consequence or a choice with a `when`; it is *walked* when some test plan makes
//! the consequence fire or says the choice (the same test `check` uses for its "no test plan
//! walks" warnings).

use super::testplan::run_scenario_plans;
use super::{Library, SetupError, Sourced};
use crate::judge::{applies_to_event, duration};
use crate::model::{EventId, SimDuration};
use crate::scenario::{Effect, Event, Scenario, When};
use crate::sim::world_facts;
use std::collections::BTreeSet;

/// What a node of the map stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Event,
    Choice,
    Consequence,
}

impl NodeKind {
    /// The word used for it in keys, DOT ids and SVG classes.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Event => "event",
            NodeKind::Choice => "choice",
            NodeKind::Consequence => "consequence",
        }
    }
}

/// One box of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    pub kind: NodeKind,
    /// The content id: an event's or consequence's id, a choice's `event/choice`.
    pub id: String,
    /// The first line, in bold.
    pub title: String,
    /// The rest, one item a line (the renderers wrap them).
    pub lines: Vec<String>,
    /// The event row it is drawn in (index into `ScenarioMap::lanes`).
    pub lane: usize,
    /// For a branch (a consequence, or a choice with a `when`): whether some test plan walks
    /// it. `None` for what is not a branch.
    pub walked: Option<bool>,
}

impl MapNode {
    /// A key unique in the map: `event:ID`, `choice:EVENT/ID`, `consequence:ID`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.name(), self.id)
    }
}

/// What an arrow of the map says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// An event offers a dialogue choice.
    Offers,
    /// A consequence's (or a choice's) condition names this event, choice or consequence.
    Needs,
    /// A consequence acts on an event (`Arrive`, `Cancel`, `HangUp`, `Say`, `AddFact`,
    /// `SetMood`) or calls off another consequence (`CallOff`).
    Effect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapEdge {
    /// Index into `ScenarioMap::nodes`.
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// Shown on the arrow (effects only): `Arrive +10m`, `AddFact Vomiting`.
    pub label: String,
    /// Whether the branch it belongs to is walked (`None` when it belongs to no branch).
    pub walked: Option<bool>,
}

/// A row of the map: one event, with when it comes.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// The event's node (index into `ScenarioMap::nodes`).
    pub event: usize,
    /// When it comes: `09:02 (+ up to 1m)`, `monday 09:00`, or `brought by a consequence`.
    pub when: String,
}

/// A test plan that was run to mark the branches.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRun {
    pub name: String,
    /// Whether it got what it expects (`check` reports those that do not).
    pub passed: bool,
}

/// The whole map of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioMap {
    pub scenario: String,
    pub title: String,
    pub lanes: Vec<Lane>,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub plans: Vec<PlanRun>,
}

impl ScenarioMap {
    /// The nodes of one kind.
    pub fn nodes_of(&self, kind: NodeKind) -> impl Iterator<Item = &MapNode> {
        self.nodes.iter().filter(move |n| n.kind == kind)
    }

    /// The node with this kind and id.
    pub fn node(&self, kind: NodeKind, id: &str) -> Option<&MapNode> {
        self.nodes.iter().find(|n| n.kind == kind && n.id == id)
    }

    /// Branches walked, and branches in all.
    pub fn branches(&self) -> (usize, usize) {
        let branches = self.nodes.iter().filter_map(|n| n.walked);
        let all: Vec<bool> = branches.collect();
        (all.iter().filter(|w| **w).count(), all.len())
    }

    /// One line saying what the map covers: plans run, branches walked.
    pub fn summary(&self) -> String {
        let (walked, all) = self.branches();
        let failing = self.plans.iter().filter(|p| !p.passed).count();
        let failing = if failing > 0 {
            format!(" ({failing} not as expected: run `frontdesk check`)")
        } else {
            String::new()
        };
        format!(
            "{} test plan(s) run{failing}; {walked} of {all} branch(es) walked",
            self.plans.len()
        )
    }
}

/// Builds the map of a scenario of the library: plays its test plans (under the scenario's
/// policy) to mark the walked branches, and tests every rule in force against each event as
/// authored.
pub fn scenario_map(
    library: &Library,
    scenario: &Sourced<Scenario>,
) -> Result<ScenarioMap, SetupError> {
    let setup = library.setup(&scenario.value, None)?;
    let s = &*scenario.value;
    let outcomes = run_scenario_plans(library, scenario);
    let walked: BTreeSet<&str> = outcomes
        .iter()
        .flat_map(|o| o.walked.iter().map(String::as_str))
        .collect();
    let walked_in = |key: &str| outcomes.iter().filter(|o| o.walked.contains(key)).count();
    let plans_line = |key: &str| {
        let n = walked_in(key);
        if n == 0 {
            "✗ walked by no test plan".to_owned()
        } else {
            format!("✓ walked in {n} of {} test plan(s)", outcomes.len())
        }
    };

    // The rules that judge each event as authored: its facts, those its replies reveal, and
    // what the office knows of it, on a fresh attempt.
    let mut session = setup.session(0);
    for index in 0..session.events.len() {
        let world = world_facts(&session, index);
        session.events[index].facts = session.events[index].facts.union(world);
    }
    let authored_rules = |event: &EventId| -> Vec<&str> {
        session.event_index(event).map_or_else(Vec::new, |index| {
            setup
                .rules
                .iter()
                .filter(|r| applies_to_event(r, &session, index))
                .map(|r| r.id.as_str())
                .collect()
        })
    };
    // …and those that judged it (or an act on it) in some plan: rules that wait for what
    // happens (a patient left) or for an act.
    let played_rules = |event: &EventId, authored: &[&str]| -> Vec<String> {
        let mut ids: Vec<String> = outcomes
            .iter()
            .filter_map(|o| o.report.as_ref())
            .flat_map(|r| r.findings.iter())
            .filter(|f| f.event.as_ref() == Some(event) && !authored.contains(&f.rule.as_str()))
            .map(|f| f.rule.to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };

    let order = lane_order(s);
    let mut map = ScenarioMap {
        scenario: s.id.to_string(),
        title: s.title.clone(),
        lanes: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
        plans: outcomes
            .iter()
            .map(|o| PlanRun {
                name: o.plan.clone(),
                passed: o.passed(),
            })
            .collect(),
    };
    // Events, and their choices, lane by lane.
    for (lane, &source) in order.iter().enumerate() {
        let event = &s.events[source];
        let authored = authored_rules(&event.id);
        let played = played_rules(&event.id, &authored);
        let mut lines = vec![event.summary.clone()];
        if let Some(patient) = &event.patient {
            lines.push(format!("patient: {patient}"));
        }
        if !event.facts.is_empty() {
            let facts: Vec<&str> = event.facts.iter().map(|f| f.name()).collect();
            lines.push(format!("facts: {}", facts.join(", ")));
        }
        for reply in &event.replies {
            lines.push(reply_line(reply));
        }
        lines.push(if authored.is_empty() {
            "judged by: no rule as authored".to_owned()
        } else {
            format!("judged by: {}", authored.join(", "))
        });
        if !played.is_empty() {
            lines.push(format!("also judged in plans: {}", played.join(", ")));
        }
        let event_node = map.nodes.len();
        map.lanes.push(Lane {
            event: event_node,
            when: lane_time(event),
        });
        map.nodes.push(MapNode {
            kind: NodeKind::Event,
            id: event.id.to_string(),
            title: format!("{} · {}", event.id, event.kind.name()),
            lines,
            lane,
            walked: None,
        });
        for choice in &event.choices {
            let key = format!("{}/{}", event.id, choice.id);
            let branch = choice.when.is_some();
            let mut lines = vec![format!("“{}”", choice.text)];
            if let Some(when) = &choice.when {
                lines.push(format!("when {}", when_text(when)));
            }
            if choice.once {
                lines.push("once".to_owned());
            }
            if branch {
                lines.push(plans_line(&key));
            }
            let walked_flag = branch.then(|| walked.contains(key.as_str()));
            map.edges.push(MapEdge {
                from: event_node,
                to: map.nodes.len(),
                kind: EdgeKind::Offers,
                label: String::new(),
                walked: walked_flag,
            });
            map.nodes.push(MapNode {
                kind: NodeKind::Choice,
                id: key,
                title: format!("{} → {}", choice.id, choice.counts_as.name()),
                lines,
                lane,
                walked: walked_flag,
            });
        }
    }
    let lane_of = |map: &ScenarioMap, event: &str| map.node(NodeKind::Event, event).map(|n| n.lane);
    // Consequences, each in the row of the latest event its condition names.
    for c in &s.consequences {
        let named: Vec<usize> = c
            .when
            .events()
            .iter()
            .filter_map(|e| lane_of(&map, e))
            .collect();
        let lane = named.iter().copied().max().unwrap_or(0);
        let mut lines = vec![format!("when {}", when_text(&c.when))];
        if let Some(after) = c.after {
            lines.push(format!("after {}", duration_text(after)));
        }
        for effect in &c.then {
            lines.push(effect_line(effect));
        }
        lines.push(format!("because {}", c.because));
        lines.push(plans_line(&c.id));
        map.nodes.push(MapNode {
            kind: NodeKind::Consequence,
            id: c.id.to_string(),
            title: c.id.to_string(),
            lines,
            lane,
            walked: Some(walked.contains(c.id.as_str())),
        });
    }
    // What each condition names, and what each effect acts on.
    for c in &s.consequences {
        let Some(to) = map
            .nodes
            .iter()
            .position(|n| n.kind == NodeKind::Consequence && n.id == c.id)
        else {
            continue;
        };
        let fired = map.nodes[to].walked;
        for from in named_nodes(&map, &c.when, None) {
            push_edge(&mut map, from, to, EdgeKind::Needs, String::new(), fired);
        }
        let mut acts_on: Vec<(usize, Vec<String>)> = Vec::new();
        for effect in &c.then {
            let (target, word) = match effect {
                Effect::CallOff(id) => (
                    map.nodes
                        .iter()
                        .position(|n| n.kind == NodeKind::Consequence && n.id == id.as_str()),
                    "CallOff".to_owned(),
                ),
                other => match other.event() {
                    Some(event) => (
                        map.nodes
                            .iter()
                            .position(|n| n.kind == NodeKind::Event && n.id == event.as_str()),
                        effect_word(other),
                    ),
                    None => (None, String::new()),
                },
            };
            // One arrow per target, naming every effect on it in order.
            if let Some(target) = target {
                match acts_on.iter_mut().find(|(t, _)| *t == target) {
                    Some((_, words)) => words.push(word),
                    None => acts_on.push((target, vec![word])),
                }
            }
        }
        for (target, words) in acts_on {
            let mut label = words.join(", ");
            if let Some(after) = c.after {
                label.push_str(&format!(" +{}", duration_text(after)));
            }
            push_edge(&mut map, to, target, EdgeKind::Effect, label, fired);
        }
    }
    // A choice's condition that names another event, another event's choice or a consequence.
    for event in &s.events {
        for choice in &event.choices {
            let Some(when) = &choice.when else { continue };
            let key = format!("{}/{}", event.id, choice.id);
            let Some(to) = map
                .nodes
                .iter()
                .position(|n| n.kind == NodeKind::Choice && n.id == key)
            else {
                continue;
            };
            let own_lane = map.nodes[to].lane;
            let walked_flag = map.nodes[to].walked;
            for from in named_nodes(&map, when, Some(event)) {
                let other = &map.nodes[from];
                let same_event = other.kind != NodeKind::Consequence && other.lane == own_lane;
                if !same_event {
                    push_edge(
                        &mut map,
                        from,
                        to,
                        EdgeKind::Needs,
                        String::new(),
                        walked_flag,
                    );
                }
            }
        }
    }
    Ok(map)
}

fn push_edge(
    map: &mut ScenarioMap,
    from: usize,
    to: usize,
    kind: EdgeKind,
    label: String,
    walked: Option<bool>,
) {
    let exists = map
        .edges
        .iter()
        .any(|e| e.from == from && e.to == to && e.kind == kind && e.label == label);
    if !exists && from != to {
        map.edges.push(MapEdge {
            from,
            to,
            kind,
            label,
            walked,
        });
    }
}

/// The nodes a condition names: events (by `Did`, `Told`, `Mood`, `Happened`), choices (by
/// `Said`) and consequences (by `Fired`), in the order written, without repeats. `home` is
/// the event a choice's condition is about when it names none.
fn named_nodes(map: &ScenarioMap, when: &When, home: Option<&Event>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![when];
    let event_of = |event: &Option<EventId>| -> Option<String> {
        event
            .as_ref()
            .map(|e| e.to_string())
            .or_else(|| home.map(|h| h.id.to_string()))
    };
    while let Some(w) = stack.pop() {
        let found = match w {
            When::All(all) | When::Any(all) => {
                stack.extend(all.iter().rev());
                None
            }
            When::Not(inner) => {
                stack.push(inner);
                None
            }
            When::Did { event, .. }
            | When::Told { event, .. }
            | When::Mood { event, .. }
            | When::Happened { event, .. } => event_of(event).and_then(|e| {
                map.nodes
                    .iter()
                    .position(|n| n.kind == NodeKind::Event && n.id == e)
            }),
            When::Said { choice, event } => event_of(event).and_then(|e| {
                let key = format!("{e}/{choice}");
                map.nodes
                    .iter()
                    .position(|n| n.kind == NodeKind::Choice && n.id == key)
            }),
            When::Fired(id) => map
                .nodes
                .iter()
                .position(|n| n.kind == NodeKind::Consequence && n.id == id.as_str()),
            When::After(_) => None,
        };
        if let Some(node) = found
            && !out.contains(&node)
        {
            out.push(node);
        }
    }
    out
}

/// The events in timeline order: those with an `at` by scene and time, then those only a
/// consequence brings, in the order written.
fn lane_order(s: &Scenario) -> Vec<usize> {
    let scene_of = |e: &Event| {
        e.scene
            .as_ref()
            .and_then(|id| s.scenes.iter().position(|sc| &sc.id == id))
            .map_or(0, |k| k + 1)
    };
    let mut timed: Vec<usize> = (0..s.events.len())
        .filter(|&k| s.events[k].at.is_some())
        .collect();
    timed.sort_by_key(|&k| (scene_of(&s.events[k]), s.events[k].at, k));
    timed.extend((0..s.events.len()).filter(|&k| s.events[k].at.is_none()));
    timed
}

fn lane_time(event: &Event) -> String {
    let Some(at) = event.at else {
        return "brought by a consequence".to_owned();
    };
    let mut text = match &event.scene {
        Some(scene) => format!("{scene} {at}"),
        None => at.to_string(),
    };
    if event.jitter.seconds() > 0 {
        text.push_str(&format!(" (+ up to {})", duration_text(event.jitter)));
    }
    text
}

fn duration_text(d: SimDuration) -> String {
    duration(d.seconds())
}

fn reply_line(reply: &crate::scenario::Reply) -> String {
    let mut line = format!("↩ after {}", reply.after.name());
    if let Some(when) = &reply.when {
        line.push_str(&format!(" when {}", when_text(when)));
    }
    if !reply.reveals.is_empty() {
        let facts: Vec<&str> = reply.reveals.iter().map(|f| f.name()).collect();
        line.push_str(&format!(" reveals {}", facts.join(", ")));
    }
    if reply.once {
        line.push_str(" (once)");
    }
    line
}

/// The effect's word as on its arrow: `Arrive`, `AddFact Vomiting`.
fn effect_word(effect: &Effect) -> String {
    match effect {
        Effect::Arrive(_) => "Arrive".to_owned(),
        Effect::Cancel(_) => "Cancel".to_owned(),
        Effect::HangUp(_) => "HangUp".to_owned(),
        Effect::Say { .. } => "Say".to_owned(),
        Effect::AddFact { fact, .. } => format!("AddFact {}", fact.name()),
        Effect::SetMood { mood, .. } => format!("SetMood {}", mood.name()),
        Effect::Outcome { .. } => "Outcome".to_owned(),
        Effect::CallOff(_) => "CallOff".to_owned(),
        Effect::End => "End".to_owned(),
    }
}

/// An effect as a line of its consequence's node.
fn effect_line(effect: &Effect) -> String {
    match effect {
        Effect::Say { event, text } => format!("Say on {event}: “{}”", text.pick(0)),
        Effect::Outcome { patient, text } => format!("Outcome for {patient}: {text}"),
        Effect::CallOff(id) => format!("CallOff {id}"),
        Effect::End => "End: the scenario ends".to_owned(),
        other => match other.event() {
            Some(event) => format!("{} {event}", effect_word(other)),
            None => effect_word(other),
        },
    }
}

/// A condition in short: `All[Did(EndCall, chest-pain-call), Not(Did(AdviseEmergency))]`.
pub fn when_text(when: &When) -> String {
    let on = |event: &Option<EventId>| match event {
        Some(e) => format!(", {e}"),
        None => String::new(),
    };
    match when {
        When::Did {
            act,
            event,
            includes,
        } => {
            let mut details = String::new();
            if !includes.is_empty() {
                let words: Vec<&str> = includes.iter().map(|d| d.name()).collect();
                details = format!(" with {}", words.join("+"));
            }
            format!("Did({}{details}{})", act.name(), on(event))
        }
        When::Said { choice, event } => format!("Said({choice}{})", on(event)),
        When::Told { fact, event } => format!("Told({}{})", fact.name(), on(event)),
        When::Mood { mood, event } => format!("Mood({}{})", mood.name(), on(event)),
        When::Happened { what, event } => format!("Happened({}{})", what.name(), on(event)),
        When::Fired(id) => format!("Fired({id})"),
        When::After(t) => format!("After({t})"),
        When::All(all) => format!("All[{}]", list(all)),
        When::Any(all) => format!("Any[{}]", list(all)),
        When::Not(inner) => format!("Not({})", when_text(inner)),
    }
}

fn list(all: &[When]) -> String {
    all.iter().map(when_text).collect::<Vec<_>>().join(", ")
}
