//! What the seed varies in an attempt, so trainees cannot memorise it: the date it is played on,
//! the names patients go by, when events arrive, which wording people use, which slots of the
//! schedule are free, and the amounts on bills. Each comes from its own stream of the seed, so
//! adding a variation to a scenario never moves another.

use crate::model::{Calendar, Date, SimDuration};
use crate::scenario::{Office, Scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The first day of the year dates are drawn from (a Monday), and how many days it spans.
const REFERENCE_START: (i64, u32, u32) = (2026, 1, 5);
const REFERENCE_DAYS: i64 = 364;
/// Days after the drawn date kept free of office holidays.
const QUIET_DAYS: i64 = 15;

pub struct Variation {
    date: ChaCha8Rng,
    names: ChaCha8Rng,
    arrivals: ChaCha8Rng,
    wordings: ChaCha8Rng,
    slots: ChaCha8Rng,
    amounts: ChaCha8Rng,
}

fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

impl Variation {
    pub fn new(seed: u64) -> Variation {
        Variation {
            date: stream(seed, 1),
            names: stream(seed, 2),
            arrivals: stream(seed, 3),
            wordings: stream(seed, 4),
            slots: stream(seed, 5),
            amounts: stream(seed, 6),
        }
    }

    /// A day of the reference year the office is open, on the scenario's weekday if it names
    /// one; the same seed always gives the same day. The seed picks ordinary weeks: no office
    /// holiday within the two weeks that follow (a test plan that needs one pins its `date`).
    pub fn date(&mut self, scenario: &Scenario, office: &Office) -> Date {
        let (y, m, d) = REFERENCE_START;
        let first = Date::ymd(y, m, d).unwrap_or_default();
        let calendar = Calendar::new(first, office.open_days.clone(), office.holidays.clone());
        let span = (REFERENCE_DAYS + QUIET_DAYS) as usize;
        let mut holiday = vec![false; span];
        for date in calendar.holidays_between(first, first.plus_days(span as i64 - 1)) {
            if let Some(day) = holiday.get_mut((date.days() - first.days()) as usize) {
                *day = true;
            }
        }
        // holidays_before[k]: holidays among the first k days of the span.
        let mut holidays_before = vec![0u32; span + 1];
        for k in 0..span {
            holidays_before[k + 1] = holidays_before[k] + u32::from(holiday[k]);
        }
        let quiet = QUIET_DAYS as usize;
        let days: Vec<Date> = (0..REFERENCE_DAYS as usize)
            .filter(|k| holidays_before[k + quiet] == holidays_before[*k])
            .map(|k| first.plus_days(k as i64))
            .filter(|date| calendar.open_days.contains(&date.weekday()))
            .filter(|date| scenario.weekday.is_none_or(|w| date.weekday() == w))
            .collect();
        if days.is_empty() {
            return first;
        }
        days[self.date.random_range(0..days.len())]
    }

    /// The name each patient goes by: the authored one or one of its pool.
    pub fn names(&mut self, scenario: &Scenario) -> Vec<String> {
        scenario
            .patients
            .iter()
            .map(|p| {
                if p.name_pool.is_empty() {
                    p.name.clone()
                } else {
                    let pick = self.names.random_range(0..=p.name_pool.len());
                    p.name_pool.get(pick).unwrap_or(&p.name).clone()
                }
            })
            .collect()
    }

    /// How much later than its time an event with this jitter arrives.
    pub fn delay(&mut self, jitter: SimDuration) -> u32 {
        match jitter.seconds() {
            0 => 0,
            most => self.arrivals.random_range(0..=most),
        }
    }

    /// Which wording an event's lines use (each line takes the next).
    pub fn wording(&mut self) -> usize {
        self.wordings.random_range(0..1024)
    }

    /// The streams the office state draws free slots and amounts from.
    pub fn office_streams(&mut self) -> (&mut ChaCha8Rng, &mut ChaCha8Rng) {
        (&mut self.slots, &mut self.amounts)
    }
}
