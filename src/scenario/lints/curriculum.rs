//! Curriculum rules: unique ids, `before` constraints that name real steps and form no cycle, and
//! referral sources that the source map knows.

use super::known;
use crate::scenario::diag::Problem;
use crate::scenario::model::{Curriculum, Sop};
use crate::scenario::spans::Path;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Problems in the curriculum file itself.
pub fn validate_curriculum(c: &Curriculum) -> Vec<Problem> {
    let mut out = Vec::new();
    let root = Path::root();
    dup_ids(
        &mut out,
        c.objectives.iter().map(|o| o.id.as_str()),
        &root.field("objectives"),
        "objective",
    );
    dup_ids(
        &mut out,
        c.sops.iter().map(|s| s.id.as_str()),
        &root.field("sops"),
        "SOP",
    );
    dup_ids(
        &mut out,
        c.referrals.iter().map(|r| r.id.as_str()),
        &root.field("referrals"),
        "referral",
    );
    dup_ids(
        &mut out,
        c.audiences.iter().map(|a| a.id.as_str()),
        &root.field("audiences"),
        "user group",
    );
    for (si, sop) in c.sops.iter().enumerate() {
        let sp = root.field("sops").index(si);
        dup_ids(
            &mut out,
            sop.steps.iter().map(|s| s.id.as_str()),
            &sp.field("steps"),
            "step",
        );
        let pos: HashMap<&str, usize> = sop
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for (i, step) in sop.steps.iter().enumerate() {
            for (bi, b) in step.before.iter().enumerate() {
                let p = sp.field("steps").index(i).field("before").index(bi);
                match pos.get(b.as_str()) {
                    None => out.push(Problem::error(
                        "unknown-step",
                        p,
                        format!("unknown step `{b}` in SOP `{}`", sop.id),
                        known("steps", sop.steps.iter().map(|s| s.id.as_str())),
                    )),
                    Some(&j) if j == i => out.push(Problem::error(
                        "before-itself",
                        p,
                        format!("step `{b}` cannot come before itself"),
                        "remove it from `before`",
                    )),
                    Some(_) => {}
                }
            }
        }
        if let Some(cycle) = before_cycle(sop) {
            out.push(Problem::error(
                "before-cycle",
                sp.field("steps"),
                format!(
                    "the `before` constraints of SOP `{}` form a cycle: {}",
                    sop.id,
                    cycle.join(" → ")
                ),
                "no order can satisfy a cycle; remove one of these constraints",
            ));
        }
    }
    for (i, r) in c.referrals.iter().enumerate() {
        if !r.source.is_empty()
            && !c.sources.is_empty()
            && !source_tags(&r.source).all(|t| c.sources.contains_key(t))
        {
            out.push(Problem::warning(
                "unknown-source",
                root.field("referrals").index(i).field("source"),
                format!(
                    "referral `{}` cites a source tag missing from `sources`",
                    r.id
                ),
                "add the tag to the curriculum's `sources` map",
            ));
        }
    }
    out
}

/// Source tags in a string such as "WHO 3 [S35]; [S27][S50]" or "S42".
pub fn source_tags(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric())).filter(|t| {
        t.len() >= 2
            && t.starts_with('S')
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
            && t[1..].starts_with(|c: char| c.is_ascii_digit())
    })
}

fn before_cycle(sop: &Sop) -> Option<Vec<String>> {
    // Depth-first search for a cycle in the `before` relation (SOPs are small).
    let idx: HashMap<&str, usize> = sop
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut state = vec![0u8; sop.steps.len()];
    fn dfs(
        i: usize,
        sop: &Sop,
        idx: &HashMap<&str, usize>,
        state: &mut [u8],
        path: &mut Vec<String>,
    ) -> bool {
        state[i] = 1;
        path.push(sop.steps[i].id.clone());
        for b in &sop.steps[i].before {
            if let Some(&j) = idx.get(b.as_str()) {
                if j == i {
                    continue;
                }
                if state[j] == 1 {
                    path.push(b.clone());
                    return true;
                }
                if state[j] == 0 && dfs(j, sop, idx, state, path) {
                    return true;
                }
            }
        }
        state[i] = 2;
        path.pop();
        false
    }
    for i in 0..sop.steps.len() {
        let mut path = Vec::new();
        if state[i] == 0 && dfs(i, sop, &idx, &mut state, &mut path) {
            return Some(path);
        }
    }
    None
}

pub fn dup_ids<'a>(
    out: &mut Vec<Problem>,
    ids: impl Iterator<Item = &'a str>,
    list: &Path,
    what: &str,
) {
    let mut seen = HashSet::default();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            out.push(Problem::error(
                "empty-id",
                list.index(i).field("id"),
                format!("{what} id is empty"),
                "give every entry a short unique id",
            ));
        } else if !seen.insert(id) {
            out.push(Problem::error(
                "duplicate-id",
                list.index(i).field("id"),
                format!("duplicate {what} id `{id}`"),
                "ids must be unique; rename one of them",
            ));
        }
    }
}
