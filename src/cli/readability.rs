//! `pehchan readability [PATH] [--worst N] [--json]`: the reading level of each scenario's text.

use super::{load_one, open_library};
use pehchan::scenario::readability::{Readability, TARGET_GRADE, measure};
use std::path::Path;
use std::process::ExitCode;

pub fn run(path: Option<&Path>, worst: usize, json: bool) -> ExitCode {
    // A file or a bundled id measures that one scenario; a folder (or nothing) the whole library.
    let (lib, only) = match path {
        Some(p) if !p.is_dir() => match load_one(&p.display().to_string()) {
            Ok((lib, id)) => (lib, Some(id)),
            Err(code) => return code,
        },
        dir => match open_library(dir) {
            Some(lib) => (lib, None),
            None => return ExitCode::FAILURE,
        },
    };
    let rows: Vec<(&str, Readability)> = lib
        .scenarios
        .iter()
        .filter(|s| only.as_ref().is_none_or(|id| &s.scenario.id == id))
        .map(|s| (s.file.as_str(), measure(&s.scenario)))
        .collect();
    if json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(f, r)| {
                let mut v = serde_json::to_value(r).expect("readability serialises");
                v["file"] = serde_json::json!(f);
                v["narrative_grade"] = serde_json::json!(r.narrative.grade());
                v["feedback_grade"] = serde_json::json!(r.feedback.grade());
                v["hardest"] = serde_json::json!(&r.hardest[..worst.min(r.hardest.len())]);
                v
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&v).expect("json"));
        return ExitCode::SUCCESS;
    }
    let g = |x: Option<f64>| x.map_or("-".to_string(), |g| format!("{g:.1}"));
    outln!(
        "{:<44} {:>9} {:>9} {:>10} {:>8} {:>12}",
        "scenario",
        "narrative",
        "feedback",
        "words/sent",
        "longest",
        "over grade 8"
    );
    for (f, r) in &rows {
        let over = r.hardest.iter().filter(|h| h.grade > TARGET_GRADE).count();
        outln!(
            "{:<44} {:>9} {:>9} {:>10.1} {:>8} {:>12}",
            f,
            g(r.narrative.grade()),
            g(r.feedback.grade()),
            r.feedback.words_per_sentence(),
            r.feedback.longest,
            format!("{over} / {}", r.hardest.len())
        );
    }
    outln!(
        "(Flesch-Kincaid grade; feedback aims at {TARGET_GRADE} or below; \"longest\" is the \
         longest feedback sentence in words)"
    );
    for (f, r) in rows.iter().filter(|_| worst > 0) {
        outln!("\n{f}: hardest feedback");
        for h in r.hardest.iter().take(worst) {
            outln!("  {:>5.1}  {}/{}: {}", h.grade, h.node, h.choice, h.text);
        }
    }
    ExitCode::SUCCESS
}
