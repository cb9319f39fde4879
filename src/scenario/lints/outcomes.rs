//! Outcome rules: a protected ending that the path to it contradicts (a step violated, a listed
//! step never done), a mark whose points say the opposite, and route entries that are never taken.
//!
//! All are computed on the state graph without enumerating paths: the graph's best reachable
//! ending class per state, one pass over the components for a protected ending to name, and one
//! propagation of "steps not yet done" bit sets in topological order.

use super::{ChoiceAt, Ctx, Rules};
use crate::scenario::diag::Problem;
use crate::scenario::graph::Graph;
use crate::scenario::model::{Effect, Mark, Node, OutcomeClass};
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeMap;

/// The outcome rules, with what the walk collects for them: per node whether it is a protected
/// ending, and per choice the listed steps it marks done and whether it violates a step.
pub struct Outcomes<'s> {
    /// The listed steps (at most 64; an SOP has a dozen), as bit positions.
    steps: Vec<&'s str>,
    protected: Vec<bool>,
    marks: Marks,
}

impl<'s> Outcomes<'s> {
    pub fn new(cx: &Ctx<'s>) -> Self {
        let steps: Vec<&str> = cx
            .sc
            .steps
            .iter()
            .map(String::as_str)
            .filter(|s| cx.step_ids.contains(s))
            .take(64)
            .collect();
        let n = cx.sc.nodes.len();
        Outcomes {
            steps,
            protected: Vec::with_capacity(n),
            marks: Marks {
                base: Vec::with_capacity(n),
                done: Vec::new(),
                violates: Vec::new(),
            },
        }
    }
}

impl Rules for Outcomes<'_> {
    fn node(&mut self, _: &Ctx, _: &str, node: &Node, _: &mut Vec<Problem>) {
        // The walk visits nodes in id order, which is the graph's node index order.
        self.protected.push(
            node.ending
                .as_ref()
                .is_some_and(|e| e.outcome == OutcomeClass::Protected),
        );
        self.marks.base.push(self.marks.done.len());
    }
    fn choice(&mut self, cx: &Ctx, at: &ChoiceAt, out: &mut Vec<Problem>) {
        let c = at.choice;
        let mut bits = 0u64;
        let mut violates = false;
        let mut pts: Option<i64> = None;
        for (ei, e) in c.effects.iter().enumerate() {
            let Effect::Sop(step, mark) = e else { continue };
            match mark {
                Mark::Done => {
                    if let Some(i) = self.steps.iter().position(|x| x == step) {
                        bits |= 1 << i;
                    }
                }
                Mark::Violated => violates |= cx.step_ids.contains(step.as_str()),
            }
            let p = *pts.get_or_insert_with(|| c.points());
            mark_against_points(cx, at, ei, step, *mark, p, out);
        }
        self.marks.done.push(bits);
        self.marks.violates.push(violates);
    }
    fn finish(&mut self, cx: &Ctx, out: &mut Vec<Problem>) {
        let g = cx.g;
        // Over 64 condition facts: the graph ignores conditions, so these would be guesses.
        if g.states.is_empty() || g.flags_overflow {
            return;
        }
        protected_after_violation(cx, &self.protected, &self.marks, out);
        protected_without_step(cx, &self.protected, &self.steps, &self.marks, out);
        dead_route_entries(cx, out);
    }
}

/// `Violated` with points above zero, or `Done` with points below zero: the debrief would praise
/// what the checklist faults, or the other way round.
fn mark_against_points(
    cx: &Ctx,
    at: &ChoiceAt,
    ei: usize,
    step: &str,
    mark: Mark,
    pts: i64,
    out: &mut Vec<Problem>,
) {
    let (wrong, what) = match mark {
        Mark::Violated => (pts > 0, "Violated"),
        Mark::Done => (pts < 0, "Done"),
    };
    if wrong {
        out.push(Problem::warning(
            "mark-against-points",
            cx.choice(at.id, at.index).field("effects").index(ei),
            format!(
                "choice `{}` marks step `{step}` {what} but its points add up to {pts:+}",
                at.choice.id
            ),
            "a violation should not earn points, nor a step done cost them: fix the `Score` \
             effects or the mark",
        ));
    }
}

/// For each state, a protected ending node it can reach (None if none): sinks first, so a
/// component takes its own protected ending or one of a successor's.
fn protected_witness(g: &Graph, protected: &[bool]) -> Vec<Option<u32>> {
    let mut comp: Vec<Option<u32>> = vec![None; g.scc_count as usize];
    for c in 0..g.scc_count as usize {
        let mut w = None;
        for &s in g.members(c) {
            let n = g.states[s as usize].0;
            if protected[n as usize] {
                w = Some(n);
                break;
            }
            for e in g.out(s) {
                let tc = g.scc[e.target as usize] as usize;
                if tc != c && w.is_none() {
                    w = comp[tc];
                }
            }
        }
        comp[c] = w;
    }
    g.scc.iter().map(|&c| comp[c as usize]).collect()
}

/// Per choice of every node (flat: `base[node] + choice`), the listed steps it marks `Done`, as
/// bits in the order of `steps`, and whether it violates any step.
struct Marks {
    base: Vec<usize>,
    done: Vec<u64>,
    violates: Vec<bool>,
}

impl Marks {
    /// The listed steps an edge marks done (none for a route).
    fn done(&self, g: &Graph, s: u32, e: &crate::scenario::graph::Edge) -> u64 {
        if e.route {
            return 0;
        }
        self.done[self.base[g.states[s as usize].0 as usize] + e.choice as usize]
    }
}

fn protected_after_violation(cx: &Ctx, protected: &[bool], marks: &Marks, out: &mut Vec<Problem>) {
    let (g, nodes) = (cx.g, &cx.nodes);
    // The edges that violate a step and still lead where a protected ending can be reached.
    let mut hits: Vec<(u32, u32, u32)> = Vec::new();
    for s in 0..g.states.len() as u32 {
        let n = g.states[s as usize].0;
        for e in g.out(s).iter().filter(|e| !e.route) {
            if marks.violates[marks.base[n as usize] + e.choice as usize]
                && g.best_class[e.target as usize] == Some(OutcomeClass::Protected)
            {
                hits.push((n, e.choice, e.target));
            }
        }
    }
    if hits.is_empty() {
        return;
    }
    let witness = protected_witness(g, protected);
    let mut seen: HashSet<(u32, u32, usize)> = HashSet::default();
    for (n, ci, target) in hits {
        let Some(w) = witness[target as usize] else {
            continue;
        };
        let c = &nodes[n as usize].choices[ci as usize];
        for (ei, eff) in c.effects.iter().enumerate() {
            let Effect::Sop(step, Mark::Violated) = eff else {
                continue;
            };
            if !seen.insert((n, ci, ei)) {
                continue;
            }
            let nid = &g.node_ids[n as usize];
            let ending = &g.node_ids[w as usize];
            out.push(Problem::warning(
                "protected-after-violation",
                cx.choice(nid, ci as usize).field("effects").index(ei),
                format!(
                    "choice `{}` violates step `{step}`, yet the protected ending `{ending}` can \
                     still be reached after it",
                    c.id
                ),
                format!(
                    "the story should react: send runs with `Violated(\"{step}\")` to a \
                     consequence and a Partial or Harmful ending, e.g. with a `route` before \
                     `{ending}`"
                ),
            ));
        }
    }
}

/// For each state, the listed steps that some run reaching it has not done (bits in the order of
/// `steps`), propagated once in topological order of the components (with a fixed point inside a
/// loop); then every protected ending with a step left undone is reported.
fn protected_without_step(
    cx: &Ctx,
    protected: &[bool],
    steps: &[&str],
    marks: &Marks,
    out: &mut Vec<Problem>,
) {
    let g = cx.g;
    if steps.is_empty() {
        return;
    }
    let all: u64 = if steps.len() >= 64 {
        u64::MAX
    } else {
        (1u64 << steps.len()) - 1
    };
    let mut undone = vec![0u64; g.states.len()];
    for i in &g.initials {
        undone[i.state as usize] = all;
    }
    // Components are numbered sinks first, so the highest number comes first in topological order.
    for c in (0..g.scc_count as usize).rev() {
        let members = g.members(c);
        loop {
            let mut changed = false;
            for &s in members {
                let here = undone[s as usize];
                if here == 0 {
                    continue;
                }
                for e in g.out(s) {
                    let t = e.target as usize;
                    let add = here & !marks.done(g, s, e) & !undone[t];
                    if add != 0 {
                        undone[t] |= add;
                        changed |= g.scc[t] as usize == c;
                    }
                }
            }
            if !changed || !g.scc_cyclic[c] {
                break;
            }
        }
    }
    let mut skipped: BTreeMap<u32, u64> = BTreeMap::new();
    for (s, &(n, _)) in g.states.iter().enumerate() {
        if protected[n as usize] && undone[s] != 0 {
            *skipped.entry(n).or_default() |= undone[s];
        }
    }
    for (n, bits) in skipped {
        let id = &g.node_ids[n as usize];
        let names: Vec<&str> = (0..steps.len().min(64))
            .filter(|i| bits & (1 << i) != 0)
            .map(|i| steps[i])
            .collect();
        let list: Vec<String> = names.iter().map(|s| format!("`{s}`")).collect();
        let conds: Vec<String> = names.iter().map(|s| format!("Done(\"{s}\")")).collect();
        out.push(Problem::warning(
            "protected-without-step",
            cx.node(id).field("ending").field("outcome"),
            format!(
                "ending `{id}` is Protected, yet a run can reach it without doing {} {} \
                 (listed in `steps`)",
                if names.len() == 1 { "step" } else { "steps" },
                list.join(", ")
            ),
            format!(
                "lead here only through choices or a `route` entry that require {}, and send \
                 the other runs to a Partial ending",
                conds.join(", ")
            ),
        ));
    }
}

fn dead_route_entries(cx: &Ctx, out: &mut Vec<Problem>) {
    let (g, nodes) = (cx.g, &cx.nodes);
    let mut taken: HashSet<(u32, u32)> = HashSet::default();
    let mut reached = vec![false; nodes.len()];
    for s in 0..g.states.len() as u32 {
        let n = g.states[s as usize].0;
        reached[n as usize] = true;
        for e in g.out(s).iter().filter(|e| e.route) {
            taken.insert((n, e.choice));
        }
    }
    for (n, node) in nodes.iter().enumerate() {
        if !reached[n] || node.ending.is_some() || !node.choices.is_empty() {
            continue;
        }
        for ri in 0..node.route.len() {
            if taken.contains(&(n as u32, ri as u32)) {
                continue;
            }
            let id = &g.node_ids[n];
            out.push(Problem::warning(
                "dead-route-entry",
                cx.node(id).field("route").index(ri),
                format!(
                    "route entry {} of node `{id}` is never taken: on no path to `{id}` do its \
                     conditions hold before an earlier entry's",
                    ri + 1
                ),
                "check the conditions (a flag never set, a step that is always done first), or \
                 move the entry up; remove it if it is not needed",
            ));
        }
    }
}
