//! `pehchan readability [PATH] [--worst N] [--json]`: the reading level of each scenario's text.

use super::{load_one, print_diagnostics};
use pehchan::scenario::Library;
use pehchan::scenario::readability::{Readability, TARGET_GRADE, measure};
use std::path::Path;
use std::process::ExitCode;

pub fn run(path: Option<&Path>, worst: usize, json: bool) -> ExitCode {
    let lib = match path {
        None => Library::bundled(),
        Some(p) if p.is_dir() => Library::load_dir(p),
        Some(p) => match load_one(&p.display().to_string()) {
            Ok((lib, _)) => Ok(lib),
            Err(code) => return code,
        },
    };
    let lib = match lib {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return ExitCode::FAILURE;
        }
    };
    let rows: Vec<(&str, Readability)> = lib
        .scenarios
        .iter()
        .filter(|s| path.is_none_or(|p| p.is_dir() || Path::new(&s.file) == p))
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
        println!("{}", serde_json::to_string_pretty(&v).expect("json"));
        return ExitCode::SUCCESS;
    }
    let g = |x: Option<f64>| x.map_or("-".to_string(), |g| format!("{g:.1}"));
    println!(
        "{:<44} {:>9} {:>9} {:>10} {:>8} {:>12}",
        "scenario", "narrative", "feedback", "words/sent", "longest", "over grade 8"
    );
    for (f, r) in &rows {
        let over = r.hardest.iter().filter(|h| h.grade > TARGET_GRADE).count();
        println!(
            "{:<44} {:>9} {:>9} {:>10.1} {:>8} {:>12}",
            f,
            g(r.narrative.grade()),
            g(r.feedback.grade()),
            r.feedback.words_per_sentence(),
            r.feedback.longest,
            format!("{over} / {}", r.hardest.len())
        );
    }
    println!(
        "(Flesch-Kincaid grade; feedback aims at {TARGET_GRADE} or below; \"longest\" is the \
         longest feedback sentence in words)"
    );
    for (f, r) in rows.iter().filter(|_| worst > 0) {
        println!("\n{f}: hardest feedback");
        for h in r.hardest.iter().take(worst) {
            println!("  {:>5.1}  {}/{}: {}", h.grade, h.node, h.choice, h.text);
        }
    }
    ExitCode::SUCCESS
}
