//! Analysis over the state graph: score bounds per objective, path count, endings, best path.
//!
//! Every pass walks the components of `Graph` once (sinks first), so the cost is linear in states +
//! edges. Random outcomes are treated as "any branch can happen": bounds are over all possible
//! runs.

use super::graph::Graph;
use super::model::{OutcomeClass, Scenario};
use serde::Serialize;
use std::collections::BTreeMap;

/// What analysis finds for one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub id: String,
    pub nodes: usize,
    pub choices: usize,
    pub states: usize,
    /// Complete runs from the start to an ending; saturates at u64::MAX (also for loops).
    pub paths: u64,
    pub paths_saturated: bool,
    /// Ending node id → outcome class, for endings reachable from the start.
    pub endings: BTreeMap<String, OutcomeClass>,
    /// Objective id → (best, worst) achievable points over complete runs.
    pub objectives: BTreeMap<String, Bounds>,
    /// Most and fewest decisions on a complete run (loops counted once).
    pub longest: u64,
    pub shortest: u64,
    /// Highest total over all objectives, and lowest.
    pub best_total: i64,
    pub worst_total: i64,
    /// Choice ids that reach `best_total`, playable with `play --seed best_seed --choose ...`.
    pub best_path: Vec<String>,
    pub best_ending: Option<String>,
    /// Choice ids that reach `worst_total`.
    pub worst_path: Vec<String>,
    pub worst_ending: Option<String>,
    /// Variant index per group that the best path starts from.
    #[serde(skip)]
    pub best_pick: Vec<usize>,
    #[serde(skip)]
    pub worst_pick: Vec<usize>,
    /// Highest total still achievable from each state (None where no ending can be reached).
    #[serde(skip)]
    pub value: Vec<Option<i64>>,
    /// Per start state (same order as `Graph::initials`): per objective (best, worst).
    #[serde(skip)]
    pub per_initial: Vec<BTreeMap<String, Bounds>>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Bounds {
    pub best: i64,
    pub worst: i64,
}

/// Points of every edge for each objective of the scenario.
fn objective_points(g: &Graph) -> Vec<Vec<i64>> {
    let k = g.objectives;
    (0..k)
        .map(|o| {
            (0..g.edges.len())
                .map(|e| g.edge_points[e * k + o] as i64)
                .collect()
        })
        .collect()
}

/// Best (max) or worst (min) values of several queries per component (sinks first), read per state
/// through `scc`. Loops inside a component carry no points (validation refuses scoring loops), so
/// every state of a component shares a value.
struct Solved<'g> {
    k: usize,
    comp_val: Vec<Option<i64>>,
    scc: &'g [u32],
}

impl Solved<'_> {
    /// The value of query `q` from state `s`.
    fn at(&self, q: usize, s: u32) -> Option<i64> {
        self.comp_val[self.scc[s as usize] as usize * self.k + q]
    }

    /// Query `q` for every state (only where per-state values are kept).
    fn column(&self, q: usize) -> Vec<Option<i64>> {
        (0..self.scc.len() as u32).map(|s| self.at(q, s)).collect()
    }
}

/// `solve` for several (points, maximise) queries in one pass over the components.
fn solve_many<'g>(g: &'g Graph, queries: &[(&[i64], bool)]) -> Solved<'g> {
    let k = queries.len();
    let mut comp_val: Vec<Option<i64>> = vec![None; g.scc_count as usize * k];
    let mut best: Vec<Option<i64>> = vec![None; k];
    // Components come sinks first, so every successor component is solved before its predecessors.
    for c in 0..g.scc_count as usize {
        best.iter_mut().for_each(|b| *b = None);
        for &s in g.members(c) {
            if g.is_ending(s) {
                for (q, b) in best.iter_mut().enumerate() {
                    *b = pick(*b, Some(0), queries[q].1);
                }
            }
            let start = g.edge_start[s as usize] as usize;
            for (j, e) in g.out(s).iter().enumerate() {
                let tc = g.scc[e.target as usize] as usize;
                if tc == c {
                    continue;
                }
                for (q, &(pts, max)) in queries.iter().enumerate() {
                    if let Some(v) = comp_val[tc * k + q] {
                        best[q] = pick(best[q], Some(v + pts[start + j]), max);
                    }
                }
            }
        }
        comp_val[c * k..(c + 1) * k].copy_from_slice(&best);
    }
    Solved {
        k,
        comp_val,
        scc: &g.scc,
    }
}

fn pick(a: Option<i64>, b: Option<i64>, maximise: bool) -> Option<i64> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(x), Some(y)) => Some(if maximise { x.max(y) } else { x.min(y) }),
    }
}

pub fn analyze(sc: &Scenario, g: &Graph) -> Analysis {
    let total_pts: Vec<i64> = g.edges.iter().map(|e| e.total).collect();
    let obj_pts = objective_points(g);
    // Decisions count choices; a route is taken without one.
    let ones: Vec<i64> = g.edges.iter().map(|e| i64::from(!e.route)).collect();
    // One pass for every bound: total (max, min), decisions (max, min), each objective (max, min).
    let mut queries: Vec<(&[i64], bool)> = vec![
        (&total_pts, true),
        (&total_pts, false),
        (&ones, true),
        (&ones, false),
    ];
    for p in &obj_pts {
        queries.push((p, true));
        queries.push((p, false));
    }
    let solved = solve_many(g, &queries);
    // Per-state values are kept for the totals (debrief alternatives and path following); the
    // other bounds are only read at the start states.
    let (best, worst) = (solved.column(0), solved.column(1));
    let mut objectives = BTreeMap::new();
    let mut per_initial: Vec<BTreeMap<String, Bounds>> = vec![BTreeMap::new(); g.initials.len()];
    for (oi, o) in sc.objectives.iter().enumerate() {
        let (qb, qw) = (4 + 2 * oi, 5 + 2 * oi);
        let mut all: Option<Bounds> = None;
        for (i, init) in g.initials.iter().enumerate() {
            if let (Some(bv), Some(wv)) = (solved.at(qb, init.state), solved.at(qw, init.state)) {
                per_initial[i].insert(
                    o.clone(),
                    Bounds {
                        best: bv,
                        worst: wv,
                    },
                );
                all = Some(match all {
                    None => Bounds {
                        best: bv,
                        worst: wv,
                    },
                    Some(a) => Bounds {
                        best: a.best.max(bv),
                        worst: a.worst.min(wv),
                    },
                });
            }
        }
        objectives.insert(o.clone(), all.unwrap_or(Bounds { best: 0, worst: 0 }));
    }
    let best_init = g
        .initials
        .iter()
        .filter(|i| best[i.state as usize].is_some())
        .max_by_key(|i| best[i.state as usize]);
    let worst_init = g
        .initials
        .iter()
        .filter(|i| worst[i.state as usize].is_some())
        .min_by_key(|i| worst[i.state as usize]);
    let (best_path, best_ending) = best_init
        .map(|i| follow(sc, g, &total_pts, &best, i.state))
        .unwrap_or_default();
    let (worst_path, worst_ending) = worst_init
        .map(|i| follow(sc, g, &total_pts, &worst, i.state))
        .unwrap_or_default();
    let (paths, paths_saturated) = count_paths(g);
    let over_starts = |q: usize, max: bool| {
        let it = g.initials.iter().filter_map(|i| solved.at(q, i.state));
        (if max { it.max() } else { it.min() }).unwrap_or(0) as u64
    };
    let mut endings = BTreeMap::new();
    for s in 0..g.states.len() as u32 {
        if g.is_ending(s) {
            let id = &g.node_ids[g.states[s as usize].0 as usize];
            if let Some(e) = &sc.nodes[id].ending {
                endings.insert(id.clone(), e.outcome);
            }
        }
    }
    Analysis {
        id: sc.id.clone(),
        nodes: sc.nodes.len(),
        choices: sc.nodes.values().map(|n| n.choices.len()).sum(),
        states: g.states.len(),
        paths,
        paths_saturated,
        longest: over_starts(2, true),
        shortest: over_starts(3, false),
        endings,
        objectives,
        best_total: best_init.and_then(|i| best[i.state as usize]).unwrap_or(0),
        worst_total: worst_init
            .and_then(|i| worst[i.state as usize])
            .unwrap_or(0),
        best_path,
        best_ending,
        worst_path,
        worst_ending,
        best_pick: best_init.map(|i| i.pick.clone()).unwrap_or_default(),
        worst_pick: worst_init.map(|i| i.pick.clone()).unwrap_or_default(),
        value: best,
        per_initial,
    }
}

/// Follows optimal edges from `s` to an ending; inside a loop it walks to the member with the best
/// exit.
fn follow(
    sc: &Scenario,
    g: &Graph,
    pts: &[i64],
    val: &[Option<i64>],
    mut s: u32,
) -> (Vec<String>, Option<String>) {
    let nodes: Vec<&super::model::Node> = sc.nodes.values().collect();
    let choice_id = |s: u32, c: u32| {
        nodes[g.states[s as usize].0 as usize].choices[c as usize]
            .id
            .clone()
    };
    let is_route = |s: u32| !nodes[g.states[s as usize].0 as usize].route.is_empty();
    let optimal_exit = |s: u32| {
        let start = g.edge_start[s as usize] as usize;
        g.out(s).iter().enumerate().find(|(k, e)| {
            g.scc[e.target as usize] != g.scc[s as usize]
                && val[e.target as usize].map(|v| v + pts[start + k]) == val[s as usize]
        })
    };
    let mut path = Vec::new();
    loop {
        if g.is_ending(s) {
            return (
                path,
                Some(g.node_ids[g.states[s as usize].0 as usize].clone()),
            );
        }
        if val[s as usize].is_none() {
            return (path, None);
        }
        if let Some((_, e)) = optimal_exit(s) {
            if !e.route {
                path.push(choice_id(s, e.choice));
            }
            s = e.target;
            continue;
        }
        // Inside a loop (all zero points): breadth-first to the member that has the optimal exit.
        let comp = g.scc[s as usize];
        let mut prev: std::collections::HashMap<u32, (u32, u32)> = std::collections::HashMap::new();
        let mut queue = std::collections::VecDeque::from([s]);
        let mut found = None;
        while let Some(v) = queue.pop_front() {
            if v != s && optimal_exit(v).is_some() {
                found = Some(v);
                break;
            }
            for e in g.out(v) {
                if g.scc[e.target as usize] == comp
                    && e.target != s
                    && !prev.contains_key(&e.target)
                {
                    prev.insert(e.target, (v, e.choice));
                    queue.push_back(e.target);
                }
            }
        }
        let Some(m) = found else { return (path, None) };
        let mut steps = Vec::new();
        let mut v = m;
        while v != s {
            let (p, c) = prev[&v];
            if !is_route(p) {
                steps.push(choice_id(p, c));
            }
            v = p;
        }
        path.extend(steps.into_iter().rev());
        s = m;
    }
}

/// Number of complete runs (start to ending), saturating; a reachable loop that can still end
/// means unboundedly many.
fn count_paths(g: &Graph) -> (u64, bool) {
    let mut saturated = false;
    // Per-state counts for acyclic components; a cyclic component that can end is "infinite".
    let mut count = vec![0u64; g.states.len()];
    for c in 0..g.scc_count as usize {
        let ms = g.members(c);
        if g.scc_cyclic[c] && ms.iter().any(|&s| g.can_end[s as usize]) {
            for &s in ms {
                count[s as usize] = u64::MAX;
            }
            saturated = true;
            continue;
        }
        for &s in ms {
            let mut n: u64 = if g.out(s).is_empty() && g.can_end[s as usize] {
                1
            } else {
                0
            };
            for e in g.out(s) {
                n = n.saturating_add(count[e.target as usize]);
            }
            count[s as usize] = n;
        }
    }
    let mut total = 0u64;
    for i in &g.initials {
        total = total.saturating_add(count[i.state as usize]);
    }
    (total, saturated || total == u64::MAX)
}
