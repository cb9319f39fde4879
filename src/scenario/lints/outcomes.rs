//! Outcome rules: a protected ending that the path to it contradicts (a step violated, a listed
//! step never done), a mark whose points say the opposite, and route entries that are never taken.
//!
//! All are computed on the state graph without enumerating paths: one pass over the components for
//! the protected endings each state can reach, and one search per listed step.

use super::Ctx;
use crate::scenario::diag::Problem;
use crate::scenario::graph::Graph;
use crate::scenario::model::{Effect, Mark, Node, OutcomeClass};
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeMap;

pub fn check(cx: &Ctx, out: &mut Vec<Problem>) {
    marks_against_points(cx, out);
    let g = cx.g;
    // Over 64 condition facts: the graph ignores conditions, so these would be guesses.
    if g.states.is_empty() || g.flags_overflow {
        return;
    }
    let nodes: Vec<&Node> = cx.sc.nodes.values().collect();
    let protected: Vec<bool> = nodes
        .iter()
        .map(|n| {
            n.ending
                .as_ref()
                .is_some_and(|e| e.outcome == OutcomeClass::Protected)
        })
        .collect();
    protected_after_violation(cx, &nodes, &protected, out);
    protected_without_step(cx, &nodes, &protected, out);
    dead_route_entries(cx, &nodes, out);
}

/// `Violated` with points above zero, or `Done` with points below zero: the debrief would praise
/// what the checklist faults, or the other way round.
fn marks_against_points(cx: &Ctx, out: &mut Vec<Problem>) {
    for (nid, node) in &cx.sc.nodes {
        for (ci, c) in node.choices.iter().enumerate() {
            let pts = c.points();
            for (ei, e) in c.effects.iter().enumerate() {
                let Effect::Sop(step, mark) = e else { continue };
                let (wrong, what) = match mark {
                    Mark::Violated => (pts > 0, "Violated"),
                    Mark::Done => (pts < 0, "Done"),
                };
                if wrong {
                    out.push(Problem::warning(
                        "mark-against-points",
                        cx.node(nid)
                            .field("choices")
                            .index(ci)
                            .field("effects")
                            .index(ei),
                        format!(
                            "choice `{}` marks step `{step}` {what} but its points add up to \
                             {pts:+}",
                            c.id
                        ),
                        "a violation should not earn points, nor a step done cost them: fix the \
                         `Score` effects or the mark",
                    ));
                }
            }
        }
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

fn protected_after_violation(
    cx: &Ctx,
    nodes: &[&Node],
    protected: &[bool],
    out: &mut Vec<Problem>,
) {
    let g = cx.g;
    let witness = protected_witness(g, protected);
    let mut seen: HashSet<(u32, u32, usize)> = HashSet::default();
    for s in 0..g.states.len() as u32 {
        let n = g.states[s as usize].0;
        for e in g.out(s).iter().filter(|e| !e.route) {
            let Some(w) = witness[e.target as usize] else {
                continue;
            };
            let c = &nodes[n as usize].choices[e.choice as usize];
            for (ei, eff) in c.effects.iter().enumerate() {
                let Effect::Sop(step, Mark::Violated) = eff else {
                    continue;
                };
                if !seen.insert((n, e.choice, ei)) {
                    continue;
                }
                let nid = &g.node_ids[n as usize];
                let ending = &g.node_ids[w as usize];
                out.push(Problem::warning(
                    "protected-after-violation",
                    cx.node(nid)
                        .field("choices")
                        .index(e.choice as usize)
                        .field("effects")
                        .index(ei),
                    format!(
                        "choice `{}` violates step `{step}`, yet the protected ending `{ending}` \
                         can still be reached after it",
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
}

fn protected_without_step(cx: &Ctx, nodes: &[&Node], protected: &[bool], out: &mut Vec<Problem>) {
    let g = cx.g;
    // Protected ending node → the listed steps a run can reach it without doing.
    let mut skipped: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    let mut seen = vec![false; g.states.len()];
    let mut stack: Vec<u32> = Vec::new();
    for step in cx
        .sc
        .steps
        .iter()
        .filter(|s| cx.step_ids.contains(s.as_str()))
    {
        seen.iter_mut().for_each(|x| *x = false);
        stack.clear();
        for i in &g.initials {
            if !seen[i.state as usize] {
                seen[i.state as usize] = true;
                stack.push(i.state);
            }
        }
        while let Some(s) = stack.pop() {
            let n = g.states[s as usize].0;
            if protected[n as usize] {
                let v = skipped.entry(n).or_default();
                if v.last() != Some(&step.as_str()) {
                    v.push(step);
                }
            }
            for e in g.out(s) {
                if !e.route && nodes[n as usize].choices[e.choice as usize].marks(step, Mark::Done)
                {
                    continue;
                }
                if !seen[e.target as usize] {
                    seen[e.target as usize] = true;
                    stack.push(e.target);
                }
            }
        }
    }
    for (n, steps) in skipped {
        let id = &g.node_ids[n as usize];
        let list: Vec<String> = steps.iter().map(|s| format!("`{s}`")).collect();
        let conds: Vec<String> = steps.iter().map(|s| format!("Done(\"{s}\")")).collect();
        out.push(Problem::warning(
            "protected-without-step",
            cx.node(id).field("ending").field("outcome"),
            format!(
                "ending `{id}` is Protected, yet a run can reach it without doing {} {} \
                 (listed in `steps`)",
                if steps.len() == 1 { "step" } else { "steps" },
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

fn dead_route_entries(cx: &Ctx, nodes: &[&Node], out: &mut Vec<Problem>) {
    let g = cx.g;
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
