//! The calendar a scenario is played on: civil dates, weekdays, an office's holidays and open
//! days, and business-day arithmetic (deadlines such as "a good-faith estimate within 1 business
//! day of scheduling" count Monday to Friday, skipping the office's holidays).

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// A day of the Gregorian calendar, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }

    /// Monday to Friday: the days the No Surprises Act and most offices count as business days.
    pub fn is_weekday(self) -> bool {
        !matches!(self, Weekday::Saturday | Weekday::Sunday)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The date for a year, month (1-12) and day (1-31), if it exists.
    pub fn ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days-from-civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = i64::from((month + 9) % 12);
        let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    pub fn from_days(days: i64) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        self.0
    }

    /// (year, month 1-12, day 1-31), by Howard Hinnant's civil-from-days.
    pub fn civil(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.0 + 3).rem_euclid(7) as usize]
    }

    pub fn plus_days(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    /// "Tuesday 10 March 2026".
    pub fn long(self) -> String {
        let (y, m, d) = self.civil();
        format!(
            "{} {d} {} {y}",
            self.weekday().name(),
            MONTHS[(m - 1) as usize]
        )
    }

    pub fn parse(text: &str) -> Result<Date, String> {
        let bad =
            || format!("`{text}` is not a date; write it as \"YYYY-MM-DD\", e.g. \"2026-03-10\"");
        let parts: Vec<&str> = text.split('-').collect();
        let [y, m, d] = parts[..] else {
            return Err(bad());
        };
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) else {
            return Err(bad());
        };
        Date::ymd(y, m, d).ok_or_else(|| format!("`{text}` is not a day of the calendar"))
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(de::Error::custom)
    }
}

/// A day the office is closed, as offices write them: a fixed date each year, or the nth (or
/// last) weekday of a month, as US federal holidays are defined (5 U.S.C. 6103).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Holiday {
    /// Every year on this month and day ("New Year's Day": 1, 1). When it falls on a Saturday
    /// the office closes the Friday before, on a Sunday the Monday after.
    Fixed { name: String, month: u32, day: u32 },
    /// The `nth` (1-4) given weekday of a month ("Thanksgiving": 4th Thursday of November).
    Nth {
        name: String,
        month: u32,
        weekday: Weekday,
        nth: u32,
    },
    /// The last given weekday of a month ("Memorial Day": last Monday of May).
    Last {
        name: String,
        month: u32,
        weekday: Weekday,
    },
}

impl Holiday {
    pub fn name(&self) -> &str {
        match self {
            Holiday::Fixed { name, .. }
            | Holiday::Nth { name, .. }
            | Holiday::Last { name, .. } => name,
        }
    }

    /// The day the office is closed for it in `year`, if the holiday is well formed.
    pub fn observed(&self, year: i64) -> Option<Date> {
        match *self {
            Holiday::Fixed { month, day, .. } => {
                let date = Date::ymd(year, month, day)?;
                Some(match date.weekday() {
                    Weekday::Saturday => date.plus_days(-1),
                    Weekday::Sunday => date.plus_days(1),
                    _ => date,
                })
            }
            Holiday::Nth {
                month,
                weekday,
                nth,
                ..
            } => {
                if !(1..=4).contains(&nth) {
                    return None;
                }
                let first = Date::ymd(year, month, 1)?;
                let shift = (weekday as i64 - first.weekday() as i64).rem_euclid(7);
                Some(first.plus_days(shift + 7 * (i64::from(nth) - 1)))
            }
            Holiday::Last { month, weekday, .. } => {
                let last = Date::ymd(year, month, days_in_month(year, month))?;
                let back = (last.weekday() as i64 - weekday as i64).rem_euclid(7);
                Some(last.plus_days(-back))
            }
        }
    }
}

/// An office's calendar: which weekdays it is open and which holidays it keeps, with "today"
/// (the day the scenario is played on).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Calendar {
    pub today: Date,
    pub open_days: Vec<Weekday>,
    pub holidays: Vec<Holiday>,
    /// The days the holidays fall on around today (index into `holidays`), worked out once:
    /// business-day arithmetic asks about many days.
    #[serde(skip)]
    observed: Vec<(Date, usize)>,
}

impl Calendar {
    pub fn new(today: Date, open_days: Vec<Weekday>, holidays: Vec<Holiday>) -> Calendar {
        let (year, _, _) = today.civil();
        let mut observed: Vec<(Date, usize)> = (year - 1..=year + 3)
            .flat_map(|y| {
                holidays
                    .iter()
                    .enumerate()
                    .filter_map(move |(k, h)| h.observed(y).map(|d| (d, k)))
            })
            .collect();
        observed.sort();
        Calendar {
            today,
            open_days,
            holidays,
            observed,
        }
    }

    /// The same office calendar with another today.
    pub fn on(&self, today: Date) -> Calendar {
        Calendar::new(today, self.open_days.clone(), self.holidays.clone())
    }

    /// The holiday the office keeps on `date`, if any.
    pub fn holiday(&self, date: Date) -> Option<&Holiday> {
        let covered =
            self.observed
                .first()
                .zip(self.observed.last())
                .is_some_and(|(first, last)| {
                    first.0.days() - 370 <= date.days() && date.days() <= last.0.days() + 370
                });
        if covered {
            let at = self.observed.partition_point(|(d, _)| *d < date);
            return self
                .observed
                .get(at)
                .filter(|(d, _)| *d == date)
                .map(|(_, k)| &self.holidays[*k]);
        }
        let (year, _, _) = date.civil();
        // A Fixed holiday on 1 January observed on 31 December belongs to the next year.
        self.holidays
            .iter()
            .find(|h| h.observed(year) == Some(date) || h.observed(year + 1) == Some(date))
    }

    /// The holidays observed from `from` to `to` (both included), in order. Within the years
    /// worked out at creation; outside them, day by day.
    pub fn holidays_between(&self, from: Date, to: Date) -> Vec<Date> {
        let covered = self
            .observed
            .first()
            .zip(self.observed.last())
            .is_some_and(|(first, last)| first.0 <= from && to <= last.0);
        if covered {
            let start = self.observed.partition_point(|(d, _)| *d < from);
            return self.observed[start..]
                .iter()
                .take_while(|(d, _)| *d <= to)
                .map(|(d, _)| *d)
                .collect();
        }
        (0..=to.days() - from.days())
            .map(|k| from.plus_days(k))
            .filter(|d| self.holiday(*d).is_some())
            .collect()
    }

    /// Whether the office is open on `date`.
    pub fn is_open(&self, date: Date) -> bool {
        self.open_days.contains(&date.weekday()) && self.holiday(date).is_none()
    }

    /// A business day: Monday to Friday and not one of the office's holidays (an office open on
    /// Saturdays still counts business days Monday to Friday, as the regulations do).
    pub fn is_business_day(&self, date: Date) -> bool {
        date.weekday().is_weekday() && self.holiday(date).is_none()
    }

    /// The date `n` business days after `from` (`n` = 0: `from` itself).
    pub fn add_business_days(&self, from: Date, n: u32) -> Date {
        let mut date = from;
        let mut left = n;
        while left > 0 {
            date = date.plus_days(1);
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// Business days after `from` up to and including `to` (0 when `to` is not later).
    pub fn business_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            date = date.plus_days(1);
            if self.is_business_day(date) {
                count += 1;
            }
        }
        count
    }

    /// The date `offset` calendar days from today.
    pub fn date(&self, offset: i64) -> Date {
        self.today.plus_days(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("date")
    }

    fn federal() -> Vec<Holiday> {
        vec![
            Holiday::Fixed {
                name: "Independence Day".into(),
                month: 7,
                day: 4,
            },
            Holiday::Nth {
                name: "Thanksgiving".into(),
                month: 11,
                weekday: Weekday::Thursday,
                nth: 4,
            },
            Holiday::Last {
                name: "Memorial Day".into(),
                month: 5,
                weekday: Weekday::Monday,
            },
        ]
    }

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        assert_eq!(date("1970-01-01").days(), 0);
        assert_eq!(date("2026-12-04").weekday(), Weekday::Friday);
        assert_eq!(date("2024-02-29").civil(), (2024, 2, 29));
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert_eq!(date("2026-03-10").long(), "Tuesday 10 March 2026");
        for days in -800_000..800_000i64 {
            if days % 997 == 0 {
                let d = Date::from_days(days);
                let (y, m, dd) = d.civil();
                assert_eq!(Date::ymd(y, m, dd), Some(d));
            }
        }
    }

    #[test]
    fn holidays_fall_where_the_rules_put_them() {
        let h = federal();
        assert_eq!(
            h[0].observed(2026),
            Some(date("2026-07-03")),
            "a Saturday: the Friday"
        );
        assert_eq!(h[1].observed(2026), Some(date("2026-11-26")));
        assert_eq!(h[2].observed(2026), Some(date("2026-05-25")));
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let calendar = Calendar::new(date("2026-11-24"), Weekday::ALL[..5].to_vec(), federal());
        // Tuesday 24 Nov + 3 business days: Wed 25, (Thanksgiving 26), Fri 27, Mon 30.
        assert_eq!(
            calendar.add_business_days(date("2026-11-24"), 3),
            date("2026-11-30")
        );
        // Thursday to the next Tuesday: Fri, Mon, Tue = 3 business days over a weekend.
        assert_eq!(
            calendar.business_days_between(date("2026-03-12"), date("2026-03-17")),
            3
        );
        assert!(!calendar.is_open(date("2026-11-26")));
        assert!(!calendar.is_open(date("2026-11-28")));
        assert!(calendar.is_open(date("2026-11-27")));
    }

    #[test]
    fn holidays_between_lists_what_holiday_finds_day_by_day() {
        let calendar = Calendar::new(date("2026-06-01"), Weekday::ALL[..5].to_vec(), federal());
        for (from, to) in [
            ("2026-01-01", "2026-12-31"),
            ("2026-07-04", "2026-07-04"),
            ("2019-05-01", "2019-12-31"),
            ("2031-01-01", "2034-12-31"),
        ] {
            let (from, to) = (date(from), date(to));
            let one_by_one: Vec<Date> = (0..=to.days() - from.days())
                .map(|k| from.plus_days(k))
                .filter(|d| calendar.holiday(*d).is_some())
                .collect();
            assert_eq!(
                calendar.holidays_between(from, to),
                one_by_one,
                "{from}..{to}"
            );
        }
        assert_eq!(
            calendar.holidays_between(date("2026-01-01"), date("2026-12-31")),
            [date("2026-05-25"), date("2026-07-03"), date("2026-11-26")]
        );
    }
}
