//! A tolerant RON scanner that maps field paths (`nodes["a"].choices[1].goto`) to byte ranges.
//!
//! Serde gives values without positions; validation names problems by path, and this index turns
//! a path back into the place in the file, so every diagnostic points at the offending value.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Field(String),
    Key(String),
    Index(usize),
}

/// A path from the top of a file to a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }
    pub fn field(&self, name: &str) -> Self {
        self.with(Seg::Field(name.to_string()))
    }
    pub fn key(&self, key: &str) -> Self {
        self.with(Seg::Key(key.to_string()))
    }
    pub fn index(&self, i: usize) -> Self {
        self.with(Seg::Index(i))
    }
    fn with(&self, s: Seg) -> Self {
        let mut v = self.0.clone();
        v.push(s);
        Path(v)
    }
    /// The path without its last step.
    pub fn parent(&self) -> Option<Path> {
        if self.0.is_empty() {
            None
        } else {
            Some(Path(self.0[..self.0.len() - 1].to_vec()))
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Field(n) if i == 0 => write!(f, "{n}")?,
                Seg::Field(n) => write!(f, ".{n}")?,
                Seg::Key(k) => write!(f, "[{k:?}]")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Byte ranges of every value in a RON text, by path.
#[derive(Debug, Default)]
pub struct SpanIndex {
    by_path: HashMap<Path, Range<usize>>,
    /// Spans of keys in maps and names of struct fields, so "duplicate key" can point at a key.
    key_spans: HashMap<Path, Range<usize>>,
}

impl SpanIndex {
    /// Scans `src`; stops quietly at the first thing it cannot read (serde reports that).
    pub fn build(src: &str) -> Self {
        let mut s = Scanner {
            b: src.as_bytes(),
            src,
            i: 0,
            idx: SpanIndex::default(),
        };
        let mut path = Path::root();
        s.ws();
        let _ = s.value(&mut path);
        s.idx
    }

    /// The range of the value at `path`, or of its nearest ancestor that was found.
    pub fn find(&self, path: &Path) -> Option<Range<usize>> {
        let mut p = Some(path.clone());
        while let Some(q) = p {
            if let Some(r) = self.by_path.get(&q) {
                return Some(r.clone());
            }
            p = q.parent();
        }
        None
    }

    /// The range of the key or field name that introduces the value at `path`.
    pub fn find_key(&self, path: &Path) -> Option<Range<usize>> {
        self.key_spans
            .get(path)
            .cloned()
            .or_else(|| self.find(path))
    }

    /// The innermost path whose value contains byte `offset`.
    pub fn path_at(&self, offset: usize) -> Option<Path> {
        self.by_path
            .iter()
            .chain(self.key_spans.iter())
            .filter(|(_, r)| r.start <= offset && offset <= r.end)
            .min_by_key(|(p, r)| (r.end - r.start, usize::MAX - p.0.len()))
            .map(|(p, _)| p.clone())
    }

    /// Every path found, for tests and tools.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    src: &'a str,
    i: usize,
    idx: SpanIndex,
}

type Res = Result<(), ()>;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips white space and comments (`//`, nested `/* */`).
    fn ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b'/') if self.b.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.b.get(self.i + 1) == Some(&b'*') => {
                    self.i += 2;
                    let mut depth = 1;
                    while depth > 0 && self.i < self.b.len() {
                        if self.b[self.i..].starts_with(b"/*") {
                            depth += 1;
                            self.i += 2;
                        } else if self.b[self.i..].starts_with(b"*/") {
                            depth -= 1;
                            self.i += 2;
                        } else {
                            self.i += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.i;
        if self.b[self.i..].starts_with(b"r#") {
            self.i += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.i += 1;
            } else {
                break;
            }
        }
        if self.i == start {
            None
        } else {
            Some(&self.src[start..self.i])
        }
    }

    /// Reads a string literal and returns its (unescaped enough for keys) content.
    fn string(&mut self) -> Result<String, ()> {
        if self.peek() == Some(b'r') || self.b[self.i..].starts_with(b"br") {
            if self.peek() == Some(b'b') {
                self.i += 1;
            }
            self.i += 1;
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.i += 1;
            }
            if self.peek() != Some(b'"') {
                return Err(());
            }
            self.i += 1;
            let start = self.i;
            loop {
                match self.peek() {
                    None => return Err(()),
                    Some(b'"')
                        if self.b[self.i + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&c| c == b'#')
                            .count()
                            == hashes =>
                    {
                        let s = self.src[start..self.i].to_string();
                        self.i += 1 + hashes;
                        return Ok(s);
                    }
                    _ => self.i += 1,
                }
            }
        }
        if self.peek() == Some(b'b') {
            self.i += 1;
        }
        if self.peek() != Some(b'"') {
            return Err(());
        }
        self.i += 1;
        let mut out = String::new();
        let mut seg = self.i;
        loop {
            match self.peek() {
                None => return Err(()),
                Some(b'"') => {
                    out.push_str(&self.src[seg..self.i]);
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.src[seg..self.i]);
                    self.i += 1;
                    match self.peek() {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'n') => out.push('\n'),
                        Some(b't') => out.push('\t'),
                        Some(_) => {}
                        None => return Err(()),
                    }
                    self.i += 1;
                    seg = self.i;
                }
                _ => self.i += 1,
            }
        }
    }

    fn record(&mut self, path: &Path, start: usize) {
        self.idx.by_path.insert(path.clone(), start..self.i);
    }

    fn value(&mut self, path: &mut Path) -> Res {
        self.ws();
        let start = self.i;
        match self.peek().ok_or(())? {
            b'"' => {
                self.string()?;
            }
            b'r' | b'b'
                if matches!(self.b.get(self.i + 1), Some(b'"') | Some(b'#') | Some(b'r')) =>
            {
                self.string()?;
            }
            b'\'' => {
                self.i += 1;
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == b'\\' {
                        self.i += 1;
                    } else if c == b'\'' {
                        break;
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut n = 0;
                loop {
                    if self.eat(b']') {
                        break;
                    }
                    path.0.push(Seg::Index(n));
                    let r = self.value(path);
                    path.0.pop();
                    r?;
                    n += 1;
                    if !self.eat(b',') {
                        if self.eat(b']') {
                            break;
                        }
                        return Err(());
                    }
                }
            }
            b'{' => {
                self.i += 1;
                loop {
                    if self.eat(b'}') {
                        break;
                    }
                    self.ws();
                    let kstart = self.i;
                    let key = if self.peek() == Some(b'"') {
                        self.string()?
                    } else {
                        let mut dummy = Path::root();
                        self.value(&mut dummy)?;
                        self.src[kstart..self.i].trim().to_string()
                    };
                    let kend = self.i;
                    if !self.eat(b':') {
                        return Err(());
                    }
                    path.0.push(Seg::Key(key));
                    self.idx.key_spans.insert(path.clone(), kstart..kend);
                    let r = self.value(path);
                    path.0.pop();
                    r?;
                    if !self.eat(b',') {
                        if self.eat(b'}') {
                            break;
                        }
                        return Err(());
                    }
                }
            }
            b'(' => {
                self.i += 1;
                self.body(path, false)?;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.ident().ok_or(())?.to_string();
                let save = self.i;
                self.ws();
                if self.peek() == Some(b'(') {
                    self.i += 1;
                    self.body(path, name == "Some")?;
                } else {
                    self.i = save;
                }
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+') {
                        self.i += 1;
                    } else {
                        break;
                    }
                }
            }
            _ => return Err(()),
        }
        self.record(path, start);
        Ok(())
    }

    /// The inside of `( ... )`: struct fields, tuple elements, or the one value of `Some(...)`.
    fn body(&mut self, path: &mut Path, transparent: bool) -> Res {
        let mut n = 0;
        loop {
            if self.eat(b')') {
                return Ok(());
            }
            self.ws();
            // A struct field is `name:` (but not `name::`).
            let save = self.i;
            let field = match self.ident() {
                Some(name) => {
                    let name = name.trim_start_matches("r#").to_string();
                    let kend = self.i;
                    if self.eat(b':') && self.peek() != Some(b':') {
                        Some((name, save..kend))
                    } else {
                        self.i = save;
                        None
                    }
                }
                None => None,
            };
            let pushed = match field {
                Some((name, kspan)) => {
                    path.0.push(Seg::Field(name));
                    self.idx.key_spans.insert(path.clone(), kspan);
                    true
                }
                None if transparent => false,
                None => {
                    path.0.push(Seg::Index(n));
                    true
                }
            };
            let r = self.value(path);
            if pushed {
                path.0.pop();
            }
            r?;
            n += 1;
            if !self.eat(b',') {
                if self.eat(b')') {
                    return Ok(());
                }
                return Err(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let src = "Scenario(\n  format: 1,\n  nodes: {\n    \"a\": (text: \"hi\", \
                   choices: [(id: \"x\", goto: Some(\"b\"), effects: [Score(\"lo1\", 2)])]),\n  \
                   },\n)";
        let idx = SpanIndex::build(src);
        let p = Path::root()
            .field("nodes")
            .key("a")
            .field("choices")
            .index(0)
            .field("goto");
        let r = idx.find(&p).unwrap();
        assert_eq!(&src[r], "Some(\"b\")");
        let p = Path::root()
            .field("nodes")
            .key("a")
            .field("choices")
            .index(0)
            .field("effects")
            .index(0)
            .index(1);
        assert_eq!(&src[idx.find(&p).unwrap()], "2");
        let fmt = idx.find(&Path::root().field("format")).unwrap();
        assert_eq!(&src[fmt], "1");
        assert_eq!(p.to_string(), "nodes[\"a\"].choices[0].effects[0][1]");
    }

    #[test]
    fn tolerates_comments_and_raw_strings() {
        let src = "( // note\n a: r#\"x \"q\" y\"#, /* c */ b: [1, 2,], c: {\"k\": \"v\\\"w\"} )";
        let idx = SpanIndex::build(src);
        assert_eq!(
            &src[idx.find(&Path::root().field("b").index(1)).unwrap()],
            "2"
        );
        assert_eq!(
            &src[idx.find(&Path::root().field("c").key("k")).unwrap()],
            "\"v\\\"w\""
        );
        assert!(idx.find(&Path::root().field("a")).is_some());
    }
}
