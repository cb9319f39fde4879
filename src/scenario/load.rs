//! Parsing RON text into the model, with every failure turned into a located `Diagnostic`.

use super::diag::{Diagnostic, Severity, offset_of};
use super::spans::SpanIndex;
use crate::versions::Version;
use ron::extensions::Extensions;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The RON options every Pehchan file is read with: `Some(..)` may be left out around optional
/// values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

#[derive(Deserialize)]
struct Header {
    format: Option<u32>,
}

/// Parses `src` (named `file` in messages) as a `T` of format 1.
pub fn parse<T: DeserializeOwned + HasFormat>(file: &str, src: &str) -> Result<T, Vec<Diagnostic>> {
    let v: T = read_ron(file, src, &T::VERSION).map_err(|f| {
        vec![match f {
            ReadFailure::Malformed(d) => d,
            ReadFailure::Format(n) => format_error(file, src, n, &T::VERSION),
        }]
    })?;
    if T::VERSION.reads(v.format()) {
        Ok(v)
    } else {
        Err(vec![format_error(file, src, v.format(), &T::VERSION)])
    }
}

/// Why a RON text did not read as the type asked for.
#[derive(Debug)]
pub enum ReadFailure {
    /// Not readable (nested too deep, or not RON of this shape): the located diagnostic.
    Malformed(Diagnostic),
    /// Not readable, and its `format` is one that `version` does not read: the number found (a
    /// file from a newer Pehchan is refused as such, not as a heap of unknown fields).
    Format(u32),
}

/// Reads `src` as a `T` with Pehchan's RON options, after the nesting guard. Every RON file
/// Pehchan reads comes through here; the caller checks the `format` of a `T` that did read.
pub fn read_ron<T: DeserializeOwned>(
    file: &str,
    src: &str,
    version: &Version,
) -> Result<T, ReadFailure> {
    super::nesting::check(file, src).map_err(ReadFailure::Malformed)?;
    ron_options()
        .from_str::<T>(src)
        .map_err(|e| match ron_options().from_str::<Header>(src) {
            Ok(Header { format: Some(n) }) if !version.reads(n) => ReadFailure::Format(n),
            _ => ReadFailure::Malformed(ron_error(file, src, &e)),
        })
}

/// Types that carry a `format` number.
pub trait HasFormat {
    /// The versions of this kind of file that this build reads.
    const VERSION: Version;
    fn format(&self) -> u32;
}

impl HasFormat for super::model::Scenario {
    const VERSION: Version = crate::versions::SCENARIO;
    fn format(&self) -> u32 {
        self.format
    }
}
impl HasFormat for super::model::Curriculum {
    const VERSION: Version = crate::versions::SCENARIO;
    fn format(&self) -> u32 {
        self.format
    }
}

fn format_error(file: &str, src: &str, found: u32, v: &Version) -> Diagnostic {
    let idx = SpanIndex::build(src);
    let path = super::spans::Path::root().field("format");
    let span = idx.find(&path).unwrap_or(0..0);
    Diagnostic::at(
        "unsupported-format",
        file,
        src,
        Severity::Error,
        span,
        path.to_string(),
        v.refusal(found),
        if found > v.current {
            format!(
                "the file was written for a newer Pehchan; update Pehchan, or ask its author for \
                 a format {} copy",
                v.current
            )
        } else {
            format!(
                "set `format: {}` and check the file against docs/format.md",
                v.current
            )
        },
    )
}

/// Turns a RON/serde error into a located diagnostic with the field path it happened in.
pub fn ron_error(file: &str, src: &str, e: &ron::error::SpannedError) -> Diagnostic {
    let mut start = offset_of(src, e.span.start.line, e.span.start.col);
    let message = e.code.to_string();
    if message.contains("Expected comma") {
        // RON notices a missing comma at the next value; point just after the previous one instead.
        let before = src[..start].trim_end();
        start = before
            .len()
            .saturating_sub(before.chars().next_back().map_or(0, char::len_utf8));
    } else {
        // RON reports some errors before the white space that precedes the offending value.
        start += src[start..].len() - src[start..].trim_start().len();
    }
    let mut end = offset_of(src, e.span.end.line, e.span.end.col).max(start);
    if end <= start {
        end = src[start..]
            .chars()
            .next()
            .map(|c| start + c.len_utf8())
            .unwrap_or(start);
    }
    if let Some(key) = message
        .strip_prefix(super::model::DUPLICATE_NODE)
        .and_then(|k| k.strip_prefix('"'))
        .and_then(|k| k.strip_suffix('"'))
    {
        // Point at the second definition: the span index keeps the last key it saw.
        let p = super::spans::Path::root().field("nodes").key(key);
        if let Some(span) = SpanIndex::build(src).find_key(&p) {
            return Diagnostic::at(
                "duplicate-node",
                file,
                src,
                Severity::Error,
                span,
                p.to_string(),
                message,
                "node ids must be unique; rename or merge one of the two".into(),
            );
        }
    }
    let path = SpanIndex::path_at_offset(src, start)
        .map(|p| p.to_string())
        .unwrap_or_default();
    let hint = hint_for(&message);
    Diagnostic::at(
        ron_code(&e.code),
        file,
        src,
        Severity::Error,
        start..end,
        path,
        message,
        hint,
    )
}

/// The rule code of a RON/serde error: what kind of mistake it is.
fn ron_code(e: &ron::Error) -> &'static str {
    use ron::Error as E;
    match e {
        E::NoSuchStructField { .. } => "unknown-field",
        E::MissingStructField { .. } => "missing-field",
        E::DuplicateStructField { .. } => "duplicate-field",
        E::NoSuchEnumVariant { .. } => "unknown-variant",
        E::InvalidValueForType { .. }
        | E::ExpectedDifferentLength { .. }
        | E::ExpectedInteger
        | E::ExpectedFloat
        | E::ExpectedBoolean
        | E::ExpectedString
        | E::ExpectedArray
        | E::ExpectedMap
        | E::ExpectedOption
        | E::ExpectedUnit
        | E::IntegerOutOfBounds => "wrong-type",
        E::Message(_) => "invalid-value",
        _ => "syntax",
    }
}

fn hint_for(message: &str) -> String {
    let m = message.to_lowercase();
    if m.contains("unknown field") || m.contains("no such field") {
        "check the spelling of the field; docs/format.md lists the fields of each part".into()
    } else if m.contains("missing") && m.contains("field") {
        "add the field named above; docs/format.md says what it takes".into()
    } else if m.contains("unknown variant") || m.contains("no variant") {
        "use one of the names listed in the message, spelled exactly".into()
    } else if m.contains("expected") && (m.contains("comma") || m.contains("`,`")) {
        "a comma is probably missing after the previous value".into()
    } else if m.contains("unclosed") || m.contains("eof") || m.contains("end of") {
        "a bracket, parenthesis or quote is not closed".into()
    } else if m.contains("string or a map") || m.contains("language") {
        "write text as \"...\" or as {\"en\": \"...\", \"ur\": \"...\"}".into()
    } else {
        "see docs/format.md for the shape of each part".into()
    }
}
