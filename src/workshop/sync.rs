//! Sends a workshop's new xAPI statements to an LRS in batches; sync-state.json remembers what it
//! took.

use super::lrs::{Lrs, LrsError, Posted};
use crate::files::write_atomic;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file in a workshop folder that remembers what was sent.
pub const STATE_FILE: &str = "sync-state.json";
/// The version of the state file's layout (see `crate::versions`).
pub const STATE_FORMAT: u32 = crate::versions::SYNC_STATE.current;
/// Statements per POST unless told otherwise.
pub const DEFAULT_BATCH: usize = 50;

/// DIR/sync-state.json: per statements endpoint, the ids of statements it has accepted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncState {
    pub format: u32,
    pub endpoints: BTreeMap<String, Endpoint>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Ids of the statements this LRS has (stored, already had, or had with other content).
    pub accepted: BTreeSet<String>,
    /// RFC 3339 time of the last batch it accepted.
    #[serde(default)]
    pub updated_at: String,
}

impl SyncState {
    /// Reads DIR/sync-state.json; a folder without one has sent nothing yet.
    pub fn load(dir: &Path) -> Result<SyncState, SyncError> {
        let path = dir.join(STATE_FILE);
        let text = match crate::files::read_text(&path) {
            Ok(t) => t,
            Err(e) if e.is_not_found() => {
                return Ok(SyncState {
                    format: STATE_FORMAT,
                    ..Default::default()
                });
            }
            Err(e) => return Err(SyncError::state(&path, e.to_string())),
        };
        if let Err(d) = crate::scenario::nesting::check(&path.display().to_string(), &text) {
            return Err(SyncError::state(
                &path,
                format!("{}:{}: {}", d.line, d.col, d.message),
            ));
        }
        let state: SyncState = serde_json::from_str(&text).map_err(|e| {
            SyncError::state(
                &path,
                format!(
                    "not a sync state file ({e}); delete it to send every statement again \
                     (an LRS keeps one copy of each)"
                ),
            )
        })?;
        if !crate::versions::SYNC_STATE.reads(state.format) {
            return Err(SyncError::state(
                &path,
                crate::versions::SYNC_STATE.refusal(state.format),
            ));
        }
        Ok(state)
    }

    /// Writes DIR/sync-state.json atomically.
    pub fn save(&self, dir: &Path) -> Result<(), SyncError> {
        let path = dir.join(STATE_FILE);
        let mut text = serde_json::to_string_pretty(self).expect("a sync state always serialises");
        text.push('\n');
        write_atomic(&path, text.as_bytes()).map_err(|e| SyncError::state(&path, e.to_string()))
    }
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Statements of the workshop.
    pub statements: usize,
    /// Statements this LRS had accepted in earlier runs (not sent again).
    pub earlier: usize,
    /// Statements accepted in this run.
    pub sent: usize,
    /// Of those, statements the LRS held under the same id with other content (409 Conflict).
    pub conflicts: usize,
    /// POST requests made.
    pub requests: usize,
}

#[derive(Debug)]
pub enum SyncError {
    Lrs(LrsError),
    State { file: PathBuf, error: String },
}

impl SyncError {
    fn state(file: &Path, error: String) -> SyncError {
        SyncError::State {
            file: file.to_path_buf(),
            error,
        }
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Lrs(e) => e.fmt(f),
            SyncError::State { file, error } => write!(f, "{}: {error}", file.display()),
        }
    }
}

impl std::error::Error for SyncError {}

/// A sync that stopped: what it had done (and remembered) before the error.
#[derive(Debug)]
pub struct SyncFailed {
    pub report: SyncReport,
    pub error: SyncError,
}

impl fmt::Display for SyncFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if self.report.sent > 0 {
            write!(
                f,
                "\n  {} statement(s) were accepted before this and are remembered in {STATE_FILE}; \
                 run sync again to send the rest",
                self.report.sent
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for SyncFailed {}

/// Sends the statements of `dir` that `lrs` has not accepted yet, `batch` per request, saving the
/// state after every accepted batch. A batch answered 409 Conflict is sent again one statement at a
/// time, and a statement the LRS holds with other content counts as sent (its id is taken).
pub fn sync(
    dir: &Path,
    statements: &[Value],
    lrs: &Lrs,
    batch: usize,
) -> Result<SyncReport, SyncFailed> {
    let mut report = SyncReport {
        statements: statements.len(),
        ..Default::default()
    };
    let fail = |report: &SyncReport, error| SyncFailed {
        report: report.clone(),
        error,
    };
    let mut state = SyncState::load(dir).map_err(|e| fail(&report, e))?;
    let key = lrs.endpoint().to_string();
    let done = state
        .endpoints
        .entry(key.clone())
        .or_default()
        .accepted
        .clone();
    let pending: Vec<&Value> = statements
        .iter()
        .filter(|s| !done.contains(id_of(s)))
        .collect();
    report.earlier = statements.len() - pending.len();
    for chunk in pending.chunks(batch.max(1)) {
        let owned: Vec<Value> = chunk.iter().map(|&s| s.clone()).collect();
        report.requests += 1;
        let posted = lrs
            .post(&owned)
            .map_err(|e| fail(&report, SyncError::Lrs(e)))?;
        if posted == Posted::Conflict {
            for one in &owned {
                report.requests += 1;
                let p = lrs
                    .post(std::slice::from_ref(one))
                    .map_err(|e| fail(&report, SyncError::Lrs(e)))?;
                if p == Posted::Conflict {
                    report.conflicts += 1;
                }
            }
        }
        let ep = state.endpoints.entry(key.clone()).or_default();
        ep.accepted
            .extend(owned.iter().map(|s| id_of(s).to_string()));
        ep.updated_at = crate::records::now();
        state.save(dir).map_err(|e| fail(&report, e))?;
        report.sent += owned.len();
    }
    Ok(report)
}

/// A statement's id ("" when it has none, which `xapi::statements` never produces).
fn id_of(s: &Value) -> &str {
    s["id"].as_str().unwrap_or("")
}
