//! The knowledge test: assessment.ron items in two parallel forms, test records and scoring.

mod model;
mod record;
mod score;
mod validate;

pub use model::{ASSESSMENT_FILE, Assessment, Form, Item, ItemKind, TestOption};
pub use record::{Answer, Phase, TESTS_DIR, TestRecord, TestRecordError};
pub use score::{ObjectiveResult, TestResult, item_hash, parse_answers, score};
pub use validate::{load_assessment, validate};
