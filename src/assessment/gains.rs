//! Learning gains: pre- and post-test paired by participant code, per objective, by sex and role,
//! with a 95% confidence interval, the normalised gain, item analysis and a series comparison.

use super::model::{Assessment, Form};
use super::record::{Phase, TESTS_DIR, TestRecord};
use super::score::{Fingerprints, TestResult};
use crate::records::Gender;
use crate::scenario::model::Curriculum;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The test records of a workshop folder (DIR/tests, subfolders too), each id once.
#[derive(Debug, Clone, Default)]
pub struct TestsRead {
    pub records: Vec<TestRecord>,
    pub files: usize,
    pub duplicates: usize,
    /// (file, reason) of each file that is not a readable test record.
    pub skipped: Vec<(String, String)>,
}

pub fn collect_tests(dir: &Path) -> TestsRead {
    let root = dir.join(TESTS_DIR);
    let mut out = TestsRead::default();
    let Ok(files) = crate::files::ron_files(&root, true) else {
        return out;
    };
    out.files = files.len();
    // Parsing dominates: read the files on every core, then keep the file order.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = files.len().div_ceil(threads).max(1);
    let loaded: Vec<Vec<_>> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|f| (f, TestRecord::load(f))).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut seen = HashSet::new();
    for (f, loaded) in loaded.into_iter().flatten() {
        match loaded {
            Ok(r) if seen.insert(r.id.clone()) => out.records.push(r),
            Ok(_) => out.duplicates += 1,
            Err(e) => out.skipped.push((f.display().to_string(), e.to_string())),
        }
    }
    out.records.sort_by(|a, b| {
        (&a.participant, a.phase, &a.updated_at, &a.id).cmp(&(
            &b.participant,
            b.phase,
            &b.updated_at,
            &b.id,
        ))
    });
    out
}

/// A paired mean gain with its spread and 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gain {
    /// Participants with both a pre- and a post-test.
    pub n: usize,
    /// Class means of the share of items right (0 to 1).
    pub pre: f64,
    pub post: f64,
    /// Mean of each participant's post − pre.
    pub gain: f64,
    /// (post − pre) / (1 − pre) on the class means; None when the pre-test mean is already 1.
    pub normalised: Option<f64>,
    /// Sample standard deviation of the paired differences (None for n < 2).
    pub sd: Option<f64>,
    /// 95% confidence interval of the mean gain (Student's t, cut to [-1, 1]; None for n < 2).
    pub ci95: Option<(f64, f64)>,
}

impl Gain {
    /// From (pre, post) pairs; None when there are none.
    pub fn of(pairs: &[(f64, f64)]) -> Option<Gain> {
        if pairs.is_empty() {
            return None;
        }
        let n = pairs.len();
        let nf = n as f64;
        let pre = pairs.iter().map(|p| p.0).sum::<f64>() / nf;
        let post = pairs.iter().map(|p| p.1).sum::<f64>() / nf;
        let gain = pairs.iter().map(|p| p.1 - p.0).sum::<f64>() / nf;
        let (sd, ci95) = if n >= 2 {
            let var = pairs
                .iter()
                .map(|p| (p.1 - p.0 - gain).powi(2))
                .sum::<f64>()
                / (nf - 1.0);
            let sd = var.sqrt();
            let half = t975(n - 1) * sd / nf.sqrt();
            // A gain lies in [-1, 1]: the interval is cut to what can be.
            (
                Some(sd),
                Some(((gain - half).max(-1.0), (gain + half).min(1.0))),
            )
        } else {
            (None, None)
        };
        let normalised = (pre < 1.0 - 1e-12).then(|| (post - pre) / (1.0 - pre));
        Some(Gain {
            n,
            pre,
            post,
            gain,
            normalised,
            sd,
            ci95,
        })
    }
}

/// The 97.5th percentile of Student's t with `df` degrees of freedom.
pub fn t975(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => T[df - 1],
        _ => {
            // Cornish-Fisher expansion around the normal quantile; within 0.001 above 30.
            let z: f64 = 1.959_964;
            let d = df as f64;
            z + (z.powi(3) + z) / (4.0 * d)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

/// One objective's gain for the class and split by sex and by role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveGain {
    pub id: String,
    pub code: String,
    pub title: String,
    pub all: Option<Gain>,
    /// "female", "male", "other", "not stated".
    pub by_sex: BTreeMap<String, Gain>,
    /// Role as stated ("not stated" when none).
    pub by_role: BTreeMap<String, Gain>,
}

/// The share right of one item, among those who took it before and after the cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemStat {
    pub id: String,
    pub form: Form,
    pub objective: String,
    pub pre_n: usize,
    pub pre_right: Option<f64>,
    pub post_n: usize,
    pub post_right: Option<f64>,
    /// "everyone right" or "everyone wrong" when all who took it answered alike (n ≥ 2).
    pub flag: Option<String>,
}

/// A record that was not scored, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestSkipped {
    pub what: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestReport {
    pub pre_form: Form,
    pub post_form: Form,
    pub files: usize,
    pub duplicates: usize,
    /// Finished tests scored, per phase.
    pub pre_tests: usize,
    pub post_tests: usize,
    pub unfinished: usize,
    /// Participants with both tests (the gains are over these).
    pub paired: usize,
    /// The whole test, then each objective.
    pub overall: Option<Gain>,
    pub objectives: Vec<ObjectiveGain>,
    pub items: Vec<ItemStat>,
    pub skipped: Vec<TestSkipped>,
}

/// A scored, finished test of one participant.
struct Scored<'a> {
    rec: &'a TestRecord,
    result: TestResult,
}

fn sex_label(g: Option<Gender>) -> &'static str {
    g.map_or("not stated", Gender::label)
}

/// Scores the finished records of one phase: the latest per participant; the others skipped.
fn scored<'a>(
    keys: &Fingerprints,
    records: impl Iterator<Item = &'a TestRecord>,
    skipped: &mut Vec<TestSkipped>,
) -> BTreeMap<String, Scored<'a>> {
    let mut out: BTreeMap<String, Scored<'a>> = BTreeMap::new();
    for r in records {
        match keys.score(r) {
            Ok(result) => {
                let newer = out
                    .get(&r.participant)
                    .is_none_or(|s| s.rec.updated_at <= r.updated_at);
                if newer {
                    out.insert(r.participant.clone(), Scored { rec: r, result });
                }
            }
            Err(changed) => skipped.push(TestSkipped {
                what: format!("test {} ({}, {}-test)", r.id, r.participant, r.phase.name()),
                reason: format!(
                    "items changed since it was taken ({}); not rescored",
                    changed.join(", ")
                ),
            }),
        }
    }
    out
}

/// The gains of a workshop (or, for a series, pre-tests of one workshop and post-tests of
/// another): pre and post records are given apart, each a finished test of its phase's form.
pub fn gains<'r>(
    a: &Assessment,
    cur: &Curriculum,
    pre_form: Form,
    post_form: Form,
    pre: &'r [TestRecord],
    post: &'r [TestRecord],
) -> TestReport {
    let mut skipped = Vec::new();
    let unfinished = pre.iter().chain(post).filter(|r| !r.finished).count();
    let take = |rs: &'r [TestRecord], f: Form, ph: Phase| {
        rs.iter()
            .filter(move |r| r.finished && r.form == f && r.phase == ph)
    };
    let keys = Fingerprints::of(a);
    let pre_s = scored(&keys, take(pre, pre_form, Phase::Pre), &mut skipped);
    let post_s = scored(&keys, take(post, post_form, Phase::Post), &mut skipped);
    // Pairs by participant; sex and role as stated on the pre-test, else the post-test.
    let pairs: Vec<(&Scored, &Scored)> = pre_s
        .iter()
        .filter_map(|(p, s)| post_s.get(p).map(|t| (s, t)))
        .collect();
    let who = |s: &Scored, t: &Scored| {
        let g = s.rec.gender.or(t.rec.gender);
        let role = s
            .rec
            .role
            .clone()
            .or_else(|| t.rec.role.clone())
            .unwrap_or_else(|| "not stated".into());
        (sex_label(g).to_string(), role)
    };
    let overall: Vec<(f64, f64)> = pairs
        .iter()
        .map(|(s, t)| {
            (
                share(s.result.right, s.result.of),
                share(t.result.right, t.result.of),
            )
        })
        .collect();
    let mut objectives = Vec::new();
    for o in &cur.objectives {
        let mut all = Vec::new();
        let mut by_sex: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        let mut by_role: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for (s, t) in &pairs {
            let (Some(x), Some(y)) = (
                s.result.per_objective.get(&o.id),
                t.result.per_objective.get(&o.id),
            ) else {
                continue;
            };
            let p = (x.share(), y.share());
            let (sex, role) = who(s, t);
            all.push(p);
            by_sex.entry(sex).or_default().push(p);
            by_role.entry(role).or_default().push(p);
        }
        let has_items = a.items.iter().any(|i| i.objective == o.id);
        if !has_items {
            continue;
        }
        let fold = |m: BTreeMap<String, Vec<(f64, f64)>>| {
            m.into_iter()
                .filter_map(|(k, v)| Gain::of(&v).map(|g| (k, g)))
                .collect()
        };
        objectives.push(ObjectiveGain {
            id: o.id.clone(),
            code: o.code.clone(),
            title: o.title.en().to_string(),
            all: Gain::of(&all),
            by_sex: fold(by_sex),
            by_role: fold(by_role),
        });
    }
    let items = a
        .items
        .iter()
        .map(|it| {
            let stat = |m: &BTreeMap<String, Scored>| {
                let v: Vec<bool> = m
                    .values()
                    .filter_map(|s| s.result.items.get(&it.id).copied())
                    .collect();
                let n = v.len();
                let r = (n > 0).then(|| v.iter().filter(|b| **b).count() as f64 / n as f64);
                (n, r)
            };
            let (pre_n, pre_right) = stat(&pre_s);
            let (post_n, post_right) = stat(&post_s);
            let n = pre_n + post_n;
            let right =
                pre_right.unwrap_or(0.0) * pre_n as f64 + post_right.unwrap_or(0.0) * post_n as f64;
            let flag = if n < 2 {
                None
            } else if (right - n as f64).abs() < 1e-9 {
                Some("everyone right".to_string())
            } else if right.abs() < 1e-9 {
                Some("everyone wrong".to_string())
            } else {
                None
            };
            ItemStat {
                id: it.id.clone(),
                form: it.form,
                objective: it.objective.clone(),
                pre_n,
                pre_right,
                post_n,
                post_right,
                flag,
            }
        })
        .collect();
    TestReport {
        pre_form,
        post_form,
        files: 0,
        duplicates: 0,
        pre_tests: pre_s.len(),
        post_tests: post_s.len(),
        unfinished,
        paired: pairs.len(),
        overall: Gain::of(&overall),
        objectives,
        items,
        skipped,
    }
}

fn share(right: u32, of: u32) -> f64 {
    if of == 0 {
        0.0
    } else {
        f64::from(right) / f64::from(of)
    }
}
