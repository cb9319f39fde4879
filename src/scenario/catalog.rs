//! The facilitator's catalogue of a library (docs/library.md): one row per scenario.

use super::Library;
use super::model::{Effect, Mark};
use std::collections::BTreeSet;
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown page with a table a facilitator reads to pick cases for a session.
pub fn markdown(lib: &Library) -> String {
    let mut o = String::new();
    o.push_str("# The bundled case library\n\n");
    o.push_str(
        "Generated from `scenarios/` (`UPDATE_GOLDEN=1 cargo test --test library` rewrites it; \
         a test fails when it is out of date).\n",
    );
    o.push_str(
        "Objective codes are the workshop's learning objectives; step numbers are the \
         checklist of `curriculum.ron` (built from international guidance, not from the \
         Pakistani SOP text).\n\n",
    );
    let _ = writeln!(o, "| Objective | |\n|---|---|");
    for ob in &lib.curriculum.objectives {
        let _ = writeln!(o, "| {} | {} |", ob.code, cell(ob.title.en()));
    }
    if let Some(sop) = lib.curriculum.sops.first() {
        let _ = writeln!(o, "\n| Step | {} |\n|---|---|", cell(sop.title.en()));
        for (i, s) in sop.steps.iter().enumerate() {
            let _ = writeln!(o, "| {} | {} |", i + 1, cell(s.title.en()));
        }
    }
    o.push_str(
        "\n| Scenario | For | Premise | Role | Setting | Minutes | Objectives | Checklist steps \
         | Content note | Sources |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for ls in &lib.scenarios {
        let sc = &ls.scenario;
        let codes: Vec<String> = sc
            .objectives
            .iter()
            .map(|o| {
                lib.curriculum
                    .objective(o)
                    .map(|x| x.code.clone())
                    .unwrap_or_else(|| o.clone())
            })
            .collect();
        let mut steps = BTreeSet::new();
        if let Some(sop) = lib.curriculum.sop(&sc.sop) {
            for n in sc.nodes.values() {
                for c in &n.choices {
                    for e in &c.effects {
                        if let Effect::Sop(s, Mark::Done | Mark::Violated) = e
                            && let Some(i) = sop.steps.iter().position(|x| &x.id == s)
                        {
                            steps.insert(i + 1);
                        }
                    }
                }
            }
        }
        let steps: Vec<String> = steps.iter().map(|n| n.to_string()).collect();
        let groups: Vec<&str> = sc
            .audience
            .iter()
            .map(|a| lib.curriculum.audience_label(a))
            .collect();
        let _ = writeln!(
            o,
            "| **{}** (`{}`) | {} | {} | {} | {} ({}) | {} | {} | {} | {} | {} |",
            cell(sc.title.en()),
            sc.id,
            cell(&groups.join(", ")),
            cell(sc.premise.en()),
            cell(sc.role.en()),
            cell(sc.setting.en()),
            cell(&sc.province),
            sc.minutes,
            codes.join(", "),
            steps.join(", "),
            sc.content_note
                .as_ref()
                .map(|t| cell(t.en()))
                .unwrap_or_else(|| "—".into()),
            sc.sources.join(", ")
        );
    }
    o
}
