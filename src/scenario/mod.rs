//! The RON shapes instructors write for the desk: scenarios, offices and policy packs. Schema
//! only; reading files is `source`'s job, loading a folder and checking that everything fits
//! together is `library`'s.

mod reactions;
mod registration;
mod schema;

pub use reactions::{Consequence, Effect, Patience, When};
pub use registration::{Companion, EligibilityResponse, Guardian, InsuranceCard, Registration};
pub use schema::*;
