//! Typed ids: a patient id cannot be passed where an event id is wanted. Each is a string in
//! RON and JSON and reads as a `&str` wherever text is wanted. They are shared, not copied
//! (`Arc<str>`): an attempt clones ids with every action it logs.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident;)*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Arc<str>);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                $name(Arc::from(id.into()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(Arc::from(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(Arc::from(id))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name::from)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                *self.0 == **other
            }
        }
    )*};
}

id_type! {
    /// A scenario (`Scenario.id`).
    ScenarioId;
    /// An event of a scenario's timeline: a call, a walk-in, a message, an alert.
    EventId;
    /// A patient of a scenario.
    PatientId;
    /// A provider of an office.
    ProviderId;
    /// A rule, cited by test plans and reports ("TRI-01").
    RuleId;
    /// A policy pack.
    PolicyId;
    /// An office.
    OfficeId;
    /// A dialogue choice of an event.
    ChoiceId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_as_text_and_serialise_as_plain_strings() {
        let id = PatientId::from("caller");
        assert_eq!(id, "caller");
        assert_eq!(&*id, "caller");
        assert_eq!(id.to_string(), "caller");
        assert_eq!(serde_json::to_string(&id).expect("json"), "\"caller\"");
        let back: EventId = ron::from_str("\"call-1\"").expect("ron");
        assert_eq!(back.as_str(), "call-1");
    }
}
