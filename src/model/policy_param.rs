//! The numbers clinics differ on. A policy pack sets them in `values` (`"ring_seconds": 6`) and
//! rules read them with `Policy("ring_seconds")`. Each parameter's meaning, unit and default are
//! declared here, once; a parameter without a default must be set by every policy whose rules
//! read it (`frontdesk check` says where it is missing).

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

macro_rules! policy_params {
    ($($variant:ident => $name:literal, $unit:literal, $default:expr, $meaning:literal;)*) => {
        /// A named number of an office policy.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum PolicyParam { $($variant),* }

        impl PolicyParam {
            pub const ALL: &'static [PolicyParam] = &[$(PolicyParam::$variant),*];

            /// The name written in policy packs and rules.
            pub fn name(self) -> &'static str {
                match self { $(PolicyParam::$variant => $name),* }
            }

            /// What the number is counted in.
            pub fn unit(self) -> &'static str {
                match self { $(PolicyParam::$variant => $unit),* }
            }

            /// The value when a policy does not set it; `None` when every policy must.
            pub fn default_value(self) -> Option<u32> {
                match self { $(PolicyParam::$variant => $default),* }
            }

            /// One line on what it means, for the docs and `frontdesk words`.
            pub fn meaning(self) -> &'static str {
                match self { $(PolicyParam::$variant => $meaning),* }
            }
        }
    };
}

policy_params! {
    RingSeconds => "ring_seconds", "seconds", Some(6),
        "one ring of the desk phone (North American ringing: 2 s on, 4 s off)";
    AnswerWithinSeconds => "answer_within_seconds", "seconds", Some(18),
        "answer a ringing line within this long (3 rings of 6 s)";
    HoldCheckBackSeconds => "hold_check_back_seconds", "seconds", Some(45),
        "check back with a caller on hold within this long (public guidance: 30-60 s)";
    EmergencyAdviceSeconds => "emergency_advice_seconds", "seconds", None,
        "a 911-level call, or warning signs at the window: act (911, a clinician) within this long; each clinic's protocol sets it";
    MaxBookedMinutesPerHour => "max_booked_minutes_per_hour", "minutes", Some(60),
        "booked minutes allowed per provider per clock hour, double-books included";
    MaxDoubleBooksPerHour => "max_double_books_per_hour", "double-books", Some(1),
        "double-books allowed per provider per clock hour (0: none at all)";
    MaxDoubleBooksPerDay => "max_double_books_per_day", "double-books", Some(2),
        "double-books allowed per provider per day (0: none at all)";
    RingPatienceSeconds => "ring_patience_seconds", "seconds", Some(90),
        "a caller left ringing this long hangs up";
    HoldPatienceSeconds => "hold_patience_seconds", "seconds", Some(180),
        "a caller left on hold this long without anyone coming back hangs up";
    WaitImpatientSeconds => "wait_impatient_seconds", "seconds", Some(600),
        "a patient waiting unattended at the window grows impatient after this long";
    WaitAngrySeconds => "wait_angry_seconds", "seconds", Some(1200),
        "…grows angry and complains after this long";
    WaitLeaveSeconds => "wait_leave_seconds", "seconds", Some(1800),
        "…and leaves without being seen after this long";
    LateCancelHours => "late_cancel_hours", "hours", Some(24),
        "a cancellation with less notice than this counts as late (office policy)";
    ExpiringSoonDays => "expiring_soon_days", "days", Some(30),
        "supplies and AED pads this close to their use-by date are reordered now";
    AedCheckDays => "aed_check_days", "days", Some(30),
        "days between AED checks (manufacturers and AHA guidance: monthly)";
    KitCheckDays => "kit_check_days", "days", Some(30),
        "days between emergency-kit checks";
    ExtinguisherCheckDays => "extinguisher_check_days", "days", Some(30),
        "days between extinguisher inspections (29 CFR 1910.157(e)(2): monthly)";
}

impl PolicyParam {
    pub fn named(name: &str) -> Option<PolicyParam> {
        PolicyParam::ALL.iter().copied().find(|p| p.name() == name)
    }
}

impl fmt::Display for PolicyParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for PolicyParam {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for PolicyParam {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl de::Visitor<'_> for Name {
            type Value = PolicyParam;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the name of a policy parameter, e.g. \"ring_seconds\"")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<PolicyParam, E> {
                PolicyParam::named(name).ok_or_else(|| {
                    let names: Vec<&str> = PolicyParam::ALL.iter().map(|p| p.name()).collect();
                    let near = crate::diagnostic::did_you_mean(name, names.iter().copied());
                    E::custom(match near {
                        Some(near) => format!(
                            "`{}` is not a policy parameter; did you mean `{near}`?",
                            crate::diagnostic::shorten(name)
                        ),
                        None => format!(
                            "`{}` is not a policy parameter; they are: {}",
                            crate::diagnostic::shorten(name),
                            names.join(", ")
                        ),
                    })
                })
            }
        }
        deserializer.deserialize_str(Name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_read_by_name_and_say_what_they_are() {
        let p: PolicyParam = ron::from_str("\"ring_seconds\"").expect("known");
        assert_eq!(p, PolicyParam::RingSeconds);
        assert_eq!(p.default_value(), Some(6));
        assert_eq!(PolicyParam::EmergencyAdviceSeconds.default_value(), None);
        let err = ron::from_str::<PolicyParam>("\"ring_second\"").expect_err("unknown");
        assert!(
            err.to_string().contains("did you mean `ring_seconds`"),
            "{err}"
        );
        for p in PolicyParam::ALL {
            assert!(!p.meaning().is_empty() && !p.unit().is_empty());
        }
    }
}
