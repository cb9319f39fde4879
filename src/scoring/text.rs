//! Plain-text rendering of a debrief, for the terminal, golden tests and logs.

use super::{Debrief, SopStatus};
use std::fmt::Write;

pub fn debrief_text(d: &Debrief) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "== Debrief: {} ({})", d.title, d.scenario_id);
    match &d.ending {
        Some(e) => {
            let _ = writeln!(o, "Ending: {} [{}]\n  {}", e.label, e.node, e.summary);
        }
        None => {
            let _ = writeln!(
                o,
                "Ending: not reached (the case was left after {} decision(s))",
                d.decisions.len()
            );
        }
    }
    let _ = writeln!(
        o,
        "\nLearning objectives (earned / best possible; worst possible)"
    );
    for ob in &d.objectives {
        let _ = writeln!(
            o,
            "  {:<6} {:<48} {:>4} / {:<4} (worst {})",
            ob.code, ob.title, ob.earned, ob.best, ob.worst
        );
    }
    let _ = writeln!(
        o,
        "  total  {:<48} {:>4} / {:<4}",
        "", d.total, d.total_best
    );
    let _ = writeln!(o, "\nChecklist: {}", d.sop_title);
    for s in &d.sop {
        let detail = match &s.status {
            SopStatus::Done { at } => format!("at decision {at}"),
            SopStatus::Violated { at } => format!("at decision {at}"),
            SopStatus::OutOfOrder { at, should_precede } => {
                format!("at decision {at}, after {}", should_precede.join(", "))
            }
            SopStatus::Missed => String::new(),
        };
        let _ = writeln!(
            o,
            "  [{:<17}] {:>2}. {} {}",
            s.status.label(),
            s.number,
            s.title,
            detail
        );
    }
    let turning = d.decisive_text();
    if !turning.is_empty() {
        let _ = writeln!(o, "\nThe decisive moment\n  {turning}");
    }
    let _ = writeln!(o, "\nDecisions");
    for r in &d.decisions {
        let _ = writeln!(
            o,
            "  {}. [{}] you chose: {} ({:+})",
            r.number, r.node, r.chosen.text, r.chosen.points
        );
        if !r.chosen.feedback.is_empty() {
            let _ = writeln!(o, "     {}", r.chosen.feedback);
        }
        match &r.better {
            Some(b) => {
                let _ = writeln!(o, "     better: {} ({:+})", b.text, b.points);
                if !b.feedback.is_empty() {
                    let _ = writeln!(o, "     {}", b.feedback);
                }
            }
            None => {
                let _ = writeln!(o, "     (among the best choices here)");
            }
        }
    }
    if !d.referrals.is_empty() {
        let _ = writeln!(o, "\nReferral services for this case");
        for r in &d.referrals {
            let phone = match (r.phone.is_empty(), r.verified) {
                (true, _) => "no number listed".to_string(),
                (false, true) => r.phone.clone(),
                (false, false) => format!("{} (verify before use)", r.phone),
            };
            let _ = writeln!(
                o,
                "  {} — {} — {} — {} {}",
                r.service, r.area, phone, r.serves, r.source
            );
        }
    }
    o
}
