//! String helpers shared by every output: placeholders, first sentences, HTML escaping, file names.

/// A piece of a text with `{group.key}` placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text (`{{` and `}}` come out as one brace each).
    Lit(&'a str),
    /// The name between `{` and `}`.
    Placeholder(&'a str),
}

/// Splits `s` into literal text and placeholders; `{{` and `}}` stand for literal braces, and a
/// brace that opens nothing or closes nothing is literal.
pub fn pieces(s: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(i) = rest.find(['{', '}']) else {
            let lit = rest;
            rest = "";
            return Some(Piece::Lit(lit));
        };
        if i > 0 {
            let lit = &rest[..i];
            rest = &rest[i..];
            return Some(Piece::Lit(lit));
        }
        if rest.starts_with("{{") || rest.starts_with("}}") {
            let lit = &rest[..1];
            rest = &rest[2..];
            return Some(Piece::Lit(lit));
        }
        if rest.starts_with('{')
            && let Some(j) = rest.find('}')
        {
            let name = &rest[1..j];
            rest = &rest[j + 1..];
            return Some(Piece::Placeholder(name));
        }
        let lit = &rest[..1];
        rest = &rest[1..];
        Some(Piece::Lit(lit))
    })
}

/// The placeholder names in `s`, in order.
pub fn placeholders(s: &str) -> Vec<&str> {
    pieces(s)
        .filter_map(|p| match p {
            Piece::Placeholder(n) => Some(n),
            Piece::Lit(_) => None,
        })
        .collect()
}

/// Replaces each `{placeholder}` in `s` with what `value` gives for it; a placeholder `value` does
/// not know stays as written.
pub fn fill_placeholders(s: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(s.len());
    for p in pieces(s) {
        match p {
            Piece::Lit(t) => out.push_str(t),
            Piece::Placeholder(n) => match value(n) {
                Some(v) => out.push_str(&v),
                None => {
                    out.push('{');
                    out.push_str(n);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// Up to and including the first sentence end (. ! ? or Urdu ۔ ؟) followed by a space or the end.
pub fn first_sentence(s: &str) -> &str {
    let s = s.trim();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if matches!(c, '.' | '!' | '?' | '۔' | '؟') {
            match it.peek() {
                None => return s,
                Some(&(_, n)) if n.is_whitespace() => return &s[..i + c.len_utf8()],
                _ => {}
            }
        }
    }
    s
}

/// Escapes text for HTML and SVG (element content and attribute values).
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `s` with every character other than ASCII letters, digits, `-` and `_` replaced by `_`: safe in
/// a file name on every system.
pub fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The longest participant code accepted.
pub const MAX_CODE: usize = 32;

/// Checks a participant code: 1 to 32 letters, digits, `-` or `_` (it becomes part of file names).
pub fn check_code(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("the participant code is empty: give a code such as P07".into());
    }
    if s.chars().count() > MAX_CODE {
        return Err(format!(
            "the participant code has {} characters; use at most {MAX_CODE} (a code such as P07, never a name)",
            s.chars().count()
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "the participant code `{s}` has `{c}`: use only letters, digits, `-` and `_`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_escaped_braces_and_stray_ones() {
        let fill = |s: &str| fill_placeholders(s, |n| (n == "a.b").then(|| "X".to_string()));
        assert_eq!(fill("{a.b} and {{a.b}} and {c.d}"), "X and {a.b} and {c.d}");
        assert_eq!(fill("a } b { c"), "a } b { c");
        assert_eq!(placeholders("{{x}} {a.b} {c}"), vec!["a.b", "c"]);
        assert_eq!(placeholders("{{a}"), Vec::<&str>::new());
    }
}
