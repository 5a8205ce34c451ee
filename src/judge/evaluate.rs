//! Judging a session against rules. One pass builds an index of acts per event; each rule is
//! then judged for each subject it applies to, looking only at that subject's acts. The result
//! is structure, not prose: which clause failed, which act came instead and when, which act was
//! too late and by how much. `describe` turns it into words.

use crate::model::*;
use crate::rules::*;
use crate::scenario::{Patient, Policy};
use crate::sim::{EventStatus, LoggedAction, Session};

/// The verdict of one rule on one subject (an event, an act, or the whole session).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding<'r> {
    /// Index into the rules passed to `evaluate`.
    pub rule: usize,
    /// The event judged (index into `Session::events`), when the rule is about an event or an
    /// act on one.
    pub event: Option<usize>,
    /// How the subject began; time windows are measured from it.
    pub anchor: Anchor,
    /// When the subject began: the event's arrival, the act's time, or the session's start.
    pub at: SimTime,
    /// What was missing or wrong; empty when the rule passed.
    pub problems: Vec<Problem<'r>>,
    /// What decided it: the acts (log positions) that satisfied the rule or broke it, and the
    /// invariants that held at the end.
    pub evidence: Vec<Evidence<'r>>,
}

impl Finding<'_> {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// How a judged subject began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The judged event arrived.
    Arrival,
    /// The act (log position) that triggered the rule.
    Act(usize),
    /// The session began.
    Start,
}

/// Why a rule failed on a subject.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem<'r> {
    /// A required act clause was not met: `found` acts qualified of the `needed`, and `miss`
    /// says why the nearest candidate did not.
    Unmet {
        clause: &'r ActClause,
        found: usize,
        needed: usize,
        miss: Option<Miss>,
    },
    /// None of the options of an `AnyOf` held; one problem per option, in order.
    NoneOf(Vec<Problem<'r>>),
    /// An invariant did not hold at the end of the attempt.
    Broken(Breach),
    /// A forbidden act happened (log position).
    Forbidden { clause: &'r ActClause, act: usize },
    /// Something the rule says must never happen to the event did (index into the session's
    /// `happenings`).
    Happened { mishap: Mishap, happening: usize },
}

/// Why an act of the right kind did not satisfy a clause. `act` is its log position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The desk refused it.
    Refused { act: usize },
    /// It was for another patient than the judged event's.
    OtherPatient { act: usize },
    /// Its target was not one of the things the judged event is about.
    OtherTarget { act: usize },
    /// It lacked some of the clause's `includes`.
    LeftOut { act: usize },
    /// It carried a detail the clause `excludes`.
    Excluded { act: usize, detail: Detail },
    /// It carried only `have` of the `some_of` details the clause needs.
    TooFew { act: usize, have: usize },
    /// The clause is timed from an act that never happened.
    NoStart,
    /// It came before the act the clause is timed from, at `start`.
    BeforeStart { act: usize, start: SimTime },
    /// It came later than `limit` after `start`.
    TooLate {
        act: usize,
        start: SimTime,
        limit: Deadline,
        /// Seconds the call rang unanswered before `start`, counted into the window.
        unanswered: u32,
    },
    /// It came after an act (`earlier`) it had to precede.
    CameAfter { act: usize, earlier: usize },
    /// No act of `kind` came before it, though the clause asks for one.
    NotAfter { act: usize, kind: ActKind },
    /// The clause reads a policy number the policy in force does not set.
    PolicyUnset(PolicyParam),
}

impl Miss {
    /// The act that missed, if the miss is about one.
    pub fn act(&self) -> Option<usize> {
        match *self {
            Miss::Refused { act }
            | Miss::OtherPatient { act }
            | Miss::OtherTarget { act }
            | Miss::LeftOut { act }
            | Miss::Excluded { act, .. }
            | Miss::TooFew { act, .. }
            | Miss::BeforeStart { act, .. }
            | Miss::TooLate { act, .. }
            | Miss::CameAfter { act, .. }
            | Miss::NotAfter { act, .. } => Some(act),
            Miss::NoStart | Miss::PolicyUnset(_) => None,
        }
    }
}

/// How long a time window runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    Seconds(u32),
    /// To the end of the office day this many business days after the start.
    BusinessDays(u32),
}

/// How the office broke an invariant at the end of the attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    OverBooked {
        provider: ProviderId,
        hour: u32,
        minutes: u32,
        limit: u32,
    },
    ExpiredOnShelf {
        lot: Id,
    },
    NotToPar {
        item: Id,
        usable: u32,
        on_order: u32,
        par: u32,
    },
    DuplicateCharge {
        first: Id,
        second: Id,
        code: String,
    },
    PolicyUnset(PolicyParam),
}

/// What decided a finding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Evidence<'r> {
    /// An act in the session's log (its position).
    Act(usize),
    /// An invariant that held when the attempt ended.
    Held(&'r Invariant),
    /// A moment a time window started from.
    Moment(Moment),
    /// Something that happened without the trainee (index into the session's `happenings`).
    Happening(usize),
}

/// A moment that is not an act: an event arriving, a fact being told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub at: SimTime,
    /// The event (index into `Session::events`).
    pub event: usize,
    /// The fact the person told then; `None` for the event's arrival.
    pub told: Option<Fact>,
}

/// What a rule is being judged on.
struct Subject<'a> {
    event: Option<usize>,
    anchor: Anchor,
    at: SimTime,
    /// What the judged event is about (its `about` ids).
    about: &'a [Id],
    /// The judged event's patient.
    patient: Option<&'a PatientId>,
    /// Log positions of the acts in the subject's scope.
    acts: &'a [usize],
    /// The facts the rule's condition names, for `since: Reveal`.
    named: FactSet,
}

/// Where a time window starts, and what to show for it.
#[derive(Clone, Copy)]
struct Start {
    at: SimTime,
    /// Seconds the call rang unanswered before the first mention, counted into the window: had
    /// the line been answered at once, the caller would have said it that much sooner.
    unanswered: u32,
    evidence: Option<Evidence<'static>>,
}

struct Index<'a> {
    session: &'a Session,
    by_event: Vec<Vec<usize>>,
    all: Vec<usize>,
}

pub fn evaluate<'r>(session: &Session, rules: &[&'r Rule]) -> Vec<Finding<'r>> {
    let mut by_event = vec![Vec::new(); session.events.len()];
    for action in &session.log {
        if let Some(event) = action.event {
            by_event[event].push(action.seq);
        }
    }
    let index = Index {
        session,
        by_event,
        all: (0..session.log.len()).collect(),
    };
    let mut findings = Vec::new();
    for (rule_index, rule) in rules.iter().enumerate() {
        match &rule.applies_when {
            Trigger::Event(condition) => {
                let named = named_facts(condition);
                for (event, live) in session.events.iter().enumerate() {
                    // An event that never came (not yet, cancelled, or never brought) is
                    // not judged.
                    let came =
                        !matches!(live.status, EventStatus::Pending | EventStatus::Cancelled);
                    // A rule that only forbids, on an event nobody did anything about, has
                    // nothing to judge: no advice was given on a call nobody answered, and
                    // that earns no "you kept to your role".
                    let untouched = rule.require.is_empty()
                        && index.by_event[event].is_empty()
                        && rule.forbid.iter().all(|f| f.scope == Scope::SameEvent);
                    if came && !untouched && matches(condition, &View::event(session, event)) {
                        let def = session.event_def(event);
                        let subject = Subject {
                            event: Some(event),
                            anchor: Anchor::Arrival,
                            at: live.arrival,
                            about: &def.about,
                            patient: def.patient.as_ref(),
                            acts: &index.by_event[event],
                            named,
                        };
                        findings.push(judge(&index, rule_index, rule, &subject));
                    }
                }
            }
            Trigger::Action {
                act,
                includes,
                excludes,
                when,
            } => {
                let named = when.as_ref().map(named_facts).unwrap_or_default();
                for action in &session.log {
                    let triggered = action.act == *act
                        && !action.is_refused()
                        && includes.iter().all(|d| action.has(*d))
                        && !excludes.iter().any(|d| action.has(*d))
                        && when
                            .as_ref()
                            .is_none_or(|c| matches(c, &View::act(session, action)));
                    if triggered {
                        let acts = match action.event {
                            Some(event) => &index.by_event[event],
                            None => &index.all,
                        };
                        let subject = Subject {
                            event: action.event,
                            anchor: Anchor::Act(action.seq),
                            at: action.at,
                            about: action
                                .event
                                .map_or(&[][..], |e| &session.event_def(e).about),
                            patient: action.patient.as_ref(),
                            acts,
                            named,
                        };
                        findings.push(judge(&index, rule_index, rule, &subject));
                    }
                }
            }
            Trigger::Session => {
                let subject = Subject {
                    event: None,
                    anchor: Anchor::Start,
                    at: session.scenario.starts_at,
                    about: &[],
                    patient: None,
                    acts: &index.all,
                    named: FactSet::default(),
                };
                findings.push(judge(&index, rule_index, rule, &subject));
            }
        }
    }
    findings
}

/// Whether a rule judged per event (`applies_when: Event(…)`) applies to this event of the
/// session as it stands now: the test `evaluate` makes, without asking whether the event came
/// or was touched. Rules judged per act or per session never apply to an event as such.
pub fn applies_to_event(rule: &Rule, session: &Session, event: usize) -> bool {
    match &rule.applies_when {
        Trigger::Event(condition) => matches(condition, &View::event(session, event)),
        Trigger::Action { .. } | Trigger::Session => false,
    }
}

/// What a condition is tested against: an event, or an act (its event's view, or its patient's).
struct View<'a> {
    session: &'a Session,
    /// The event viewed, if any.
    event: Option<usize>,
    kind: Option<EventKind>,
    facts: FactSet,
    tags: &'a [String],
    temperature_f: Option<f32>,
    patient: Option<&'a Patient>,
}

impl<'a> View<'a> {
    fn event(session: &'a Session, event: usize) -> View<'a> {
        let def = session.event_def(event);
        View {
            session,
            event: Some(event),
            kind: Some(def.kind),
            facts: session.events[event].facts,
            tags: &def.tags,
            temperature_f: def.temperature_f,
            patient: def.patient.as_deref().and_then(|id| patient(session, id)),
        }
    }

    /// An act: what its event knows, and what the office knows of the act's patient.
    fn act(session: &'a Session, action: &'a LoggedAction) -> View<'a> {
        let mut view = match action.event {
            Some(event) => View::event(session, event),
            None => View {
                session,
                event: None,
                kind: None,
                facts: FactSet::default(),
                tags: &[],
                temperature_f: None,
                patient: None,
            },
        };
        if let Some(id) = &action.patient {
            view.facts = view.facts.union(crate::sim::patient_facts(session, id));
            view.patient = patient(session, id).or(view.patient);
        }
        view
    }
}

fn patient<'a>(session: &'a Session, id: &str) -> Option<&'a Patient> {
    session.scenario.patients.iter().find(|p| p.id == id)
}

fn matches(condition: &Condition, view: &View) -> bool {
    match condition {
        Condition::Always => true,
        Condition::Kind(kind) => view.kind == Some(*kind),
        Condition::Fact(fact) => view.facts.contains(*fact),
        Condition::AnyFact(facts) => facts.iter().any(|f| view.facts.contains(*f)),
        Condition::AllFacts(facts) => facts.iter().all(|f| view.facts.contains(*f)),
        Condition::Tag(tag) => view.tags.iter().any(|t| t == tag),
        Condition::TemperatureAtLeastF(limit) => view.temperature_f.is_some_and(|t| t >= *limit),
        Condition::PatientAgeUnderMonths(months) => {
            view.patient.is_some_and(|p| p.age.whole_months() < *months)
        }
        Condition::All(all) => all.iter().all(|c| matches(c, view)),
        Condition::Any(any) => any.iter().any(|c| matches(c, view)),
        Condition::Not(inner) => !matches(inner, view),
        Condition::Suffered(mishap) => view
            .event
            .is_some_and(|e| view.session.suffered(e, *mishap)),
        Condition::Did(acts) => view.event.is_some_and(|e| {
            acts.iter()
                .any(|a| view.session.events[e].done.contains(*a))
        }),
    }
}

/// The facts a condition names (for `since: Reveal`), wherever they sit in it.
pub fn named_facts(condition: &Condition) -> FactSet {
    let mut facts = FactSet::default();
    fn walk(condition: &Condition, facts: &mut FactSet) {
        match condition {
            Condition::Fact(fact) => facts.insert(*fact),
            Condition::AnyFact(all) | Condition::AllFacts(all) => facts.extend(all.iter().copied()),
            Condition::All(all) | Condition::Any(all) => all.iter().for_each(|c| walk(c, facts)),
            Condition::Not(_) => {} // a fact it must not have is never "told"
            _ => {}
        }
    }
    walk(condition, &mut facts);
    facts
}

fn judge<'r>(index: &Index, rule_index: usize, rule: &'r Rule, subject: &Subject) -> Finding<'r> {
    let mut problems = Vec::new();
    let mut evidence = Vec::new();
    for clause in &rule.require {
        if let Err(problem) = check_clause(index, clause, subject, &mut evidence) {
            problems.push(problem);
        }
    }
    for clause in &rule.forbid {
        let found = qualifying(index, clause, subject);
        let count = clause.count.max(1) as usize;
        if found.acts.len() >= count {
            for &act in found.acts.iter().take(count) {
                problems.push(Problem::Forbidden { clause, act });
                evidence.push(Evidence::Act(act));
            }
        }
    }
    let session = index.session;
    evidence.sort_by_key(|e| evidence_time(session, e));
    evidence.dedup();
    Finding {
        rule: rule_index,
        event: subject.event,
        anchor: subject.anchor,
        at: subject.at,
        problems,
        evidence,
    }
}

/// When a piece of evidence happened: an act's time, the end for an invariant, a moment's time.
pub fn evidence_time(session: &Session, evidence: &Evidence) -> SimTime {
    match evidence {
        Evidence::Act(seq) => session.log[*seq].at,
        Evidence::Held(_) => session.ends_at(),
        Evidence::Moment(moment) => moment.at,
        Evidence::Happening(k) => session.happenings[*k].at,
    }
}

/// Checks one required clause; adds what decided it (whether it held or not) to `evidence`.
fn check_clause<'r>(
    index: &Index,
    clause: &'r Clause,
    subject: &Subject,
    evidence: &mut Vec<Evidence<'r>>,
) -> Result<(), Problem<'r>> {
    match clause {
        Clause::Act(act) => {
            let found = qualifying(index, act, subject);
            let needed = act.count.max(1) as usize;
            // A timed clause shows where its window started.
            if act.within.is_some() {
                evidence.extend(found.start.and_then(|s| s.evidence));
                // Time the line rang is counted: show when it came in and when it was answered.
                if let (Some(start), Some(event)) = (found.start, subject.event)
                    && start.unanswered > 0
                {
                    let arrival = index.session.events[event].arrival;
                    evidence.push(Evidence::Moment(Moment {
                        at: arrival,
                        event,
                        told: None,
                    }));
                    evidence.extend(answer_of(index, subject).map(Evidence::Act));
                }
            }
            if found.acts.len() >= needed {
                evidence.extend(
                    found
                        .acts
                        .iter()
                        .take(needed)
                        .map(|seq| Evidence::Act(*seq)),
                );
                return Ok(());
            }
            if let Some(miss) = &found.near_miss {
                evidence.extend(miss.act().map(Evidence::Act));
                if let Miss::CameAfter { earlier, .. } = miss {
                    evidence.push(Evidence::Act(*earlier));
                }
                if let Miss::TooLate { .. } = miss {
                    evidence.extend(answer_of(index, subject).map(Evidence::Act));
                }
            }
            Err(Problem::Unmet {
                clause: act,
                found: found.acts.len(),
                needed,
                miss: found.near_miss,
            })
        }
        Clause::AnyOf(options) => {
            let mut misses = Vec::new();
            let mut tried = Vec::new();
            for option in options {
                let mut found = Vec::new();
                match check_clause(index, option, subject, &mut found) {
                    Ok(()) => {
                        evidence.extend(found);
                        return Ok(());
                    }
                    Err(problem) => {
                        misses.push(problem);
                        tried.extend(found);
                    }
                }
            }
            evidence.extend(tried);
            Err(Problem::NoneOf(misses))
        }
        Clause::Never(mishap) => {
            let happened = subject
                .event
                .and_then(|event| index.session.mishap(event, *mishap));
            match happened {
                Some(happening) => {
                    evidence.push(Evidence::Happening(happening));
                    Err(Problem::Happened {
                        mishap: *mishap,
                        happening,
                    })
                }
                None => Ok(()),
            }
        }
        Clause::Invariant(invariant) => match check_invariant(index.session, invariant) {
            Ok(()) => {
                evidence.push(Evidence::Held(invariant));
                Ok(())
            }
            Err(breach) => Err(Problem::Broken(breach)),
        },
    }
}

/// The first answer of the judged call, if any: when it came decides how long the caller waited.
fn answer_of(index: &Index, subject: &Subject) -> Option<usize> {
    let event = subject.event?;
    index.by_event[event].iter().copied().find(|s| {
        index.session.log[*s].act == ActKind::Answer && !index.session.log[*s].is_refused()
    })
}

struct Qualifying {
    acts: Vec<usize>,
    /// Why the first act of the right kind did not count, when none did.
    near_miss: Option<Miss>,
    /// Where the clause's window starts, if it has a start.
    start: Option<Start>,
}

/// The acts that satisfy an act clause for this subject, in log order.
fn qualifying(index: &Index, clause: &ActClause, subject: &Subject) -> Qualifying {
    let log = &index.session.log;
    let scope: &[usize] = match clause.scope {
        Scope::SameEvent => subject.acts,
        Scope::Anywhere => &index.all,
    };
    let wants_refused = clause.includes.contains(&Detail::Refused);
    let start = window_start(index, clause.since, subject);
    let since = start.map(|s| (s.at, s.unanswered));
    let limit = match &clause.within {
        Some(TimeLimit::BusinessDays(n)) => Some(Deadline::BusinessDays(*n)),
        Some(within) => match limit_seconds(within, &index.session.policy) {
            Some(seconds) => Some(Deadline::Seconds(seconds)),
            None => {
                return Qualifying {
                    acts: Vec::new(),
                    near_miss: within.param().map(Miss::PolicyUnset),
                    start,
                };
            }
        },
        None => None,
    };
    let mut acts = Vec::new();
    let mut near_miss = None;
    for seq in scope {
        let action = &log[*seq];
        if action.act != clause.act {
            continue;
        }
        if action.is_refused() != wants_refused {
            if near_miss.is_none() && action.is_refused() {
                near_miss = Some(Miss::Refused { act: action.seq });
            }
            continue;
        }
        match why_not(
            clause,
            index.session,
            action,
            scope,
            (since, limit),
            subject,
        ) {
            None => acts.push(*seq),
            Some(miss) if near_miss.is_none() => near_miss = Some(miss),
            Some(_) => {}
        }
    }
    Qualifying {
        acts,
        near_miss,
        start,
    }
}

/// Where a window starts: the subject's beginning (an event's arrival, the triggering act),
/// the first act of a kind on the event, or the moment the person told what the rule is about.
fn window_start(index: &Index, since: Since, subject: &Subject) -> Option<Start> {
    let session = index.session;
    let log = &session.log;
    let arrival = |event: usize| Start {
        at: session.events[event].arrival,
        unanswered: 0,
        evidence: Some(Evidence::Moment(Moment {
            at: session.events[event].arrival,
            event,
            told: None,
        })),
    };
    match since {
        Since::Arrival => Some(match subject.anchor {
            Anchor::Act(seq) => Start {
                at: subject.at,
                unanswered: 0,
                evidence: Some(Evidence::Act(seq)),
            },
            Anchor::Arrival => subject.event.map_or(
                Start {
                    at: subject.at,
                    unanswered: 0,
                    evidence: None,
                },
                arrival,
            ),
            Anchor::Start => Start {
                at: subject.at,
                unanswered: 0,
                evidence: None,
            },
        }),
        Since::Act(kind) => subject
            .acts
            .iter()
            .map(|s| &log[*s])
            .find(|a| a.act == kind && !a.is_refused())
            .map(|a| Start {
                at: a.at,
                unanswered: 0,
                evidence: Some(Evidence::Act(a.seq)),
            }),
        Since::Reveal => {
            let Some(event) = subject.event else {
                return Some(Start {
                    at: subject.at,
                    unanswered: 0,
                    evidence: None,
                });
            };
            let live = &session.events[event];
            let told_later: FactSet = session
                .event_def(event)
                .replies
                .iter()
                .flat_map(|r| r.reveals.iter().copied())
                .collect();
            let relevant: Vec<Fact> = subject
                .named
                .iter()
                .filter(|f| live.facts.contains(*f))
                .collect();
            if relevant.is_empty() {
                return Some(arrival(event));
            }
            // Each fact is known from when it was told (a reply, or a consequence that changed
            // the picture), or from the arrival when the person says it at once.
            let first = relevant
                .iter()
                .filter_map(|fact| match live.revealed.iter().find(|(f, _)| f == fact) {
                    Some((_, at)) => Some((*at, Some(*fact))),
                    None if !told_later.contains(*fact) => Some((live.arrival, None)),
                    None => None,
                })
                .min_by_key(|(at, _)| *at)?;
            let (at, Some(fact)) = first else {
                return Some(arrival(event));
            };
            // Told in answer to a question: the time the line rang first counts too.
            let unanswered = match session.event_def(event).kind {
                EventKind::Call if told_later.contains(fact) => answer_time(session, event)
                    .filter(|answered| *answered <= at)
                    .map_or(0, |answered| answered.since(live.arrival)),
                _ => 0,
            };
            Some(Start {
                at,
                unanswered,
                evidence: Some(Evidence::Moment(Moment {
                    at,
                    event,
                    told: Some(fact),
                })),
            })
        }
    }
}

/// When the trainee first answered the call (not counting a refused try).
fn answer_time(session: &Session, event: usize) -> Option<SimTime> {
    session
        .log
        .iter()
        .find(|a| a.act == ActKind::Answer && !a.is_refused() && a.event == Some(event))
        .map(|a| a.at)
}

/// Why an act of the right kind does not satisfy the clause, or `None` when it does.
fn why_not(
    clause: &ActClause,
    session: &Session,
    action: &LoggedAction,
    scope: &[usize],
    (since, limit): (Option<(SimTime, u32)>, Option<Deadline>),
    subject: &Subject,
) -> Option<Miss> {
    let log = &session.log;
    let act = action.seq;
    if let (true, Some(patient)) = (clause.for_patient, subject.patient)
        && action.patient.as_ref() != Some(patient)
    {
        return Some(Miss::OtherPatient { act });
    }
    if clause.about_event && !subject.about.is_empty() {
        let on = action.action.target.as_deref().unwrap_or("nothing");
        if !subject.about.iter().any(|id| id == on) {
            return Some(Miss::OtherTarget { act });
        }
    }
    if clause.includes.iter().any(|d| !action.has(*d)) {
        return Some(Miss::LeftOut { act });
    }
    if let Some(&detail) = clause.excludes.iter().find(|d| action.has(**d)) {
        return Some(Miss::Excluded { act, detail });
    }
    if let Some(some_of) = &clause.some_of {
        let have = some_of.of.iter().filter(|d| action.has(**d)).count();
        if have < some_of.count as usize {
            return Some(Miss::TooFew { act, have });
        }
    }
    if let Some(limit) = limit {
        match since {
            None => return Some(Miss::NoStart),
            Some((start, _)) if action.at < start => {
                return Some(Miss::BeforeStart { act, start });
            }
            Some((start, unanswered)) if !in_time(session, start, unanswered, action.at, limit) => {
                return Some(Miss::TooLate {
                    act,
                    start,
                    limit,
                    unanswered,
                });
            }
            Some(_) => {}
        }
    }
    for kind in &clause.before {
        let earlier = scope
            .iter()
            .map(|s| &log[*s])
            .find(|b| b.act == *kind && !b.is_refused() && b.seq < action.seq);
        if let Some(earlier) = earlier {
            return Some(Miss::CameAfter {
                act,
                earlier: earlier.seq,
            });
        }
    }
    for kind in &clause.after {
        let found = scope
            .iter()
            .map(|s| &log[*s])
            .any(|b| b.act == *kind && !b.is_refused() && b.seq < action.seq);
        if !found {
            return Some(Miss::NotAfter { act, kind: *kind });
        }
    }
    None
}

/// Whether `at` is within `limit` of `start`.
fn in_time(
    session: &Session,
    start: SimTime,
    unanswered: u32,
    at: SimTime,
    limit: Deadline,
) -> bool {
    match limit {
        Deadline::Seconds(seconds) => at.since(start) + unanswered <= seconds,
        Deadline::BusinessDays(n) => {
            let calendar = session.calendar();
            let due = calendar.add_business_days(session.date_of(start), n);
            session.date_of(at) <= due
        }
    }
}

/// A time limit in seconds; `None` when it names a policy number the policy does not set (or
/// counts business days, which are not a number of seconds).
pub fn limit_seconds(limit: &TimeLimit, policy: &Policy) -> Option<u32> {
    match limit {
        TimeLimit::Seconds(s) => Some(*s),
        TimeLimit::Minutes(m) => Some(m.saturating_mul(60)),
        TimeLimit::Policy(param) => policy.value(*param),
        TimeLimit::BusinessDays(_) => None,
    }
}

/// A number; `None` when it names a policy number the policy does not set.
pub fn limit_value(limit: &Limit, policy: &Policy) -> Option<u32> {
    match limit {
        Limit::Value(v) => Some(*v),
        Limit::Policy(param) => policy.value(*param),
    }
}

fn check_invariant(session: &Session, invariant: &Invariant) -> Result<(), Breach> {
    let state = &session.state;
    match invariant {
        Invariant::MaxBookedMinutesPerHour(limit) => {
            let limit = match limit {
                Limit::Value(value) => *value,
                Limit::Policy(param) => session
                    .policy
                    .value(*param)
                    .ok_or(Breach::PolicyUnset(*param))?,
            };
            let mut days: Vec<i64> = state.bookings.iter().map(|b| b.day).collect();
            days.sort_unstable();
            days.dedup();
            for provider in &state.providers {
                for (day, hour) in days
                    .iter()
                    .flat_map(|d| (state.opens.hour()..=state.closes.hour()).map(move |h| (*d, h)))
                {
                    let (from, to) = (hour * 3600, (hour + 1) * 3600);
                    let minutes: u32 = state
                        .bookings
                        .iter()
                        .filter(|b| !b.cancelled && b.day == day && &b.provider == provider)
                        .map(|b| {
                            let start = b.start.seconds().max(from);
                            let stop = b.end().seconds().min(to);
                            stop.saturating_sub(start) / 60
                        })
                        .sum();
                    if minutes > limit {
                        return Err(Breach::OverBooked {
                            provider: provider.clone(),
                            hour,
                            minutes,
                            limit,
                        });
                    }
                }
            }
            Ok(())
        }
        Invariant::NoExpiredLotsOnShelf => {
            let day = i64::from(session.ends_at().day());
            let left = state
                .stock
                .iter()
                .flat_map(|s| s.lots.iter())
                .find(|l| l.on_shelf && l.expired_on(day));
            match left {
                Some(lot) => Err(Breach::ExpiredOnShelf {
                    lot: lot.id.clone(),
                }),
                None => Ok(()),
            }
        }
        Invariant::LowStockOrderedToPar => {
            let day = i64::from(session.ends_at().day());
            let short = state.stock.iter().find(|s| {
                s.usable_at_start <= s.reorder_point && s.usable_on(day) + s.on_order < s.par
            });
            match short {
                Some(item) => Err(Breach::NotToPar {
                    item: item.id.clone(),
                    usable: item.usable_on(day),
                    on_order: item.on_order,
                    par: item.par,
                }),
                None => Ok(()),
            }
        }
        Invariant::NoDuplicateCharges => {
            let open: Vec<_> = state.charges.iter().filter(|c| !c.reversed).collect();
            for (i, a) in open.iter().enumerate() {
                if let Some(b) = open[i + 1..].iter().find(|b| a.same_service(b)) {
                    return Err(Breach::DuplicateCharge {
                        first: a.id.clone(),
                        second: b.id.clone(),
                        code: a.code.clone(),
                    });
                }
            }
            Ok(())
        }
    }
}
