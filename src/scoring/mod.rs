//! Scoring: the debrief view-model computed from a finished (or unfinished) session.
//! Pure functions.

pub mod html;
pub mod text;

use crate::engine::{Facts, Session};
use crate::scenario::LoadedScenario;
use crate::scenario::model::{Curriculum, Effect, Mark, OutcomeClass, Referral};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Debrief {
    pub scenario_id: String,
    pub title: String,
    pub role: String,
    pub setting: String,
    pub finished: bool,
    pub ending: Option<EndingInfo>,
    pub objectives: Vec<ObjectiveScore>,
    pub total: i64,
    pub total_best: i64,
    /// The checklist's title (it says what the checklist is built from).
    pub sop_title: String,
    pub sop: Vec<SopCheck>,
    pub decisions: Vec<DecisionReview>,
    /// The best ending class this session's variants allowed at the start.
    pub best_possible: Option<OutcomeClass>,
    /// The first decision after which a better ending class than before was out of reach.
    pub decisive: Option<DecisiveMoment>,
    pub referrals: Vec<ReferralInfo>,
}

/// The first decision that closed off a better ending class.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DecisiveMoment {
    /// 1-based decision number.
    pub number: usize,
    pub node: String,
    /// The text of the choice taken.
    pub chosen: String,
    /// The best class still reachable before the decision, and after it.
    pub lost: OutcomeClass,
    pub left: Option<OutcomeClass>,
    /// An option open at that point that would have kept `lost` reachable (the best-valued one).
    pub kept_open_by: Option<String>,
    /// The choice itself could have kept it open: a random outcome decided.
    pub by_chance: bool,
}

impl Debrief {
    /// One or two sentences on the decisive moment, for every view of the debrief.
    pub fn decisive_text(&self) -> String {
        match &self.decisive {
            Some(m) if m.by_chance => format!(
                "At decision {} you chose “{}”, and the way it turned out put {} out of reach.",
                m.number,
                m.chosen,
                class_phrase(m.lost)
            ),
            Some(m) => {
                let mut t = format!(
                    "At decision {} you chose “{}”; from here {} was no longer possible.",
                    m.number,
                    m.chosen,
                    class_phrase(m.lost)
                );
                if let Some(k) = &m.kept_open_by {
                    t.push_str(&format!(" “{k}” would have kept it open."));
                }
                t
            }
            None => match (self.best_possible, self.finished) {
                (Some(b), true) => format!(
                    "No decision closed off a better outcome: {} stayed possible to the end.",
                    class_phrase(b)
                ),
                (Some(b), false) => {
                    format!("So far no decision has closed off {}.", class_phrase(b))
                }
                (None, _) => String::new(),
            },
        }
    }
}

/// "a protected outcome", "a partly protected outcome" ...
pub fn class_phrase(c: OutcomeClass) -> &'static str {
    match c {
        OutcomeClass::Protected => "a protected outcome",
        OutcomeClass::Partial => "a partly protected outcome",
        OutcomeClass::Harmful => "any ending at all",
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EndingInfo {
    pub node: String,
    pub outcome: OutcomeClass,
    pub label: String,
    pub summary: String,
}

/// Points earned for an objective against what the case allows (from the same variant draw).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ObjectiveScore {
    pub id: String,
    pub code: String,
    pub title: String,
    pub earned: i64,
    pub best: i64,
    pub worst: i64,
}

impl ObjectiveScore {
    /// Share of the range from worst to best that was reached, 0.0 ..= 1.0.
    pub fn fraction(&self) -> f64 {
        if self.best == self.worst {
            return if self.earned >= self.best { 1.0 } else { 0.0 };
        }
        ((self.earned - self.worst) as f64 / (self.best - self.worst) as f64).clamp(0.0, 1.0)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SopStatus {
    Done {
        at: usize,
    },
    Missed,
    Violated {
        at: usize,
    },
    /// Done, but after steps it should precede.
    OutOfOrder {
        at: usize,
        should_precede: Vec<String>,
    },
}

impl SopStatus {
    pub fn label(&self) -> &'static str {
        match self {
            SopStatus::Done { .. } => "done",
            SopStatus::Missed => "missed",
            SopStatus::Violated { .. } => "violated",
            SopStatus::OutOfOrder { .. } => "done out of order",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SopCheck {
    pub id: String,
    /// 1-based position in the SOP.
    pub number: usize,
    pub title: String,
    pub source: String,
    pub status: SopStatus,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChoiceInfo {
    pub id: String,
    pub text: String,
    pub feedback: String,
    /// Points of this choice over all objectives.
    pub points: i64,
    /// Best total still reachable after taking it (points included); None if it cannot reach an
    /// ending.
    pub value: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DecisionReview {
    /// 1-based.
    pub number: usize,
    pub node: String,
    pub prompt: String,
    pub chosen: ChoiceInfo,
    /// The best alternative, when the choice made was not among the best.
    pub better: Option<ChoiceInfo>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReferralInfo {
    pub id: String,
    pub service: String,
    pub area: String,
    pub phone: String,
    pub serves: String,
    pub source: String,
    pub verified: bool,
}

/// Computes the debrief of `session` (a run of `ls.scenario`).
pub fn debrief(ls: &LoadedScenario, cur: &Curriculum, session: &Session) -> Debrief {
    let sc = &ls.scenario;
    let lang = session.lang().to_string();
    let hist = session.history();

    // Points earned and SOP marks, in decision order.
    let mut earned: BTreeMap<&str, i64> = BTreeMap::new();
    let mut done_at: BTreeMap<&str, usize> = BTreeMap::new();
    let mut violated_at: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, t) in hist.iter().enumerate() {
        let c = &sc.nodes[&t.node].choices[t.choice_index];
        for e in &c.effects {
            match e {
                Effect::Score(o, p) => *earned.entry(o.as_str()).or_default() += *p as i64,
                Effect::Sop(s, Mark::Done) => {
                    done_at.entry(s.as_str()).or_insert(k + 1);
                }
                Effect::Sop(s, Mark::Violated) => {
                    violated_at.entry(s.as_str()).or_insert(k + 1);
                }
                _ => {}
            }
        }
    }

    // Bounds from the start state this session's variants led to.
    let start_facts = hist
        .first()
        .map(|t| t.before.clone())
        .unwrap_or_else(|| session.facts().clone());
    let bits = ls.graph.bits_of(&start_facts);
    let init = ls
        .graph
        .initials
        .iter()
        .position(|i| ls.graph.states[i.state as usize].1 == bits);
    let bounds = init
        .and_then(|i| ls.analysis.per_initial.get(i))
        .unwrap_or(&ls.analysis.objectives);
    let objectives: Vec<ObjectiveScore> = sc
        .objectives
        .iter()
        .map(|o| {
            let b = bounds
                .get(o)
                .or_else(|| ls.analysis.objectives.get(o))
                .copied()
                .unwrap_or(crate::scenario::Bounds { best: 0, worst: 0 });
            let obj = cur.objective(o);
            ObjectiveScore {
                id: o.clone(),
                code: obj
                    .map(|x| x.code.clone())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| o.clone()),
                title: obj
                    .map(|x| x.title.get(&lang).to_string())
                    .unwrap_or_else(|| o.clone()),
                earned: earned.get(o.as_str()).copied().unwrap_or(0),
                best: b.best,
                worst: b.worst,
            }
        })
        .collect();
    let total: i64 = earned.values().sum();
    let total_best = init
        .map(|i| ls.graph.initials[i].state)
        .and_then(|s| ls.analysis.value[s as usize])
        .unwrap_or(ls.analysis.best_total);

    // SOP checklist: the case's steps plus any step a choice touched, in SOP order.
    let mut sop = Vec::new();
    if let Some(procedure) = cur.sop(&sc.sop) {
        for (i, step) in procedure.steps.iter().enumerate() {
            let id = step.id.as_str();
            let listed = sc.steps.iter().any(|s| s == id);
            if !listed && !done_at.contains_key(id) && !violated_at.contains_key(id) {
                continue;
            }
            let status = if let Some(&at) = violated_at.get(id) {
                SopStatus::Violated { at }
            } else if let Some(&at) = done_at.get(id) {
                let late: Vec<String> = step
                    .before
                    .iter()
                    .filter(|b| done_at.get(b.as_str()).is_some_and(|&t| t < at))
                    .cloned()
                    .collect();
                if late.is_empty() {
                    SopStatus::Done { at }
                } else {
                    SopStatus::OutOfOrder {
                        at,
                        should_precede: late,
                    }
                }
            } else {
                SopStatus::Missed
            };
            sop.push(SopCheck {
                id: id.to_string(),
                number: i + 1,
                title: step.title.get(&lang).to_string(),
                source: step.source.clone(),
                status,
            });
        }
    }

    // Decisions, each against the best alternative that was open at that point.
    let decisions = hist
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let node = &sc.nodes[&t.node];
            let values = choice_values(ls, &t.node, &t.before);
            let info = |ci: usize| {
                let c = &node.choices[ci];
                ChoiceInfo {
                    id: c.id.clone(),
                    text: session.render(&c.text),
                    feedback: c
                        .feedback
                        .as_ref()
                        .map(|f| session.render(f))
                        .unwrap_or_default(),
                    points: c.points(),
                    value: values.get(&ci).copied().flatten(),
                }
            };
            let chosen = info(t.choice_index);
            let best = values
                .iter()
                .filter_map(|(&ci, v)| v.map(|v| (v, ci)))
                .max_by_key(|&(v, ci)| (v, std::cmp::Reverse(ci)));
            let better = match best {
                Some((bv, bci))
                    if chosen.value.is_none_or(|cv| cv < bv) && bci != t.choice_index =>
                {
                    Some(info(bci))
                }
                _ => None,
            };
            DecisionReview {
                number: k + 1,
                node: t.node.clone(),
                prompt: session.render(&node.text),
                chosen,
                better,
            }
        })
        .collect();

    let ending = sc.nodes[session.node()]
        .ending
        .as_ref()
        .map(|e| EndingInfo {
            node: session.node().to_string(),
            outcome: e.outcome,
            label: e.outcome.label().to_string(),
            summary: session.render(&e.summary),
        });
    Debrief {
        scenario_id: sc.id.clone(),
        title: sc.title.get(&lang).to_string(),
        role: sc.role.get(&lang).to_string(),
        setting: sc.setting.get(&lang).to_string(),
        finished: session.is_finished(),
        ending,
        objectives,
        total,
        total_best,
        sop_title: cur
            .sop(&sc.sop)
            .map(|p| p.title.get(&lang).to_string())
            .unwrap_or_default(),
        sop,
        decisions,
        best_possible: init.and_then(|i| ls.graph.best_class[ls.graph.initials[i].state as usize]),
        decisive: decisive_moment(ls, session),
        referrals: relevant_referrals(ls, cur, &lang),
    }
}

/// The first decision after which the best reachable ending class got worse, with an option open
/// there that would have kept it.
pub fn decisive_moment(ls: &LoadedScenario, session: &Session) -> Option<DecisiveMoment> {
    let (g, hist) = (&ls.graph, session.history());
    let class = |node: &str, facts: &Facts| {
        g.state_of(node, facts)
            .and_then(|s| g.best_class[s as usize])
    };
    for (k, t) in hist.iter().enumerate() {
        let after_facts = hist.get(k + 1).map_or(session.facts(), |n| &n.before);
        let before = class(&t.node, &t.before)?;
        let after = class(&t.next, after_facts);
        if after.is_some_and(|a| a <= before) {
            continue;
        }
        // Which options open here could still reach `before`, and the best-valued of them.
        let s = g.state_of(&t.node, &t.before)?;
        let keeps = |ci: u32| {
            g.out(s)
                .iter()
                .any(|e| e.choice == ci && g.best_class[e.target as usize] == Some(before))
        };
        let node = &ls.scenario.nodes[&t.node];
        let values = choice_values(ls, &t.node, &t.before);
        let kept_open_by = values
            .iter()
            .filter(|(ci, _)| **ci != t.choice_index && keeps(**ci as u32))
            .max_by_key(|(ci, v)| (**v, std::cmp::Reverse(**ci)))
            .map(|(ci, _)| session.render(&node.choices[*ci].text));
        return Some(DecisiveMoment {
            number: k + 1,
            node: t.node.clone(),
            chosen: session.render(&node.choices[t.choice_index].text),
            lost: before,
            left: after,
            kept_open_by,
            by_chance: keeps(t.choice_index as u32),
        });
    }
    None
}

/// For each choice open at (node, flags), by index into the node's choices: its points plus the
/// best total reachable after it (None when no ending can be reached after it). The debrief's
/// `better` and the xAPI export's correct responses both come from these values.
pub fn choice_values(
    ls: &LoadedScenario,
    node: &str,
    facts: &Facts,
) -> BTreeMap<usize, Option<i64>> {
    let mut out: BTreeMap<usize, Option<i64>> = BTreeMap::new();
    let Some(s) = ls.graph.state_of(node, facts) else {
        return out;
    };
    for e in ls.graph.out(s) {
        let v = ls.analysis.value[e.target as usize].map(|v| v + e.total);
        let slot = out.entry(e.choice as usize).or_insert(None);
        *slot = match (*slot, v) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => Some(a.max(b)),
        };
    }
    out
}

/// The referral services the debrief lists for a case.
pub fn relevant_referrals(ls: &LoadedScenario, cur: &Curriculum, lang: &str) -> Vec<ReferralInfo> {
    let sc = &ls.scenario;
    let pick: Vec<&Referral> = if sc.referrals.is_empty() {
        cur.referrals
            .iter()
            .filter(|r| {
                r.area.eq_ignore_ascii_case(&sc.province) || r.area.eq_ignore_ascii_case("national")
            })
            .collect()
    } else {
        sc.referrals
            .iter()
            .filter_map(|id| cur.referrals.iter().find(|r| &r.id == id))
            .collect()
    };
    pick.into_iter()
        .map(|r| ReferralInfo {
            id: r.id.clone(),
            service: r.service.get(lang).to_string(),
            area: r.area.clone(),
            phone: r.phone.clone(),
            serves: r.serves.get(lang).to_string(),
            source: r.source.clone(),
            verified: r.verified,
        })
        .collect()
}
