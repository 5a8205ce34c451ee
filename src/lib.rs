//! Frontdesk: a training simulator for medical front-desk staff.
//!
//! The core (everything here) knows nothing of the desk app: content is loaded and validated
//! (`scenario`), played in a deterministic `sim::Session`, judged by data-driven `rules`, and
//! turned into a `scoring::Report`. See docs/ for the content format.

// Diagnostics are built on the cold path of content errors; boxing them buys nothing.
#![allow(clippy::result_large_err)]

#[cfg(feature = "gui")]
pub mod app;
pub mod diagnostic;
pub mod exam;
pub mod judge;
pub mod library;
pub mod model;
pub mod progress;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod scoring;
pub mod sim;
pub mod source;
pub mod xapi;
