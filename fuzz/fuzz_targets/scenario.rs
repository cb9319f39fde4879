//! Fuzz target: a scenario file loaded, validated and analysed against the bundled curriculum.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pehchan::scenario::Library;
use pehchan::scenario::library::{BUNDLED, SourceFile};
use std::sync::OnceLock;

fn curriculum() -> &'static SourceFile {
    static C: OnceLock<SourceFile> = OnceLock::new();
    C.get_or_init(|| SourceFile {
        name: "curriculum.ron".into(),
        text: BUNDLED
            .get_file("curriculum.ron")
            .and_then(|f| f.contents_utf8())
            .expect("the bundled curriculum")
            .to_string(),
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let f = SourceFile {
            name: "case.ron".into(),
            text: text.to_string(),
        };
        let _ = Library::from_sources(curriculum(), &[f]);
    }
});
