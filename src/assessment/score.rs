//! Scoring a test record against the current items; a record whose items changed is not rescored.

use super::model::{Assessment, Item};
use super::record::TestRecord;
use crate::scenario::library::content_hash;
use std::collections::{BTreeMap, HashMap};

/// A fingerprint of what the participant saw and what counts as right (not the feedback).
pub fn item_hash(it: &Item) -> String {
    let mut s = format!(
        "{}|{}|{}|{}",
        it.kind.name(),
        it.objective,
        it.id,
        it.stem.en()
    );
    for o in it.choices() {
        s.push_str(&format!("|{}={}", o.id, o.text.en()));
    }
    let mut c = it.correct.clone();
    c.sort();
    s.push_str(&format!("|correct={}", c.join("+")));
    // 64 bits are plenty to notice an edit, and keep the records small.
    content_hash(&s)[..16].to_string()
}

/// Right answers out of the items of one objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ObjectiveResult {
    pub right: u32,
    pub of: u32,
}

impl ObjectiveResult {
    pub fn share(&self) -> f64 {
        if self.of == 0 {
            0.0
        } else {
            f64::from(self.right) / f64::from(self.of)
        }
    }
}

/// A scored, finished or unfinished test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    pub per_objective: BTreeMap<String, ObjectiveResult>,
    /// Item id → answered right.
    pub items: BTreeMap<String, bool>,
    pub right: u32,
    pub of: u32,
}

/// Each item's fingerprint, computed once, for scoring many records.
pub struct Fingerprints<'a> {
    a: &'a Assessment,
    by_id: HashMap<&'a str, String>,
}

impl<'a> Fingerprints<'a> {
    pub fn of(a: &'a Assessment) -> Self {
        Fingerprints {
            a,
            by_id: a
                .items
                .iter()
                .map(|i| (i.id.as_str(), item_hash(i)))
                .collect(),
        }
    }

    /// Scores a record; `Err` lists the items that are gone or changed since it was made.
    pub fn score(&self, r: &TestRecord) -> Result<TestResult, Vec<String>> {
        score_with(self.a, r, |id| self.by_id.get(id).map(String::as_str))
    }
}

/// Scores a record; `Err` lists the items that are gone or changed since it was made.
pub fn score(a: &Assessment, r: &TestRecord) -> Result<TestResult, Vec<String>> {
    Fingerprints::of(a).score(r)
}

fn score_with<'h>(
    a: &Assessment,
    r: &TestRecord,
    hash: impl Fn(&str) -> Option<&'h str>,
) -> Result<TestResult, Vec<String>> {
    let changed: Vec<String> = r
        .answers
        .iter()
        .filter(|x| hash(&x.item) != Some(x.item_hash.as_str()))
        .map(|x| x.item.clone())
        .collect();
    if !changed.is_empty() {
        return Err(changed);
    }
    let mut out = TestResult {
        per_objective: BTreeMap::new(),
        items: BTreeMap::new(),
        right: 0,
        of: 0,
    };
    let answers: HashMap<&str, &[String]> = r
        .answers
        .iter()
        .map(|x| (x.item.as_str(), x.chosen.as_slice()))
        .collect();
    for it in a.form(r.form) {
        let ok = answers.get(it.id.as_str()).is_some_and(|c| it.is_right(c));
        let e = out.per_objective.entry(it.objective.clone()).or_default();
        e.of += 1;
        out.of += 1;
        if ok {
            e.right += 1;
            out.right += 1;
        }
        out.items.insert(it.id.clone(), ok);
    }
    Ok(out)
}

/// Parses `ITEM=OPTION,ITEM=a+c,...` into item → chosen option ids.
pub fn parse_answers(s: &str) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut out = BTreeMap::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (item, opts) = part
            .split_once('=')
            .ok_or_else(|| format!("`{part}`: write ITEM=OPTION (or ITEM=a+c)"))?;
        let chosen: Vec<String> = opts
            .split('+')
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect();
        if item.trim().is_empty() || chosen.is_empty() {
            return Err(format!("`{part}`: write ITEM=OPTION (or ITEM=a+c)"));
        }
        if out.insert(item.trim().to_string(), chosen).is_some() {
            return Err(format!("item `{}` is answered twice", item.trim()));
        }
    }
    Ok(out)
}
