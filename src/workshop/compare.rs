//! Two workshops of a series side by side (Karachi against Lahore, or a pre and a post run):
//! objective means, participants by sex and endings by class; differences are B − A.

use super::report::{BySex, ClassCounts, ObjectiveStats, Report};
use super::stats::Stats;
use crate::scenario::model::OutcomeClass;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    /// Curriculum objectives scored in either workshop.
    pub objectives: Vec<ObjectiveDiff>,
    /// Per scenario played in either workshop, its objectives.
    pub scenarios: Vec<ScenarioDiff>,
    pub endings: Vec<ClassDiff>,
}

/// One workshop's headline figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// The workshop's title and city, or "A" / "B" when it has no workshop.ron.
    pub label: String,
    pub participants: usize,
    pub by_sex: BySex,
    pub sessions: usize,
    pub finished: usize,
    pub endings: ClassCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveDiff {
    pub id: String,
    pub code: String,
    pub title: String,
    pub a: Option<Stats>,
    pub b: Option<Stats>,
    /// b.mean − a.mean, when both have data.
    pub difference: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioDiff {
    pub id: String,
    pub title: String,
    pub a_sessions: usize,
    pub b_sessions: usize,
    pub objectives: Vec<ObjectiveDiff>,
}

/// Endings of one class: counts, and shares of each workshop's finished sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassDiff {
    pub outcome: OutcomeClass,
    pub a: usize,
    pub b: usize,
    pub a_share: Option<f64>,
    pub b_share: Option<f64>,
    /// b_share − a_share, when both workshops have finished sessions.
    pub difference: Option<f64>,
}

pub fn compare(a: &Report, b: &Report) -> Comparison {
    let scenarios = union(
        a.scenarios
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_str())),
        b.scenarios
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_str())),
    )
    .into_iter()
    .map(|(id, title)| {
        let (sa, sb) = (a.scenario(id), b.scenario(id));
        ScenarioDiff {
            id: id.to_string(),
            title: title.to_string(),
            a_sessions: sa.map_or(0, |s| s.sessions.sessions),
            b_sessions: sb.map_or(0, |s| s.sessions.sessions),
            objectives: objective_diffs(
                sa.map_or(&[][..], |s| &s.objectives),
                sb.map_or(&[][..], |s| &s.objectives),
            ),
        }
    })
    .collect();
    let (fa, fb) = (a.endings.by_class.total(), b.endings.by_class.total());
    let share = |n: usize, of: usize| (of > 0).then(|| n as f64 / of as f64);
    let endings = ClassCounts::CLASSES
        .into_iter()
        .map(|c| {
            let (na, nb) = (a.endings.by_class.get(c), b.endings.by_class.get(c));
            let (sa, sb) = (share(na, fa), share(nb, fb));
            ClassDiff {
                outcome: c,
                a: na,
                b: nb,
                a_share: sa,
                b_share: sb,
                difference: sa.zip(sb).map(|(x, y)| y - x),
            }
        })
        .collect();
    Comparison {
        a: side(a, "A"),
        b: side(b, "B"),
        objectives: objective_diffs(&a.objectives, &b.objectives),
        scenarios,
        endings,
    }
}

fn side(r: &Report, fallback: &str) -> Side {
    let label = match &r.workshop {
        Some(w) if !w.city.is_empty() => format!("{} ({})", w.title, w.city),
        Some(w) => w.title.clone(),
        None => fallback.to_string(),
    };
    Side {
        label,
        participants: r.participants.total,
        by_sex: r.participants.by_sex,
        sessions: r.sessions.sessions,
        finished: r.sessions.finished,
        endings: r.endings.by_class,
    }
}

fn objective_diffs(a: &[ObjectiveStats], b: &[ObjectiveStats]) -> Vec<ObjectiveDiff> {
    let find = |v: &[ObjectiveStats], id: &str| v.iter().find(|o| o.id == id).cloned();
    union(
        a.iter().map(|o| (o.id.as_str(), o.title.as_str())),
        b.iter().map(|o| (o.id.as_str(), o.title.as_str())),
    )
    .into_iter()
    .filter_map(|(id, _)| {
        let (oa, ob) = (find(a, id), find(b, id));
        let meta = oa.as_ref().or(ob.as_ref())?;
        let (sa, sb) = (
            oa.as_ref().and_then(|o| o.stats),
            ob.as_ref().and_then(|o| o.stats),
        );
        Some(ObjectiveDiff {
            id: id.to_string(),
            code: meta.code.clone(),
            title: meta.title.clone(),
            a: sa,
            b: sb,
            difference: sa.zip(sb).map(|(x, y)| y.mean - x.mean),
        })
    })
    .collect()
}

/// (id, title) pairs of `a`, then those of `b` not in `a`.
fn union<'x>(
    a: impl Iterator<Item = (&'x str, &'x str)>,
    b: impl Iterator<Item = (&'x str, &'x str)>,
) -> Vec<(&'x str, &'x str)> {
    let mut out: Vec<(&str, &str)> = a.collect();
    for x in b {
        if !out.iter().any(|y| y.0 == x.0) {
            out.push(x);
        }
    }
    out
}
