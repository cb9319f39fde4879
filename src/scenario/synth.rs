//! Synthetic scenarios of any size (about 3 choices a node) for benchmarks and scale tests.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::fmt::Write;

/// A curriculum that synthetic scenarios validate against.
pub const CURRICULUM: &str = concat!(
    r#"Curriculum(format: 1,
  objectives: [(id: "a", title: "A"), (id: "b", title: "B"), (id: "c", title: "C")],
  sops: [(id: "s", title: "S", steps: [(id: "s1", title: "one", before: ["s2"]), "#,
    r#"(id: "s2", title: "two")])],
)"#
);

/// A layered scenario of `nodes` nodes: every node links to the next (so all are reachable) and to
/// two random nodes ahead; the last 2% are endings.
pub fn scenario(nodes: usize, seed: u64) -> String {
    let nodes = nodes.max(4);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let endings = (nodes / 50).max(2);
    let first_ending = nodes - endings;
    let mut s = String::with_capacity(nodes * 400);
    s.push_str(
        "Scenario(format: 1, id: \"synthetic\", title: \"Synthetic\", setting: \"nowhere\", \
         role: \"tester\",\n",
    );
    s.push_str(
        "  objectives: [\"a\", \"b\", \"c\"], sop: \"s\", steps: [\"s1\", \"s2\"], \
         start: \"n0\",\n  nodes: {\n",
    );
    let objs = ["a", "b", "c"];
    for i in 0..nodes {
        if i >= first_ending {
            let outcome = ["Protected", "Partial", "Harmful"][i % 3];
            let _ = writeln!(
                s,
                "    \"n{i}\": (text: \"Ending {i}.\", ending: (outcome: {outcome}, \
                 summary: \"Case closed at {i}.\")),"
            );
            continue;
        }
        let _ = write!(
            s,
            "    \"n{i}\": (text: \"Situation {i}: what do you do next?\", choices: ["
        );
        for c in 0..3 {
            let target = if c == 0 {
                i + 1
            } else {
                (i + 1 + rng.random_range(1..60usize)).min(nodes - 1)
            };
            let o = objs[rng.random_range(0..3usize)];
            let p: i32 = rng.random_range(-3..=3);
            let step = if rng.random_bool(0.1) {
                format!(", Sop(\"s{}\", Done)", 1 + rng.random_range(0..2usize))
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "(id: \"c{c}\", text: \"Option {c} at {i}\", goto: \"n{target}\", \
                 effects: [Score(\"{o}\", {p}){step}], feedback: \"Because of {o}.\"), "
            );
        }
        s.push_str("]),\n");
    }
    s.push_str("  },\n)\n");
    s
}
