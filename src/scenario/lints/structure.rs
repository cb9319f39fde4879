//! Structure rules: ids, variant groups, and what each node and choice must (not) have together.

use super::{ChoiceAt, Ctx, Rules};
use crate::scenario::diag::Problem;
use crate::scenario::model::{Choice, Node};

pub struct Structure;

impl Rules for Structure {
    fn start(&mut self, cx: &Ctx, out: &mut Vec<Problem>) {
        header(cx, out);
    }
    fn node(&mut self, cx: &Ctx, nid: &str, node: &Node, out: &mut Vec<Problem>) {
        node_rules(cx, nid, node, out);
    }
    fn choice(&mut self, cx: &Ctx, at: &ChoiceAt, out: &mut Vec<Problem>) {
        let ChoiceAt {
            id: nid,
            node,
            index: ci,
            choice: c,
        } = *at;
        choice_rules(cx, nid, node, ci, c, out);
    }
}

fn header(cx: &Ctx, out: &mut Vec<Problem>) {
    let (sc, root) = (cx.sc, &cx.root);
    if sc.id.trim().is_empty() {
        out.push(Problem::error(
            "empty-id",
            root.field("id"),
            "scenario id is empty",
            "give the scenario a short unique id such as \"kiln-debt-sanghar\"",
        ));
    }
    for (gname, group) in &sc.variants {
        let gp = root.field("variants").key(gname);
        if group.is_empty() {
            out.push(Problem::error(
                "empty-variants",
                gp.clone(),
                format!("variant group `{gname}` is empty"),
                "give it at least one variant",
            ));
        }
        if group.iter().all(|v| v.weight == 0) && !group.is_empty() {
            out.push(Problem::error(
                "zero-weights",
                gp,
                format!("every variant of `{gname}` has weight 0"),
                "give at least one variant a positive weight",
            ));
        }
    }
}

fn node_rules(cx: &Ctx, nid: &str, node: &Node, out: &mut Vec<Problem>) {
    let np = || cx.node(nid);
    if !node.route.is_empty() {
        route(cx, nid, node, out);
    } else if node.text.en().trim().is_empty() {
        out.push(
            Problem::error(
                "missing-text",
                np(),
                format!("node `{nid}` has no text"),
                "write what the participant reads here in `text: \"...\"`",
            )
            .at_key(),
        );
    }
    match (&node.ending, node.choices.is_empty()) {
        (None, true) if !node.route.is_empty() => {}
        (Some(_), false) => out.push(
            Problem::error(
                "ending-and-choices",
                np().field("ending"),
                format!("node `{nid}` has both an ending and choices"),
                "an ending node ends the case: remove its choices, or its ending",
            )
            .at_key(),
        ),
        (None, true) => out.push(
            Problem::error(
                "dead-end",
                np(),
                format!("dead end: node `{nid}` has no choices and no ending"),
                "add choices, a `route`, or an `ending: (outcome: ..., summary: ...)`",
            )
            .at_key(),
        ),
        _ => {}
    }
}

fn choice_rules(cx: &Ctx, nid: &str, node: &Node, ci: usize, c: &Choice, out: &mut Vec<Problem>) {
    let cp = || cx.choice(nid, ci);
    if c.id.trim().is_empty() {
        out.push(Problem::error(
            "empty-id",
            cp().field("id"),
            "choice id is empty",
            "give every choice a short id, unique within its node",
        ));
    } else if node.choices[..ci].iter().any(|p| p.id == c.id) {
        out.push(Problem::error(
            "duplicate-choice",
            cp().field("id"),
            format!("duplicate choice id `{}` in node `{nid}`", c.id),
            "choice ids must be unique within a node",
        ));
    }
    match (&c.goto, c.outcomes.is_empty()) {
        (Some(_), false) => out.push(Problem::error(
            "goto-and-outcomes",
            cp().field("outcomes"),
            format!("choice `{}` has both `goto` and `outcomes`", c.id),
            "use `goto` for a fixed next node or `outcomes` for a weighted random one, \
             not both",
        )),
        (None, true) => out.push(Problem::error(
            "leads-nowhere",
            cp(),
            format!("choice `{}` leads nowhere", c.id),
            "add `goto: \"node-id\"` or `outcomes: [(weight: 1, goto: \"...\")]`",
        )),
        _ => {}
    }
    if !c.outcomes.is_empty() && c.outcomes.iter().all(|o| o.weight == 0) {
        out.push(Problem::error(
            "zero-weights",
            cp().field("outcomes"),
            format!("every outcome of choice `{}` has weight 0", c.id),
            "give at least one outcome a positive weight",
        ));
    }
}

/// A route goes instead of choices or an ending, and its last entry is the fallback.
fn route(cx: &Ctx, nid: &str, node: &Node, out: &mut Vec<Problem>) {
    let np = || cx.node(nid);
    if !node.choices.is_empty() || node.ending.is_some() {
        let other = if node.ending.is_some() {
            "an ending"
        } else {
            "choices"
        };
        out.push(
            Problem::error(
                "route-and-choices",
                np().field("route"),
                format!("node `{nid}` has both a `route` and {other}"),
                "a route moves on without a decision: give the node a route, choices or an \
                 ending, only one of them",
            )
            .at_key(),
        );
    }
    if node.route.last().is_some_and(|r| !r.requires.is_empty()) {
        out.push(
            Problem::error(
                "route-fallback",
                np(),
                format!(
                    "the last entry of the route of node `{nid}` has conditions, so a run may find \
                     no way on"
                ),
                "end the route with an entry without `requires`, e.g. `(goto: \"usual-way\")`",
            )
            .at_key(),
        );
    }
}
