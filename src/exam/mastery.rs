//! Mastery per exam domain, from the two kinds of evidence a trainee leaves: exam answers and
//! scenario rule findings. Only the most recent evidence counts, so mastery can recover.

use crate::model::Domain;
use serde::{Deserialize, Serialize};

/// How many of the latest answers and findings per domain count toward mastery.
pub const RECENT_ANSWERS: usize = 40;
pub const RECENT_FINDINGS: usize = 20;

/// One piece of evidence, newest first in the slices given to [`mastery`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub domain: Domain,
    pub success: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mastery {
    pub domain: Domain,
    /// 0–100, or none before any evidence.
    pub percent: Option<f64>,
    pub answers: u32,
    pub findings: u32,
}

/// Mastery for every domain: successes over attempts among the `RECENT_ANSWERS` latest exam
/// answers and the `RECENT_FINDINGS` latest scenario findings of that domain, each counting
/// once. `answers` and `findings` are newest first.
pub fn mastery(answers: &[Mark], findings: &[Mark]) -> Vec<Mastery> {
    Domain::ALL
        .iter()
        .map(|&domain| {
            let recent = |evidence: &[Mark], limit: usize| -> (u32, u32) {
                evidence
                    .iter()
                    .filter(|e| e.domain == domain)
                    .take(limit)
                    .fold((0, 0), |(ok, n), e| (ok + u32::from(e.success), n + 1))
            };
            let (answer_ok, answer_n) = recent(answers, RECENT_ANSWERS);
            let (finding_ok, finding_n) = recent(findings, RECENT_FINDINGS);
            let total = answer_n + finding_n;
            Mastery {
                domain,
                percent: (total > 0)
                    .then(|| 100.0 * f64::from(answer_ok + finding_ok) / f64::from(total)),
                answers: answer_n,
                findings: finding_n,
            }
        })
        .collect()
}

/// The domains to study next: weakest first, those without evidence before any with.
pub fn weakest(mastery: &[Mastery]) -> Vec<Domain> {
    let mut order: Vec<&Mastery> = mastery.iter().collect();
    order.sort_by(|a, b| {
        let key = |m: &Mastery| m.percent.unwrap_or(-1.0);
        key(a).total_cmp(&key(b))
    });
    order.into_iter().map(|m| m.domain).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(domain: Domain, success: bool) -> Mark {
        Mark { domain, success }
    }

    #[test]
    fn mastery_combines_answers_and_findings_per_domain() {
        let answers = [
            ev(Domain::Scheduling, true),
            ev(Domain::Scheduling, false),
            ev(Domain::BillingRevenueCycle, true),
        ];
        let findings = [ev(Domain::Scheduling, true), ev(Domain::Scheduling, true)];
        let m = mastery(&answers, &findings);
        let scheduling = m.iter().find(|m| m.domain == Domain::Scheduling).unwrap();
        assert_eq!(scheduling.percent, Some(75.0));
        assert_eq!((scheduling.answers, scheduling.findings), (2, 2));
        let law = m
            .iter()
            .find(|m| m.domain == Domain::LawEthicsCompliance)
            .unwrap();
        assert_eq!(law.percent, None);
    }

    #[test]
    fn only_recent_answers_count() {
        let mut answers = vec![ev(Domain::Scheduling, true); RECENT_ANSWERS];
        answers.extend(vec![ev(Domain::Scheduling, false); 100]);
        let m = mastery(&answers, &[]);
        assert_eq!(m[3].percent, Some(100.0));
    }

    #[test]
    fn weakest_puts_unseen_then_low_first() {
        let answers = [
            ev(Domain::Scheduling, false),
            ev(Domain::BillingRevenueCycle, true),
        ];
        let m = mastery(&answers, &[]);
        let order = weakest(&m);
        assert_eq!(order.len(), 7);
        assert_eq!(order[5], Domain::Scheduling);
        assert_eq!(order[6], Domain::BillingRevenueCycle);
    }
}
