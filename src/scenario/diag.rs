//! Located diagnostics: severity, `file:line:col`, field path, message, hint and a source snippet.

use super::spans::{Path, SpanIndex};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found in a file, before it is located.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// The stable rule code (`dead-end`, `bad-goto` ...): docs/format.md lists them.
    pub code: &'static str,
    pub path: Path,
    /// Point at the key or field name rather than the value (for duplicates and whole nodes).
    pub at_key: bool,
    pub message: String,
    pub hint: String,
}

impl Problem {
    pub fn error(
        code: &'static str,
        path: Path,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Error,
            code,
            path,
            at_key: false,
            message: message.into(),
            hint: hint.into(),
        }
    }
    pub fn warning(
        code: &'static str,
        path: Path,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            code,
            path,
            at_key: false,
            message: message.into(),
            hint: hint.into(),
        }
    }
    pub fn at_key(mut self) -> Self {
        self.at_key = true;
        self
    }
}

/// A problem with its place in a file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The stable rule code, e.g. `bad-goto`; file-level problems have `file`.
    pub code: &'static str,
    pub file: String,
    /// 1-based line and column (in characters); 0 when the problem is about the whole file.
    pub line: usize,
    pub col: usize,
    pub path: String,
    pub message: String,
    pub hint: String,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// The rendered snippet (with the source line and a caret), filled by `locate`.
    #[serde(skip)]
    pub snippet: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A problem with the file as a whole (unreadable, missing ...).
    pub fn file_error(file: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: "file",
            file: file.to_string(),
            line: 0,
            col: 0,
            path: String::new(),
            message: message.into(),
            hint: hint.into(),
            span: None,
            snippet: String::new(),
        }
    }

    /// A diagnostic with rule code `code` at byte `span` of `src`, with its snippet rendered.
    pub fn at(
        code: &'static str,
        file: &str,
        src: &str,
        severity: Severity,
        span: Range<usize>,
        path: String,
        message: String,
        hint: String,
    ) -> Self {
        let span = clamp(src, span);
        let (line, col) = line_col(src, span.start);
        let mut d = Diagnostic {
            severity,
            code,
            file: file.to_string(),
            line,
            col,
            path,
            message,
            hint,
            span: Some(span),
            snippet: String::new(),
        };
        d.snippet = render_snippet(&d, src);
        d
    }

    /// Places `problems` in `src` using its span index.
    pub fn locate(file: &str, src: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
        if problems.is_empty() {
            return Vec::new();
        }
        let idx = SpanIndex::build(src);
        let mut out: Vec<Diagnostic> = problems
            .into_iter()
            .map(|p| {
                let span = if p.at_key {
                    idx.find_key(&p.path)
                } else {
                    idx.find(&p.path)
                }
                .unwrap_or(0..0);
                Diagnostic::at(
                    p.code,
                    file,
                    src,
                    p.severity,
                    span,
                    p.path.to_string(),
                    p.message,
                    p.hint,
                )
            })
            .collect();
        out.sort_by_key(|d| (d.line, d.col, d.severity));
        out
    }
}

impl Diagnostic {
    /// The one-line form followed by the source snippet (for terminals and logs).
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        if !self.snippet.is_empty() {
            // codespan repeats the message on its first line; keep the located lines and notes.
            let body: Vec<&str> = self
                .snippet
                .lines()
                .skip(1)
                .filter(|l| !l.trim_start().starts_with("= hint:"))
                .collect();
            out.push('\n');
            out.push_str(body.join("\n").trim_end());
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error: message [at path]` then hint; the snippet is separate.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {sev}: {}",
                self.file, self.line, self.col, self.message
            )?;
        } else {
            write!(f, "{}: {sev}: {}", self.file, self.message)?;
        }
        if !self.path.is_empty() {
            write!(f, " [at {}]", self.path)?;
        }
        if !self.code.is_empty() {
            write!(f, " [{}]", self.code)?;
        }
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

fn clamp(src: &str, r: Range<usize>) -> Range<usize> {
    let mut s = r.start.min(src.len());
    while !src.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = r.end.clamp(s, src.len());
    while !src.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

/// 1-based line and character column of byte `offset`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of a 1-based line and character column.
pub fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return src.len(),
        }
    }
    let rest = &src[start..];
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(rest.len())
}

fn render_snippet(d: &Diagnostic, src: &str) -> String {
    let Some(span) = d.span.clone() else {
        return String::new();
    };
    let file = SimpleFile::new(d.file.as_str(), src);
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let label = if d.path.is_empty() {
        String::new()
    } else {
        d.path.clone()
    };
    let mut diag = base
        .with_code(d.code)
        .with_message(&d.message)
        .with_labels(vec![Label::primary((), span).with_message(label)]);
    if !d.hint.is_empty() {
        diag = diag.with_notes(vec![format!("hint: {}", d.hint)]);
    }
    term::emit_into_string(&Config::default(), &file, &diag).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_round_trips() {
        let src = "ab\ncdé\nf";
        for (off, lc) in [(0, (1, 1)), (3, (2, 1)), (5, (2, 3)), (8, (3, 1))] {
            assert_eq!(line_col(src, off), lc);
            assert_eq!(offset_of(src, lc.0, lc.1), off);
        }
    }
}
