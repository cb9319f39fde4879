//! Property test: random walks through every bundled scenario (and the fixture) never panic, always
//! end, and score within the bounds that analysis computed.

mod common;
use pehchan::engine::Session;
use pehchan::scenario::{Effect, Library, LoadedScenario};
use proptest::prelude::*;

/// Each scenario with its curriculum and whether it passes the outcome lints.
fn all_scenarios() -> Vec<(
    LoadedScenario,
    std::sync::Arc<pehchan::scenario::Curriculum>,
    bool,
)> {
    let mut out = Vec::new();
    for lib in [
        Library::bundled().expect("bundled library loads"),
        common::fixture_lib(),
    ] {
        for s in &lib.scenarios {
            let linted = lib.diagnostics.iter().any(|d| {
                d.file == s.file
                    && ["protected-after-violation", "protected-without-step"].contains(&d.code)
            });
            out.push((s.clone(), lib.curriculum.clone(), !linted));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn random_walks_end_within_bounds(
        seed in any::<u64>(),
        picks in proptest::collection::vec(any::<usize>(), 64)
    ) {
        for (ls, cur, clean) in all_scenarios() {
            let a = &ls.analysis;
            let mut s = Session::start(ls.scenario.clone(), seed, "en").unwrap();
            let mut earned = std::collections::BTreeMap::<String, i64>::new();
            let mut n = 0;
            while !s.is_finished() {
                let st = s.step();
                prop_assert!(!st.choices.is_empty(), "{}: stuck at {}", ls.scenario.id, st.node);
                prop_assert!(
                    ls.scenario.nodes[&st.node].route.is_empty(),
                    "{}: stopped on route {}",
                    ls.scenario.id,
                    st.node
                );
                let c = &st.choices[picks[n % picks.len()] % st.choices.len()];
                let choice = ls.scenario.nodes[&st.node]
                    .choices
                    .iter()
                    .find(|x| x.id == c.id)
                    .unwrap();
                for e in &choice.effects {
                    if let Effect::Score(o, p) = e {
                        *earned.entry(o.clone()).or_default() += *p as i64;
                    }
                }
                s.choose(&c.id).unwrap();
                n += 1;
                prop_assert!(
                    n as u64 <= a.longest.max(1) + 200,
                    "{}: no end after {n} decisions",
                    ls.scenario.id
                );
            }
            prop_assert!(
                a.endings.contains_key(s.node()),
                "{}: ended at {} which analysis did not list",
                ls.scenario.id,
                s.node()
            );
            prop_assert!((n as u64) >= a.shortest);
            let total: i64 = earned.values().sum();
            prop_assert!(
                total <= a.best_total && total >= a.worst_total,
                "{}: total {total} outside [{}, {}]",
                ls.scenario.id,
                a.worst_total,
                a.best_total
            );
            for (o, b) in &a.objectives {
                let e = earned.get(o).copied().unwrap_or(0);
                prop_assert!(
                    e <= b.best && e >= b.worst,
                    "{}: {o} = {e} outside [{}, {}]",
                    ls.scenario.id,
                    b.worst,
                    b.best
                );
            }
            prop_assert!(ls.scenario.nodes[s.node()].route.is_empty());
            let d = pehchan::scoring::debrief(&ls, &cur, &s);
            prop_assert_eq!(d.total, total);
            let ending = d.ending.as_ref().unwrap().outcome;
            if clean && ending == pehchan::scenario::OutcomeClass::Protected {
                // A scenario that passes the outcome lints never ends protected after a violation,
                // nor without every listed step done.
                prop_assert!(
                    s.facts().violated.is_empty(),
                    "{}: protected after violating {:?}",
                    ls.scenario.id,
                    s.facts().violated
                );
                for step in &ls.scenario.steps {
                    prop_assert!(
                        s.facts().done.contains(step),
                        "{}: protected without {step}",
                        ls.scenario.id
                    );
                }
            }
            // The decisive moment is there exactly when the run ended worse than the start allowed.
            prop_assert_eq!(
                d.decisive.is_some(),
                Some(ending) != d.best_possible,
                "{}: decisive {:?}",
                ls.scenario.id,
                d.decisive
            );
            prop_assert!(d.total <= d.total_best);
            for ob in &d.objectives {
                prop_assert!(
                    ob.earned <= ob.best && ob.earned >= ob.worst,
                    "{}: {} per-variant bounds",
                    ls.scenario.id,
                    ob.id
                );
            }
        }
    }
}
