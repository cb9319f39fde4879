//! `pehchan analyze FILE [--json]`: paths, endings, score bounds and the best path of a scenario.

use super::load_one;
use pehchan::engine::seed_for;
use std::process::ExitCode;

pub fn run(file: &str, json: bool) -> ExitCode {
    let (lib, id) = match load_one(file) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let ls = lib.get(&id).expect("load_one returns a loaded id");
    let a = &ls.analysis;
    let best_seed = seed_for(&ls.scenario, &a.best_pick, &a.best_path, 10_000);
    let worst_seed = seed_for(&ls.scenario, &a.worst_pick, &a.worst_path, 10_000);
    if json {
        let mut v = serde_json::to_value(a.as_ref()).expect("analysis serialises");
        v["best_seed"] = serde_json::json!(best_seed);
        v["worst_seed"] = serde_json::json!(worst_seed);
        v["file"] = serde_json::json!(ls.file);
        outln!("{}", serde_json::to_string_pretty(&v).expect("json"));
        return ExitCode::SUCCESS;
    }
    outln!("{} ({})", ls.scenario.title.en(), ls.file);
    outln!(
        "nodes {}, choices {}, states {}",
        a.nodes,
        a.choices,
        a.states
    );
    outln!(
        "paths {}",
        if a.paths_saturated {
            "unbounded (loops) or more than 2^64".to_string()
        } else {
            a.paths.to_string()
        }
    );
    outln!(
        "decisions on a complete run: {} to {}",
        a.shortest,
        a.longest
    );
    outln!("endings:");
    for (id, o) in &a.endings {
        outln!("  {id}: {}", o.label());
    }
    outln!("objectives (best / worst):");
    for (id, b) in &a.objectives {
        outln!("  {id}: {} / {}", b.best, b.worst);
    }
    outln!("total: best {} / worst {}", a.best_total, a.worst_total);
    let seed = |s: Option<u64>| s.map(|s| format!("--seed {s} ")).unwrap_or_default();
    outln!(
        "best path → {}: pehchan play {file} {}--choose {}",
        a.best_ending.as_deref().unwrap_or("?"),
        seed(best_seed),
        a.best_path.join(",")
    );
    outln!(
        "worst path → {}: pehchan play {file} {}--choose {}",
        a.worst_ending.as_deref().unwrap_or("?"),
        seed(worst_seed),
        a.worst_path.join(",")
    );
    ExitCode::SUCCESS
}
