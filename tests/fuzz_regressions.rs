//! Every input with which fuzzing (tools/fuzz.sh) once crashed the program, kept in
//! tests/fixtures/fuzz/ and run on stable: each must now load to a located error, not a panic.

use pehchan::scenario::load::parse;
use pehchan::scenario::spans::SpanIndex;
use pehchan::workshop::Workshop;

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name);
    String::from_utf8(std::fs::read(&p).unwrap()).unwrap()
}

/// A map key that is a character literal ending in a backslash at the end of the file: the span
/// scanner stepped past the end and sliced out of bounds (the `workshop` target, 213,439 runs).
#[test]
fn a_char_literal_key_with_an_escape_at_the_end_of_the_file() {
    let text = fixture("workshop-char-escape-at-end.ron");
    assert!(text.ends_with('\\'));
    let _ = SpanIndex::build(&text);
    let d = parse::<Workshop>("workshop.ron", &text).unwrap_err();
    assert!(d[0].line >= 1 && d[0].col >= 1, "{d:?}");
    // The same shape in every position the scanner reads a value.
    for t in ["{'\\", "['\\", "(a: '\\", "'\\", "{'é\\"] {
        let _ = SpanIndex::build(t);
        let _ = SpanIndex::path_at_offset(t, t.len());
        assert!(parse::<Workshop>("w.ron", t).is_err(), "{t}");
    }
}
