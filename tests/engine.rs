//! The engine: seeded variants and shuffles, deterministic replay, errors instead of panics.

mod common;
use pehchan::engine::{EngineError, Session};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::IndexedRandom;

/// Plays random available choices (driven by `walk_seed`) until the end; returns the steps seen.
fn random_walk(
    sc: &std::sync::Arc<pehchan::scenario::Scenario>,
    seed: u64,
    walk_seed: u64,
) -> (Vec<pehchan::engine::Step>, Vec<String>) {
    let mut rng = ChaCha8Rng::seed_from_u64(walk_seed);
    let mut s = Session::start(sc.clone(), seed, "en").unwrap();
    let mut steps = vec![s.step()];
    let mut chosen = Vec::new();
    for _ in 0..500 {
        let st = s.step();
        if st.ending.is_some() {
            break;
        }
        let c = st
            .choices
            .choose(&mut rng)
            .expect("a non-ending step offers a choice")
            .id
            .clone();
        steps.push(s.choose(&c).unwrap());
        chosen.push(c);
    }
    (steps, chosen)
}

#[test]
fn replay_reproduces_every_step_exactly() {
    let lib = common::fixture_lib();
    let sc = lib.get("airport-mini").unwrap().scenario.clone();
    for seed in 0..200 {
        let (steps, chosen) = random_walk(&sc, seed, seed * 7 + 1);
        let again = Session::replay(sc.clone(), seed, "en", &chosen).unwrap();
        assert_eq!(again.step(), *steps.last().unwrap(), "seed {seed}");
        assert_eq!(again.choices(), chosen);
        // Step by step too.
        let mut s = Session::start(sc.clone(), seed, "en").unwrap();
        assert_eq!(s.step(), steps[0]);
        for (i, c) in chosen.iter().enumerate() {
            assert_eq!(s.choose(c).unwrap(), steps[i + 1], "seed {seed} step {i}");
        }
    }
}

#[test]
fn seeds_draw_both_variants_and_both_orders() {
    let lib = common::fixture_lib();
    let sc = lib.get("airport-mini").unwrap().scenario.clone();
    let mut names = std::collections::BTreeSet::new();
    let mut orders = std::collections::BTreeSet::new();
    for seed in 0..50 {
        let s = Session::start(sc.clone(), seed, "en").unwrap();
        let st = s.step();
        names.insert(st.text.split_whitespace().next().unwrap().to_string());
        orders.insert(st.choices.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
        assert!(
            !st.text.contains('{'),
            "placeholders are filled: {}",
            st.text
        );
    }
    assert_eq!(names, ["Imran".to_string(), "Shazia".to_string()].into());
    assert_eq!(
        orders.len(),
        2,
        "shuffle gives both orders of the first node's two choices"
    );
}

#[test]
fn conditions_follow_the_drawn_variant() {
    let lib = common::fixture_lib();
    let sc = lib.get("airport-mini").unwrap().scenario.clone();
    for seed in 0..40 {
        let mut s = Session::start(sc.clone(), seed, "en").unwrap();
        let woman = s.flags().contains("woman");
        s.choose("private").unwrap();
        s.choose("interp-choice").unwrap();
        let mut st = s.choose("indicators").unwrap();
        if st.node == "refer-late" {
            st = s.choose("wait").unwrap();
        }
        let ids: Vec<_> = st.choices.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.contains(&"refer-women"), woman, "seed {seed}: {ids:?}");
        assert_eq!(ids.contains(&"refer-legal"), !woman, "seed {seed}: {ids:?}");
    }
}

#[test]
fn random_outcomes_take_both_branches_by_weight() {
    let lib = common::fixture_lib();
    let sc = lib.get("airport-mini").unwrap().scenario.clone();
    let mut late = 0;
    for seed in 0..400 {
        let s = Session::replay(
            sc.clone(),
            seed,
            "en",
            &[
                "private".into(),
                "interp-choice".into(),
                "indicators".into(),
            ],
        )
        .unwrap();
        if s.node() == "refer-late" {
            late += 1;
        }
    }
    // weight 1 of 4: expect about 100 of 400
    assert!(
        (60..140).contains(&late),
        "late branch taken {late} times of 400"
    );
}

#[test]
fn bad_choices_are_errors_not_panics() {
    let lib = common::fixture_lib();
    let sc = lib.get("airport-mini").unwrap().scenario.clone();
    let mut s = Session::start(sc.clone(), 3, "en").unwrap();
    match s.choose("nope") {
        Err(EngineError::Unavailable {
            node,
            choice,
            available,
        }) => {
            assert_eq!((node.as_str(), choice.as_str()), ("arrival", "nope"));
            assert_eq!(available.len(), 2);
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    s.choose("detain").unwrap();
    assert!(s.is_finished());
    assert!(matches!(
        s.choose("private"),
        Err(EngineError::Finished { .. })
    ));
    // A choice that exists but whose condition fails is unavailable too.
    let mut s = Session::replay(
        sc.clone(),
        0,
        "en",
        &[
            "private".into(),
            "interp-choice".into(),
            "indicators".into(),
        ],
    )
    .unwrap();
    if s.node() == "refer-late" {
        s.choose("wait").unwrap();
    }
    let hidden = if s.flags().contains("woman") {
        "refer-legal"
    } else {
        "refer-women"
    };
    assert!(matches!(
        s.choose(hidden),
        Err(EngineError::Unavailable { .. })
    ));
}

#[test]
fn routes_move_on_without_a_decision_and_replay_the_same() {
    let lib = common::fixture_lib();
    let sc = lib.get("airport-mini").unwrap().scenario.clone();
    let mut routed = 0;
    for seed in 0..200 {
        let (_, chosen) = random_walk(&sc, seed, seed * 13 + 5);
        let s = Session::replay(sc.clone(), seed, "en", &chosen).unwrap();
        // A run never stops on a route node, and a route is not a decision.
        assert!(sc.nodes[s.node()].route.is_empty(), "seed {seed}");
        assert_eq!(s.step().decisions, chosen.len());
        if s.trail().contains(&"handover") {
            routed += 1;
            let t = s.history().last().unwrap();
            assert_eq!(t.next, "handover");
            assert_eq!(t.routed, vec!["handover".to_string()]);
            // The route reads the checklist: a violated interpreter step leads to the agent.
            let violated = chosen.iter().any(|c| c == "interp-agent");
            let expect = if violated { "agent-knows" } else { "protected" };
            assert_eq!(s.node(), expect, "seed {seed}: {chosen:?}");
        }
        let again = Session::replay(sc.clone(), seed, "en", &chosen).unwrap();
        assert_eq!(again.trail(), s.trail(), "seed {seed}");
    }
    assert!(routed > 20, "walks went through the route {routed} times");
}

#[test]
fn a_route_loop_in_an_unchecked_scenario_is_an_error_not_a_hang() {
    let text = r#"Scenario(format: 1, id: "loop", title: "L", setting: "S", role: "R",
        objectives: [], sop: "s", start: "a", nodes: {
            "a": (route: [(goto: "b")]),
            "b": (route: [(goto: "a")]),
        })"#;
    let sc: pehchan::scenario::Scenario = pehchan::scenario::load::parse("loop.ron", text).unwrap();
    let err = Session::start(std::sync::Arc::new(sc), 1, "en").unwrap_err();
    assert!(matches!(err, EngineError::RouteLoop(_)), "{err:?}");
    assert!(err.to_string().contains("round in a circle"), "{err}");
}
