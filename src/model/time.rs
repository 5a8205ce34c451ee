//! Simulated time: the office clock of the days being played, never the wall clock. Day 0 is
//! the day the scenario is played on; a scenario with later scenes ("three business days
//! later") runs on into later days.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// A moment on the office clock, in seconds after midnight of day 0 (the day played): a time of
/// day on day 0 is below 86,400; day 3 at 09:00 is 3 × 86,400 + 32,400.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub u32);

/// Seconds in a day.
pub const DAY_SECONDS: u32 = 86_400;

impl SimTime {
    pub const fn hms(hours: u32, minutes: u32, seconds: u32) -> Self {
        SimTime(hours * 3600 + minutes * 60 + seconds)
    }

    /// The same time of day on day `day`.
    pub fn on_day(self, day: u32) -> SimTime {
        SimTime(
            self.time_of_day()
                .0
                .saturating_add(day.saturating_mul(DAY_SECONDS)),
        )
    }

    /// Days after day 0.
    pub fn day(self) -> u32 {
        self.0 / DAY_SECONDS
    }

    /// The time of day, without the day.
    pub fn time_of_day(self) -> SimTime {
        SimTime(self.0 % DAY_SECONDS)
    }

    pub fn seconds(self) -> u32 {
        self.0
    }

    pub fn plus(self, seconds: u32) -> SimTime {
        SimTime(self.0.saturating_add(seconds))
    }

    /// Seconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> u32 {
        self.0.saturating_sub(earlier.0)
    }

    /// The clock hour this moment falls in (9 for 09:59:59).
    pub fn hour(self) -> u32 {
        self.time_of_day().0 / 3600
    }

    /// Parses `HH:MM` or `HH:MM:SS` (24-hour clock) on day 0, or `d3 HH:MM` on day 3.
    pub fn parse(text: &str) -> Result<SimTime, String> {
        if let Some(rest) = text.strip_prefix('d') {
            let (day, time) = rest.split_once(' ').ok_or_else(|| {
                format!("`{text}`: write a later day as \"d3 09:30\" (day 3 at 09:30)")
            })?;
            let day: u32 =
                day.parse().ok().filter(|d| *d <= 3650).ok_or_else(|| {
                    format!("`{text}`: `d{day}` is not a day number from 0 to 3650")
                })?;
            return Ok(SimTime::parse(time.trim())?.on_day(day));
        }
        let parts: Vec<&str> = text.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(format!(
                "`{text}` is not a clock time; write it as \"HH:MM\" or \"HH:MM:SS\", e.g. \"09:30\""
            ));
        }
        let number = |part: &str, what: &str, max: u32| -> Result<u32, String> {
            let value: u32 = part
                .parse()
                .map_err(|_| format!("`{text}`: the {what} `{part}` is not a number"))?;
            if value > max {
                return Err(format!("`{text}`: the {what} must be at most {max}"));
            }
            Ok(value)
        };
        let hours = number(parts[0], "hour", 23)?;
        let minutes = number(parts[1], "minute", 59)?;
        let seconds = match parts.get(2) {
            Some(part) => number(part, "second", 59)?,
            None => 0,
        };
        Ok(SimTime::hms(hours, minutes, seconds))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.day() > 0 {
            write!(f, "d{} ", self.day())?;
        }
        let t = self.time_of_day().0;
        let (h, m, s) = (t / 3600, (t / 60) % 60, t % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

impl Serialize for SimTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for SimTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SimTime::parse(&text).map_err(de::Error::custom)
    }
}

/// A length of simulated time as written in content: `Seconds(30)` or `Minutes(2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SimDuration {
    Seconds(u32),
    Minutes(u32),
}

impl SimDuration {
    pub fn seconds(self) -> u32 {
        match self {
            SimDuration::Seconds(s) => s,
            SimDuration::Minutes(m) => m.saturating_mul(60),
        }
    }
}

impl Default for SimDuration {
    fn default() -> Self {
        SimDuration::Seconds(0)
    }
}

/// When a scripted action happens: an office-clock time (`"09:02:10"`), or a time after its
/// event arrived (`"+10s"`, `"+2m"`, `"+1m30s"`) so scripts keep working when a seed moves events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionTime {
    At(SimTime),
    AfterArrival(u32),
}

impl ActionTime {
    pub fn parse(text: &str) -> Result<ActionTime, String> {
        let Some(rest) = text.strip_prefix('+') else {
            return SimTime::parse(text).map(ActionTime::At);
        };
        let bad = || {
            format!("`{text}` is not a time after the event; write \"+30s\", \"+2m\" or \"+1m30s\"")
        };
        let mut total: u32 = 0;
        let mut digits = String::new();
        let mut seen_unit = false;
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                'm' | 's' => {
                    let n: u32 = digits.parse().map_err(|_| bad())?;
                    digits.clear();
                    total = total.saturating_add(if c == 'm' { n.saturating_mul(60) } else { n });
                    seen_unit = true;
                }
                _ => return Err(bad()),
            }
        }
        if !digits.is_empty() || !seen_unit {
            return Err(bad());
        }
        Ok(ActionTime::AfterArrival(total))
    }
}

impl fmt::Display for ActionTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionTime::At(t) => write!(f, "{t}"),
            ActionTime::AfterArrival(s) if s % 60 == 0 => write!(f, "+{}m", s / 60),
            ActionTime::AfterArrival(s) if *s > 60 => write!(f, "+{}m{}s", s / 60, s % 60),
            ActionTime::AfterArrival(s) => write!(f, "+{s}s"),
        }
    }
}

impl Serialize for ActionTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ActionTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ActionTime::parse(&text).map_err(de::Error::custom)
    }
}

/// A day relative to the day the scenario is played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Day {
    #[default]
    Today,
    DaysAgo(u32),
    DaysAhead(u32),
    /// Counts Monday–Friday only, as offices and the No Surprises Act do.
    BusinessDaysAhead(u32),
}

impl Day {
    /// Calendar days from today (negative: in the past), business days counted on the
    /// office's calendar (weekends and its holidays skipped).
    pub fn offset_days(self, calendar: &super::Calendar) -> i64 {
        match self {
            Day::Today => 0,
            Day::DaysAgo(n) => -i64::from(n),
            Day::DaysAhead(n) => i64::from(n),
            Day::BusinessDaysAhead(n) => {
                let date = calendar.add_business_days(calendar.today, n);
                date.days() - calendar.today.days()
            }
        }
    }
}

/// A person's age on the day played, as written in content: `Years(34)`, `Months(2)`, `Days(10)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Age {
    Years(u32),
    Months(u32),
    Days(u32),
}

impl Age {
    pub fn whole_months(self) -> u32 {
        match self {
            Age::Years(y) => y.saturating_mul(12),
            Age::Months(m) => m,
            Age::Days(d) => d * 12 / 365,
        }
    }

    /// Under 18 on the day played.
    pub fn is_minor(self) -> bool {
        match self {
            Age::Years(years) => years < 18,
            Age::Months(_) | Age::Days(_) => true,
        }
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Age::Years(n) => write!(f, "{n} years"),
            Age::Months(n) => write!(f, "{n} months"),
            Age::Days(n) => write!(f, "{n} days"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_parse_and_print() {
        assert_eq!(SimTime::parse("09:30"), Ok(SimTime::hms(9, 30, 0)));
        assert_eq!(SimTime::parse("17:05:09"), Ok(SimTime::hms(17, 5, 9)));
        assert_eq!(SimTime::hms(9, 5, 0).to_string(), "09:05");
        assert_eq!(SimTime::hms(9, 5, 7).to_string(), "09:05:07");
        assert!(SimTime::parse("24:00").is_err());
        assert!(SimTime::parse("9.30").is_err());
        assert!(SimTime::parse("09:61").is_err());
    }

    #[test]
    fn relative_action_times_parse() {
        assert_eq!(ActionTime::parse("+30s"), Ok(ActionTime::AfterArrival(30)));
        assert_eq!(ActionTime::parse("+2m"), Ok(ActionTime::AfterArrival(120)));
        assert_eq!(
            ActionTime::parse("+1m30s"),
            Ok(ActionTime::AfterArrival(90))
        );
        assert_eq!(
            ActionTime::parse("10:00"),
            Ok(ActionTime::At(SimTime::hms(10, 0, 0)))
        );
        assert!(ActionTime::parse("+30").is_err());
        assert!(ActionTime::parse("+x").is_err());
        assert_eq!(ActionTime::AfterArrival(90).to_string(), "+1m30s");
    }

    #[test]
    fn business_days_skip_weekends() {
        let calendar = super::super::Calendar::new(
            super::super::Date::parse("2026-03-12").expect("a Thursday"),
            super::super::Weekday::ALL[..5].to_vec(),
            Vec::new(),
        );
        assert_eq!(Day::BusinessDaysAhead(1).offset_days(&calendar), 1);
        assert_eq!(Day::BusinessDaysAhead(2).offset_days(&calendar), 4);
        assert_eq!(Day::DaysAgo(2).offset_days(&calendar), -2);
    }

    #[test]
    fn later_days_parse_and_print() {
        let t = SimTime::parse("d3 09:30").expect("day 3");
        assert_eq!(t, SimTime::hms(9, 30, 0).on_day(3));
        assert_eq!(t.to_string(), "d3 09:30");
        assert_eq!(t.day(), 3);
        assert_eq!(t.hour(), 9);
        assert!(SimTime::parse("d3").is_err());
        assert!(SimTime::parse("dx 09:00").is_err());
    }
}
