//! Fuzz target: a curriculum file loaded and validated.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pehchan::scenario::Library;
use pehchan::scenario::library::SourceFile;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let f = SourceFile {
            name: "curriculum.ron".into(),
            text: text.to_string(),
        };
        let _ = Library::from_sources(&f, &[]);
    }
});
