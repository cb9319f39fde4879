//! Reachability rules on the state graph: unreachable nodes, states with no choice, traps with no
//! ending, and loops that would score without limit.

use super::{Ctx, Rules};
use crate::scenario::diag::Problem;
use crate::scenario::model::{Effect, Scenario};
use std::collections::BTreeSet;

/// The reachability rules run on the graph once the walk is done.
pub struct Reachability;

impl Rules for Reachability {
    fn finish(&mut self, cx: &Ctx, out: &mut Vec<Problem>) {
        check(cx, out);
    }
}

fn check(cx: &Ctx, out: &mut Vec<Problem>) {
    let (sc, g, root) = (cx.sc, cx.g, &cx.root);
    if g.flags_overflow {
        out.push(Problem::warning(
            "too-many-flags",
            root.field("nodes"),
            "over 64 flags are used in conditions: analysis ignores conditions",
            "use fewer condition flags",
        ));
    }
    let mut reached = vec![false; g.node_ids.len()];
    let mut trapped: BTreeSet<u32> = BTreeSet::new();
    let mut stuck: BTreeSet<u32> = BTreeSet::new();
    for (s, &(n, _)) in g.states.iter().enumerate() {
        reached[n as usize] = true;
        if !g.can_end[s] {
            trapped.insert(n);
        }
    }
    for &s in &g.stuck {
        stuck.insert(g.states[s as usize].0);
    }
    if g.states.is_empty() {
        return;
    }
    for (i, id) in g.node_ids.iter().enumerate() {
        let np = || root.field("nodes").key(id);
        if !reached[i] {
            out.push(
                Problem::warning(
                    "unreachable",
                    np(),
                    format!("node `{id}` is unreachable from the start"),
                    "link it from a choice, or remove it",
                )
                .at_key(),
            );
        } else if stuck.contains(&(i as u32)) {
            out.push(
                Problem::error(
                    "stuck",
                    np(),
                    format!(
                        "node `{id}` can be reached with no choice available (every choice's \
                         condition fails)"
                    ),
                    "add a choice without `requires`, or make the conditions cover every case",
                )
                .at_key(),
            );
        } else if trapped.contains(&(i as u32))
            && !(sc.nodes[id].choices.is_empty() && sc.nodes[id].route.is_empty())
            && !missing_target(sc, id)
        {
            out.push(
                Problem::error(
                    "trap-cycle",
                    np(),
                    format!(
                        "no ending can be reached from node `{id}` (a dead end or a loop with no \
                         way out)"
                    ),
                    "give some choice on this path a `goto` that leads to an ending",
                )
                .at_key(),
            );
        }
    }
    // Loops that change a score could be played for points forever.
    for s in 0..g.states.len() as u32 {
        if !g.scc_cyclic[g.scc[s as usize] as usize] {
            continue;
        }
        for e in g.out(s) {
            if !e.route && g.scc[e.target as usize] == g.scc[s as usize] {
                let node = &g.node_ids[g.states[s as usize].0 as usize];
                let c = &sc.nodes[node].choices[e.choice as usize];
                if c.effects
                    .iter()
                    .any(|x| matches!(x, Effect::Score(_, p) if *p != 0))
                {
                    out.push(Problem::error(
                        "score-loop",
                        cx.choice(node, e.choice as usize).field("effects"),
                        format!(
                            "choice `{}` is on a loop and changes a score, so points could be \
                             gained without limit",
                            c.id
                        ),
                        "move the `Score` effect off the loop, or make the loop's choices score 0",
                    ));
                    return;
                }
            }
        }
    }
}

/// Whether a node has a choice or route entry leading to a missing node (reported on its own).
fn missing_target(sc: &Scenario, id: &str) -> bool {
    let n = &sc.nodes[id];
    n.choices
        .iter()
        .any(|c| Scenario::targets(c).any(|t| !sc.nodes.contains_key(t)))
        || n.route.iter().any(|r| !sc.nodes.contains_key(&r.goto))
}
