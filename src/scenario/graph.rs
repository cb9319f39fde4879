//! The state graph of a scenario: (node, condition facts) states, their edges, SCCs, which can end
//! and the best ending class still reachable from each.
//!
//! Only facts that some condition reads (flags, and steps done or violated) are tracked, so a
//! scenario without conditions has exactly one state per reachable node and every pass here is
//! linear in nodes + choices.

use super::model::{Cond, Effect, Fact, FactKind, OutcomeClass, Scenario};
use crate::engine::Facts;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// A (node index, relevant-fact bits) pair.
pub type StateKey = (u32, u64);

/// One way out of a state: a choice (and, for random outcomes, one of its branches), or the route
/// entry a route node takes in this state.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Index into the node's `choices`, or into its `route` when `route` is set.
    pub choice: u32,
    pub target: u32,
    /// Total points of the choice over all objectives (0 for a route).
    pub total: i64,
    /// A route step, taken without a decision.
    pub route: bool,
}

/// A start state: the relevant flags set by one combination of variants.
#[derive(Debug, Clone)]
pub struct Initial {
    pub state: u32,
    /// One variant index per group (in group order) that leads to this start state.
    pub pick: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Graph {
    /// Node ids in index order (sorted).
    pub node_ids: Vec<String>,
    /// Node index by the hash of its id (ids are checked on lookup: see `node`); the rare ids whose
    /// hash clashes with another's are kept by name in `node_clash`.
    node_by_hash: HashMap<u64, u32>,
    node_clash: HashMap<String, u32>,
    /// Whether each node is an ending.
    pub node_ending: Vec<bool>,
    /// Facts read by conditions, in bit order.
    pub facts: Vec<Fact>,
    pub states: Vec<StateKey>,
    /// The id of each (node, facts) state: a case with many flags reaches thousands of states per
    /// node, so a lookup must not scan them.
    state_ids: HashMap<StateKey, u32>,
    /// Edges of state `s` are `edges[edge_start[s]..edge_start[s + 1]]`.
    pub edges: Vec<Edge>,
    /// Points of each edge per objective of the scenario: `edge_points[edge * objectives + o]`.
    pub edge_points: Vec<i32>,
    pub objectives: usize,
    pub edge_start: Vec<u32>,
    pub initials: Vec<Initial>,
    /// Component id of each state; components are numbered sinks first (reverse topological order).
    pub scc: Vec<u32>,
    pub scc_count: u32,
    /// States grouped by component, components in order: members of component c are
    /// `scc_members[scc_start[c]..scc_start[c + 1]]`.
    pub scc_members: Vec<u32>,
    pub scc_start: Vec<u32>,
    /// Whether a component has a cycle (more than one state or a self-edge).
    pub scc_cyclic: Vec<bool>,
    /// States of non-ending nodes where no choice's condition holds.
    pub stuck: Vec<u32>,
    /// Whether an ending can be reached from each state.
    pub can_end: Vec<bool>,
    /// The best ending class reachable from each state (None where no ending can be reached).
    pub best_class: Vec<Option<OutcomeClass>>,
    /// Too many condition facts to track (over 64): conditions are then ignored by analysis.
    pub flags_overflow: bool,
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(id.as_bytes());
    h.finish()
}

impl Graph {
    /// The index of node `id`, if the scenario has it.
    pub fn node(&self, id: &str) -> Option<u32> {
        match self.node_by_hash.get(&id_hash(id)) {
            Some(&i) if self.node_ids[i as usize] == id => Some(i),
            _ => self.node_clash.get(id).copied(),
        }
    }

    /// The states of component `c`.
    pub fn members(&self, c: usize) -> &[u32] {
        &self.scc_members[self.scc_start[c] as usize..self.scc_start[c + 1] as usize]
    }

    pub fn out(&self, s: u32) -> &[Edge] {
        &self.edges[self.edge_start[s as usize] as usize..self.edge_start[s as usize + 1] as usize]
    }

    pub fn is_ending(&self, s: u32) -> bool {
        self.node_ending[self.states[s as usize].0 as usize]
    }

    /// Bits of the tracked facts that hold in `facts`.
    pub fn bits_of(&self, facts: &Facts) -> u64 {
        let mut b = 0;
        for (i, f) in self.facts.iter().enumerate() {
            if facts.has(f) {
                b |= 1 << i;
            }
        }
        b
    }

    /// The state for a node id and the facts of a run there, if it was reached during exploration.
    pub fn state_of(&self, node: &str, facts: &Facts) -> Option<u32> {
        let n = self.node(node)?;
        self.find_state((n, self.bits_of(facts)))
    }

    pub fn build(sc: &Scenario) -> Graph {
        let mut g = Graph::default();
        g.node_ids = sc.nodes.keys().cloned().collect();
        g.node_ending = sc.nodes.values().map(|n| n.ending.is_some()).collect();
        g.node_by_hash = HashMap::with_capacity_and_hasher(g.node_ids.len(), Default::default());
        for (i, id) in g.node_ids.iter().enumerate() {
            match g.node_by_hash.entry(id_hash(id)) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i as u32);
                }
                std::collections::hash_map::Entry::Occupied(_) => {
                    g.node_clash.insert(id.clone(), i as u32);
                }
            }
        }
        g.state_ids.reserve(g.node_ids.len());
        g.states.reserve(g.node_ids.len());
        let choices: usize = sc.nodes.values().map(|n| n.choices.len()).sum();
        g.edges.reserve(choices);
        g.edge_points.reserve(choices * sc.objectives.len());
        let mut facts = BTreeSet::new();
        for n in sc.nodes.values() {
            let conds = n.choices.iter().flat_map(|c| &c.requires);
            for r in conds.chain(n.route.iter().flat_map(|r| &r.requires)) {
                facts.insert(r.fact().0);
            }
        }
        g.facts = facts.into_iter().collect();
        if g.facts.len() > 64 {
            g.facts.clear();
            g.flags_overflow = true;
        }
        let bit = |g: &Graph, kind: FactKind, name: &str| {
            g.facts
                .iter()
                .position(|x| x.parts() == (kind, name))
                .map(|i| 1u64 << i)
        };

        // Start states: one per distinct set of relevant flags over all variant combinations.
        let Some(start) = g.node(&sc.start) else {
            return finish(g, sc);
        };
        let mut starts: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new())];
        for group in sc.variants.values() {
            let mut next: Vec<(u64, Vec<usize>)> = Vec::new();
            for (bits, pick) in &starts {
                for (vi, v) in group.iter().enumerate() {
                    let mut b = *bits;
                    for f in &v.flags {
                        b |= bit(&g, FactKind::Flag, f).unwrap_or(0);
                    }
                    if !next.iter().any(|(nb, _)| *nb == b) {
                        let mut p = pick.clone();
                        p.push(vi);
                        next.push((b, p));
                    }
                }
            }
            if !next.is_empty() {
                starts = next;
            }
        }

        // Explore reachable states breadth first, building edges as we go.
        let mut queue = std::collections::VecDeque::new();
        for (bits, pick) in starts {
            let id = g.intern((start, bits), &mut queue);
            g.initials.push(Initial { state: id, pick });
        }
        let nodes: Vec<&super::model::Node> = sc.nodes.values().collect();
        g.edge_start.push(0);
        g.objectives = sc.objectives.len();
        let mut pts = vec![0i32; g.objectives];
        // Ids are handed out in queue order, so states are popped as 0, 1, 2 ... and their edges
        // can be appended in place.
        while let Some(s) = queue.pop_front() {
            debug_assert_eq!(s as usize + 1, g.edge_start.len());
            let (n, bits) = g.states[s as usize];
            let node = nodes[n as usize];
            if node.ending.is_none() && !node.route.is_empty() {
                pts.iter_mut().for_each(|p| *p = 0);
                let taken = node
                    .route
                    .iter()
                    .enumerate()
                    .find(|(_, r)| holds(&g, &r.requires, bits));
                match taken.and_then(|(ri, r)| Some((ri, g.node(&r.goto)?))) {
                    Some((ri, ti)) => {
                        let target = g.intern((ti, bits), &mut queue);
                        g.edges.push(Edge {
                            choice: ri as u32,
                            target,
                            total: 0,
                            route: true,
                        });
                        g.edge_points.extend_from_slice(&pts);
                    }
                    None if taken.is_none() => g.stuck.push(s),
                    None => {}
                }
            } else if node.ending.is_none() {
                let mut any = false;
                for (ci, c) in node.choices.iter().enumerate() {
                    if !holds(&g, &c.requires, bits) {
                        continue;
                    }
                    any = true;
                    let mut nb = bits;
                    let mut total = 0i64;
                    pts.iter_mut().for_each(|p| *p = 0);
                    for e in &c.effects {
                        match e {
                            Effect::Score(o, p) => {
                                total += *p as i64;
                                if let Some(k) = sc.objectives.iter().position(|x| x == o) {
                                    pts[k] += p;
                                }
                            }
                            Effect::Clear(f) if !g.facts.is_empty() => {
                                nb &= !bit(&g, FactKind::Flag, f).unwrap_or(0)
                            }
                            Effect::Set(_) | Effect::Sop(..) if !g.facts.is_empty() => {
                                if let Some((kind, name)) = e.sets_parts() {
                                    nb |= bit(&g, kind, name).unwrap_or(0);
                                }
                            }
                            Effect::Set(_) | Effect::Sop(..) | Effect::Clear(_) => {}
                        }
                    }
                    for t in Scenario::targets(c) {
                        if let Some(ti) = g.node(t) {
                            let target = g.intern((ti, nb), &mut queue);
                            g.edges.push(Edge {
                                choice: ci as u32,
                                target,
                                total,
                                route: false,
                            });
                            g.edge_points.extend_from_slice(&pts);
                        }
                    }
                }
                if !any && !node.choices.is_empty() {
                    g.stuck.push(s);
                }
            }
            g.edge_start.push(g.edges.len() as u32);
        }
        finish(g, sc)
    }

    fn find_state(&self, key: StateKey) -> Option<u32> {
        self.state_ids.get(&key).copied()
    }

    fn intern(&mut self, key: StateKey, queue: &mut std::collections::VecDeque<u32>) -> u32 {
        if let Some(id) = self.find_state(key) {
            return id;
        }
        let id = self.states.len() as u32;
        self.states.push(key);
        self.state_ids.insert(key, id);
        queue.push_back(id);
        id
    }
}

/// Whether `conds` hold in a state with fact `bits` (a fact that is not tracked never holds).
fn holds(g: &Graph, conds: &[Cond], bits: u64) -> bool {
    if g.flags_overflow {
        return true;
    }
    conds.iter().all(|c| {
        let (kind, name, want) = c.parts();
        let on = g
            .facts
            .iter()
            .position(|x| x.parts() == (kind, name))
            .is_some_and(|i| bits & (1 << i) != 0);
        on == want
    })
}

fn finish(mut g: Graph, sc: &Scenario) -> Graph {
    if g.edge_start.is_empty() {
        g.edge_start.push(0);
    }
    tarjan(&mut g);
    // Which states can reach an ending: reverse reachability from ending states.
    let n = g.states.len();
    let mut rev_start = vec![0u32; n + 1];
    for e in &g.edges {
        rev_start[e.target as usize + 1] += 1;
    }
    for i in 0..n {
        rev_start[i + 1] += rev_start[i];
    }
    let mut fill = rev_start.clone();
    let mut rev = vec![0u32; g.edges.len()];
    for s in 0..n {
        for e in g.out(s as u32) {
            let t = e.target as usize;
            rev[fill[t] as usize] = s as u32;
            fill[t] += 1;
        }
    }
    let mut can_end = vec![false; n];
    let mut stack: Vec<u32> = (0..n as u32).filter(|&s| g.is_ending(s)).collect();
    for &s in &stack {
        can_end[s as usize] = true;
    }
    while let Some(s) = stack.pop() {
        for &p in &rev[rev_start[s as usize] as usize..rev_start[s as usize + 1] as usize] {
            if !can_end[p as usize] {
                can_end[p as usize] = true;
                stack.push(p);
            }
        }
    }
    g.can_end = can_end;
    let endings: Vec<Option<OutcomeClass>> = sc
        .nodes
        .values()
        .map(|n| n.ending.as_ref().map(|e| e.outcome))
        .collect();
    best_class(&mut g, &endings);
    g
}

/// The best ending class reachable from each state, one pass over the components sinks first
/// (every state of a component reaches the same endings).
fn best_class(g: &mut Graph, endings: &[Option<OutcomeClass>]) {
    let mut comp: Vec<Option<OutcomeClass>> = vec![None; g.scc_count as usize];
    for c in 0..g.scc_count as usize {
        let mut best: Option<OutcomeClass> = None;
        for &s in g.members(c) {
            let own = endings[g.states[s as usize].0 as usize];
            best = better(best, own);
            for e in g.out(s) {
                let tc = g.scc[e.target as usize] as usize;
                if tc != c {
                    best = better(best, comp[tc]);
                }
            }
        }
        comp[c] = best;
    }
    g.best_class = g.scc.iter().map(|&c| comp[c as usize]).collect();
}

/// The better of two ending classes (Protected is best).
fn better(a: Option<OutcomeClass>, b: Option<OutcomeClass>) -> Option<OutcomeClass> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(x), Some(y)) => Some(x.min(y)),
    }
}

/// Iterative Tarjan: components come out sinks first.
fn tarjan(g: &mut Graph) {
    let n = g.states.len();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut scc = vec![0u32; n];
    let mut cyclic = Vec::new();
    let mut members = Vec::with_capacity(n);
    let mut starts = vec![0u32];
    let mut next_index = 0u32;
    let mut count = 0u32;
    // Call stack of (state, next edge position).
    let mut calls: Vec<(u32, u32)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        calls.push((root, g.edge_start[root as usize]));
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            let end = g.edge_start[v as usize + 1];
            if *pos < end {
                let w = g.edges[*pos as usize].target;
                *pos += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = next_index;
                    low[w as usize] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    calls.push((w, g.edge_start[w as usize]));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
            } else {
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u as usize] = low[u as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    let mut size = 0;
                    loop {
                        let w = stack.pop().expect("tarjan stack");
                        on_stack[w as usize] = false;
                        scc[w as usize] = count;
                        members.push(w);
                        size += 1;
                        if w == v {
                            break;
                        }
                    }
                    let self_loop = g.out(v).iter().any(|e| e.target == v);
                    cyclic.push(size > 1 || self_loop);
                    starts.push(members.len() as u32);
                    count += 1;
                }
            }
        }
    }
    g.scc = scc;
    g.scc_members = members;
    g.scc_start = starts;
    g.scc_count = count;
    g.scc_cyclic = cyclic;
}
