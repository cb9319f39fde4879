//! The bundled library: coverage figures computed from the files, and each case's best and worst
//! paths played through the engine and scored.

mod common;
use pehchan::engine::{Session, seed_for};
use pehchan::scenario::{Choice, Effect, Library, Mark, OutcomeClass};
use pehchan::scoring::debrief;
use std::collections::{BTreeMap, BTreeSet};

fn bundled() -> Library {
    Library::bundled().expect("the bundled library loads")
}

#[test]
fn the_library_checks_clean_with_warnings_denied() {
    let lib = bundled();
    let all: Vec<String> = lib.diagnostics.iter().map(|d| d.render()).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
    assert!(lib.broken.is_empty());
    assert_eq!(lib.scenarios.len(), 17);
    assert!(lib.assessment.is_some(), "the bundled knowledge test loads");
}

fn marks(c: &Choice, step: &str) -> Option<Mark> {
    c.effects.iter().find_map(|e| match e {
        Effect::Sop(s, m) if s == step => Some(*m),
        _ => None,
    })
}

fn points(c: &Choice, objective: &str) -> i32 {
    c.effects
        .iter()
        .map(|e| match e {
            Effect::Score(o, p) if o == objective => *p,
            _ => 0,
        })
        .sum()
}

#[test]
fn every_case_scores_victim_centred_and_gender_with_a_real_decision() {
    let lib = bundled();
    for ls in &lib.scenarios {
        let sc = &ls.scenario;
        for ob in ["victim_centred", "gender"] {
            assert!(
                sc.objectives.iter().any(|o| o == ob),
                "{}: `{ob}` is not among its objectives",
                sc.id
            );
            // A decision: one node offers a choice that earns points on the objective and another
            // that does not.
            let decision = sc.nodes.iter().find(|(_, n)| {
                n.choices.iter().any(|c| points(c, ob) > 0)
                    && n.choices.iter().any(|c| points(c, ob) <= 0)
            });
            assert!(
                decision.is_some(),
                "{}: no node offers a right and a wrong choice on `{ob}`",
                sc.id
            );
        }
    }
}

#[test]
fn every_case_asks_for_consent_before_the_account() {
    // Walks every state of each case's graph (variants and conditions included), remembering
    // whether a consent decision (done or refused) has been made; a choice that starts the
    // person's account (`Sop("account", Done)`) must never come first.
    let lib = bundled();
    for ls in &lib.scenarios {
        let sc = &ls.scenario;
        let g = &ls.graph;
        for step in ["consent", "account"] {
            assert!(
                sc.steps.iter().any(|s| s == step),
                "{}: `{step}` not in steps",
                sc.id
            );
        }
        let mut seen: BTreeSet<(u32, bool)> = BTreeSet::new();
        let mut stack: Vec<(u32, bool)> = g.initials.iter().map(|i| (i.state, false)).collect();
        let mut accounts = 0;
        while let Some((s, asked)) = stack.pop() {
            if !seen.insert((s, asked)) {
                continue;
            }
            let id = &g.node_ids[g.states[s as usize].0 as usize];
            let node = &sc.nodes[id];
            for e in g.out(s) {
                if e.route {
                    stack.push((e.target, asked));
                    continue;
                }
                let c = &node.choices[e.choice as usize];
                if marks(c, "account") == Some(Mark::Done) {
                    accounts += 1;
                    assert!(
                        asked,
                        "{}: choice `{}` of node `{id}` takes the account on a path where \
                         consent was never asked",
                        sc.id, c.id
                    );
                }
                stack.push((e.target, asked || marks(c, "consent").is_some()));
            }
        }
        assert!(accounts > 0, "{}: no choice takes the account", sc.id);
    }
}

/// Every English text of a scenario, with where it is.
fn texts(sc: &pehchan::scenario::Scenario) -> Vec<(String, String)> {
    let mut out = vec![("premise".to_string(), sc.premise.en().to_string())];
    for (id, n) in &sc.nodes {
        out.push((id.clone(), n.text.en().to_string()));
        if let Some(e) = &n.ending {
            out.push((id.clone(), e.summary.en().to_string()));
        }
        for c in &n.choices {
            out.push((format!("{id}/{}", c.id), c.text.en().to_string()));
            if let Some(f) = &c.feedback {
                out.push((format!("{id}/{}", c.id), f.en().to_string()));
            }
        }
    }
    out
}

#[test]
fn feedback_names_checklist_steps_and_sections_carry_a_check() {
    let lib = bundled();
    let steps = lib
        .curriculum
        .sop("victim-identification")
        .unwrap()
        .steps
        .len();
    for ls in &lib.scenarios {
        for (at, t) in texts(&ls.scenario) {
            let where_ = format!("{}: {at}: {t}", ls.scenario.id);
            assert!(!t.contains("SOP step"), "{where_}: says \"SOP step\"");
            for (i, _) in t.match_indices("checklist step ") {
                let n: String = t[i + 15..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let n: usize = n.parse().unwrap_or(0);
                assert!((1..=steps).contains(&n), "{where_}: no checklist step {n}");
            }
            // A section number of a Pakistani law ("s.8", "ss.22-A", "section 9") is followed
            // by "check the current text" somewhere in the same string.
            let b = t.as_bytes();
            let section = (0..b.len()).any(|i| {
                let word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
                let rest = &t[i..];
                word_start
                    && ["s.", "ss.", "section "].iter().any(|p| {
                        rest.starts_with(p)
                            && rest[p.len()..].starts_with(|c: char| c.is_ascii_digit())
                    })
            });
            if section {
                assert!(
                    t.to_lowercase().contains("check the current"),
                    "{where_}: a section number without \"check the current text\""
                );
            }
        }
    }
}

#[test]
fn every_objective_is_scored_in_five_cases_every_step_in_four_and_every_group_has_a_case() {
    let lib = bundled();
    let mut scored: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut exercised: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for ls in &lib.scenarios {
        for n in ls.scenario.nodes.values() {
            for c in &n.choices {
                for e in &c.effects {
                    match e {
                        Effect::Score(o, p) if *p != 0 => {
                            scored.entry(o).or_default().insert(&ls.scenario.id);
                        }
                        Effect::Sop(s, _) => {
                            exercised.entry(s).or_default().insert(&ls.scenario.id);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    for ob in &lib.curriculum.objectives {
        let n = scored.get(ob.id.as_str()).map_or(0, |s| s.len());
        assert!(n >= 5, "objective {} is scored in {n} scenario(s)", ob.id);
    }
    let sop = lib.curriculum.sop("victim-identification").unwrap();
    for st in &sop.steps {
        let n = exercised.get(st.id.as_str()).map_or(0, |s| s.len());
        assert!(
            n >= 4,
            "checklist step {} is exercised in {n} scenario(s)",
            st.id
        );
    }
    // Every user group of the curriculum has a case written for it.
    for a in &lib.curriculum.audiences {
        let n = lib
            .scenarios
            .iter()
            .filter(|s| s.scenario.audience.contains(&a.id))
            .count();
        assert!(n >= 1, "no case is written for {}", a.id);
    }
    let provinces: BTreeSet<&str> = lib
        .scenarios
        .iter()
        .map(|s| s.scenario.province.as_str())
        .collect();
    for p in [
        "Sindh",
        "Punjab",
        "Khyber Pakhtunkhwa",
        "Islamabad",
        "Balochistan",
    ] {
        assert!(provinces.contains(p), "no case set in {p}: {provinces:?}");
    }
}

#[test]
fn each_scenario_meets_the_library_rules() {
    let lib = bundled();
    for ls in &lib.scenarios {
        let sc = &ls.scenario;
        let a = &ls.analysis;
        let id = &sc.id;
        assert!(!sc.role.en().is_empty(), "{id}: role");
        assert!(sc.nodes.len() >= 12, "{id}: {} nodes", sc.nodes.len());
        assert!(
            a.longest >= 8,
            "{id}: longest path has {} decisions",
            a.longest
        );
        let classes: BTreeSet<OutcomeClass> = a.endings.values().copied().collect();
        assert_eq!(classes.len(), 3, "{id}: ending classes {classes:?}");
        assert!(
            sc.nodes
                .values()
                .flat_map(|n| &n.choices)
                .all(|c| c.feedback.as_ref().is_some_and(|f| f.en().contains("[S"))),
            "{id}: every choice's feedback cites a source tag"
        );
        assert!(
            sc.nodes.values().any(|n| n.shuffle),
            "{id}: shuffles choice order"
        );
        assert!(!sc.variants.is_empty(), "{id}: uses variants");
        assert!(sc.content_note.is_some(), "{id}: content note");
        assert!(
            sc.minutes > 0 && !sc.premise.en().is_empty() && !sc.sources.is_empty(),
            "{id}: card metadata"
        );
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&ls.file),
        )
        .unwrap();
        assert!(
            text.contains("// tempting pair"),
            "{id}: marks its tempting pair"
        );
    }
}

#[test]
fn best_and_worst_paths_play_to_their_endings_and_scores() {
    let lib = bundled();
    for ls in &lib.scenarios {
        let a = &ls.analysis;
        let id = &ls.scenario.id;
        for (path, pick, total, want_protected) in [
            (&a.best_path, &a.best_pick, a.best_total, true),
            (&a.worst_path, &a.worst_pick, a.worst_total, false),
        ] {
            let seed = seed_for(&ls.scenario, pick, path, 10_000)
                .unwrap_or_else(|| panic!("{id}: no seed plays {path:?}"));
            let s = Session::replay(ls.scenario.clone(), seed, "en", path).unwrap();
            assert!(s.is_finished(), "{id}: path ends");
            let d = debrief(ls, &lib.curriculum, &s);
            assert_eq!(d.total, total, "{id}: total");
            let outcome = d.ending.as_ref().unwrap().outcome;
            if want_protected {
                assert_eq!(outcome, OutcomeClass::Protected, "{id}: best path");
                assert!(
                    d.decisions.iter().all(|r| r.better.is_none()),
                    "{id}: no better option on the best path"
                );
                assert!(
                    d.sop
                        .iter()
                        .all(|s| matches!(s.status, pehchan::scoring::SopStatus::Done { .. })),
                    "{id}: best path does every step in order: {:?}",
                    d.sop
                );
            } else {
                assert_ne!(outcome, OutcomeClass::Protected, "{id}: worst path");
                assert!(
                    d.decisions.iter().any(|r| r.better.is_some()),
                    "{id}: the worst path shows better options"
                );
                let turning = d.decisive_text();
                assert!(
                    d.decisive.is_some() && !turning.is_empty(),
                    "{id}: the worst path has no decisive moment"
                );
                assert!(
                    pehchan::scoring::text::debrief_text(&d).contains(&turning),
                    "{id}: the terminal debrief shows the decisive moment"
                );
            }
        }
    }
}

#[test]
fn the_catalogue_in_docs_is_up_to_date() {
    let page = pehchan::scenario::catalog::markdown(&bundled());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/library.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        page,
        "docs/library.md is out of date: run UPDATE_GOLDEN=1 cargo test --test library"
    );
}

#[test]
fn feedback_reads_at_grade_eight_or_below_in_every_case() {
    use pehchan::scenario::readability::{TARGET_GRADE, measure};
    let lib = bundled();
    for ls in &lib.scenarios {
        let r = measure(&ls.scenario);
        let g = r.feedback.grade().expect("every case has feedback");
        assert!(
            g <= TARGET_GRADE,
            "{}: feedback reads at grade {g:.1} (aim: {TARGET_GRADE} or below); hardest: {:?}",
            ls.scenario.id,
            r.hardest.first().map(|h| &h.text)
        );
        assert!(
            r.narrative.grade().is_some_and(|n| n <= TARGET_GRADE),
            "{}: narrative grade {:?}",
            ls.scenario.id,
            r.narrative.grade()
        );
    }
}
