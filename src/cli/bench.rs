//! `pehchan bench [--nodes N]`: load, validate and analyse milliseconds on generated scenarios.

use pehchan::scenario::Graph;
use pehchan::scenario::analyze::analyze;
use pehchan::scenario::lints::validate_scenario;
use pehchan::scenario::load::parse;
use pehchan::scenario::model::{Curriculum, Scenario};
use pehchan::scenario::synth;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(nodes: Option<usize>, runs: usize) -> ExitCode {
    let sizes = match nodes {
        Some(0) => {
            errln!("--nodes must be at least 1");
            return ExitCode::FAILURE;
        }
        Some(n) => vec![n],
        None => vec![1_000, 10_000, 100_000],
    };
    let runs = runs.max(1);
    let cur: Curriculum = match parse("synthetic-curriculum.ron", synth::CURRICULUM) {
        Ok(c) => c,
        Err(d) => {
            super::print_diagnostics(&d);
            return ExitCode::FAILURE;
        }
    };
    if cfg!(debug_assertions) {
        errln!(
            "note: this is a debug build; use `cargo run --release -- bench` for meaningful figures"
        );
    }
    outln!(
        "{:>8} {:>7} {:>9} {:>10} {:>12} {:>11} {:>9}",
        "nodes",
        "choices",
        "KiB",
        "load ms",
        "validate ms",
        "analyze ms",
        "total ms"
    );
    for n in sizes {
        err!("generating {n} nodes... ");
        let text = synth::scenario(n, 42);
        errln!("{} KiB, {runs} run(s)", text.len() / 1024);
        let mut times: Vec<[f64; 3]> = Vec::new();
        let mut choices = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let sc: Scenario = match parse("synthetic.ron", &text) {
                Ok(s) => s,
                Err(d) => {
                    super::print_diagnostics(&d);
                    return ExitCode::FAILURE;
                }
            };
            let t1 = Instant::now();
            let g = Graph::build(&sc);
            let problems = validate_scenario(&sc, &cur, &g);
            let t2 = Instant::now();
            let a = analyze(&sc, &g);
            let t3 = Instant::now();
            if let Some(p) = problems
                .iter()
                .find(|p| p.severity == pehchan::scenario::Severity::Error)
            {
                errln!("generated scenario is invalid: {} at {}", p.message, p.path);
                return ExitCode::FAILURE;
            }
            choices = a.choices;
            std::hint::black_box(&a);
            times.push([ms(t1 - t0), ms(t2 - t1), ms(t3 - t2)]);
        }
        let med = |k: usize| {
            let mut v: Vec<f64> = times.iter().map(|t| t[k]).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (l, v, a) = (med(0), med(1), med(2));
        outln!(
            "{n:>8} {choices:>7} {:>9} {l:>10.1} {v:>12.1} {a:>11.1} {:>9.1}",
            text.len() / 1024,
            l + v + a
        );
    }
    ExitCode::SUCCESS
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
