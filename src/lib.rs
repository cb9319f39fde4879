//! Pehchan: branching real-case scenarios on trafficking in persons and smuggling of migrants.
//!
//! The core (`scenario`, `engine`, `scoring`, `records`) never imports Bevy; `app` renders it.

#[cfg(feature = "app")]
pub mod app;
pub mod assessment;
pub mod engine;
pub mod files;
pub mod records;
pub mod scenario;
pub mod scoring;
pub mod strings;
pub mod versions;
pub mod workshop;
