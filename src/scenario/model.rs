//! Serde types of format 1: the curriculum (objectives, SOPs, referral directory) and a scenario.

use super::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Objectives, SOP checklists and the referral directory that scenarios refer to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curriculum {
    pub format: u32,
    #[serde(default)]
    pub title: Text,
    pub objectives: Vec<Objective>,
    pub sops: Vec<Sop>,
    #[serde(default)]
    pub referrals: Vec<Referral>,
    /// The user groups a case can be written for (police, FIA, social welfare ...); a scenario's
    /// `audience` names some of them, and the catalogue shows them.
    #[serde(default)]
    pub audiences: Vec<Audience>,
    /// Source tag → full citation, e.g. "S35" → "WHO Ethical and Safety Recommendations ...".
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

/// A learning objective of the workshop.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    /// Short label shown on charts, e.g. "LO4".
    #[serde(default)]
    pub code: String,
    pub title: Text,
    #[serde(default)]
    pub description: Text,
}

/// A standard operating procedure as an ordered checklist.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sop {
    pub id: String,
    pub title: Text,
    pub steps: Vec<SopStep>,
}

/// One step of an SOP.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SopStep {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub source: String,
    /// Steps that should come after this one: doing one of them first makes this step "out of
    /// order".
    #[serde(default)]
    pub before: Vec<String>,
}

/// A user group of the workshop, e.g. police station staff.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    pub id: String,
    pub title: Text,
}

/// A service in the referral directory.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub id: String,
    pub service: Text,
    /// "Sindh", "Punjab", "National", or a district.
    pub area: String,
    #[serde(default)]
    pub phone: String,
    pub serves: Text,
    #[serde(default)]
    pub source: String,
    /// False where the number or service still has to be checked before a workshop.
    #[serde(default)]
    pub verified: bool,
}

/// A branching case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format: u32,
    pub id: String,
    pub title: Text,
    pub setting: Text,
    /// "Sindh", "Punjab", "National" ...: selects the referral services shown in the debrief.
    #[serde(default)]
    pub province: String,
    /// The participant's role, e.g. "FIA immigration officer".
    pub role: Text,
    /// A one-paragraph premise shown on the library card.
    #[serde(default)]
    pub premise: Text,
    pub objectives: Vec<String>,
    pub sop: String,
    /// The SOP steps this case is about; they form its checklist.
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub content_note: Option<Text>,
    /// The user groups the case is written for: ids of the curriculum's `audiences`.
    #[serde(default)]
    pub audience: Vec<String>,
    /// Referral directory ids to show in the debrief; empty means every service of `province` and
    /// "National".
    #[serde(default)]
    pub referrals: Vec<String>,
    #[serde(default)]
    pub minutes: u32,
    /// Variant groups: one variant of each group is drawn per session from the seed.
    #[serde(default)]
    pub variants: BTreeMap<String, Vec<Variant>>,
    pub start: String,
    #[serde(deserialize_with = "unique_keys")]
    pub nodes: BTreeMap<String, Node>,
}

/// The message prefix of a duplicate node id; the loader points it at the second key.
pub const DUPLICATE_NODE: &str = "duplicate node id ";

/// A map that refuses a key seen twice (serde's default keeps the last silently).
fn unique_keys<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Node>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = BTreeMap<String, Node>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of node id to node")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut a: A,
        ) -> Result<Self::Value, A::Error> {
            let mut m = BTreeMap::new();
            while let Some(k) = a.next_key::<String>()? {
                match m.entry(k) {
                    std::collections::btree_map::Entry::Occupied(e) => {
                        return Err(serde::de::Error::custom(format!(
                            "{DUPLICATE_NODE}{:?}",
                            e.key()
                        )));
                    }
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(a.next_value::<Node>()?);
                    }
                }
            }
            Ok(m)
        }
    }
    d.deserialize_map(V)
}

/// One variant of a group: values for `{group.key}` placeholders and flags it sets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    #[serde(default)]
    pub values: BTreeMap<String, Text>,
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default = "one")]
    pub weight: u32,
}

fn one() -> u32 {
    1
}

/// A point in the case: text, and either choices, a route or an ending.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    #[serde(default)]
    pub speaker: Option<Text>,
    /// What the participant reads here (a route node is never shown, so it needs none).
    #[serde(default)]
    pub text: Text,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Show the choices in an order drawn from the session seed.
    #[serde(default)]
    pub shuffle: bool,
    #[serde(default)]
    pub ending: Option<Ending>,
    /// Instead of choices: where the case goes next without a decision, the first entry whose
    /// conditions hold (the last entry has none, so one always does).
    #[serde(default)]
    pub route: Vec<Route>,
}

/// One entry of a node's `route`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// All must hold for this entry to be taken.
    #[serde(default)]
    pub requires: Vec<Cond>,
    pub goto: String,
}

/// An action the participant can take.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub text: Text,
    /// The next node; or use `outcomes` for a weighted random next node.
    #[serde(default)]
    pub goto: Option<String>,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// All conditions must hold for the choice to be offered.
    #[serde(default)]
    pub requires: Vec<Cond>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub feedback: Option<Text>,
}

/// One branch of a weighted random outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub weight: u32,
    pub goto: String,
}

/// A condition on a choice or a route entry: a flag, or the SOP checklist of the run so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cond {
    Flag(String),
    NotFlag(String),
    /// Some choice so far marked the step `Done`.
    Done(String),
    NotDone(String),
    /// Some choice so far marked the step `Violated`.
    Violated(String),
    NotViolated(String),
}

/// What a condition reads: a flag, or whether a step was done or violated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    Flag(String),
    Done(String),
    Violated(String),
}

/// What kind of fact: a flag, a step done, a step violated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKind {
    Flag,
    Done,
    Violated,
}

impl Fact {
    pub fn new(kind: FactKind, name: &str) -> Fact {
        let name = name.to_string();
        match kind {
            FactKind::Flag => Fact::Flag(name),
            FactKind::Done => Fact::Done(name),
            FactKind::Violated => Fact::Violated(name),
        }
    }

    /// The fact's kind and name, without copying.
    pub fn parts(&self) -> (FactKind, &str) {
        match self {
            Fact::Flag(x) => (FactKind::Flag, x),
            Fact::Done(x) => (FactKind::Done, x),
            Fact::Violated(x) => (FactKind::Violated, x),
        }
    }
}

impl Cond {
    /// The kind and name of the fact this condition reads, and whether it must hold.
    pub fn parts(&self) -> (FactKind, &str, bool) {
        match self {
            Cond::Flag(f) => (FactKind::Flag, f, true),
            Cond::NotFlag(f) => (FactKind::Flag, f, false),
            Cond::Done(s) => (FactKind::Done, s, true),
            Cond::NotDone(s) => (FactKind::Done, s, false),
            Cond::Violated(s) => (FactKind::Violated, s, true),
            Cond::NotViolated(s) => (FactKind::Violated, s, false),
        }
    }

    /// The fact this condition reads, and whether it must hold (true) or not hold (false).
    pub fn fact(&self) -> (Fact, bool) {
        let (kind, name, want) = self.parts();
        (Fact::new(kind, name), want)
    }

    /// The step a checklist condition names (None for flags).
    pub fn step(&self) -> Option<&str> {
        match self {
            Cond::Done(s) | Cond::NotDone(s) | Cond::Violated(s) | Cond::NotViolated(s) => Some(s),
            Cond::Flag(_) | Cond::NotFlag(_) => None,
        }
    }
}

/// What an SOP effect says about a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    Done,
    Violated,
}

/// What a choice does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    /// Points for (or against) a learning objective.
    Score(String, i32),
    /// An SOP step done or violated.
    Sop(String, Mark),
    Set(String),
    Clear(String),
}

/// The class of an ending, used in debriefs and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OutcomeClass {
    /// Identified, protected and referred.
    Protected,
    /// Partly protected: some needs met, some missed.
    Partial,
    /// Harmed, detained, punished or re-trafficked.
    Harmful,
}

impl OutcomeClass {
    pub fn label(self) -> &'static str {
        match self {
            OutcomeClass::Protected => "protected and referred",
            OutcomeClass::Partial => "partly protected",
            OutcomeClass::Harmful => "harmed, detained or re-trafficked",
        }
    }
}

/// How a case ends.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub outcome: OutcomeClass,
    pub summary: Text,
}

impl Effect {
    /// The kind and name of the fact this effect makes true (`Sop` marks and `Set`), if any.
    pub fn sets_parts(&self) -> Option<(FactKind, &str)> {
        match self {
            Effect::Set(f) => Some((FactKind::Flag, f)),
            Effect::Sop(s, Mark::Done) => Some((FactKind::Done, s)),
            Effect::Sop(s, Mark::Violated) => Some((FactKind::Violated, s)),
            Effect::Score(..) | Effect::Clear(_) => None,
        }
    }
}

impl Choice {
    /// Total points over all objectives.
    pub fn points(&self) -> i64 {
        self.effects
            .iter()
            .map(|e| match e {
                Effect::Score(_, p) => *p as i64,
                _ => 0,
            })
            .sum()
    }
}

impl Scenario {
    /// The node ids leading out of a choice: its `goto` and every outcome's target.
    pub fn targets(choice: &Choice) -> impl Iterator<Item = &str> {
        choice
            .goto
            .iter()
            .map(String::as_str)
            .chain(choice.outcomes.iter().map(|o| o.goto.as_str()))
    }
}

impl Curriculum {
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }
    pub fn sop(&self, id: &str) -> Option<&Sop> {
        self.sops.iter().find(|s| s.id == id)
    }
    /// A user group's title, or its id when the curriculum does not list it.
    pub fn audience_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.audiences
            .iter()
            .find(|a| a.id == id)
            .map_or(id, |a| a.title.en())
    }
}
