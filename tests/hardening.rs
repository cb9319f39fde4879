//! Bounded resources on any input and a good Unix citizen: deep nesting and oversized files are
//! refused with a located message, a closed or full stdout ends the program cleanly, files are
//! written before anything is printed, and the exit codes are those the README documents.

mod common;
use common::{bin, output_text, run_cli};
use pehchan::records::SessionRecord;
use pehchan::scenario::library::SourceFile;
use pehchan::scenario::nesting::MAX_NESTING;
use std::process::{Command, Stdio};

/// A scenario file whose `nodes` holds `depth` nested lists.
fn deep_scenario(depth: usize) -> String {
    format!(
        "Scenario(\n    format: 1,\n    id: \"deep\",\n    nodes: {}{},\n)\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

#[test]
fn deep_nesting_is_refused_at_its_place_with_no_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    for depth in [65, 20_000, 200_000, 2_000_000] {
        let f = dir.path().join(format!("deep-{depth}.ron"));
        std::fs::write(&f, deep_scenario(depth)).unwrap();
        let out = run_cli(&["check", f.to_str().unwrap()]);
        let (_, err) = output_text(&out);
        assert_eq!(out.status.code(), Some(1), "depth {depth}: {err}");
        // `nodes: ` ends at column 11 of line 4; the 64th bracket there is level 65 (the
        // `Scenario(` around it is level 1).
        let place = format!("deep-{depth}.ron:4:{}", 11 + MAX_NESTING);
        assert!(
            err.contains(&place) && err.contains("nesting deeper than 64 levels"),
            "depth {depth}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // 63 levels inside the scenario (64 with it) are read as far as the format allows: the error
    // is then about the value, not the nesting.
    let f = dir.path().join("deep-ok.ron");
    std::fs::write(&f, deep_scenario(MAX_NESTING - 1)).unwrap();
    let (_, err) = output_text(&run_cli(&["check", f.to_str().unwrap()]));
    assert!(!err.contains("nesting deeper"), "{err}");
}

#[test]
fn every_kind_of_file_refuses_deep_nesting() {
    let deep = format!("({})", "[".repeat(10_000));
    let e = SessionRecord::parse("r.ron", &deep)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("nesting deeper than 64") && e.contains("r.ron:1:65"),
        "{e}"
    );
    let e = pehchan::assessment::TestRecord::parse("t.ron", &deep)
        .unwrap_err()
        .to_string();
    assert!(e.contains("nesting deeper than 64"), "{e}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("workshop.ron"), &deep).unwrap();
    let d = pehchan::workshop::Workshop::load(dir.path()).unwrap_err();
    assert!(
        d[0].message.contains("nesting deeper") && d[0].line == 1,
        "{d:?}"
    );
    std::fs::write(
        dir.path().join("sync-state.json"),
        format!("{{\"sent\": {}", "[".repeat(10_000)),
    )
    .unwrap();
    let e = pehchan::workshop::sync::SyncState::load(dir.path())
        .unwrap_err()
        .to_string();
    assert!(e.contains("nesting deeper"), "{e}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("huge.ron");
    // A sparse file: 65 MB long, no disk used; it is refused from its size alone.
    std::fs::File::create(&f)
        .unwrap()
        .set_len(pehchan::files::MAX_FILE_BYTES + (1 << 20))
        .unwrap();
    let out = run_cli(&["check", f.to_str().unwrap()]);
    let (_, err) = output_text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("huge.ron") && err.contains("over the 64 MB limit"),
        "{err}"
    );
    let e = SourceFile::read(&f).unwrap_err();
    assert!(e.message.contains("65.0 MB"), "{}", e.message);
    // A device that never ends is cut off at the limit, not read forever.
    if std::path::Path::new("/dev/zero").exists() {
        let e = SessionRecord::load(std::path::Path::new("/dev/zero"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("over the 64 MB limit"), "{e}");
    }
}

/// A workshop folder with one finished record of the fixture case.
fn workshop_with_a_record() -> tempfile::TempDir {
    let w = tempfile::tempdir().unwrap();
    let out = run_cli(&["workshop", "new", w.path().to_str().unwrap()]);
    assert!(out.status.success());
    let lib = common::fixture_lib();
    let rec = common::fixture_record(&lib, 1, "P01", &["best"]);
    rec.save(&w.path().join("records").join(rec.file_name()))
        .unwrap();
    w
}

#[test]
fn a_closed_stdout_ends_the_report_quietly_after_the_files_are_written() {
    let w = workshop_with_a_record();
    let lib = common::fixtures().join("lib");
    let (html, csv) = (w.path().join("r.html"), w.path().join("r.csv"));
    let mut child = Command::new(bin())
        .arg("report")
        .arg(w.path())
        .arg("--scenarios")
        .arg(&lib)
        .arg("--html")
        .arg(&html)
        .arg("--csv")
        .arg(&csv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the report is printed, as `| head` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert!(html.is_file() && csv.is_file(), "both exports are written");
}

#[test]
fn a_full_stdout_is_an_error_named_once() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this system
    };
    let out = Command::new(bin())
        .args(["analyze", "fir-statement-hyderabad"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--json")
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot write to standard output") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn an_export_that_cannot_be_written_names_the_file_and_prints_no_panic() {
    let w = workshop_with_a_record();
    let blocker = w.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let target = blocker.join("report.html");
    let out = Command::new(bin())
        .arg("report")
        .arg(w.path())
        .arg("--scenarios")
        .arg(common::fixtures().join("lib"))
        .arg("--html")
        .arg(&target)
        .output()
        .unwrap();
    let (stdout, err) = output_text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("report.html") && err.contains("cannot write"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        stdout.is_empty(),
        "nothing is printed when the files fail: {stdout}"
    );
}

#[test]
fn exit_codes_are_0_ok_1_problems_2_usage() {
    assert_eq!(run_cli(&["check"]).status.code(), Some(0));
    let broken = common::fixtures().join("broken/bad-goto.ron");
    assert_eq!(
        run_cli(&["check", broken.to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert_eq!(
        run_cli(&["check", "/no/such/folder"]).status.code(),
        Some(1)
    );
    assert_eq!(run_cli(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(run_cli(&["check", "--no-such-flag"]).status.code(), Some(2));
    // A participant code is checked where it is typed.
    let long = "P".repeat(5000);
    for code in [long.as_str(), "Ali Raza", "P07/x", ""] {
        let out = run_cli(&["play", "airport-mini", "--participant", code]);
        let (_, err) = output_text(&out);
        assert_eq!(out.status.code(), Some(2), "{code:.20}: {err}");
        assert!(err.contains("participant code"), "{err}");
    }
}
