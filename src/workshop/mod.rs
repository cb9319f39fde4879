//! Workshops: a folder with workshop.ron and records/; collecting records from many laptops.

pub mod collect;
pub mod model;

pub use collect::{Collected, Skipped, collect};
pub use model::Workshop;
