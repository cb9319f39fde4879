//! `pehchan bench-report [--records N]`: milliseconds to collect and report on N synthetic records,
//! from memory and from a folder on disk.

use pehchan::workshop::model::RECORDS_DIR;
use pehchan::workshop::{Collected, collect, report, synth};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(n: usize, scenarios: Option<&Path>) -> ExitCode {
    let Some(lib) = super::open_library(scenarios) else {
        return ExitCode::FAILURE;
    };
    if lib.scenarios.is_empty() {
        eprintln!("the library has no playable scenario");
        return ExitCode::FAILURE;
    }
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; use `cargo run --release -- bench-report` for meaningful \
             figures"
        );
    }
    let t = Instant::now();
    let records = synth::records(&lib, n, 42);
    let generate = ms(t);

    let copy = records.clone();
    let t = Instant::now();
    let col = Collected::from_records(copy);
    let collect_mem = ms(t);
    let t = Instant::now();
    let rep = report(&lib, &col, None);
    let report_mem = ms(t);
    let decisions: usize = col.records.iter().map(|r| r.choices.len()).sum();
    println!(
        "{} records: {} scenario(s), {} participants, {} finished, {} decisions",
        rep.read.counted,
        rep.scenarios.len(),
        rep.participants.total,
        rep.sessions.finished,
        decisions
    );
    println!("{}", rep.summary());

    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot create a temporary folder: {e}");
            return ExitCode::FAILURE;
        }
    };
    let recs = dir.path().join(RECORDS_DIR);
    let t = Instant::now();
    let written = std::fs::create_dir_all(&recs).and_then(|()| {
        records
            .iter()
            .try_for_each(|r| std::fs::write(recs.join(r.file_name()), r.to_ron()))
    });
    if let Err(e) = written {
        eprintln!("{}: cannot write records: {e}", recs.display());
        return ExitCode::FAILURE;
    }
    let write = ms(t);
    let t = Instant::now();
    let col_disk = match collect(dir.path()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let collect_disk = ms(t);
    let t = Instant::now();
    let rep_disk = report(&lib, &col_disk, None);
    let report_disk = ms(t);
    if rep_disk.read.counted != rep.read.counted {
        eprintln!(
            "records read back from disk differ: {} counted, {} from memory",
            rep_disk.read.counted, rep.read.counted
        );
        return ExitCode::FAILURE;
    }
    for (what, t) in [
        ("generate (random walks)", generate),
        ("collect from memory", collect_mem),
        ("report", report_mem),
        ("collect + report, memory", collect_mem + report_mem),
        ("write to a temp folder", write),
        ("collect from disk", collect_disk),
        ("report", report_disk),
        ("collect + report, disk", collect_disk + report_disk),
    ] {
        println!("{what:<28} {t:>10.1} ms");
    }
    ExitCode::SUCCESS
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
