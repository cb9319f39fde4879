//! The session engine: a caller-driven run through one scenario, reproducible from (seed, choices).

use crate::scenario::model::{Cond, Effect, Ending, Fact, FactKind, Mark, OutcomeClass, Scenario};
use crate::scenario::text::Text;
pub use crate::strings::fill_placeholders;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

/// What the participant sees at one point of the case.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub node: String,
    pub speaker: Option<String>,
    pub text: String,
    /// Available choices in display order; `number` is 1-based as shown.
    pub choices: Vec<ChoiceView>,
    pub ending: Option<EndingView>,
    /// How many decisions were taken before this step.
    pub decisions: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceView {
    pub number: usize,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndingView {
    pub outcome: OutcomeClass,
    pub summary: String,
}

/// What conditions can read at a point of a run: the flags set, and the SOP steps marked so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub flags: BTreeSet<String>,
    /// Steps some choice marked `Done`, and steps some choice marked `Violated`.
    pub done: BTreeSet<String>,
    pub violated: BTreeSet<String>,
}

impl Facts {
    /// The flags, the steps done or the steps violated.
    fn of(&self, kind: FactKind) -> &BTreeSet<String> {
        match kind {
            FactKind::Flag => &self.flags,
            FactKind::Done => &self.done,
            FactKind::Violated => &self.violated,
        }
    }

    pub fn has(&self, f: &Fact) -> bool {
        let (kind, name) = f.parts();
        self.of(kind).contains(name)
    }

    /// Whether every condition holds.
    pub fn holds(&self, conds: &[Cond]) -> bool {
        conds.iter().all(|c| {
            let (kind, name, want) = c.parts();
            self.of(kind).contains(name) == want
        })
    }

    /// Applies a choice's effects.
    pub fn apply(&mut self, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::Set(f) => {
                    self.flags.insert(f.clone());
                }
                Effect::Clear(f) => {
                    self.flags.remove(f);
                }
                Effect::Sop(s, Mark::Done) => {
                    self.done.insert(s.clone());
                }
                Effect::Sop(s, Mark::Violated) => {
                    self.violated.insert(s.clone());
                }
                Effect::Score(..) => {}
            }
        }
    }
}

/// One decision taken, with what the engine needs to explain it later.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub node: String,
    pub choice: String,
    pub choice_index: usize,
    /// Flags and checklist before the choice (to look up the alternatives' values in the analysis).
    pub before: Facts,
    /// The node the choice led to (after any random outcome), before any route.
    pub next: String,
    /// Route nodes passed through without a decision after the choice (starting with `next` when
    /// it is one), on the way to the node the run stopped at.
    pub routed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// The scenario's start node does not exist (validation reports this first).
    NoStart(String),
    /// The id is not among the choices offered at this point.
    Unavailable {
        node: String,
        choice: String,
        available: Vec<String>,
    },
    /// The case has ended; no more choices.
    Finished { node: String, choice: String },
    /// A choice points at a missing node (validation reports this first).
    MissingNode(String),
    /// Routes lead round in a circle, or no route entry holds (validation reports this first).
    RouteLoop(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::NoStart(n) => write!(f, "the start node `{n}` does not exist"),
            EngineError::Unavailable {
                node,
                choice,
                available,
            } => {
                write!(
                    f,
                    "choice `{choice}` is not available at node `{node}`; available: {}",
                    available.join(", ")
                )
            }
            EngineError::Finished { node, choice } => write!(
                f,
                "the case already ended at `{node}`; cannot choose `{choice}`"
            ),
            EngineError::MissingNode(n) => write!(f, "a choice leads to the missing node `{n}`"),
            EngineError::RouteLoop(n) => write!(
                f,
                "the route from node `{n}` leads nowhere or round in a circle without a decision"
            ),
        }
    }
}

impl std::error::Error for EngineError {}

/// A run through one scenario.
#[derive(Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    lang: String,
    rng: ChaCha8Rng,
    /// Drawn variant index per group.
    variants: BTreeMap<String, usize>,
    facts: Facts,
    node: String,
    /// Route nodes passed through on the way to the start node's first stop.
    start_routed: Vec<String>,
    /// Display order of the current node's choices (indices into `node.choices`).
    order: Vec<usize>,
    history: Vec<Taken>,
}

impl Session {
    /// Starts a run: draws variants and the first choice order from `seed`.
    pub fn start(scenario: Arc<Scenario>, seed: u64, lang: &str) -> Result<Session, EngineError> {
        if !scenario.nodes.contains_key(&scenario.start) {
            return Err(EngineError::NoStart(scenario.start.clone()));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut variants = BTreeMap::new();
        let mut facts = Facts::default();
        for (name, group) in &scenario.variants {
            let i = draw(&mut rng, group.iter().map(|v| v.weight));
            if let Some(v) = group.get(i) {
                facts.flags.extend(v.flags.iter().cloned());
            }
            variants.insert(name.clone(), i);
        }
        let start = scenario.start.clone();
        let mut s = Session {
            scenario,
            seed,
            lang: lang.to_string(),
            rng,
            variants,
            facts,
            node: String::new(),
            start_routed: Vec::new(),
            order: Vec::new(),
            history: Vec::new(),
        };
        s.start_routed = s.enter(start)?;
        Ok(s)
    }

    /// Replays `choices` from a fresh start: the same (scenario, seed, choices) always gives the
    /// same run.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        lang: &str,
        choices: &[String],
    ) -> Result<Session, EngineError> {
        let mut s = Session::start(scenario, seed, lang)?;
        for c in choices {
            s.choose(c)?;
        }
        Ok(s)
    }

    /// Moves to `node`, follows its route (if it has one) to a node with choices or an ending, and
    /// draws that node's choice order; returns the route nodes passed through.
    fn enter(&mut self, mut node: String) -> Result<Vec<String>, EngineError> {
        let sc = self.scenario.clone();
        let mut routed = Vec::new();
        loop {
            let n = sc
                .nodes
                .get(&node)
                .ok_or_else(|| EngineError::MissingNode(node.clone()))?;
            if n.route.is_empty() || n.ending.is_some() {
                break;
            }
            // Validation refuses route loops; the bound keeps an unchecked scenario from hanging.
            if routed.len() > sc.nodes.len() {
                return Err(EngineError::RouteLoop(node));
            }
            let Some(r) = n.route.iter().find(|r| self.facts.holds(&r.requires)) else {
                return Err(EngineError::RouteLoop(node));
            };
            routed.push(std::mem::replace(&mut node, r.goto.clone()));
        }
        let n = &sc.nodes[&node];
        let mut order: Vec<usize> = (0..n.choices.len()).collect();
        if n.shuffle {
            order.shuffle(&mut self.rng);
        }
        self.order = order;
        self.node = node;
        Ok(routed)
    }

    fn available(&self) -> Vec<usize> {
        let n = &self.scenario.nodes[&self.node];
        if n.ending.is_some() {
            return Vec::new();
        }
        self.order
            .iter()
            .copied()
            .filter(|&i| self.facts.holds(&n.choices[i].requires))
            .collect()
    }

    /// The current step, with variant placeholders filled in.
    pub fn step(&self) -> Step {
        let n = &self.scenario.nodes[&self.node];
        Step {
            node: self.node.clone(),
            speaker: n.speaker.as_ref().map(|t| self.render(t)),
            text: self.render(&n.text),
            choices: self
                .available()
                .into_iter()
                .enumerate()
                .map(|(k, i)| ChoiceView {
                    number: k + 1,
                    id: n.choices[i].id.clone(),
                    text: self.render(&n.choices[i].text),
                })
                .collect(),
            ending: n.ending.as_ref().map(|e: &Ending| EndingView {
                outcome: e.outcome,
                summary: self.render(&e.summary),
            }),
            decisions: self.history.len(),
        }
    }

    /// Takes the choice `id` and returns the next step.
    pub fn choose(&mut self, id: &str) -> Result<Step, EngineError> {
        let n = &self.scenario.nodes[&self.node];
        if n.ending.is_some() {
            return Err(EngineError::Finished {
                node: self.node.clone(),
                choice: id.to_string(),
            });
        }
        let avail = self.available();
        let Some(&ci) = avail.iter().find(|&&i| n.choices[i].id == id) else {
            return Err(EngineError::Unavailable {
                node: self.node.clone(),
                choice: id.to_string(),
                available: avail.iter().map(|&i| n.choices[i].id.clone()).collect(),
            });
        };
        let choice = n.choices[ci].clone();
        let before = self.facts.clone();
        self.facts.apply(&choice.effects);
        let next = match &choice.goto {
            Some(g) => g.clone(),
            None => {
                let i = draw(&mut self.rng, choice.outcomes.iter().map(|o| o.weight));
                choice
                    .outcomes
                    .get(i)
                    .map(|o| o.goto.clone())
                    .unwrap_or_default()
            }
        };
        if !self.scenario.nodes.contains_key(&next) {
            self.facts = before;
            return Err(EngineError::MissingNode(next));
        }
        let from = self.node.clone();
        let routed = match self.enter(next.clone()) {
            Ok(r) => r,
            Err(e) => {
                // Leave the session as it was: the choice was not taken.
                self.facts = before;
                self.node = from;
                return Err(e);
            }
        };
        self.history.push(Taken {
            node: from,
            choice: choice.id.clone(),
            choice_index: ci,
            before,
            next,
            routed,
        });
        Ok(self.step())
    }

    /// Fills `{group.key}` placeholders with the drawn variants' values.
    pub fn render(&self, t: &Text) -> String {
        render(
            t.get(&self.lang),
            &self.lang,
            &self.scenario,
            &self.variants,
        )
    }

    pub fn is_finished(&self) -> bool {
        self.scenario.nodes[&self.node].ending.is_some()
    }
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn lang(&self) -> &str {
        &self.lang
    }
    pub fn history(&self) -> &[Taken] {
        &self.history
    }
    pub fn node(&self) -> &str {
        &self.node
    }
    pub fn flags(&self) -> &BTreeSet<String> {
        &self.facts.flags
    }
    /// Flags and checklist marks now.
    pub fn facts(&self) -> &Facts {
        &self.facts
    }
    /// Route nodes passed through from the start to the first node with choices or an ending.
    pub fn start_routed(&self) -> &[String] {
        &self.start_routed
    }
    /// Every node the run has been at, in order, route nodes included.
    pub fn trail(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.start_routed.iter().map(String::as_str).collect();
        for t in &self.history {
            out.push(&t.node);
            out.extend(t.routed.iter().map(String::as_str));
        }
        out.push(&self.node);
        out
    }
    /// The drawn variant index per group.
    pub fn variants(&self) -> &BTreeMap<String, usize> {
        &self.variants
    }
    /// The choice ids taken so far, in order.
    pub fn choices(&self) -> Vec<String> {
        self.history.iter().map(|t| t.choice.clone()).collect()
    }
}

/// A weighted draw; weights of zero are never drawn (unless all are zero: then the first).
fn draw(rng: &mut ChaCha8Rng, weights: impl Iterator<Item = u32> + Clone) -> usize {
    let total: u64 = weights.clone().map(u64::from).sum();
    if total == 0 {
        return 0;
    }
    let mut r = rng.random_range(0..total);
    for (i, w) in weights.enumerate() {
        if r < w as u64 {
            return i;
        }
        r -= w as u64;
    }
    0
}

/// Fills placeholders in `s` with the drawn variants' values in `lang`.
pub fn render(s: &str, lang: &str, sc: &Scenario, variants: &BTreeMap<String, usize>) -> String {
    fill_placeholders(s, |ph| {
        let (g, k) = ph.split_once('.')?;
        let v = sc.variants.get(g)?.get(*variants.get(g)?)?;
        Some(v.values.get(k)?.get(lang).to_string())
    })
}

/// The first seed (from 0) whose variant draws equal `pick` and on which `choices` can be played to
/// an ending: lets a path found by analysis be replayed with `play --seed N --choose ...`.
pub fn seed_for(
    scenario: &Arc<Scenario>,
    pick: &[usize],
    choices: &[String],
    tries: u64,
) -> Option<u64> {
    (0..tries).find(|&seed| {
        let Ok(s) = Session::start(scenario.clone(), seed, "en") else {
            return false;
        };
        if !pick.is_empty() && s.variants.values().copied().collect::<Vec<_>>() != pick {
            return false;
        }
        let mut s = s;
        choices.iter().all(|c| s.choose(c).is_ok()) && s.is_finished()
    })
}
