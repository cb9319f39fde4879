//! The nesting guard: one linear pass over a RON text that refuses brackets nested too deep,
//! before any parser (serde's or the span index) can recurse on them.

use super::diag::{Diagnostic, Severity};

/// How deep brackets (`(`, `[`, `{`) may nest in any file Pehchan reads. The deepest bundled file
/// nests 9 levels; a record, 6.
pub const MAX_NESTING: usize = 64;

/// The byte offset of the first opening bracket nested deeper than `MAX_NESTING`, if any.
///
/// Strings (plain, escaped and raw), character literals and comments (line and nested block) are
/// skipped, so a bracket inside text never counts. Runs in time linear in the text and constant
/// memory.
pub fn too_deep(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'"' => i = skip_string(b, i + 1),
            b'r' if starts_raw(b, i) => i = skip_raw(b, i + 1),
            b'\'' => i = skip_char(b, i + 1),
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => i = skip_block_comment(b, i + 2),
            _ => i += 1,
        }
    }
    None
}

/// The located error for a text nested too deep, or Ok.
pub fn check(file: &str, src: &str) -> Result<(), Diagnostic> {
    match too_deep(src) {
        None => Ok(()),
        Some(at) => Err(Diagnostic::at(
            "too-deep",
            file,
            src,
            Severity::Error,
            at..at + 1,
            String::new(),
            format!("nesting deeper than {MAX_NESTING} levels"),
            "a Pehchan file never needs this many brackets inside one another; look for brackets \
             that were opened and never closed"
                .into(),
        )),
    }
}

/// `r"` or `r#…#"` that is not the end of an identifier (`for"` is not a raw string).
fn starts_raw(b: &[u8], i: usize) -> bool {
    let after_ident = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    if after_ident {
        return false;
    }
    let mut j = i + 1;
    while b.get(j) == Some(&b'#') {
        j += 1;
    }
    b.get(j) == Some(&b'"')
}

/// From just after an opening `"`, the offset just after the closing one.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// From just after the `r` of a raw string, the offset just after its closing `"#…#`.
fn skip_raw(b: &[u8], mut i: usize) -> usize {
    let mut hashes = 0;
    while b.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    while i < b.len() {
        if b[i] == b'"'
            && b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    b.len()
}

/// From just after an opening `'`: a character literal is short, so at most a few bytes are
/// skipped; an apostrophe that opens nothing is passed over.
fn skip_char(b: &[u8], i: usize) -> usize {
    let end = (i + 12).min(b.len());
    let mut j = i;
    while j < end {
        match b[j] {
            b'\\' => j += 2,
            b'\'' => return j + 1,
            b'\n' => return i,
            _ => j += 1,
        }
    }
    i
}

/// From just inside `/*`, the offset just after the matching `*/` (block comments nest in RON).
fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut depth = 1usize;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    }

    #[test]
    fn the_limit_is_exact() {
        assert_eq!(too_deep(&nested(MAX_NESTING)), None);
        assert_eq!(too_deep(&nested(MAX_NESTING + 1)), Some(MAX_NESTING));
    }

    #[test]
    fn brackets_in_text_and_comments_do_not_count() {
        let deep = "(".repeat(100);
        for src in [
            format!("(a: \"{deep}\")"),
            format!("(a: \"\\\"{deep}\")"),
            format!("(a: r#\"x\"{deep}\"#)"),
            format!("// {deep}\n()"),
            format!("/* /* {deep} */ {deep} */ ()"),
            format!("(a: '(', b: \"{deep}\")"),
        ] {
            assert_eq!(too_deep(&src), None, "{src}");
        }
        // Text after the string ends counts again.
        assert!(too_deep(&format!("(a: \"x\", b: {deep})")).is_some());
        // An identifier ending in r before a quote is not a raw string.
        assert!(too_deep(&format!("(for\"x\" {deep})")).is_some());
    }

    #[test]
    fn the_error_names_line_and_column() {
        let src = format!("(\n  a: {}1{}\n)", "[".repeat(64), "]".repeat(64));
        let d = check("deep.ron", &src).unwrap_err();
        assert_eq!((d.line, d.col), (2, 69));
        assert_eq!(d.code, "too-deep");
        assert!(d.message.contains("deeper than 64"), "{}", d.message);
    }
}
