//! Workshops: a folder with workshop.ron and records/; collecting records from many laptops, and
//! the facilitator's report on them (terminal, JSON, CSV, HTML), compared across a series; xAPI
//! export and LRS sync.

pub mod assess;
pub mod assess_text;
pub mod collect;
pub mod compare;
pub mod csv;
pub mod csv_test;
pub mod html;
pub mod lrs;
pub mod model;
mod neutral;
pub mod report;
pub mod stats;
mod svg;
pub mod sync;
pub mod synth;
mod tally;
pub mod text;
pub mod xapi;
pub mod xapi_test;

pub use collect::{Collected, Skipped, collect};
pub use compare::{Comparison, compare};
pub use model::Workshop;
pub use report::{Report, report, report_with};
