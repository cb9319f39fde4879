//! The report's counters, laid out once per scenario (a slot per node and per choice) so that each
//! record costs a few hash look-ups and array increments; texts are only rendered at the end.

use super::neutral::neutral;
use super::report::{
    ClassCounts, DecisionTable, EndingCount, Endings, ObjectiveStats, OptionCount, ScenarioReport,
    SessionCounts, StepCount,
};
use super::stats::Acc;
use crate::engine::Session;
use crate::scenario::model::{Curriculum, Node};
use crate::scenario::{Library, LoadedScenario};
use crate::scoring::{Debrief, SopStatus};
use rustc_hash::FxHashMap;

/// Counters over all counted sessions.
pub(super) struct Tally<'l> {
    lib: &'l Library,
    slots: FxHashMap<&'l str, usize>,
    scenarios: Vec<ScenarioTally<'l>>,
    /// One per step of every curriculum SOP, in curriculum order.
    steps: Vec<StepCount>,
    step_index: FxHashMap<(&'l str, &'l str), usize>,
}

struct ScenarioTally<'l> {
    ls: &'l LoadedScenario,
    lib_index: usize,
    /// Nodes in graph index order (sorted ids).
    nodes: Vec<&'l Node>,
    /// Slot of each node's first choice in `chosen` and `best_hits`.
    offset: Vec<usize>,
    chosen: Vec<usize>,
    best_hits: Vec<usize>,
    /// Sessions that ended at each node.
    ended: Vec<usize>,
    /// Per objective of the scenario (in its order): fraction reached in finished sessions.
    objectives: Vec<Acc>,
    /// Step id → index into `Tally::steps`.
    steps: FxHashMap<&'l str, usize>,
    sessions: SessionCounts,
}

/// What `Tally::finish` hands to the report.
pub(super) struct Totals {
    pub sessions: SessionCounts,
    pub objectives: Vec<ObjectiveStats>,
    pub scenarios: Vec<ScenarioReport>,
    pub most_missed: Vec<StepCount>,
    pub most_violated: Vec<StepCount>,
    pub endings: Endings,
}

impl<'l> Tally<'l> {
    pub fn new(lib: &'l Library) -> Self {
        let mut steps = Vec::new();
        let mut step_index = FxHashMap::default();
        for sop in &lib.curriculum.sops {
            for (i, st) in sop.steps.iter().enumerate() {
                step_index.insert((sop.id.as_str(), st.id.as_str()), steps.len());
                steps.push(StepCount {
                    sop: sop.id.clone(),
                    id: st.id.clone(),
                    number: i + 1,
                    title: st.title.en().to_string(),
                    checked: 0,
                    done: 0,
                    out_of_order: 0,
                    missed: 0,
                    violated: 0,
                });
            }
        }
        Tally {
            lib,
            slots: FxHashMap::default(),
            scenarios: Vec::new(),
            steps,
            step_index,
        }
    }

    /// Counts one replayed session of scenario `id` (which is in the library).
    pub fn add(&mut self, id: &str, s: &Session, d: &Debrief) {
        let Some(k) = self.slot(id) else { return };
        let t = &mut self.scenarios[k];
        let g = &t.ls.graph;
        for (i, taken) in s.history().iter().enumerate() {
            let Some(n) = g.node(&taken.node) else {
                continue;
            };
            let slot = t.offset[n as usize] + taken.choice_index;
            if let Some(c) = t.chosen.get_mut(slot) {
                *c += 1;
                if d.decisions.get(i).is_some_and(|r| r.better.is_none()) {
                    t.best_hits[slot] += 1;
                }
            }
        }
        t.sessions.sessions += 1;
        if s.is_finished() {
            t.sessions.finished += 1;
            for (acc, o) in t.objectives.iter_mut().zip(&d.objectives) {
                acc.push(o.fraction());
            }
            if let Some(n) = g.node(s.node()) {
                t.ended[n as usize] += 1;
            }
        } else {
            t.sessions.unfinished += 1;
        }
        for c in &d.sop {
            let Some(&i) = t.steps.get(c.id.as_str()) else {
                continue;
            };
            let st = &mut self.steps[i];
            st.checked += 1;
            match c.status {
                SopStatus::Done { .. } => st.done += 1,
                SopStatus::OutOfOrder { .. } => st.out_of_order += 1,
                SopStatus::Violated { .. } => st.violated += 1,
                SopStatus::Missed if s.is_finished() => st.missed += 1,
                SopStatus::Missed => {}
            }
        }
    }

    /// The tally of scenario `id`, laid out on first use.
    fn slot(&mut self, id: &str) -> Option<usize> {
        if let Some(&k) = self.slots.get(id) {
            return Some(k);
        }
        let lib_index = self
            .lib
            .scenarios
            .iter()
            .position(|s| s.scenario.id == id)?;
        let ls = &self.lib.scenarios[lib_index];
        let sc = &ls.scenario;
        let nodes: Vec<&Node> = ls.graph.node_ids.iter().map(|n| &sc.nodes[n]).collect();
        let mut offset = Vec::with_capacity(nodes.len());
        let mut slots = 0;
        for n in &nodes {
            offset.push(slots);
            slots += n.choices.len();
        }
        let steps = self
            .lib
            .curriculum
            .sop(&sc.sop)
            .map(|sop| {
                sop.steps
                    .iter()
                    .filter_map(|st| {
                        let i = *self.step_index.get(&(sop.id.as_str(), st.id.as_str()))?;
                        Some((st.id.as_str(), i))
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.scenarios.push(ScenarioTally {
            ls,
            lib_index,
            offset,
            chosen: vec![0; slots],
            best_hits: vec![0; slots],
            ended: vec![0; nodes.len()],
            nodes,
            objectives: vec![Acc::default(); sc.objectives.len()],
            steps,
            sessions: SessionCounts::default(),
        });
        let k = self.scenarios.len() - 1;
        self.slots.insert(sc.id.as_str(), k);
        Some(k)
    }

    pub fn finish(mut self) -> Totals {
        let cur = &self.lib.curriculum;
        self.scenarios.sort_by_key(|t| t.lib_index);
        let mut sessions = SessionCounts::default();
        let mut endings = Endings::default();
        let mut scenarios = Vec::with_capacity(self.scenarios.len());
        for t in &self.scenarios {
            sessions.sessions += t.sessions.sessions;
            sessions.finished += t.sessions.finished;
            sessions.unfinished += t.sessions.unfinished;
            let r = t.report(cur);
            endings.by_class.protected += r.by_class.protected;
            endings.by_class.partial += r.by_class.partial;
            endings.by_class.harmful += r.by_class.harmful;
            endings.by_node.extend(r.endings.iter().cloned());
            scenarios.push(r);
        }
        // Curriculum objectives, over every scenario that scores them.
        let mut objectives = Vec::new();
        for o in &cur.objectives {
            let mut acc = Acc::default();
            let mut any = false;
            for t in &self.scenarios {
                if let Some(i) = t.ls.scenario.objectives.iter().position(|x| x == &o.id) {
                    acc.merge(&t.objectives[i]);
                    any = true;
                }
            }
            if any {
                objectives.push(objective_stats(cur, &o.id, &acc));
            }
        }
        let mut most_missed: Vec<StepCount> = self
            .steps
            .iter()
            .filter(|s| s.missed > 0)
            .cloned()
            .collect();
        most_missed.sort_by_key(|s| std::cmp::Reverse(s.missed));
        let mut most_violated: Vec<StepCount> = self
            .steps
            .iter()
            .filter(|s| s.violated > 0)
            .cloned()
            .collect();
        most_violated.sort_by_key(|s| std::cmp::Reverse(s.violated));
        Totals {
            sessions,
            objectives,
            scenarios,
            most_missed,
            most_violated,
            endings,
        }
    }
}

impl ScenarioTally<'_> {
    fn report(&self, cur: &Curriculum) -> ScenarioReport {
        let sc = &self.ls.scenario;
        let best = self.best_options();
        let rank = self.story_order();
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by_key(|&n| (rank[n], n));
        let mut decisions = Vec::new();
        for n in order {
            let node = self.nodes[n];
            let range = self.offset[n]..self.offset[n] + node.choices.len();
            let taken: usize = self.chosen[range.clone()].iter().sum();
            if taken == 0 {
                continue;
            }
            decisions.push(DecisionTable {
                scenario: sc.id.clone(),
                node: self.ls.graph.node_ids[n].clone(),
                prompt: neutral(sc, &node.text),
                decisions: taken,
                among_best: self.best_hits[range.clone()].iter().sum(),
                options: node
                    .choices
                    .iter()
                    .zip(range)
                    .map(|(c, slot)| OptionCount {
                        id: c.id.clone(),
                        text: neutral(sc, &c.text),
                        feedback: c
                            .feedback
                            .as_ref()
                            .map(|f| neutral(sc, f))
                            .unwrap_or_default(),
                        points: c.points(),
                        best: best[slot],
                        chosen: self.chosen[slot],
                    })
                    .collect(),
            });
        }
        let mut endings = Vec::new();
        let mut by_class = ClassCounts::default();
        for (n, &count) in self.ended.iter().enumerate() {
            let Some(e) = self.nodes[n].ending.as_ref().filter(|_| count > 0) else {
                continue;
            };
            by_class.add(e.outcome, count);
            endings.push(EndingCount {
                scenario: sc.id.clone(),
                node: self.ls.graph.node_ids[n].clone(),
                outcome: e.outcome,
                summary: neutral(sc, &e.summary),
                count,
            });
        }
        endings.sort_by_key(|e| (e.outcome, std::cmp::Reverse(e.count)));
        ScenarioReport {
            id: sc.id.clone(),
            title: sc.title.en().to_string(),
            sessions: self.sessions,
            objectives: sc
                .objectives
                .iter()
                .zip(&self.objectives)
                .map(|(o, acc)| objective_stats(cur, o, acc))
                .collect(),
            decisions,
            endings,
            by_class,
        }
    }

    /// Per choice slot: whether the choice is among the best open in some reachable state.
    fn best_options(&self) -> Vec<bool> {
        let (g, a) = (&self.ls.graph, &self.ls.analysis);
        let mut best = vec![false; self.chosen.len()];
        let mut vals: Vec<(usize, i64)> = Vec::new();
        for s in 0..g.states.len() {
            vals.clear();
            vals.extend(g.out(s as u32).iter().filter_map(|e| {
                let v = (*a.value.get(e.target as usize)?)?;
                Some((e.choice as usize, v + e.total))
            }));
            let Some(top) = vals.iter().map(|v| v.1).max() else {
                continue;
            };
            let base = self.offset[g.states[s].0 as usize];
            for &(c, v) in &vals {
                if v == top
                    && let Some(b) = best.get_mut(base + c)
                {
                    *b = true;
                }
            }
        }
        best
    }

    /// Per node: the position of its first state in the graph's breadth-first exploration from the
    /// start, so decision tables follow the story (unreached nodes last).
    fn story_order(&self) -> Vec<usize> {
        let g = &self.ls.graph;
        let mut rank = vec![usize::MAX; self.nodes.len()];
        for (s, &(n, _)) in g.states.iter().enumerate() {
            let r = &mut rank[n as usize];
            *r = (*r).min(s);
        }
        rank
    }
}

fn objective_stats(cur: &Curriculum, id: &str, acc: &Acc) -> ObjectiveStats {
    let o = cur.objective(id);
    ObjectiveStats {
        id: id.to_string(),
        code: o
            .map(|x| x.code.clone())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| id.to_string()),
        title: o
            .map(|x| x.title.en().to_string())
            .unwrap_or_else(|| id.to_string()),
        stats: acc.stats(),
    }
}
