//! `pehchan export-xapi DIR --out FILE.jsonl`: a workshop's records as xAPI statements, a line
//! each.

use super::print_diagnostics;
use pehchan::assessment::collect_tests;
use pehchan::files::write_atomic;
use pehchan::workshop::model::WORKSHOP_FILE;
use pehchan::workshop::xapi::statements;
use pehchan::workshop::xapi_test::test_statements;
use pehchan::workshop::{Workshop, collect};
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, out: &Path, scenarios: Option<&Path>) -> ExitCode {
    let Some(all) = workshop_statements(dir, scenarios) else {
        return ExitCode::FAILURE;
    };
    let mut text = String::new();
    for s in &all {
        text.push_str(&s.to_string());
        text.push('\n');
    }
    match write_atomic(out, text.as_bytes()) {
        Ok(()) => {
            outln!("wrote {} statement(s) to {}", all.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("{}: cannot write: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// The statements of a workshop folder's records, printing what was read and what was skipped and
/// why; None (after printing the reason) when the folder, its workshop.ron or the library is
/// unusable.
pub fn workshop_statements(dir: &Path, scenarios: Option<&Path>) -> Option<Vec<Value>> {
    let lib = super::open_library(scenarios)?;
    let workshop = if dir.join(WORKSHOP_FILE).is_file() {
        match Workshop::load(dir) {
            Ok(w) => Some(w),
            Err(d) => {
                print_diagnostics(&d);
                return None;
            }
        }
    } else {
        None
    };
    let collected = match collect(dir) {
        Ok(c) => c,
        Err(e) => {
            errln!("{e}");
            return None;
        }
    };
    if workshop.is_none() {
        errln!(
            "note: {} has no {WORKSHOP_FILE}; the statements name no workshop",
            dir.display()
        );
    }
    errln!("{}", collected.summary());
    for s in &collected.skipped {
        errln!("  skipped {}: {}", s.file.display(), s.reason);
    }
    let (mut all, mut skipped) = statements(&lib, workshop.as_ref(), &collected.records);
    let mut records = collected.records.len();
    if let Some(a) = lib.assessment.as_deref() {
        let tests = collect_tests(dir);
        if tests.files > 0 {
            errln!(
                "read {} test file(s): {} test record(s), {} duplicate(s), {} skipped",
                tests.files,
                tests.records.len(),
                tests.duplicates,
                tests.skipped.len()
            );
            for (f, why) in &tests.skipped {
                errln!("  skipped {f}: {why}");
            }
            records += tests.records.len();
            let (t, ts) = test_statements(a, workshop.as_ref(), &tests.records);
            all.extend(t);
            skipped.extend(ts);
        }
    }
    errln!(
        "{} statement(s) from {} record(s); {} record(s) not exported",
        all.len(),
        records - skipped.len(),
        skipped.len()
    );
    for s in &skipped {
        errln!("  record {}: {}", s.record, s.reason);
    }
    if !skipped.is_empty() {
        errln!(
            "  hint: replay needs the library the records were made with: \
             give it with --scenarios DIR"
        );
    }
    Some(all)
}
