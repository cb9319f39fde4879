//! A participant's answers to one form, saved atomically after every answer like a session record.

use super::model::{Assessment, Form};
use super::score::item_hash;
use crate::files::write_atomic;
use crate::records::{Gender, new_id, now};
use crate::scenario::diag::Diagnostic;
use crate::scenario::load::{ReadFailure, read_ron};
use crate::strings::file_safe;
use crate::versions::TEST_RECORD;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// Before or after the cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Phase {
    Pre,
    Post,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Pre => "pre",
            Phase::Post => "post",
        }
    }
}

/// One answered item, with the hash of the item as it was asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub item: String,
    pub chosen: Vec<String>,
    pub item_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestRecord {
    pub format: u32,
    pub id: String,
    pub form: Form,
    pub phase: Phase,
    pub participant: String,
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub lang: String,
    pub started_at: String,
    pub updated_at: String,
    pub answers: Vec<Answer>,
    pub finished: bool,
}

/// The folder of a workshop that holds its test records.
pub const TESTS_DIR: &str = "tests";

impl TestRecord {
    pub fn new(form: Form, phase: Phase, participant: &str, lang: &str) -> Self {
        let t = now();
        TestRecord {
            format: TEST_RECORD.current,
            id: new_id(),
            form,
            phase,
            participant: participant.to_string(),
            gender: None,
            role: None,
            lang: lang.to_string(),
            started_at: t.clone(),
            updated_at: t,
            answers: Vec::new(),
            finished: false,
        }
    }

    /// Records an answer (replacing an earlier one to the same item) and marks the record
    /// finished once every item of the form is answered.
    pub fn answer(&mut self, a: &Assessment, item: &str, chosen: Vec<String>) {
        let Some(it) = a.item(item) else { return };
        let ans = Answer {
            item: item.to_string(),
            chosen,
            item_hash: item_hash(it),
        };
        match self.answers.iter_mut().find(|x| x.item == item) {
            Some(x) => *x = ans,
            None => self.answers.push(ans),
        }
        self.finished = a
            .form(self.form)
            .iter()
            .all(|i| self.answers.iter().any(|x| x.item == i.id));
        self.updated_at = now();
    }

    /// The index in the form of the first item not yet answered (the form's length when done).
    pub fn next_item(&self, a: &Assessment) -> usize {
        let items = a.form(self.form);
        items
            .iter()
            .position(|i| !self.answers.iter().any(|x| x.item == i.id))
            .unwrap_or(items.len())
    }

    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("a test record always serialises")
    }

    pub fn parse(name: &str, text: &str) -> Result<TestRecord, TestRecordError> {
        let format = |found| TestRecordError::Format {
            file: name.to_string(),
            found,
        };
        let r: TestRecord = read_ron(name, text, &TEST_RECORD).map_err(|f| match f {
            ReadFailure::Malformed(d) => TestRecordError::Malformed(Box::new(d)),
            ReadFailure::Format(n) => format(n),
        })?;
        if TEST_RECORD.reads(r.format) {
            Ok(r)
        } else {
            Err(format(r.format))
        }
    }

    pub fn load(path: &Path) -> Result<TestRecord, TestRecordError> {
        let name = path.display().to_string();
        let text = crate::files::read_text(path).map_err(|e| TestRecordError::Io {
            file: name.clone(),
            error: e.to_string(),
        })?;
        TestRecord::parse(&name, &text)
    }

    /// Writes the record atomically (temp file, fsync, rename).
    pub fn save(&self, path: &Path) -> Result<(), TestRecordError> {
        write_atomic(path, self.to_ron().as_bytes()).map_err(|e| TestRecordError::Io {
            file: path.display().to_string(),
            error: e.to_string(),
        })
    }

    pub fn file_name(&self) -> String {
        format!(
            "{}-{}-{}-{}.ron",
            file_safe(&self.participant),
            self.phase.name(),
            self.form.name(),
            &self.id[..self.id.len().min(12)]
        )
    }

    /// The unfinished record of this participant and form in `dir`, to resume after a crash.
    pub fn find_unfinished(dir: &Path, participant: &str, form: Form) -> Option<(PathBuf, Self)> {
        let files = crate::files::ron_files(dir, true).ok()?;
        files
            .into_iter()
            .filter_map(|p| TestRecord::load(&p).ok().map(|r| (p, r)))
            .filter(|(_, r)| r.participant == participant && r.form == form && !r.finished)
            .max_by(|a, b| a.1.updated_at.cmp(&b.1.updated_at))
    }
}

#[derive(Debug)]
pub enum TestRecordError {
    Io { file: String, error: String },
    Malformed(Box<Diagnostic>),
    Format { file: String, found: u32 },
}

impl fmt::Display for TestRecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TestRecordError::Io { file, error } => write!(f, "{file}: {error}"),
            TestRecordError::Malformed(d) => write!(f, "{d}\n{}", d.snippet),
            TestRecordError::Format { file, found } => {
                write!(f, "{file}: {}", TEST_RECORD.refusal(*found))
            }
        }
    }
}

impl std::error::Error for TestRecordError {}
