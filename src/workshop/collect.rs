//! Collects the session records of a workshop folder: every `.ron` under records/ (subfolders too,
//! as copied from USB sticks), each record counted once by its id; unreadable or foreign files are
//! reported with the reason and skipped, never changed.

use super::model::RECORDS_DIR;
use crate::records::SessionRecord;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file that was not counted, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub file: PathBuf,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// Distinct records, sorted by (participant, scenario, start time, id).
    pub records: Vec<SessionRecord>,
    /// Files read (records counted + duplicates + skipped).
    pub files: usize,
    /// Copies of a record already counted (same id).
    pub duplicates: usize,
    pub skipped: Vec<Skipped>,
}

impl Collected {
    /// "read N record files: X counted, Y duplicates, Z skipped" for every report.
    pub fn summary(&self) -> String {
        format!(
            "read {} record file(s): {} counted, {} duplicate copies ignored, {} skipped",
            self.files,
            self.records.len(),
            self.duplicates,
            self.skipped.len()
        )
    }
}

/// Collects DIR/records (or DIR itself when it has no records/ folder).
pub fn collect(dir: &Path) -> Result<Collected, String> {
    let root = if dir.join(RECORDS_DIR).is_dir() {
        dir.join(RECORDS_DIR)
    } else {
        dir.to_path_buf()
    };
    if !root.is_dir() {
        return Err(format!("{}: no such folder", dir.display()));
    }
    let files = crate::files::ron_files(&root, true)
        .map_err(|e| format!("{}: cannot list: {e}", root.display()))?;
    let mut records = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for f in &files {
        match SessionRecord::load(f) {
            Ok(r) => records.push(r),
            Err(e) => skipped.push(Skipped {
                file: f.clone(),
                reason: e.to_string(),
            }),
        }
    }
    let mut out = Collected::from_records(records);
    out.files = files.len();
    out.skipped = skipped;
    Ok(out)
}

impl Collected {
    /// Records already in memory (from a USB sync, or generated): each id counted once, sorted as
    /// `collect` sorts; `files` is the number of records given.
    pub fn from_records(all: Vec<SessionRecord>) -> Collected {
        let mut out = Collected {
            files: all.len(),
            ..Default::default()
        };
        let mut seen = HashSet::with_capacity(all.len());
        for r in all {
            if seen.insert(r.id.clone()) {
                out.records.push(r);
            } else {
                out.duplicates += 1;
            }
        }
        out.records.sort_by(|a, b| {
            (&a.participant, &a.scenario_id, &a.started_at, &a.id).cmp(&(
                &b.participant,
                &b.scenario_id,
                &b.started_at,
                &b.id,
            ))
        });
        out
    }
}
