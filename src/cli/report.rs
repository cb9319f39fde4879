//! `pehchan report DIR`: the facilitator's report on a workshop folder (terminal or JSON), with CSV
//! and HTML exports and a comparison with another workshop of the series.

use super::print_diagnostics;
use pehchan::files::write_atomic;
use pehchan::scenario::Library;
use pehchan::workshop::assess::{attach, first_of, series_gain};
use pehchan::workshop::assess_text::test_text;
use pehchan::workshop::csv::{DecisionRow, rows, to_csv};
use pehchan::workshop::html::report_html;
use pehchan::workshop::model::{RECORDS_DIR, WORKSHOP_FILE};
use pehchan::workshop::text::{comparison_text, report_text};
use pehchan::workshop::{Collected, Report, Workshop, collect, compare, report_with};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Options {
    pub scenarios: Option<PathBuf>,
    pub csv: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub test_csv: Option<PathBuf>,
    pub compare: Option<PathBuf>,
    pub json: bool,
}

pub fn run(dir: &Path, o: &Options) -> ExitCode {
    match run_inner(dir, o) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            if !msg.is_empty() {
                errln!("{msg}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Errors are returned as the message to print (empty when diagnostics were printed already).
fn run_inner(dir: &Path, o: &Options) -> Result<(), String> {
    let lib = super::open_library(o.scenarios.as_deref()).ok_or_else(String::new)?;
    if !lib.broken.is_empty() {
        errln!(
            "note: {} scenario file(s) of the library have errors; records of those cases are \
             skipped (see `pehchan check`)",
            lib.broken.len()
        );
    }
    let mut this = build(dir, &lib, o.csv.is_some())?;
    let other = match &o.compare {
        Some(d) => Some(build(d, &lib, false)?),
        None => None,
    };
    if let (Some(d), Some(a)) = (&o.compare, &other) {
        let [first, last] = first_of((dir, this.workshop.as_ref()), (d, a.workshop.as_ref()));
        this.report.series_assessment = series_gain(&lib, first, last);
    }
    let cmp = other.as_ref().map(|a| compare(&a.report, &this.report));
    // The files first: a reader of the printed report that stops early (`| head`) must not cost
    // the exports.
    let mut text = String::new();
    if o.json {
        let v = match (&other, &cmp) {
            (Some(a), Some(c)) => serde_json::json!({
                "report": this.report, "other": a.report, "comparison": c
            }),
            _ => serde_json::to_value(&this.report).map_err(|e| e.to_string())?,
        };
        text = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())? + "\n";
    } else {
        text.push_str(&report_text(&this.report));
        if let Some(c) = &cmp {
            text.push('\n');
            text.push_str(&comparison_text(c));
        }
        if let Some(t) = &this.report.series_assessment {
            text.push_str(&test_text(
                t,
                None,
                "Knowledge test across the series (first pre-test to last post-test)",
            ));
        }
    }
    if let Some(p) = &o.csv {
        let text =
            to_csv(&this.rows).map_err(|e| format!("{}: cannot write CSV: {e}", p.display()))?;
        save(p, &text)?;
    }
    if let Some(p) = &o.test_csv {
        let a = lib
            .assessment
            .as_deref()
            .ok_or_else(|| "--test-csv: the library has no assessment.ron".to_string())?;
        let title = this.workshop.as_ref().map_or("", |w| w.title.as_str());
        let recs = pehchan::assessment::collect_tests(dir).records;
        let rows = pehchan::workshop::csv_test::answer_rows(title, a, &recs);
        let text = pehchan::workshop::csv_test::answers_csv(&rows)
            .map_err(|e| format!("{}: cannot write CSV: {e}", p.display()))?;
        save(p, &text)?;
    }
    if let Some(p) = &o.html {
        save(p, &report_html(&this.report, cmp.as_ref()))?;
    }
    out!("{text}");
    if o.json {
        errln!("{}", this.report.summary());
    }
    Ok(())
}

struct Built {
    report: Report,
    rows: Vec<DecisionRow>,
    workshop: Option<Workshop>,
}

/// Reads a workshop folder and reports on it; with `want_rows`, also the CSV rows.
fn build(dir: &Path, lib: &Library, want_rows: bool) -> Result<Built, String> {
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "no such workshop folder"
        };
        return Err(format!(
            "{}: {what}\n  hint: give the folder that holds {WORKSHOP_FILE} and {RECORDS_DIR}/, \
             or create one with `pehchan workshop new DIR`",
            dir.display()
        ));
    }
    let workshop = if dir.join(WORKSHOP_FILE).is_file() {
        Some(Workshop::load(dir).map_err(|d| {
            print_diagnostics(&d);
            String::new()
        })?)
    } else {
        errln!(
            "note: {} has no {WORKSHOP_FILE}; reporting its records without workshop details",
            dir.display()
        );
        None
    };
    let collected = if workshop.is_some() && !dir.join(RECORDS_DIR).is_dir() {
        errln!("note: {} has no {RECORDS_DIR}/ folder yet", dir.display());
        Collected::default()
    } else {
        collect(dir)?
    };
    let title = workshop
        .as_ref()
        .map_or_else(|| dir.display().to_string(), |w| w.title.clone());
    let mut out = Vec::new();
    let mut report = report_with(lib, &collected, workshop.as_ref(), |r, _, d| {
        if want_rows {
            out.extend(rows(&title, r, d));
        }
    });
    attach(&mut report, lib, dir, workshop.as_ref());
    Ok(Built {
        report,
        rows: out,
        workshop,
    })
}

fn save(path: &Path, text: &str) -> Result<(), String> {
    write_atomic(path, text.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    errln!("wrote {}", path.display());
    Ok(())
}
