//! Property test on stable Rust: the bundled files (curriculum, every case, the knowledge test) and
//! a record and a workshop.ron, mutated at random (deletions, brackets by the thousand, quotes,
//! Unicode, duplicated slices), never panic the loaders, finish in bounded time, and any refusal
//! comes with a diagnostic that names a line and column.

mod common;
use pehchan::assessment::validate::load_assessment;
use pehchan::records::{RecordError, SessionRecord};
use pehchan::scenario::library::{BUNDLED, SourceFile};
use pehchan::scenario::load::parse;
use pehchan::scenario::{Diagnostic, Library};
use pehchan::workshop::Workshop;
use proptest::prelude::*;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What is inserted: brackets that open and close, quotes and comment marks that swallow the rest,
/// Unicode (Urdu, a right-to-left override, a byte-order mark, a NUL), numbers out of range.
const INSERTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "[[[[",
    ")))",
    "\"",
    "r#\"",
    "'",
    "/*",
    "*/",
    "//",
    ",",
    ":",
    "Some(",
    "اردو",
    "\u{202E}",
    "\u{FEFF}",
    "\0",
    "é",
    "-1e999",
    "99999999999999999999",
    "\\",
];

/// A hang guard, far above any real run (the whole library checks in under a second).
const LIMIT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone)]
enum Mutation {
    Delete {
        at: usize,
        len: usize,
    },
    Insert {
        at: usize,
        what: usize,
        times: usize,
    },
    Duplicate {
        from: usize,
        len: usize,
        to: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            any::<usize>(),
            0..INSERTS.len(),
            prop_oneof![1..4usize, 1..100_000usize]
        )
            .prop_map(|(at, what, times)| Mutation::Insert { at, what, times }),
        (any::<usize>(), 1..2000usize, any::<usize>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
    ]
}

/// The nearest character boundary at or before `i % (len + 1)`.
fn boundary(s: &str, i: usize) -> usize {
    let mut i = i % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, ms: &[Mutation]) -> String {
    let mut s = text.to_string();
    for m in ms {
        match *m {
            Mutation::Delete { at, len } => {
                let a = boundary(&s, at);
                let b = boundary(&s, (a + len).min(s.len()));
                s.replace_range(a..b.max(a), "");
            }
            Mutation::Insert { at, what, times } => {
                let a = boundary(&s, at);
                s.insert_str(a, &INSERTS[what].repeat(times));
            }
            Mutation::Duplicate { from, len, to } => {
                let a = boundary(&s, from);
                let b = boundary(&s, (a + len).min(s.len())).max(a);
                let piece = s[a..b].to_string();
                let t = boundary(&s, to);
                s.insert_str(t, &piece);
            }
        }
    }
    s
}

/// The files mutated: name and text.
fn bases() -> &'static Vec<(String, String)> {
    static B: OnceLock<Vec<(String, String)>> = OnceLock::new();
    B.get_or_init(|| {
        let mut v: Vec<(String, String)> = BUNDLED
            .files()
            .filter(|f| f.path().extension().is_some_and(|x| x == "ron"))
            .map(|f| {
                (
                    f.path().display().to_string(),
                    f.contents_utf8().unwrap().to_string(),
                )
            })
            .collect();
        let lib = common::fixture_lib();
        let rec = common::fixture_record(&lib, 3, "P07", &["private", "interp-choice"]);
        v.push(("record.ron".into(), rec.to_ron()));
        v.push((
            "workshop.ron".into(),
            Workshop::new("Karachi, December").to_ron(),
        ));
        v
    })
}

fn curriculum() -> &'static SourceFile {
    static C: OnceLock<SourceFile> = OnceLock::new();
    C.get_or_init(|| {
        let (name, text) = bases().iter().find(|(n, _)| n == "curriculum.ron").unwrap();
        SourceFile {
            name: name.clone(),
            text: text.clone(),
        }
    })
}

/// A refusal must say where: at least one error with a line.
fn located(diags: &[Diagnostic], what: &str) -> Result<(), TestCaseError> {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    prop_assert!(
        errors.iter().any(|d| d.line >= 1 && d.col >= 1),
        "{what}: no located error in {errors:?}"
    );
    Ok(())
}

/// Loads `text` as the kind of file `name` is, and checks the outcome.
fn load(name: &str, text: &str) -> Result<(), TestCaseError> {
    let f = SourceFile {
        name: name.to_string(),
        text: text.to_string(),
    };
    match name {
        "curriculum.ron" => {
            if let Err(d) = Library::from_sources(&f, &[]) {
                located(&d, name)?;
            }
        }
        "assessment.ron" => {
            let lib = Library::from_sources(curriculum(), &[]).unwrap();
            if let Err(d) = load_assessment(&f, &lib.curriculum) {
                located(&d, name)?;
            }
        }
        "record.ron" => match SessionRecord::parse(name, text) {
            Err(RecordError::Malformed(d)) => located(&[*d], name)?,
            Err(RecordError::Format { .. }) | Ok(_) => {}
            Err(e) => prop_assert!(false, "unexpected record error: {e}"),
        },
        "workshop.ron" => {
            if let Err(d) = parse::<Workshop>(name, text) {
                located(&d, name)?;
            }
        }
        _ => {
            let lib = Library::from_sources(curriculum(), &[f]).unwrap();
            if !lib.broken.is_empty() {
                let mine: Vec<Diagnostic> = lib
                    .diagnostics
                    .iter()
                    .filter(|d| d.file == name)
                    .cloned()
                    .collect();
                located(&mine, name)?;
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn mutated_files_never_panic_and_refusals_are_located(
        which in any::<usize>(),
        ms in proptest::collection::vec(mutation(), 1..4),
    ) {
        let (name, text) = &bases()[which % bases().len()];
        let mutated = apply(text, &ms);
        let t = Instant::now();
        load(name, &mutated)?;
        prop_assert!(t.elapsed() < LIMIT, "{name}: {:?} for {} bytes", t.elapsed(), mutated.len());
    }
}

#[test]
fn the_unmutated_files_load_cleanly() {
    // The control: every base file loads as the kind of file it is.
    for (name, text) in bases() {
        let f = SourceFile {
            name: name.clone(),
            text: text.clone(),
        };
        match name.as_str() {
            "record.ron" => assert!(SessionRecord::parse(name, text).is_ok()),
            "workshop.ron" => assert!(parse::<Workshop>(name, text).is_ok()),
            "curriculum.ron" => assert!(Library::from_sources(&f, &[]).is_ok()),
            "assessment.ron" => {
                let lib = Library::from_sources(curriculum(), &[]).unwrap();
                assert!(load_assessment(&f, &lib.curriculum).is_ok());
            }
            _ => {
                let lib = Library::from_sources(curriculum(), &[f]).unwrap();
                assert!(lib.broken.is_empty(), "{name}: {:?}", lib.diagnostics);
            }
        }
    }
}
