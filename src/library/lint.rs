//! Lint: content that loads, resolves and passes its test plans, yet that nothing scores or that
//! cannot work as its author meant. Every finding is a warning (`frontdesk check --strict`
//! makes them errors), located at file:line:col with a hint. The kinds, documented for authors
//! in docs/SCENARIO_FORMAT.md section 3 ("Authoring tools"):
//!
//! - an event no rule judges;
//! - a choice nothing scores or reads, a reply nothing reaches;
//! - an event whose `jitter` can push it past the end of its scene;
//! - a rule that can never apply in this library;
//! - a fact on an event that no rule and no reaction reads;
//! - a `reference` that names no specific source;
//! - a lone scenario file whose id is the id of a scenario in the content folder (`collisions`);
//! - two questions whose stems (or stems and right answers) say nearly the same thing.
//!
//! "Could a rule apply to this event" is answered statically, from the event as authored: its
//! kind, tags, temperature and patient, and the facts it can carry (authored, revealed by a
//! reply, added by a consequence, or derived by the office at its arrival). What depends on the
//! trainee (`Did`, `Suffered`) counts as possible. (A branch no plan walks is reported where the
//! plans run, in `testplan`.)

use super::testplan::counts_as;
use super::{Library, Sourced};
use crate::diagnostic::{Diagnostic, find_from};
use crate::model::{ActKind, Age, Fact, FactSet};
use crate::rules::{ActClause, Clause, Condition, Rule, Since, Trigger};
use crate::scenario::{Effect, Event, Scenario, When};
use crate::sim::world_facts;
use crate::source::SourceFile;
use std::collections::BTreeSet;
use std::path::Path;

/// Acts a conversation has whether or not a rule weighs them: a line of talk, the opener, the
/// close and the note. A choice counting as one of them is never "unscored".
const CONVERSATION_ACTS: [ActKind; 4] = [
    ActKind::Say,
    ActKind::Greet,
    ActKind::EndCall,
    ActKind::Document,
];

/// Every lint warning for the library (all but `collisions`, which needs the content folder).
pub fn lint(library: &Library, lone: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let read_facts = facts_rules_read(library);
    let mut applies: BTreeSet<&str> = BTreeSet::new();
    for scenario in &library.scenarios {
        let Ok(setup) = library.setup(&scenario.value, None) else {
            continue; // an unknown office or policy is an error of its own
        };
        let views = event_views(library, scenario);
        let acts = acts_on_events(&scenario.value);
        // Which rule (of all in the library) could judge which event, for "never applies".
        for rule in library.all_rules().into_iter().chain(policy_rules(library)) {
            if rule_can_apply(rule, &scenario.value, &views, &acts) {
                applies.insert(rule.id.as_str());
            }
        }
        let ctx = ScenarioLint {
            source: &scenario.source,
            s: &scenario.value,
            rules: setup.rules,
            views,
            acts,
        };
        ctx.unjudged_events(&mut out);
        ctx.unscored_choices(&mut out);
        ctx.unreached_replies(&mut out);
        ctx.late_jitter(&mut out);
        ctx.unread_facts(&mut out, &read_facts);
    }
    if lone {
        return out;
    }
    for (rule, source) in library.rules_with_sources() {
        if !applies.contains(rule.id.as_str()) {
            out.push(
                source
                    .warning_at_id(&rule.id, 0, format!("rule `{}` can never apply in this library", rule.id))
                    .with_hint(
                        "no event of any scenario has the kind, facts or tags its `applies_when` asks for \
                         (or, for `Action(act: …)`, no scenario offers or plays that act where its `when` \
                         could hold); write a scenario it judges, or widen `applies_when`",
                    ),
            );
        }
        if !reference_is_specific(&rule.reference) {
            out.push(vague_reference(source, &rule.id, &rule.reference));
        }
    }
    for set in &library.question_sets {
        for q in &set.value.questions {
            if !reference_is_specific(&q.reference) {
                out.push(vague_reference(&set.source, &q.id, &q.reference));
            }
        }
    }
    near_duplicate_questions(library, &mut out);
    out
}

/// A stem's words that carry its meaning: lower-cased, longer than two letters, without the
/// words every question uses.
fn meaning_words(text: &str) -> BTreeSet<String> {
    const COMMON: [&str; 28] = [
        "the",
        "and",
        "for",
        "are",
        "was",
        "what",
        "which",
        "who",
        "with",
        "that",
        "this",
        "its",
        "from",
        "should",
        "when",
        "does",
        "their",
        "they",
        "you",
        "your",
        "can",
        "most",
        "best",
        "following",
        "under",
        "how",
        "her",
        "his",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 2 && !COMMON.contains(&w.as_str()))
        .collect()
}

/// Shared words over all words (Jaccard), 0 for two empty sets.
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / union as f32
}

/// Two questions that test the same fact in nearly the same words: their stems share at least
/// `SAME_STEM` of their words, or share `SIMILAR_STEM` and their right answers `SAME_ANSWER`.
/// Measured on the shipped bank (362 questions): the closest distinct pair shares 0.53 of its
/// stem words with different answers, and 0.40 with similar ones (the notice of privacy
/// practices: when it is given, and how often its acknowledgment is sought), so neither is flagged.
fn near_duplicate_questions(library: &Library, out: &mut Vec<Diagnostic>) {
    const SAME_STEM: f32 = 0.6;
    const SIMILAR_STEM: f32 = 0.45;
    const SAME_ANSWER: f32 = 0.6;
    let questions: Vec<_> = library
        .question_sets
        .iter()
        .flat_map(|set| set.value.questions.iter().map(move |q| (set, q)))
        .map(|(set, q)| {
            let right = q
                .options
                .iter()
                .find(|o| o.correct)
                .map_or("", |o| o.text.as_str());
            (set, q, meaning_words(&q.stem), meaning_words(right))
        })
        .collect();
    for (i, (set, q, stem, answer)) in questions.iter().enumerate() {
        for (other_set, other, other_stem, other_answer) in &questions[i + 1..] {
            let stems = overlap(stem, other_stem);
            let answers = overlap(answer, other_answer);
            if stems < SAME_STEM && (stems < SIMILAR_STEM || answers < SAME_ANSWER) {
                continue;
            }
            // Named in id order, so the warning reads the same whichever file loads first.
            let ((set, q), (other_set, other)) = if q.id <= other.id {
                ((set, q), (other_set, other))
            } else {
                ((other_set, other), (set, q))
            };
            let line = find_from(&other_set.source.text, &format!("\"{}\"", other.id), 0)
                .map_or(1, |offset| {
                    crate::diagnostic::line_column(&other_set.source.text, offset).0
                });
            out.push(
                set.source
                    .warning_at_id(
                        &q.id,
                        0,
                        format!(
                            "questions `{}` and `{}` look like the same question ({:.0} % of their stem words shared, {:.0} % of their answers')",
                            q.id,
                            other.id,
                            stems * 100.0,
                            answers * 100.0
                        ),
                    )
                    .with_hint(format!(
                        "`{}` is at {}:{line}; keep one, or make one test a different point (an exam may draw both)",
                        other.id,
                        other_set.source.path.display()
                    )),
            );
        }
    }
}

/// Lone scenario files checked against the content in use (`base`): a scenario whose id is
/// also the id of one of its scenarios (in another file). Checked alone it passes; in
/// the folder it would be a duplicate id, and `play ID` would pick one of the two.
pub fn collisions(library: &Library, base: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let same_file = |a: &Path, b: &Path| {
        a == b
            || a.canonicalize()
                .is_ok_and(|a| b.canonicalize().is_ok_and(|b| a == b))
    };
    for ours in &library.scenarios {
        let theirs = base.scenarios.iter().filter(|theirs| {
            theirs.value.id == ours.value.id && !same_file(&theirs.source.path, &ours.source.path)
        });
        for theirs in theirs {
            let text = &theirs.source.text;
            let line = find_from(text, &format!("\"{}\"", theirs.value.id), 0)
                .map_or(1, |offset| crate::diagnostic::line_column(text, offset).0);
            out.push(
                ours.source
                    .warning_at_id(&ours.value.id, 0, format!("the scenario id `{}` is taken in the content folder", ours.value.id))
                    .with_hint(format!(
                        "it already exists at {}:{line}; in the folder the two would be a duplicate id: give this one its own `id`",
                        theirs.source.path.display()
                    )),
            );
        }
    }
    out
}

/// Whether a rule's or question's `reference` names a specific, checkable source. The
/// heuristic: once every phrase naming a test plan or content outline is set aside (a topic
/// list, not evidence), it must still hold one of a web address or domain (`cms.gov`,
/// `https://…`), a legal citation (`CFR`, `U.S.C.`, `§`, ` FR `), a year (1700–2099), a
/// numbered section (`164.502`, `1.1.5`), or a numbered document (`NPSG.03.06.01`,
/// `NFPA 10`, `Pub. 100-04`, `Tool #7`, `Chapter 30`).
pub fn reference_is_specific(reference: &str) -> bool {
    let kept: String = reference
        .split([';', '(', ')', ','])
        .filter(|part| {
            let lower = part.to_lowercase();
            !(lower.contains("test plan") || lower.contains("content outline"))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = kept
        .split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    let has_digit = |w: &str| w.chars().any(|c| c.is_ascii_digit());
    let web = |w: &str| {
        let w = w.trim_end_matches(['.', ',']).to_lowercase();
        w.starts_with("http")
            || [".gov", ".org", ".com", ".edu", ".net", ".int", ".io", ".us"]
                .iter()
                .any(|tld| w.ends_with(tld) || w.contains(&format!("{tld}/")))
    };
    let legal = |w: &str| matches!(w, "CFR" | "U.S.C." | "USC" | "FR" | "§") || w.starts_with('§');
    let year = |w: &str| {
        let digits: String = w.chars().filter(char::is_ascii_digit).collect();
        digits.len() == 4
            && w.trim_matches(|c: char| !c.is_ascii_digit()).len() == 4
            && (1700..2100).contains(&digits.parse::<u32>().unwrap_or(0))
    };
    let section = |w: &str| {
        let t = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        t.split('.').filter(|p| !p.is_empty()).count() >= 2
            && t.split('.')
                .next()
                .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty())
    };
    let acronym_code = |w: &str| {
        // NPSG.03.06.01, CMS-R-131, GAO-14-704G, MLN006266: capitals joined to digits.
        let t = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let caps = t.chars().take_while(|c| c.is_ascii_uppercase()).count();
        caps >= 2 && has_digit(t)
    };
    const NUMBERED: [&str; 14] = [
        "pub.",
        "publication",
        "no.",
        "model",
        "chapter",
        "ch.",
        "section",
        "opinion",
        "form",
        "tool",
        "faq",
        "nfpa",
        "part",
        "standard",
    ];
    words
        .iter()
        .any(|w| web(w) || legal(w) || year(w) || section(w) || acronym_code(w))
        || words.windows(2).any(|pair| {
            NUMBERED.contains(&pair[0].to_lowercase().as_str())
                && pair[1]
                    .trim_start_matches('#')
                    .starts_with(|c: char| c.is_ascii_digit())
        })
}

fn vague_reference(source: &SourceFile, id: &str, reference: &str) -> Diagnostic {
    let start = find_from(&source.text, &format!("\"{id}\""), 0).unwrap_or(0);
    let shown: String = reference.chars().take(60).collect();
    Diagnostic::warning(
        &source.path,
        format!("the reference of `{id}` names no specific source: \"{shown}\""),
    )
    .at_text(&source.text, &format!("\"{id}\""), 0)
    .at_text(&source.text, "reference", start)
    .with_hint(
        "cite something a reader can check: a web address or domain (cms.gov/…), a regulation \
         section (45 CFR 164.524, § 3-206), a dated publication (2017) or a numbered document \
         (NPSG.01.01.01); a test plan (\"NHA CMAA test plan\") is a list of topics, not evidence",
    )
}

/// What an event can be, as authored: what a rule's condition is tested against.
struct EventView {
    kind: crate::model::EventKind,
    /// Facts it has whatever the trainee does: authored, and revealed by a reply (the session
    /// counts both as the event's facts).
    sure: FactSet,
    /// Facts it may have: the office's at its arrival, or added by a consequence.
    maybe: FactSet,
    tags: Vec<String>,
    temperature_f: Option<f32>,
    age: Option<Age>,
}

/// Three-valued truth for "could this condition hold".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tri {
    No,
    Maybe,
    Yes,
}

impl Tri {
    fn of(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }
}

fn may_match(condition: &Condition, view: &EventView, acts: &BTreeSet<ActKind>) -> Tri {
    let fact = |f: &Fact| {
        if view.sure.contains(*f) {
            Tri::Yes
        } else if view.maybe.contains(*f) {
            Tri::Maybe
        } else {
            Tri::No
        }
    };
    let all = |tris: Vec<Tri>| {
        if tris.contains(&Tri::No) {
            Tri::No
        } else if tris.contains(&Tri::Maybe) {
            Tri::Maybe
        } else {
            Tri::Yes
        }
    };
    let any = |tris: Vec<Tri>| {
        if tris.contains(&Tri::Yes) {
            Tri::Yes
        } else if tris.contains(&Tri::Maybe) {
            Tri::Maybe
        } else {
            Tri::No
        }
    };
    match condition {
        Condition::Always => Tri::Yes,
        Condition::Kind(kind) => Tri::of(view.kind == *kind),
        Condition::Fact(f) => fact(f),
        Condition::AnyFact(facts) => any(facts.iter().map(fact).collect()),
        Condition::AllFacts(facts) => all(facts.iter().map(fact).collect()),
        Condition::Tag(tag) => Tri::of(view.tags.contains(tag)),
        Condition::TemperatureAtLeastF(limit) => {
            Tri::of(view.temperature_f.is_some_and(|t| t >= *limit))
        }
        Condition::PatientAgeUnderMonths(months) => {
            Tri::of(view.age.is_some_and(|a| a.whole_months() < *months))
        }
        Condition::All(cs) => all(cs.iter().map(|c| may_match(c, view, acts)).collect()),
        Condition::Any(cs) => any(cs.iter().map(|c| may_match(c, view, acts)).collect()),
        Condition::Not(inner) => match may_match(inner, view, acts) {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
        },
        // They depend on what the trainee does: an act can be done on the event only if it
        // offers it as a choice or a plan plays it there.
        Condition::Suffered(_) => Tri::Maybe,
        Condition::Did(done) => {
            if done.iter().any(|a| acts.contains(a)) {
                Tri::Maybe
            } else {
                Tri::No
            }
        }
    }
}

/// Each event's view, with the office's facts at its arrival under seed 0 (as `world_check`
/// judges authored world facts).
fn event_views(library: &Library, scenario: &Sourced<Scenario>) -> Vec<EventView> {
    let s = &*scenario.value;
    let mut maybe: Vec<FactSet> = vec![FactSet::default(); s.events.len()];
    if let Ok(setup) = library.setup(&scenario.value, None) {
        let mut session = setup.session(0);
        let mut order: Vec<usize> = (0..session.events.len()).collect();
        order.sort_by_key(|i| session.events[*i].arrival);
        for index in order {
            let arrival = session.events[index].arrival;
            if s.events[index].at.is_some() {
                session.advance_to(arrival);
            }
            maybe[index] = world_facts(&session, index);
        }
    }
    for c in &s.consequences {
        for effect in &c.then {
            if let Effect::AddFact { event, fact } = effect
                && let Some(k) = s.events.iter().position(|e| &e.id == event)
            {
                maybe[k].insert(*fact);
            }
        }
    }
    s.events
        .iter()
        .zip(maybe)
        .map(|(e, maybe)| {
            let mut sure: FactSet = e.facts.iter().copied().collect();
            sure.extend(e.replies.iter().flat_map(|r| r.reveals.iter().copied()));
            EventView {
                kind: e.kind,
                sure,
                maybe,
                tags: e.tags.clone(),
                temperature_f: e.temperature_f,
                age: e
                    .patient
                    .as_ref()
                    .and_then(|id| s.patients.iter().find(|p| &p.id == id))
                    .map(|p| p.age),
            }
        })
        .collect()
}

/// The acts each event offers or a test plan does on it: its choices' acts and the plans'
/// actions (a `Say` counted as its choice's act).
fn acts_on_events(s: &Scenario) -> Vec<BTreeSet<ActKind>> {
    s.events
        .iter()
        .map(|e| {
            let offered = e.choices.iter().map(|c| c.counts_as);
            let played = s
                .test_plans
                .iter()
                .flat_map(|p| p.actions.iter())
                .filter(|a| a.event.as_deref() == Some(e.id.as_str()))
                .map(|a| counts_as(s, a));
            offered.chain(played).collect()
        })
        .collect()
}

/// Whether a rule could judge this event: an event rule whose condition could hold for it, or
/// an act rule whose act the event offers or a plan does there, with its `when` able to hold.
fn judges(rule: &Rule, view: &EventView, acts: &BTreeSet<ActKind>) -> bool {
    match &rule.applies_when {
        Trigger::Event(condition) => may_match(condition, view, acts) != Tri::No,
        Trigger::Action { act, when, .. } => {
            acts.contains(act)
                && when
                    .as_ref()
                    .is_none_or(|c| may_match(c, view, acts) != Tri::No)
        }
        Trigger::Session => false,
    }
}

fn rule_can_apply(
    rule: &Rule,
    s: &Scenario,
    views: &[EventView],
    acts: &[BTreeSet<ActKind>],
) -> bool {
    if matches!(rule.applies_when, Trigger::Session) {
        return true;
    }
    if views.iter().zip(acts).any(|(v, a)| judges(rule, v, a)) {
        return true;
    }
    // An act rule may judge an act done on no event (for a patient): its `when` sees no event.
    if let Trigger::Action { act, when, .. } = &rule.applies_when {
        let off_event = s
            .test_plans
            .iter()
            .flat_map(|p| p.actions.iter())
            .any(|a| a.event.is_none() && a.act == *act);
        return off_event && when.is_none();
    }
    false
}

/// The acts a rule reads: on the judged event, and anywhere in the attempt.
struct Reads {
    same_event: BTreeSet<ActKind>,
    anywhere: BTreeSet<ActKind>,
}

fn reads(rule: &Rule) -> Reads {
    let mut reads = Reads {
        same_event: BTreeSet::new(),
        anywhere: BTreeSet::new(),
    };
    fn condition_acts(c: &Condition, into: &mut BTreeSet<ActKind>) {
        match c {
            Condition::Did(acts) => into.extend(acts.iter().copied()),
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| condition_acts(c, into))
            }
            Condition::Not(inner) => condition_acts(inner, into),
            _ => {}
        }
    }
    fn clause_acts(clause: &ActClause, reads: &mut Reads) {
        let into = match clause.scope {
            crate::rules::Scope::SameEvent => &mut reads.same_event,
            crate::rules::Scope::Anywhere => &mut reads.anywhere,
        };
        into.insert(clause.act);
        into.extend(clause.before.iter().copied());
        into.extend(clause.after.iter().copied());
        if let Since::Act(act) = clause.since {
            into.insert(act);
        }
    }
    fn require_acts(clause: &Clause, reads: &mut Reads) {
        match clause {
            Clause::Act(act) => clause_acts(act, reads),
            Clause::AnyOf(all) => all.iter().for_each(|c| require_acts(c, reads)),
            Clause::Invariant(_) | Clause::Never(_) => {}
        }
    }
    match &rule.applies_when {
        Trigger::Event(c) => condition_acts(c, &mut reads.same_event),
        Trigger::Action { act, when, .. } => {
            reads.same_event.insert(*act);
            if let Some(c) = when {
                condition_acts(c, &mut reads.same_event);
            }
        }
        Trigger::Session => {}
    }
    rule.require
        .iter()
        .for_each(|c| require_acts(c, &mut reads));
    rule.forbid.iter().for_each(|c| clause_acts(c, &mut reads));
    if matches!(rule.applies_when, Trigger::Session) {
        // A session rule's "same event" is the whole attempt.
        let same = std::mem::take(&mut reads.same_event);
        reads.anywhere.extend(same);
    }
    reads
}

/// Every fact a rule condition names (under `Not` too) in any rule of the library.
fn facts_rules_read(library: &Library) -> FactSet {
    fn walk(c: &Condition, into: &mut FactSet) {
        match c {
            Condition::Fact(f) => into.insert(*f),
            Condition::AnyFact(fs) | Condition::AllFacts(fs) => into.extend(fs.iter().copied()),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| walk(c, into)),
            Condition::Not(inner) => walk(inner, into),
            _ => {}
        }
    }
    let mut facts = FactSet::default();
    for (rule, _) in library.rules_with_sources() {
        match &rule.applies_when {
            Trigger::Event(c) | Trigger::Action { when: Some(c), .. } => walk(c, &mut facts),
            _ => {}
        }
    }
    facts
}

fn policy_rules(library: &Library) -> impl Iterator<Item = &Rule> {
    library.policies.iter().flat_map(|p| p.value.rules.iter())
}

/// Every condition of a scenario's reactions, with the event it means when it names none.
fn conditions(s: &Scenario) -> Vec<(&When, Option<&Event>)> {
    let mut out: Vec<(&When, Option<&Event>)> =
        s.consequences.iter().map(|c| (&c.when, None)).collect();
    for e in &s.events {
        out.extend(
            e.choices
                .iter()
                .filter_map(|c| c.when.as_ref())
                .map(|w| (w, Some(e))),
        );
        out.extend(
            e.replies
                .iter()
                .filter_map(|r| r.when.as_ref())
                .map(|w| (w, Some(e))),
        );
    }
    out
}

/// Flattens a condition into its leaves.
fn leaves(when: &When) -> Vec<&When> {
    let mut out = Vec::new();
    let mut stack = vec![when];
    while let Some(w) = stack.pop() {
        match w {
            When::All(all) | When::Any(all) => stack.extend(all.iter()),
            When::Not(inner) => stack.push(inner),
            leaf => out.push(leaf),
        }
    }
    out
}

struct ScenarioLint<'a> {
    source: &'a SourceFile,
    s: &'a Scenario,
    /// The rules in force under the scenario's policy.
    rules: Vec<&'a Rule>,
    views: Vec<EventView>,
    acts: Vec<BTreeSet<ActKind>>,
}

impl ScenarioLint<'_> {
    /// The byte offset of an event's id, to point at what follows it.
    fn event_at(&self, event: &Event) -> usize {
        let text = &self.source.text;
        find_from(text, &format!("id: \"{}\"", event.id), 0)
            .or_else(|| find_from(text, &format!("\"{}\"", event.id), 0))
            .unwrap_or(0)
    }

    /// Whether a rule could judge some event of the scenario, or the whole attempt.
    fn judged_somewhere(&self, rule: &Rule) -> bool {
        matches!(rule.applies_when, Trigger::Session)
            || self
                .views
                .iter()
                .zip(&self.acts)
                .any(|(v, a)| judges(rule, v, a))
    }

    /// Whether a reaction condition (of a consequence, choice or reply) has a leaf about this
    /// event that `test` accepts.
    fn reactions_read(&self, event: &Event, test: impl Fn(&When) -> bool) -> bool {
        conditions(self.s).iter().any(|(when, home)| {
            leaves(when).into_iter().any(|leaf| {
                let named = match leaf {
                    When::Did { event: e, .. } | When::Said { event: e, .. } => e,
                    _ => return false,
                };
                named.as_deref().or(home.map(|h| h.id.as_str())) == Some(event.id.as_str())
                    && test(leaf)
            })
        })
    }

    fn unjudged_events(&self, out: &mut Vec<Diagnostic>) {
        for (k, event) in self.s.events.iter().enumerate() {
            // A note or an alert the trainee only reads, or only talks about (no act on it but
            // conversation), is information, not a task.
            let informational = self.acts[k].iter().all(|a| CONVERSATION_ACTS.contains(a));
            // Acts on it may be judged from another event (`scope: Anywhere`) or the session.
            let scored_elsewhere = self.rules.iter().any(|rule| {
                let r = reads(rule);
                self.acts[k].iter().any(|a| r.anywhere.contains(a)) && self.judged_somewhere(rule)
            });
            let judged = self
                .rules
                .iter()
                .any(|r| judges(r, &self.views[k], &self.acts[k]));
            // The world reacts to an act on it, or the person answers one.
            let reached = self.acts[k].iter().any(|a| {
                !CONVERSATION_ACTS.contains(a)
                    && (event.replies.iter().any(|r| r.after == *a)
                        || self.reactions_read(
                            event,
                            |leaf| matches!(leaf, When::Did { act, .. } if act == a),
                        ))
            }) || self
                .reactions_read(event, |leaf| matches!(leaf, When::Said { .. }));
            if !informational && !judged && !scored_elsewhere && !reached {
                out.push(
                    Diagnostic::warning(&self.source.path, format!("no rule judges event `{}`", event.id))
                        .at_offset(&self.source.text, self.event_at(event), 1)
                        .at_text(&self.source.text, &format!("\"{}\"", event.id), self.event_at(event))
                        .with_hint(
                            "nothing the trainee does on it scores: give it the kind, facts or tags a \
                             rule's `applies_when` reads (`frontdesk explain RULE`), or a choice that \
                             counts as an act a rule judges (docs/SCENARIO_FORMAT.md §9)",
                        ),
                );
            }
        }
    }

    /// A choice counts when a rule that could judge its event (or any rule reading acts anywhere
    /// in the attempt) reads its act, or a reaction reads it (`Said` it, `Did` its act on its
    /// event), or a reply to its act reveals a fact.
    fn unscored_choices(&self, out: &mut Vec<Diagnostic>) {
        let all_reads: Vec<(&Rule, Reads)> = self.rules.iter().map(|r| (*r, reads(r))).collect();
        let conditions = conditions(self.s);
        for (k, event) in self.s.events.iter().enumerate() {
            for choice in &event.choices {
                let act = choice.counts_as;
                let scored = all_reads.iter().any(|(rule, r)| {
                    (judges(rule, &self.views[k], &self.acts[k])
                        && (r.same_event.contains(&act) || r.anywhere.contains(&act)))
                        || (r.anywhere.contains(&act) && self.judged_somewhere(rule))
                });
                let means_event = |named: &Option<crate::model::EventId>, home: Option<&Event>| {
                    named.as_deref().or(home.map(|e| e.id.as_str())) == Some(event.id.as_str())
                };
                let read = conditions.iter().any(|(when, home)| {
                    leaves(when).into_iter().any(|leaf| match leaf {
                        When::Said {
                            choice: c,
                            event: e,
                        } => c == &choice.id && means_event(e, *home),
                        When::Did {
                            act: a, event: e, ..
                        } => *a == act && means_event(e, *home),
                        _ => false,
                    })
                });
                let answered = event.replies.iter().any(|r| r.after == act);
                if !(scored || read || answered || CONVERSATION_ACTS.contains(&act)) {
                    out.push(
                        self.source
                            .warning_at_id(&choice.id, 0, format!(
                                "choice `{}` of `{}` counts as `{}`, which nothing scores or reads",
                                choice.id, event.id, act.name()
                            ))
                            .with_hint(
                                "no rule that judges this event reads that act, and no consequence, \
                                 choice or reply waits for it: count it as an act a rule judges \
                                 (`counts_as`), let a reaction read it (`Said(choice: …)`), or drop it",
                            ),
                    );
                }
            }
        }
    }

    /// A reply is never said when an earlier reply to the same act, with no `when` and not
    /// `once`, is always said first.
    fn unreached_replies(&self, out: &mut Vec<Diagnostic>) {
        for event in &self.s.events {
            let from = self.event_at(event);
            for (k, reply) in event.replies.iter().enumerate() {
                let shadow = event.replies[..k]
                    .iter()
                    .position(|r| r.after == reply.after && r.when.is_none() && !r.once);
                let problem = shadow.map(|first| {
                    format!(
                        "reply {} answers `{}` first, always (it has no `when` and is not `once`): \
                         put this one above it, or give that one a `when`",
                        first + 1,
                        reply.after.name()
                    )
                });
                if let Some(hint) = problem {
                    let at = nth_after(&self.source.text, "after:", from, k);
                    out.push(
                        Diagnostic::warning(
                            &self.source.path,
                            format!("reply {} of `{}` is never said", k + 1, event.id),
                        )
                        .at_offset(&self.source.text, at, "after:".len())
                        .with_hint(hint),
                    );
                }
            }
        }
    }

    fn late_jitter(&self, out: &mut Vec<Diagnostic>) {
        for event in &self.s.events {
            let Some(at) = event.at else { continue };
            let end = event
                .scene
                .as_ref()
                .and_then(|id| self.s.scenes.iter().find(|sc| &sc.id == id))
                .map_or(self.s.ends_at, |sc| sc.ends_at);
            let latest = at.plus(event.jitter.seconds());
            if latest > end {
                let from = self.event_at(event);
                out.push(
                    Diagnostic::warning(
                        &self.source.path,
                        format!(
                            "event `{}` may arrive at {latest}, after its scene ends at {end}",
                            event.id
                        ),
                    )
                    .at_offset(&self.source.text, from, 1)
                    .at_text(&self.source.text, "jitter", from)
                    .with_hint(
                        "the seed delays it by up to its `jitter`, and some seeds would never bring it: \
                         make `at` earlier, the jitter smaller, or `ends_at` later",
                    ),
                );
            }
        }
    }

    fn unread_facts(&self, out: &mut Vec<Diagnostic>, by_rules: &FactSet) {
        let told: FactSet = conditions(self.s)
            .iter()
            .flat_map(|(w, _)| leaves(w))
            .filter_map(|leaf| match leaf {
                When::Told { fact, .. } => Some(*fact),
                _ => None,
            })
            .collect();
        for event in &self.s.events {
            let from = self.event_at(event);
            let declared = event
                .facts
                .iter()
                .chain(event.replies.iter().flat_map(|r| r.reveals.iter()));
            let mut reported = FactSet::default();
            for fact in declared {
                if by_rules.contains(*fact) || told.contains(*fact) || reported.contains(*fact) {
                    continue;
                }
                reported.insert(*fact);
                out.push(
                    Diagnostic::warning(
                        &self.source.path,
                        format!("no rule or reaction reads fact `{}` of `{}`", fact.name(), event.id),
                    )
                    .at_offset(&self.source.text, from, 1)
                    .at_text(&self.source.text, fact.name(), from)
                    .with_hint(
                        "it changes nothing: no rule's condition names it and no `Told(fact: …)` waits \
                         for it. Use the fact a rule reads (docs/SCENARIO_FORMAT.md §12), keep the \
                         detail in what the person `says`, or write a rule that reads it",
                    ),
                );
            }
        }
    }
}

/// The byte offset of the `nth` (0-based) `needle` at or after `from`.
fn nth_after(text: &str, needle: &str, from: usize, nth: usize) -> usize {
    let mut at = from;
    for k in 0..=nth {
        match find_from(text, needle, at) {
            Some(offset) if k == nth => return offset,
            Some(offset) => at = offset + needle.len(),
            None => return from,
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::reference_is_specific;

    #[test]
    fn a_reference_names_a_specific_source() {
        for specific in [
            "45 CFR 164.524(b)(2)",
            "AHRQ, Tool #7 (ahrq.gov/health-literacy)",
            "Uniform Commercial Code § 3-206",
            "Toback SL, American Family Physician 2007;75(11)",
            "The Joint Commission, NPSG.01.01.01",
            "AMA Code of Medical Ethics, Opinion 1.1.5",
            "Medicare Claims Processing Manual (Pub. 100-04), Chapter 30",
            "https://www.cms.gov/nosurprises",
        ] {
            assert!(reference_is_specific(specific), "{specific}");
        }
        for vague in [
            "NHA CMAA test plan",
            "NHA CMAA Test Plan 2024",
            "CMAA test plan; common sense",
            "American Heart Association: warning signs of a heart attack",
            "TODO: cite the public source",
            "",
        ] {
            assert!(!reference_is_specific(vague), "{vague}");
        }
    }
}
