//! Reference rules: every objective, SOP, step, source, referral, node and flag named exists, and
//! what the scenario declares is what its choices use.

use super::{ChoiceAt, Ctx, Rules, known, suggest, suggest_or};
use crate::scenario::diag::Problem;
use crate::scenario::model::{Choice, Cond, Effect, Node};
use crate::scenario::spans::Path;

/// The reference rules, with what the walk has seen scored and marked so far.
pub struct References {
    /// Per declared objective, and per listed step: whether some choice scores or marks it.
    scored: Vec<bool>,
    exercised: Vec<bool>,
}

impl References {
    pub fn new(cx: &Ctx) -> Self {
        References {
            scored: vec![false; cx.sc.objectives.len()],
            exercised: vec![false; cx.sc.steps.len()],
        }
    }
}

impl Rules for References {
    fn start(&mut self, cx: &Ctx, out: &mut Vec<Problem>) {
        header(cx, out);
    }
    fn node(&mut self, cx: &Ctx, nid: &str, node: &Node, out: &mut Vec<Problem>) {
        route(cx, nid, node, out);
    }
    fn choice(&mut self, cx: &Ctx, at: &ChoiceAt, out: &mut Vec<Problem>) {
        let ChoiceAt {
            id: nid,
            index: ci,
            choice: c,
            ..
        } = *at;
        for e in &c.effects {
            match e {
                Effect::Score(o, _) => {
                    if let Some(i) = cx.sc.objectives.iter().position(|x| x == o) {
                        self.scored[i] = true;
                    }
                }
                Effect::Sop(s, _) => {
                    if let Some(i) = cx.sc.steps.iter().position(|x| x == s) {
                        self.exercised[i] = true;
                    }
                }
                _ => {}
            }
        }
        choice(cx, nid, ci, c, out);
    }
    fn finish(&mut self, cx: &Ctx, out: &mut Vec<Problem>) {
        coverage(cx, &self.scored, &self.exercised, out);
    }
}

/// The scenario's header: objectives, SOP and steps, sources, referrals and the start node.
fn header(cx: &Ctx, out: &mut Vec<Problem>) {
    let (sc, cur, root) = (cx.sc, cx.cur, &cx.root);
    for (i, o) in sc.objectives.iter().enumerate() {
        if !cx.obj_ids.contains(o.as_str()) {
            out.push(Problem::error(
                "unknown-objective",
                root.field("objectives").index(i),
                format!("unknown objective `{o}`"),
                cx.known_objectives(),
            ));
        }
    }
    if cx.sop.is_none() {
        out.push(Problem::error(
            "unknown-sop",
            root.field("sop"),
            format!("unknown SOP `{}`", sc.sop),
            known("SOPs", cur.sops.iter().map(|s| s.id.as_str())),
        ));
    } else {
        for (i, s) in sc.steps.iter().enumerate() {
            if !cx.step_ids.contains(s.as_str()) {
                out.push(Problem::error(
                    "unknown-step",
                    root.field("steps").index(i),
                    format!("unknown step `{s}` of SOP `{}`", sc.sop),
                    cx.known_steps(),
                ));
            }
        }
    }
    if !cur.sources.is_empty() {
        for (i, s) in sc.sources.iter().enumerate() {
            if !cur.sources.contains_key(s) {
                out.push(Problem::warning(
                    "unknown-source",
                    root.field("sources").index(i),
                    format!("source tag `{s}` is not in the curriculum's sources"),
                    "add it to `sources` in curriculum.ron or fix the tag",
                ));
            }
        }
    }
    for (i, r) in sc.referrals.iter().enumerate() {
        if !cur.referrals.iter().any(|x| &x.id == r) {
            out.push(Problem::error(
                "unknown-referral",
                root.field("referrals").index(i),
                format!("unknown referral service `{r}`"),
                known(
                    "referral services",
                    cur.referrals.iter().map(|x| x.id.as_str()),
                ),
            ));
        }
    }
    for (i, a) in sc.audience.iter().enumerate() {
        if !cur.audiences.iter().any(|x| &x.id == a) {
            out.push(Problem::error(
                "unknown-audience",
                root.field("audience").index(i),
                format!("unknown user group `{a}`"),
                known("user groups", cur.audiences.iter().map(|x| x.id.as_str())),
            ));
        }
    }
    if sc.audience.is_empty() && !cur.audiences.is_empty() {
        out.push(Problem::warning(
            "missing-audience",
            root.field("id"),
            "the case does not say which user groups it is for",
            known("user groups", cur.audiences.iter().map(|x| x.id.as_str())),
        ));
    }
    if !sc.nodes.contains_key(&sc.start) {
        out.push(Problem::error(
            "missing-start",
            root.field("start"),
            format!("start node `{}` does not exist", sc.start),
            "name one of the keys of `nodes`",
        ));
    }
}

/// What a choice names: target nodes, condition flags, objectives and steps.
fn choice(cx: &Ctx, nid: &str, ci: usize, c: &Choice, out: &mut Vec<Problem>) {
    let sc = cx.sc;
    let cp = || cx.choice(nid, ci);
    if let Some(t) = &c.goto
        && cx.g.node(t).is_none()
    {
        out.push(Problem::error(
            "bad-goto",
            cp().field("goto"),
            format!("`goto` names a node that does not exist: `{t}`"),
            suggest(t, sc.nodes.keys()),
        ));
    }
    for (oi, o) in c.outcomes.iter().enumerate() {
        if cx.g.node(&o.goto).is_none() {
            out.push(Problem::error(
                "bad-goto",
                cp().field("outcomes").index(oi).field("goto"),
                format!("outcome names a node that does not exist: `{}`", o.goto),
                suggest(&o.goto, sc.nodes.keys()),
            ));
        }
    }
    conditions(
        cx,
        &c.requires,
        &|| cp().field("requires"),
        "choice is never offered",
        out,
    );
    for (ei, e) in c.effects.iter().enumerate() {
        let ep = || cp().field("effects").index(ei).index(0);
        match e {
            Effect::Score(o, _) => {
                if !cx.obj_ids.contains(o.as_str()) {
                    out.push(Problem::error(
                        "unknown-objective",
                        ep(),
                        format!("unknown objective `{o}`"),
                        cx.known_objectives(),
                    ));
                } else if !cx.declared.contains(o.as_str()) {
                    out.push(Problem::warning(
                        "undeclared-objective",
                        ep(),
                        format!(
                            "objective `{o}` is scored but not listed in the scenario's \
                             `objectives`"
                        ),
                        "add it to `objectives` so the debrief and library show it",
                    ));
                }
            }
            Effect::Sop(s, _) => {
                if cx.sop.is_some() && !cx.step_ids.contains(s.as_str()) {
                    out.push(Problem::error(
                        "unknown-step",
                        ep(),
                        format!("unknown step `{s}` of SOP `{}`", sc.sop),
                        cx.known_steps(),
                    ));
                } else if cx.sop.is_some() && !cx.focus.contains(s.as_str()) {
                    out.push(Problem::warning(
                        "unlisted-step",
                        ep(),
                        format!(
                            "step `{s}` is exercised but not listed in the scenario's \
                             `steps`"
                        ),
                        "add it to `steps` so it appears on the debrief checklist",
                    ));
                }
            }
            Effect::Set(_) | Effect::Clear(_) => {}
        }
    }
}

/// A node's route entries: their targets and conditions.
fn route(cx: &Ctx, nid: &str, node: &Node, out: &mut Vec<Problem>) {
    for (ri, r) in node.route.iter().enumerate() {
        let rp = || cx.node(nid).field("route").index(ri);
        if cx.g.node(&r.goto).is_none() {
            out.push(Problem::error(
                "bad-goto",
                rp().field("goto"),
                format!("`goto` names a node that does not exist: `{}`", r.goto),
                suggest(&r.goto, cx.sc.nodes.keys()),
            ));
        }
        conditions(
            cx,
            &r.requires,
            &|| rp().field("requires"),
            "entry is never taken",
            out,
        );
    }
}

/// Flags that are never set, and checklist conditions on steps the scenario's SOP does not have.
fn conditions(
    cx: &Ctx,
    conds: &[Cond],
    at: &dyn Fn() -> Path,
    never: &str,
    out: &mut Vec<Problem>,
) {
    for (i, r) in conds.iter().enumerate() {
        match r {
            Cond::Flag(f) if !cx.settable.contains(f.as_str()) => {
                out.push(Problem::warning(
                    "flag-never-set",
                    at().index(i),
                    format!("flag `{f}` is never set, so this {never}"),
                    "set it with `Set(\"...\")` in an earlier choice or in a variant's `flags`",
                ));
            }
            _ => {}
        }
        if let Some(s) = r.step()
            && cx.sop.is_some()
            && !cx.step_ids.contains(s)
        {
            out.push(Problem::error(
                "unknown-step",
                at().index(i).index(0),
                format!("unknown step `{s}` of SOP `{}`", cx.sc.sop),
                suggest_or(s, cx.step_ids.iter().copied(), cx.known_steps()),
            ));
        }
    }
}

/// Declared objectives that no choice scores, listed steps that no choice exercises.
fn coverage(cx: &Ctx, scored: &[bool], exercised: &[bool], out: &mut Vec<Problem>) {
    let (sc, root) = (cx.sc, &cx.root);
    for (i, o) in sc.objectives.iter().enumerate() {
        if cx.obj_ids.contains(o.as_str()) && !scored[i] {
            out.push(Problem::warning(
                "objective-not-scored",
                root.field("objectives").index(i),
                format!("objective `{o}` is declared but no choice scores it"),
                "add a `Score(\"...\", n)` effect to a choice, or remove the objective",
            ));
        }
    }
    for (i, s) in sc.steps.iter().enumerate() {
        if cx.step_ids.contains(s.as_str()) && !exercised[i] {
            out.push(Problem::warning(
                "step-not-exercised",
                root.field("steps").index(i),
                format!("SOP step `{s}` is listed but no choice exercises it"),
                "add a `Sop(\"...\", Done)` or `Sop(\"...\", Violated)` effect, or remove the step",
            ));
        }
    }
}
