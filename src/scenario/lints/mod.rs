//! Validation rules, one file per rule group; each problem carries a stable rule code.
//!
//! `validate_scenario` runs the groups in order over one shared `Ctx`; every group adds to the same
//! list, so all problems of a file are reported together. docs/format.md lists every rule code.

mod curriculum;
mod outcomes;
mod reachability;
mod references;
mod structure;
mod text;

pub use curriculum::{dup_ids, source_tags, validate_curriculum};
pub use text::{Site, for_each_text, header_texts, node_texts};

use super::diag::Problem;
use super::graph::Graph;
use super::model::{Choice, Curriculum, Effect, Node, Scenario, Sop};
use super::spans::Path;
use super::text::Text;
use rustc_hash::FxHashSet as HashSet;

/// What every rule group may read: the scenario, its curriculum, its state graph and the id sets
/// computed once from them.
pub struct Ctx<'a> {
    pub sc: &'a Scenario,
    pub cur: &'a Curriculum,
    pub g: &'a Graph,
    pub root: Path,
    /// Objective ids of the curriculum, and those the scenario declares.
    pub obj_ids: HashSet<&'a str>,
    pub declared: HashSet<&'a str>,
    /// The scenario's SOP, its step ids, and the steps the scenario lists as its focus.
    pub sop: Option<&'a Sop>,
    pub step_ids: HashSet<&'a str>,
    pub focus: HashSet<&'a str>,
    /// Flags that a variant or an effect can set.
    pub settable: HashSet<&'a str>,
    /// The nodes in id order, which is the graph's node index order.
    pub nodes: Vec<&'a Node>,
}

impl<'a> Ctx<'a> {
    pub fn new(sc: &'a Scenario, cur: &'a Curriculum, g: &'a Graph) -> Self {
        let sop = cur.sop(&sc.sop);
        let mut settable: HashSet<&str> = HashSet::default();
        for v in sc.variants.values().flatten() {
            settable.extend(v.flags.iter().map(String::as_str));
        }
        for c in sc.nodes.values().flat_map(|n| &n.choices) {
            for e in &c.effects {
                if let Effect::Set(f) = e {
                    settable.insert(f.as_str());
                }
            }
        }
        Ctx {
            sc,
            cur,
            g,
            root: Path::root(),
            obj_ids: cur.objectives.iter().map(|o| o.id.as_str()).collect(),
            declared: sc.objectives.iter().map(String::as_str).collect(),
            sop,
            step_ids: sop
                .map(|s| s.steps.iter().map(|x| x.id.as_str()).collect())
                .unwrap_or_default(),
            focus: sc.steps.iter().map(String::as_str).collect(),
            settable,
            nodes: sc.nodes.values().collect(),
        }
    }

    /// The path of node `id`.
    pub fn node(&self, id: &str) -> Path {
        self.root.field("nodes").key(id)
    }

    /// The path of choice `index` of node `id`.
    pub fn choice(&self, id: &str, index: usize) -> Path {
        self.node(id).field("choices").index(index)
    }

    /// "known steps: ..." for the scenario's SOP.
    pub fn known_steps(&self) -> String {
        known(
            "steps",
            self.sop
                .into_iter()
                .flat_map(|s| s.steps.iter().map(|x| x.id.as_str())),
        )
    }

    pub fn known_objectives(&self) -> String {
        known(
            "objectives",
            self.cur.objectives.iter().map(|o| o.id.as_str()),
        )
    }
}

/// Where the walk is: a choice of a node.
#[derive(Clone, Copy)]
pub struct ChoiceAt<'a> {
    pub id: &'a str,
    pub node: &'a Node,
    pub index: usize,
    pub choice: &'a Choice,
}

/// A rule group's hooks. `validate_scenario` walks the scenario once (header, then each node with
/// its texts and choices, in id order) calling every group's hooks, then each group's `finish`,
/// where the rules on the state graph run. One walk keeps a 100,000-node scenario in cache once.
pub trait Rules {
    fn start(&mut self, _cx: &Ctx, _out: &mut Vec<Problem>) {}
    fn node(&mut self, _cx: &Ctx, _id: &str, _node: &Node, _out: &mut Vec<Problem>) {}
    fn choice(&mut self, _cx: &Ctx, _at: &ChoiceAt, _out: &mut Vec<Problem>) {}
    fn text(&mut self, _cx: &Ctx, _text: &Text, _site: Site, _out: &mut Vec<Problem>) {}
    fn finish(&mut self, _cx: &Ctx, _out: &mut Vec<Problem>) {}
}

/// Problems in a scenario: structure, references, texts, reachability and outcomes.
pub fn validate_scenario(sc: &Scenario, cur: &Curriculum, g: &Graph) -> Vec<Problem> {
    let cx = Ctx::new(sc, cur, g);
    let mut out = Vec::new();
    let mut references = references::References::new(&cx);
    let mut texts = text::Texts::default();
    let mut outcomes = outcomes::Outcomes::new(&cx);
    let mut groups: [&mut dyn Rules; 5] = [
        &mut structure::Structure,
        &mut references,
        &mut texts,
        &mut reachability::Reachability,
        &mut outcomes,
    ];
    for r in groups.iter_mut() {
        r.start(&cx, &mut out);
    }
    text::header_texts(sc, &mut |t, site| {
        for r in groups.iter_mut() {
            r.text(&cx, t, site, &mut out);
        }
    });
    for (id, node) in &sc.nodes {
        for r in groups.iter_mut() {
            r.node(&cx, id, node, &mut out);
        }
        text::node_texts(id, node, &mut |t, site| {
            for r in groups.iter_mut() {
                r.text(&cx, t, site, &mut out);
            }
        });
        for (index, choice) in node.choices.iter().enumerate() {
            let at = ChoiceAt {
                id,
                node,
                index,
                choice,
            };
            for r in groups.iter_mut() {
                r.choice(&cx, &at, &mut out);
            }
        }
    }
    for r in groups.iter_mut() {
        r.finish(&cx, &mut out);
    }
    out
}

/// "known X: a, b, c", or "no X are defined".
pub fn known<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = ids.collect();
    if v.is_empty() {
        format!("no {what} are defined")
    } else {
        format!("known {what}: {}", v.join(", "))
    }
}

/// "did you mean" for a misspelt node id.
pub fn suggest<'a>(bad: &str, ids: impl Iterator<Item = &'a String>) -> String {
    suggest_or(
        bad,
        ids.map(String::as_str),
        "name one of the keys of `nodes`".into(),
    )
}

/// "did you mean `x`?" for the nearest of `ids` (at most 3 edits away), else `otherwise`.
pub fn suggest_or<'a>(bad: &str, ids: impl Iterator<Item = &'a str>, otherwise: String) -> String {
    let best = ids.map(|id| (edit_distance(bad, id), id)).min();
    match best {
        Some((d, id)) if d <= 3 => format!("did you mean `{id}`?"),
        _ => otherwise,
    }
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
