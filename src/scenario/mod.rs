//! Scenarios: the format-1 model, loading with located diagnostics, validation and analysis.

pub mod analyze;
pub mod catalog;
pub mod diag;
pub mod graph;
pub mod library;
pub mod lints;
pub mod load;
pub mod model;
pub mod nesting;
pub mod readability;
pub mod spans;
pub mod synth;
pub mod text;

pub use analyze::{Analysis, Bounds};
pub use diag::{Diagnostic, Severity};
pub use graph::Graph;
pub use library::{Library, LoadedScenario, SourceFile};
pub use model::*;
pub use text::Text;
