//! The knowledge test: assessment.ron items in two parallel forms, test records and scoring.

mod gains;
mod model;
mod record;
mod score;
pub mod validate;

pub use gains::{
    Gain, ItemStat, ObjectiveGain, TestReport, TestSkipped, TestsRead, collect_tests, gains, t975,
};
pub use model::{ASSESSMENT_FILE, Assessment, Form, Item, ItemKind, TestOption};
pub use record::{Answer, Phase, TESTS_DIR, TestRecord, TestRecordError};
pub use score::{Fingerprints, ObjectiveResult, TestResult, item_hash, parse_answers, score};
pub use validate::{load_assessment, validate};
