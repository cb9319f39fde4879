//! Fuzz target: a workshop.ron parsed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pehchan::scenario::load::parse;
use pehchan::workshop::Workshop;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse::<Workshop>("workshop.ron", text);
    }
});
