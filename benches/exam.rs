//! Benchmarks for the exam side's targets (docs/PERFORMANCE.md): assembling a 110-item exam and
//! scoring it < 1 ms; opening a profile with 10,000 attempts < 50 ms (release).

use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::exam::assemble;
use frontdesk::library::Library;
use frontdesk::model::Domain;
use frontdesk::progress::{
    AnswerRecord, Attempt, AttemptKind, EXPORT_FORMAT, EXPORT_VERSION, FindingRecord,
    ProfileExport, Store,
};
use std::hint::black_box;

fn assemble_and_score_the_full_exam(c: &mut Criterion) {
    let mut library = Library::built_in();
    library.validate();
    let bank = library.bank();
    let profile = library
        .exam_profile("cmaa")
        .expect("the cmaa profile")
        .clone();
    let mut seed = 0;
    c.bench_function("assemble + score a 110-item exam", |b| {
        b.iter(|| {
            seed += 1;
            let exam = assemble(&bank, &profile, seed).expect("assembles");
            let answers: Vec<Option<usize>> = (0..exam.items.len()).map(|k| Some(k % 4)).collect();
            black_box(exam.score(&bank, &answers).scaled)
        })
    });
}

/// A profile with 10,000 attempts: nine scenario attempts (ten findings each) to one exam
/// attempt (110 answers), a day apart in turn.
fn fill(store: &mut Store, profile: &str) {
    let domains = Domain::ALL;
    let mut attempts = Vec::new();
    for k in 0..10_000_i64 {
        let exam = k % 10 == 9;
        let attempt = Attempt {
            kind: if exam {
                AttemptKind::Exam
            } else {
                AttemptKind::Scenario
            },
            at: 1_700_000_000 + k * 3_600,
            item: if exam {
                "cmaa".into()
            } else {
                format!("scenario-{}", k % 55)
            },
            seed: k as u64,
            policy: None,
            payload: "[]".into(),
            score_percent: (k % 100) as f64,
            passed: k % 3 == 0,
            scaled: exam.then_some(390),
            duration_seconds: None,
            scenario_version: None,
            answers: if exam {
                (0..110)
                    .map(|q| AnswerRecord {
                        question: format!("q-{:03}", (k + q) % 360),
                        domain: domains[(q as usize) % 7],
                        correct: (k + q) % 4 != 0,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            findings: if exam {
                Vec::new()
            } else {
                (0..10)
                    .map(|f| FindingRecord {
                        rule: format!("R-{:02}", (k + f) % 85),
                        domain: domains[(f as usize) % 7],
                        passed: (k + f) % 5 != 0,
                        points: 5,
                        max_points: 5,
                    })
                    .collect()
            },
        };
        attempts.push(attempt);
    }
    // One transaction: imports are how a big profile arrives anyway.
    let export = ProfileExport {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        name: profile.into(),
        created: 0,
        attempts,
        cards: Vec::new(),
    };
    store.import(&export, None).expect("imported");
}

fn open_a_profile_with_ten_thousand_attempts(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut store = Store::open_in(dir.path()).expect("store");
        fill(&mut store, "busy");
    }
    c.bench_function("open a profile with 10,000 attempts (summary)", |b| {
        b.iter(|| {
            let store = Store::open_in(dir.path()).expect("store");
            let summary = store.summary("busy", 20_000).expect("summary");
            black_box((summary.history.len(), summary.mastery.len()))
        })
    });
}

criterion_group!(
    benches,
    assemble_and_score_the_full_exam,
    open_a_profile_with_ten_thousand_attempts
);
criterion_main!(benches);
