//! Room mode beside the runner: the room's votes at each decision, kept in the record, and the
//! majority that `Enter` follows.

use super::state::{Current, RoomDecision};
use crate::engine::Step;
use std::collections::BTreeMap;

/// The option with the most votes (the first shown, on a tie); None before any vote.
pub fn majority(step: &Step, votes: &BTreeMap<String, u32>) -> Option<String> {
    let mut best: Option<(&str, u32)> = None;
    for c in &step.choices {
        let v = votes.get(&c.id).copied().unwrap_or(0);
        if v > 0 && best.is_none_or(|(_, b)| v > b) {
            best = Some((&c.id, v));
        }
    }
    best.map(|(id, _)| id.to_string())
}

/// Adds `delta` votes (negative: removes) for `choice` at this decision and keeps them in the
/// record; false when there is nothing to count (not room mode, or not an option here).
pub fn vote(cur: &mut Current, choice: &str, delta: i32) -> bool {
    if !cur.room
        || !cur
            .play
            .session
            .step()
            .choices
            .iter()
            .any(|c| c.id == choice)
    {
        return false;
    }
    let v = cur.votes.entry(choice.to_string()).or_insert(0);
    *v = (*v as i64 + delta as i64).clamp(0, 9999) as u32;
    store_votes(cur);
    true
}

/// Keeps the current decision's votes in the record, so a crash loses none of them.
pub fn store_votes(cur: &mut Current) {
    let k = cur.play.session.history().len();
    let rv = &mut cur.play.record.room_votes;
    rv.resize(k + 1, Default::default());
    rv[k] = cur.votes.clone();
}

/// The room's votes at each decision with the options' texts, beside the option taken.
pub fn decisions(cur: &Current) -> Vec<RoomDecision> {
    let (session, record) = (&cur.play.session, &cur.play.record);
    if record.room_votes.is_empty() {
        return Vec::new();
    }
    session
        .history()
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let votes = record.room_votes.get(k);
            let node = &cur.ls.scenario.nodes[&t.node];
            let options = node
                .choices
                .iter()
                .filter(|c| votes.is_some_and(|v| v.contains_key(&c.id)) || c.id == t.choice)
                .map(|c| {
                    let n = votes.and_then(|v| v.get(&c.id)).copied().unwrap_or(0);
                    (session.render(&c.text), n, c.id == t.choice)
                })
                .collect();
            RoomDecision {
                number: k + 1,
                options,
            }
        })
        .collect()
}
