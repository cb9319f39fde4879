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

/// A backslash before a character of several bytes inside a string: the span scanner stepped
/// one byte into the character and sliced inside it (the `workshop` target, 174,836 runs).
#[test]
fn an_escape_before_a_multibyte_character_in_a_string() {
    let text = fixture("workshop-escape-before-multibyte.ron");
    let _ = SpanIndex::build(&text);
    let d = parse::<Workshop>("workshop.ron", &text).unwrap_err();
    assert!(d[0].line >= 1 && d[0].col >= 1, "{d:?}");
    for t in [
        "{\"\\é\": 1}",
        "(a: \"\\ٹ\", b: [\"\\\u{1F600}x\"])",
        "{\"\\ڈ",
    ] {
        let _ = SpanIndex::build(t);
        let _ = SpanIndex::path_at_offset(t, t.len() / 2);
    }
    // The escaped character stays out of the key, as before, and the key after it is found.
    let src = "{\"a\\é\": 1, \"b\": 2}";
    let p = pehchan::scenario::spans::Path::root().key("b");
    assert_eq!(&src[SpanIndex::build(src).find(&p).unwrap()], "2");
}
