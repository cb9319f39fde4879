//! The session engine: a caller-driven run through one scenario, reproducible from (seed, choices).

use crate::scenario::model::{Cond, Effect, Ending, OutcomeClass, Scenario};
use crate::scenario::text::Text;
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

/// One decision taken, with what the engine needs to explain it later.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub node: String,
    pub choice: String,
    pub choice_index: usize,
    /// Flags before the choice (to look up the alternatives' values in the analysis).
    pub flags_before: BTreeSet<String>,
    /// The node the choice led to (after any random outcome).
    pub next: String,
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
    flags: BTreeSet<String>,
    node: String,
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
        let mut flags = BTreeSet::new();
        for (name, group) in &scenario.variants {
            let i = draw(&mut rng, group.iter().map(|v| v.weight));
            if let Some(v) = group.get(i) {
                flags.extend(v.flags.iter().cloned());
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
            flags,
            node: String::new(),
            order: Vec::new(),
            history: Vec::new(),
        };
        s.enter(start);
        Ok(s)
    }

    /// Replays `choices` from a fresh start: the same (scenario, seed, choices) always gives the same run.
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

    fn enter(&mut self, node: String) {
        let n = &self.scenario.nodes[&node];
        let mut order: Vec<usize> = (0..n.choices.len()).collect();
        if n.shuffle {
            order.shuffle(&mut self.rng);
        }
        self.order = order;
        self.node = node;
    }

    fn available(&self) -> Vec<usize> {
        let n = &self.scenario.nodes[&self.node];
        if n.ending.is_some() {
            return Vec::new();
        }
        self.order
            .iter()
            .copied()
            .filter(|&i| self.holds(&n.choices[i].requires))
            .collect()
    }

    fn holds(&self, conds: &[Cond]) -> bool {
        conds.iter().all(|c| match c {
            Cond::Flag(f) => self.flags.contains(f),
            Cond::NotFlag(f) => !self.flags.contains(f),
        })
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
        let flags_before = self.flags.clone();
        for e in &choice.effects {
            match e {
                Effect::Set(f) => {
                    self.flags.insert(f.clone());
                }
                Effect::Clear(f) => {
                    self.flags.remove(f);
                }
                Effect::Score(..) | Effect::Sop(..) => {}
            }
        }
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
            return Err(EngineError::MissingNode(next));
        }
        self.history.push(Taken {
            node: self.node.clone(),
            choice: choice.id.clone(),
            choice_index: ci,
            flags_before,
            next: next.clone(),
        });
        self.enter(next);
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
        &self.flags
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

/// Replaces each `{placeholder}` in `s` with what `value` gives for it; `{{` and `}}` stand for
/// literal braces; a placeholder `value` does not know stays as written.
pub fn fill_placeholders(s: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{')
            && let Some(j) = tail.find('}')
        {
            match value(&tail[1..j]) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&tail[..=j]),
            }
            rest = &tail[j + 1..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
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
