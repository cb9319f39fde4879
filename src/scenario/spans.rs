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
///
/// Paths are kept as a tree (each value stores its parent and its own step), so the index takes
/// memory linear in the text however deep it nests.
#[derive(Debug)]
pub struct SpanIndex {
    /// Node 0 is the top level; every other node is one step below its parent.
    parent: Vec<u32>,
    seg: Vec<Option<Seg>>,
    depth: Vec<u32>,
    children: HashMap<(u32, Seg), u32>,
    span: Vec<Option<Range<usize>>>,
    /// Spans of keys in maps and names of struct fields, so "duplicate key" can point at a key.
    key_span: Vec<Option<Range<usize>>>,
}

impl Default for SpanIndex {
    fn default() -> Self {
        SpanIndex {
            parent: vec![0],
            seg: vec![None],
            depth: vec![0],
            children: HashMap::new(),
            span: vec![None],
            key_span: vec![None],
        }
    }
}

impl SpanIndex {
    /// Scans `src`; stops quietly at the first thing it cannot read (serde reports that), or at
    /// brackets nested deeper than the nesting guard allows.
    pub fn build(src: &str) -> Self {
        Scanner::run(src, None).idx
    }

    /// The innermost path whose value (or key) contains byte `offset`, as `path_at` on a full
    /// index would give, found in one pass that keeps only the path being read: memory bounded by
    /// the nesting, not the size of the text, for the errors of files too broken to load.
    pub fn path_at_offset(src: &str, offset: usize) -> Option<Path> {
        Scanner::run(src, Some(offset)).found
    }

    /// The node one `seg` below `node`, made if new.
    fn child(&mut self, node: u32, seg: Seg) -> u32 {
        if let Some(&c) = self.children.get(&(node, seg.clone())) {
            return c;
        }
        let id = self.parent.len() as u32;
        self.parent.push(node);
        self.depth.push(self.depth[node as usize] + 1);
        self.seg.push(Some(seg.clone()));
        self.span.push(None);
        self.key_span.push(None);
        self.children.insert((node, seg), id);
        id
    }

    /// The node of `path` if it was seen, and the deepest node on the way that has a span.
    fn walk(&self, path: &Path) -> (Option<u32>, Option<u32>) {
        let mut node = 0u32;
        let mut best = self.span[0].as_ref().map(|_| 0);
        for seg in &path.0 {
            match self.children.get(&(node, seg.clone())) {
                Some(&c) => {
                    node = c;
                    if self.span[c as usize].is_some() {
                        best = Some(c);
                    }
                }
                None => return (None, best),
            }
        }
        (Some(node), best)
    }

    /// The range of the value at `path`, or of its nearest ancestor that was found.
    pub fn find(&self, path: &Path) -> Option<Range<usize>> {
        let (_, best) = self.walk(path);
        best.and_then(|n| self.span[n as usize].clone())
    }

    /// The range of the key or field name that introduces the value at `path`.
    pub fn find_key(&self, path: &Path) -> Option<Range<usize>> {
        match self.walk(path) {
            (Some(n), _) if self.key_span[n as usize].is_some() => {
                self.key_span[n as usize].clone()
            }
            _ => self.find(path),
        }
    }

    /// The innermost path whose value contains byte `offset`.
    pub fn path_at(&self, offset: usize) -> Option<Path> {
        let contains = |r: &Option<Range<usize>>| {
            r.as_ref()
                .filter(|r| r.start <= offset && offset <= r.end)
                .map(|r| r.end - r.start)
        };
        (0..self.parent.len())
            .flat_map(|n| {
                [&self.span[n], &self.key_span[n]]
                    .into_iter()
                    .filter_map(contains)
                    .map(move |len| (n, len))
            })
            .min_by_key(|&(n, len)| (len, u32::MAX - self.depth[n]))
            .map(|(n, _)| self.path_of(n as u32))
    }

    fn path_of(&self, mut node: u32) -> Path {
        let mut segs = Vec::with_capacity(self.depth[node as usize] as usize);
        while node != 0 {
            segs.extend(self.seg[node as usize].clone());
            node = self.parent[node as usize];
        }
        segs.reverse();
        Path(segs)
    }

    /// How many values were found, for tests and tools.
    pub fn len(&self) -> usize {
        self.span.iter().filter(|s| s.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    src: &'a str,
    i: usize,
    idx: SpanIndex,
    /// The node of the value being read.
    cur: u32,
    /// Brackets open around the value being read.
    depth: usize,
    /// Above 0 while reading a map key that is itself a value (its parts are not indexed).
    quiet: usize,
    /// With `path_at_offset`: the offset looked for; the path is kept in `stack` instead of the
    /// index, and the scan stops at the first value or key that contains it.
    target: Option<usize>,
    stack: Vec<Seg>,
    found: Option<Path>,
}

type Res = Result<(), ()>;

impl<'a> Scanner<'a> {
    /// Scans `src` whole (a full index) or, with a target, until the value holding it.
    fn run(src: &'a str, target: Option<usize>) -> Self {
        let mut s = Scanner {
            b: src.as_bytes(),
            src,
            i: 0,
            idx: SpanIndex::default(),
            cur: 0,
            depth: 0,
            quiet: 0,
            target,
            stack: Vec::new(),
            found: None,
        };
        s.ws();
        let _ = s.value();
        s
    }

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
                    // Past the whole escaped character: a backslash before a letter of several
                    // bytes must not leave the scan inside it (found by fuzzing).
                    self.i += self.src[self.i..].chars().next().map_or(1, char::len_utf8);
                    seg = self.i;
                }
                _ => self.i += 1,
            }
        }
    }

    /// Notes the span of the value just read; in `path_at_offset` mode, stops the scan (Err) at
    /// the first one that contains the target.
    fn record(&mut self, start: usize) -> Res {
        self.record_span(start..self.i, false)
    }

    fn record_span(&mut self, span: Range<usize>, key: bool) -> Res {
        if self.quiet > 0 {
            return Ok(());
        }
        match self.target {
            Some(t) if span.start <= t && t <= span.end => {
                self.found = Some(Path(self.stack.clone()));
                Err(())
            }
            Some(_) => Ok(()),
            None => {
                let slot = if key {
                    &mut self.idx.key_span[self.cur as usize]
                } else {
                    &mut self.idx.span[self.cur as usize]
                };
                *slot = Some(span);
                Ok(())
            }
        }
    }

    /// Moves down one step (to read the value there).
    fn push(&mut self, seg: Seg) {
        if self.quiet > 0 {
            return;
        }
        if self.target.is_some() {
            self.stack.push(seg);
        } else {
            self.cur = self.idx.child(self.cur, seg);
        }
    }

    fn pop(&mut self) {
        if self.quiet > 0 {
            return;
        }
        if self.target.is_some() {
            self.stack.pop();
        } else {
            self.cur = self.idx.parent[self.cur as usize];
        }
    }

    /// Opens a bracket; fails past the nesting guard's limit so no text can drive the recursion
    /// deep.
    fn open(&mut self) -> Res {
        self.depth += 1;
        if self.depth > super::nesting::MAX_NESTING {
            return Err(());
        }
        Ok(())
    }

    fn value(&mut self) -> Res {
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
                // An escape at the very end steps past it (found by fuzzing: a slice out of
                // bounds).
                self.i = self.i.min(self.b.len());
            }
            b'[' => {
                self.i += 1;
                self.open()?;
                let mut n = 0;
                loop {
                    if self.eat(b']') {
                        break;
                    }
                    self.push(Seg::Index(n));
                    let r = self.value();
                    self.pop();
                    r?;
                    n += 1;
                    if !self.eat(b',') {
                        if self.eat(b']') {
                            break;
                        }
                        return Err(());
                    }
                }
                self.depth -= 1;
            }
            b'{' => {
                self.i += 1;
                self.open()?;
                loop {
                    if self.eat(b'}') {
                        break;
                    }
                    self.ws();
                    let kstart = self.i;
                    let key = if self.peek() == Some(b'"') {
                        self.string()?
                    } else {
                        self.quiet += 1;
                        let r = self.value();
                        self.quiet -= 1;
                        r?;
                        self.src[kstart..self.i].trim().to_string()
                    };
                    let kend = self.i;
                    if !self.eat(b':') {
                        return Err(());
                    }
                    self.push(Seg::Key(key));
                    if let Err(()) = self.record_span(kstart..kend, true) {
                        self.pop();
                        return Err(());
                    }
                    let r = self.value();
                    self.pop();
                    r?;
                    if !self.eat(b',') {
                        if self.eat(b'}') {
                            break;
                        }
                        return Err(());
                    }
                }
                self.depth -= 1;
            }
            b'(' => {
                self.i += 1;
                self.open()?;
                self.body(false)?;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.ident().ok_or(())?.to_string();
                let save = self.i;
                self.ws();
                if self.peek() == Some(b'(') {
                    self.i += 1;
                    self.open()?;
                    self.body(name == "Some")?;
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
        self.record(start)
    }

    /// The inside of `( ... )`: struct fields, tuple elements, or the one value of `Some(...)`.
    fn body(&mut self, transparent: bool) -> Res {
        let mut n = 0;
        loop {
            if self.eat(b')') {
                self.depth -= 1;
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
                    self.push(Seg::Field(name));
                    if let Err(()) = self.record_span(kspan, true) {
                        self.pop();
                        return Err(());
                    }
                    true
                }
                None if transparent => false,
                None => {
                    self.push(Seg::Index(n));
                    true
                }
            };
            let r = self.value();
            if pushed {
                self.pop();
            }
            r?;
            n += 1;
            if !self.eat(b',') {
                if self.eat(b')') {
                    self.depth -= 1;
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
    fn deep_text_is_cut_off_not_recursed_into() {
        // Far past the nesting limit: the scan stops at the limit instead of overflowing the stack.
        let src = format!("(a: {}1{})", "[".repeat(200_000), "]".repeat(200_000));
        let idx = SpanIndex::build(&src);
        assert!(
            idx.len() < super::super::nesting::MAX_NESTING,
            "{}",
            idx.len()
        );
        // At the limit, every level is indexed and the innermost value is found.
        let n = super::super::nesting::MAX_NESTING - 1;
        let src = format!("(a: {}1{})", "[".repeat(n), "]".repeat(n));
        let idx = SpanIndex::build(&src);
        let mut p = Path::root().field("a");
        for _ in 0..n {
            p = p.index(0);
        }
        assert_eq!(&src[idx.find(&p).unwrap()], "1");
        assert_eq!(idx.path_at(src.find('1').unwrap()), Some(p));
    }

    #[test]
    fn the_one_pass_search_agrees_with_the_full_index() {
        let src = "Scenario(\n  format: 1,\n  nodes: {\n    \"a\": (text: \"hi\", \
                   choices: [(id: \"x\", goto: Some(\"b\"), effects: [Score(\"lo1\", 2)])]),\n  \
                   },\n)";
        let idx = SpanIndex::build(src);
        for offset in 0..=src.len() {
            assert_eq!(
                SpanIndex::path_at_offset(src, offset),
                idx.path_at(offset),
                "at {offset}: {:?}",
                &src[offset..]
            );
        }
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
