//! Session records: a versioned, serialisable run (scenario, hash, seed, choices), saved
//! atomically.

mod playthrough;
pub use playthrough::{PlayError, Playthrough, SaveTo};

use crate::engine::{EngineError, Session};
pub use crate::files::write_atomic;
use crate::scenario::diag::Diagnostic;
use crate::scenario::load::{ReadFailure, read_ron};
use crate::scenario::{Library, LoadedScenario};
use crate::scoring::{Debrief, debrief};
use crate::strings::file_safe;
use crate::versions::RECORD;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::time::SystemTime;

/// Self-declared gender, optional, for sex-disaggregated workshop reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
    Other,
}

impl Gender {
    /// "female", "male" or "other", as exports and reports write it.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Other => "other",
        }
    }
}

/// One run, enough to replay it exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub format: u32,
    /// Unique id (random hex); a record seen twice is counted once.
    pub id: String,
    pub scenario_id: String,
    /// SHA-256 of the scenario file the run was made with.
    pub scenario_hash: String,
    pub seed: u64,
    /// Pseudonymous participant code; never a name.
    pub participant: String,
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub lang: String,
    /// RFC 3339 UTC times.
    pub started_at: String,
    pub updated_at: String,
    pub choices: Vec<String>,
    pub finished: bool,
    #[serde(default)]
    pub ending: Option<String>,
    /// Room mode: for each decision, the room's votes per choice id (empty outside room mode).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub room_votes: Vec<std::collections::BTreeMap<String, u32>>,
}

impl SessionRecord {
    /// A new record for a session about to start.
    pub fn new(ls: &LoadedScenario, seed: u64, participant: &str, lang: &str) -> Self {
        let now = now();
        SessionRecord {
            format: RECORD.current,
            id: new_id(),
            scenario_id: ls.scenario.id.clone(),
            scenario_hash: ls.hash.clone(),
            seed,
            participant: participant.to_string(),
            gender: None,
            role: None,
            lang: lang.to_string(),
            started_at: now.clone(),
            updated_at: now,
            choices: Vec::new(),
            finished: false,
            ending: None,
            room_votes: Vec::new(),
        }
    }

    /// Brings the record up to date with a session's choices.
    pub fn update(&mut self, s: &Session) {
        self.choices = s.choices();
        self.finished = s.is_finished();
        self.ending = if self.finished {
            Some(s.node().to_string())
        } else {
            None
        };
        self.updated_at = now();
    }

    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("a record always serialises")
    }

    /// Parses a record, refusing other format versions.
    pub fn parse(name: &str, text: &str) -> Result<SessionRecord, RecordError> {
        let format = |found| RecordError::Format {
            file: name.to_string(),
            found,
        };
        let r: SessionRecord = read_ron(name, text, &RECORD).map_err(|f| match f {
            ReadFailure::Malformed(d) => RecordError::Malformed(Box::new(d)),
            ReadFailure::Format(n) => format(n),
        })?;
        if RECORD.reads(r.format) {
            Ok(r)
        } else {
            Err(format(r.format))
        }
    }

    pub fn load(path: &Path) -> Result<SessionRecord, RecordError> {
        let name = path.display().to_string();
        let text = crate::files::read_text(path).map_err(|e| RecordError::Io {
            file: name.clone(),
            error: e.to_string(),
        })?;
        SessionRecord::parse(&name, &text)
    }

    /// Writes the record atomically (temp file, fsync, rename, fsync of the folder).
    pub fn save(&self, path: &Path) -> Result<(), RecordError> {
        write_atomic(path, self.to_ron().as_bytes()).map_err(|e| RecordError::Io {
            file: path.display().to_string(),
            error: e.to_string(),
        })
    }

    /// The file name this record is saved under in a records folder.
    pub fn file_name(&self) -> String {
        format!(
            "{}-{}-{}.ron",
            file_safe(&self.participant),
            file_safe(&self.scenario_id),
            &self.id[..self.id.len().min(12)]
        )
    }

    /// Replays the record against the library and computes its debrief; refuses a changed scenario.
    pub fn replay(&self, lib: &Library) -> Result<(Session, Debrief), RecordError> {
        let s = self.session(lib)?;
        let ls = lib
            .get(&self.scenario_id)
            .ok_or_else(|| RecordError::UnknownScenario(self.scenario_id.clone()))?;
        let d = debrief(ls, &lib.curriculum, &s);
        Ok((s, d))
    }

    /// Replays the record's choices against the library; refuses a changed scenario.
    pub fn session(&self, lib: &Library) -> Result<Session, RecordError> {
        let ls = lib
            .get(&self.scenario_id)
            .ok_or_else(|| RecordError::UnknownScenario(self.scenario_id.clone()))?;
        if ls.hash != self.scenario_hash {
            return Err(RecordError::ScenarioChanged {
                scenario: self.scenario_id.clone(),
                file: ls.file.clone(),
                recorded: self.scenario_hash.clone(),
                current: ls.hash.clone(),
            });
        }
        let lang = if self.lang.is_empty() {
            "en"
        } else {
            &self.lang
        };
        Session::replay(ls.scenario.clone(), self.seed, lang, &self.choices)
            .map_err(RecordError::Replay)
    }
}

#[derive(Debug)]
pub enum RecordError {
    Io {
        file: String,
        error: String,
    },
    Malformed(Box<Diagnostic>),
    Format {
        file: String,
        found: u32,
    },
    UnknownScenario(String),
    ScenarioChanged {
        scenario: String,
        file: String,
        recorded: String,
        current: String,
    },
    Replay(EngineError),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Io { file, error } => write!(f, "{file}: {error}"),
            RecordError::Malformed(d) => write!(f, "{d}\n{}", d.snippet),
            RecordError::Format { file, found } => write!(f, "{file}: {}", RECORD.refusal(*found)),
            RecordError::UnknownScenario(id) => write!(
                f,
                "the record is of scenario `{id}`, which is not in the library"
            ),
            RecordError::ScenarioChanged {
                scenario,
                file,
                recorded,
                current,
            } => write!(
                f,
                "scenario `{scenario}` ({file}) has changed since this record was made (recorded \
                 {}…, now {}…); it is not rescored against the new version — replay it with \
                 the scenario file it was made with",
                &recorded[..recorded.len().min(12)],
                &current[..current.len().min(12)]
            ),
            RecordError::Replay(e) => write!(f, "the record cannot be replayed: {e}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// The unfinished records of the records folder `dir`, newest first, and the files that could not
/// be read (with why); a folder that cannot be listed has none.
pub fn unfinished(dir: &Path) -> (Vec<(std::path::PathBuf, SessionRecord)>, Vec<String>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    for p in crate::files::ron_files(dir, false).unwrap_or_default() {
        match SessionRecord::load(&p) {
            Ok(r) if !r.finished => found.push((p, r)),
            Ok(_) => {}
            Err(err) => bad.push(err.to_string()),
        }
    }
    found.sort_by(|a, b| b.1.updated_at.cmp(&a.1.updated_at));
    (found, bad)
}

/// The newest unfinished record of `participant` playing `scenario` in the records folder `dir`
/// (files that cannot be read are passed over: they are never overwritten, as a new session gets a
/// new file).
pub fn find_unfinished(
    dir: &Path,
    participant: &str,
    scenario: &str,
) -> Option<std::path::PathBuf> {
    unfinished(dir)
        .0
        .into_iter()
        .find(|(_, r)| r.participant == participant && r.scenario_id == scenario)
        .map(|(p, _)| p)
}

/// Current UTC time, RFC 3339 to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// A random 128-bit id in hex.
pub fn new_id() -> String {
    let v: u128 = rand::random();
    format!("{v:032x}")
}
