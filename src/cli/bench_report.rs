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
        errln!("the library has no playable scenario");
        return ExitCode::FAILURE;
    }
    if cfg!(debug_assertions) {
        errln!(
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
    outln!(
        "{} records: {} scenario(s), {} participants, {} finished, {} decisions",
        rep.read.counted,
        rep.scenarios.len(),
        rep.participants.total,
        rep.sessions.finished,
        decisions
    );
    outln!("{}", rep.summary());

    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            errln!("cannot create a temporary folder: {e}");
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
        errln!("{}: cannot write records: {e}", recs.display());
        return ExitCode::FAILURE;
    }
    let write = ms(t);
    let t = Instant::now();
    let col_disk = match collect(dir.path()) {
        Ok(c) => c,
        Err(e) => {
            errln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let collect_disk = ms(t);
    let t = Instant::now();
    let rep_disk = report(&lib, &col_disk, None);
    let report_disk = ms(t);
    if rep_disk.read.counted != rep.read.counted {
        errln!(
            "records read back from disk differ: {} counted, {} from memory",
            rep_disk.read.counted,
            rep.read.counted
        );
        return ExitCode::FAILURE;
    }
    let tests = match lib.assessment.as_deref() {
        Some(a) => match bench_tests(&lib, a, n, dir.path()) {
            Ok(t) => t,
            Err(e) => {
                errln!("{e}");
                return ExitCode::FAILURE;
            }
        },
        None => Vec::new(),
    };
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
        outln!("{what:<28} {t:>10.1} ms");
    }
    for (what, t) in tests {
        outln!("{what:<28} {t:>10.1} ms");
    }
    ExitCode::SUCCESS
}

/// The knowledge test's part: n synthetic test records (n/2 participants, pre and post), their
/// gains from memory, and written to and read back from the folder's tests/.
fn bench_tests(
    lib: &pehchan::scenario::Library,
    a: &pehchan::assessment::Assessment,
    n: usize,
    dir: &Path,
) -> Result<Vec<(&'static str, f64)>, String> {
    use pehchan::assessment::{TESTS_DIR, collect_tests, gains};
    let plan = pehchan::workshop::model::TestPlan::default();
    let t = Instant::now();
    let recs = synth::test_records(a, plan, n, 43);
    let generate = ms(t);
    let t = Instant::now();
    let r = gains(a, &lib.curriculum, plan.pre, plan.post, &recs, &recs);
    let gains_mem = ms(t);
    outln!(
        "{} test records: {} pre-test(s), {} post-test(s), {} paired, {} item(s)",
        recs.len(),
        r.pre_tests,
        r.post_tests,
        r.paired,
        r.items.len()
    );
    let tests = dir.join(TESTS_DIR);
    let t = Instant::now();
    std::fs::create_dir_all(&tests)
        .and_then(|()| {
            recs.iter()
                .try_for_each(|x| std::fs::write(tests.join(x.file_name()), x.to_ron()))
        })
        .map_err(|e| format!("{}: cannot write test records: {e}", tests.display()))?;
    let write = ms(t);
    let t = Instant::now();
    let read = collect_tests(dir);
    let collect = ms(t);
    let t = Instant::now();
    let again = gains(
        a,
        &lib.curriculum,
        plan.pre,
        plan.post,
        &read.records,
        &read.records,
    );
    let gains_disk = ms(t);
    if again.paired != r.paired {
        return Err(format!(
            "test records read back differ: {} paired, {} from memory",
            again.paired, r.paired
        ));
    }
    Ok(vec![
        ("tests: generate", generate),
        ("tests: gains, memory", gains_mem),
        ("tests: write to the folder", write),
        ("tests: collect from disk", collect),
        ("tests: gains", gains_disk),
        ("tests: collect + gains, disk", collect + gains_disk),
    ])
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
