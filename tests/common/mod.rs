//! Shared helpers for the integration tests: fixture paths and library loading.
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

/// Loads one file of tests/fixtures/broken against the fixture curriculum, as `pehchan check` would.
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
