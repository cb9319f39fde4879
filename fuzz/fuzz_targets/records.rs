//! Fuzz target: a session record and a test record parsed; a session record that parses is
//! replayed against the bundled library.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pehchan::assessment::TestRecord;
use pehchan::records::SessionRecord;
use pehchan::scenario::Library;
use std::sync::OnceLock;

fn library() -> &'static Library {
    static L: OnceLock<Library> = OnceLock::new();
    L.get_or_init(|| Library::bundled().expect("the bundled library"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(r) = SessionRecord::parse("record.ron", text) {
            let _ = r.replay(library());
        }
        let _ = TestRecord::parse("test.ron", text);
    }
});
