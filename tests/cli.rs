//! The command line as facilitators script it: exit codes, messages, golden transcripts, JSON.

mod common;

use common::{output_text as text, run_cli as run};

/// Compares with tests/golden/NAME, or rewrites it when UPDATE_GOLDEN=1.
fn golden(name: &str, actual: &str) {
    let path = common::fixtures()
        .parent()
        .unwrap()
        .join("golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    assert_eq!(
        actual,
        expected,
        "transcript differs from {}",
        path.display()
    );
}

#[test]
fn check_passes_on_the_bundled_library_and_fails_on_broken_files() {
    let o = run(&["check"]);
    let (_, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("0 error(s)"), "{err}");

    let o = run(&["check", "tests/fixtures/broken/bad-goto.ron"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains(
            "tests/fixtures/broken/bad-goto.ron:15:46: error: `goto` names a node that does not \
             exist: `ned`"
        ),
        "{err}"
    );
    assert!(err.contains("15 │"), "the snippet shows the line: {err}");

    // Warnings pass unless denied.
    assert!(
        run(&["check", "tests/fixtures/broken/no-feedback.ron"])
            .status
            .success()
    );
    assert_eq!(
        run(&[
            "check",
            "--deny-warnings",
            "tests/fixtures/broken/no-feedback.ron"
        ])
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn unknown_paths_and_bad_arguments_fail_cleanly() {
    for args in [
        vec!["check", "no/such/dir"],
        vec!["play", "no-such-case"],
        vec!["analyze", "tests/fixtures"],
        vec!["replay", "no/such/record.ron"],
        vec![
            "play",
            "tests/fixtures/lib/airport-mini.ron",
            "--seed",
            "abc",
        ],
        vec!["frobnicate"],
    ] {
        let o = run(&args);
        let (_, err) = text(&o);
        assert!(!o.status.success(), "{args:?} should fail");
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        assert!(!err.trim().is_empty(), "{args:?} says why");
    }
    let (_, err) = text(&run(&["play", "no-such-case"]));
    assert!(err.contains("no bundled scenario has this id"), "{err}");
    let (_, err) = text(&run(&["check", "no/such/dir"]));
    assert!(
        err.contains("no/such/dir: error: no such file or folder"),
        "{err}"
    );
}

#[test]
fn scripted_play_matches_the_golden_transcripts() {
    let f = "tests/fixtures/lib/airport-mini.ron";
    let o = run(&[
        "play",
        f,
        "--seed",
        "0",
        "--choose",
        "private,interp-choice,indicators,refer-legal",
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    golden("airport-mini-best.txt", &text(&o).0);
    let o = run(&[
        "play",
        f,
        "--seed",
        "4",
        "--choose",
        "private,interp-agent,dismiss",
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    golden("airport-mini-dismiss.txt", &text(&o).0);
    // Through a route: the agent interpreted, so the referral ends partly protected.
    let o = run(&[
        "play",
        f,
        "--seed",
        "0",
        "--choose",
        "private,interp-agent,indicators,refer-legal",
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    golden("airport-mini-route.txt", &text(&o).0);
    // A choice that is not offered is an error naming what is.
    let o = run(&["play", f, "--seed", "0", "--choose", "private,fly"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains(
            "choice `fly` is not available at node `room`; available: interp-choice, interp-agent"
        ),
        "{}",
        text(&o).1
    );
}

#[test]
fn analyze_json_best_path_plays_to_the_best_total() {
    let f = "tests/fixtures/lib/airport-mini.ron";
    let o = run(&["analyze", f, "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in ["paths", "endings", "objectives", "best_path"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["objectives"]["victim_centred"]["best"], 2);
    assert_eq!(v["objectives"]["victim_centred"]["worst"], -3);
    assert_eq!(v["endings"]["cell"], "Harmful");
    let path: Vec<String> = v["best_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let seed = v["best_seed"].as_u64().unwrap().to_string();
    let o = run(&["play", f, "--seed", &seed, "--choose", &path.join(",")]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let best = v["best_total"].as_i64().unwrap();
    let total = out
        .lines()
        .find(|l| l.trim_start().starts_with("total "))
        .expect("a total line");
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        vec![
            "total".to_string(),
            best.to_string(),
            "/".into(),
            best.to_string()
        ],
        "{out}"
    );
}

#[test]
fn readability_measures_one_case_by_file_or_id_and_a_whole_folder() {
    let rows = |args: &[&str]| {
        let o = run(args);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{args:?}: {err}");
        out.lines()
            .filter(|l| l.contains(".ron"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let by_id = rows(&["readability", "taftan-deportees"]);
    assert_eq!(by_id.len(), 1, "{by_id:?}");
    assert!(by_id[0].contains("taftan-deportees.ron"), "{by_id:?}");
    assert_eq!(
        rows(&["readability", "scenarios/taftan-deportees.ron"]).len(),
        1
    );
    let cases = std::fs::read_dir("scenarios")
        .unwrap()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with(".ron") && n != "curriculum.ron" && n != "assessment.ron"
        })
        .count();
    assert_eq!(rows(&["readability", "scenarios"]).len(), cases);
    let o = run(&[
        "readability",
        "tests/fixtures/lib",
        "--json",
        "--worst",
        "2",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &v.as_array().unwrap()[0];
    assert!(first["feedback_grade"].as_f64().is_some(), "{first}");
    assert!(first["hardest"].as_array().unwrap().len() <= 2);
    assert!(!run(&["readability", "no-such-case"]).status.success());
}

#[test]
fn play_records_and_replay_gives_the_same_debrief() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("p1.ron");
    let rec_s = rec.to_str().unwrap();
    let o = run(&[
        "play",
        "tests/fixtures/lib/airport-mini.ron",
        "--seed",
        "9",
        "--choose",
        "private,interp-agent,dismiss",
        "--participant",
        "P01",
        "--record",
        rec_s,
    ]);
    assert!(o.status.success());
    let played = text(&o).0;
    let o = run(&["replay", rec_s, "--scenarios", "tests/fixtures/lib"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let debrief =
        &played[played.find("== Debrief").unwrap()..played.find("\nrecord saved").unwrap()];
    assert!(
        out.contains(debrief.trim_end()),
        "replay:\n{out}\nplay:\n{debrief}"
    );
    assert!(
        out.contains("participant P01 — seed 9 — 3 choice(s)"),
        "{out}"
    );
    // Against the bundled library the fixture scenario is unknown: a clear error.
    let o = run(&["replay", rec_s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("not in the library"), "{}", text(&o).1);
}

#[test]
fn bench_runs_on_a_small_size() {
    let o = run(&["bench", "--nodes", "300", "--runs", "1"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let row = out
        .lines()
        .find(|l| l.trim_start().starts_with("300"))
        .expect("a row for 300 nodes");
    assert_eq!(row.split_whitespace().count(), 7, "{row}");
}
