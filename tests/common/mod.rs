//! Shared helpers for the integration tests: fixture paths and library loading.
// Each test binary uses only some of these helpers; the rest would warn as unused there.
#![allow(dead_code)]

use pehchan::scenario::Library;
use pehchan::scenario::library::SourceFile;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The fixture library (curriculum + airport-mini).
pub fn fixture_lib() -> Library {
    Library::load_dir(&fixtures().join("lib")).expect("fixture library loads")
}

/// Loads one file of tests/fixtures/broken against the fixture curriculum, as `pehchan check`
/// would.
pub fn check_broken(name: &str) -> Library {
    let dir = fixtures().join("broken");
    let cur = SourceFile::read(&dir.join("curriculum.ron")).unwrap();
    let mut f = SourceFile::read(&dir.join(name)).unwrap();
    f.name = name.to_string();
    Library::from_sources(&cur, &[f]).expect("fixture curriculum is valid")
}

/// Path of the built `pehchan` binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_pehchan")
}

/// A session record of the fixture case "airport-mini" played from `seed` with `choices`; the
/// pseudo-choice "best" plays the best option at every step to the end.
pub fn fixture_record(
    lib: &Library,
    seed: u64,
    participant: &str,
    choices: &[&str],
) -> pehchan::records::SessionRecord {
    let ls = lib
        .get("airport-mini")
        .expect("the fixture library has airport-mini");
    let mut s = pehchan::engine::Session::start(ls.scenario.clone(), seed, "en").unwrap();
    let mut rec = pehchan::records::SessionRecord::new(ls, seed, participant, "en");
    for &c in choices {
        if c == "best" {
            while !s.is_finished() {
                let step = s.step();
                let ids: Vec<&str> = step.choices.iter().map(|c| c.id.as_str()).collect();
                let pick = [
                    "private",
                    "interp-choice",
                    "indicators",
                    "wait",
                    "refer-women",
                    "refer-legal",
                ]
                .into_iter()
                .find(|p| ids.contains(p))
                .expect("a best choice is offered");
                s.choose(pick).unwrap();
            }
        } else {
            s.choose(c).unwrap();
        }
        rec.update(&s);
    }
    rec
}

/// Runs the `pehchan` binary in the crate folder.
pub fn run_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("pehchan runs")
}

/// (stdout, stderr) of a finished command as text.
pub fn output_text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The fixture library with airport-mini edited (one score changed), so its hash no longer matches
/// records made with the original.
pub fn changed_fixture_lib() -> Library {
    let dir = fixtures().join("lib");
    let cur = SourceFile::read(&dir.join("curriculum.ron")).unwrap();
    let mut f = SourceFile::read(&dir.join("airport-mini.ron")).unwrap();
    let edited = f.text.replace(
        "Score(\"victim_centred\", -3)",
        "Score(\"victim_centred\", -1)",
    );
    assert_ne!(edited, f.text, "the fixture still has the score this edits");
    f.text = edited;
    Library::from_sources(&cur, &[f]).unwrap()
}

/// A temporary library folder: the fixture library plus the fixture knowledge test.
pub fn test_library() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for f in ["curriculum.ron", "airport-mini.ron"] {
        std::fs::copy(fixtures().join("lib").join(f), d.path().join(f)).unwrap();
    }
    std::fs::copy(
        fixtures().join("assessment/assessment.ron"),
        d.path().join("assessment.ron"),
    )
    .unwrap();
    d
}
