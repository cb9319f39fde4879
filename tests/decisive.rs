//! The decisive moment: the first decision after which a better ending class was out of reach, in
//! the debrief view-model, the terminal text and the HTML page.

mod common;
use pehchan::engine::Session;
use pehchan::scenario::OutcomeClass;
use pehchan::scenario::library::SourceFile;
use pehchan::scoring::{debrief, html::debrief_html, text::debrief_text};

fn play(choices: &[&str]) -> pehchan::scoring::Debrief {
    let lib = common::fixture_lib();
    let ls = lib.get("airport-mini").unwrap();
    let choices: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
    let s = Session::replay(ls.scenario.clone(), 0, "en", &choices).unwrap();
    debrief(ls, &lib.curriculum, &s)
}

#[test]
fn the_agent_as_interpreter_is_the_moment_a_protected_outcome_was_lost() {
    let d = play(&["private", "interp-agent", "indicators", "refer-legal"]);
    assert_eq!(d.best_possible, Some(OutcomeClass::Protected));
    assert_eq!(d.ending.as_ref().unwrap().outcome, OutcomeClass::Partial);
    let m = d
        .decisive
        .as_ref()
        .expect("a decision lost the protected outcome");
    assert_eq!((m.number, m.node.as_str()), (2, "room"));
    assert_eq!(m.lost, OutcomeClass::Protected);
    assert_eq!(m.left, Some(OutcomeClass::Partial));
    assert!(!m.by_chance);
    assert!(
        m.kept_open_by
            .as_deref()
            .is_some_and(|k| k.starts_with("Call a staff interpreter")),
        "{m:?}"
    );
    let sentence = d.decisive_text();
    assert!(
        sentence.starts_with("At decision 2 you chose “Let the waiting agent interpret"),
        "{sentence}"
    );
    assert!(sentence.contains("from here a protected outcome was no longer possible"));
    assert!(debrief_text(&d).contains(&sentence));
    let html = debrief_html(&d, "P07", "2026-12-01T10:00:00Z");
    assert!(html.contains("<h2>The decisive moment</h2>"));
    assert!(html.contains("At decision 2 you chose “Let the waiting agent interpret"));
    if let Some(dir) = std::env::var_os("PEHCHAN_SAVE_HTML") {
        std::fs::write(std::path::Path::new(&dir).join("decisive.html"), &html).unwrap();
    }
}

#[test]
fn a_run_that_lost_nothing_says_so_and_the_best_path_loses_nothing() {
    let d = play(&["private", "interp-choice", "indicators", "refer-legal"]);
    assert!(d.decisive.is_none());
    assert_eq!(
        d.decisive_text(),
        "No decision closed off a better outcome: a protected outcome stayed possible to the end."
    );
    // Detaining first loses the protected outcome at once, with the private room as the way out.
    let d = play(&["detain"]);
    let m = d.decisive.unwrap();
    assert_eq!(
        (m.number, m.lost, m.left),
        (1, OutcomeClass::Protected, Some(OutcomeClass::Harmful))
    );
    assert!(
        m.kept_open_by
            .unwrap()
            .starts_with("Take Imran to a private room")
    );
    // An unfinished run that lost nothing yet.
    let d = play(&["private"]);
    assert_eq!(
        d.decisive_text(),
        "So far no decision has closed off a protected outcome."
    );
}

#[test]
fn a_random_outcome_that_closes_the_door_is_called_chance() {
    let dir = common::fixtures().join("broken");
    let cur = SourceFile::read(&dir.join("curriculum.ron")).unwrap();
    let text = concat!(
        r#"Scenario(format: 1, id: "chance", title: "Chance", setting: "S", role: "R",
        objectives: ["protection"], sop: "victim-identification", steps: ["referral"], start: "a",
        nodes: {
            "a": (text: "A bus leaves.", choices: [
                (id: "wait", text: "Wait for the next one", "#,
        r#"outcomes: [(weight: 1, goto: "ok"), (weight: 1, goto: "gone")],
                 effects: [Score("protection", 1)], feedback: "f"),
                (id: "refer", text: "Refer now", goto: "ok", "#,
        r#"effects: [Score("protection", 2)], feedback: "f"),
            ]),
            "ok": (text: "Safe.", choices: [(id: "done", text: "Refer", goto: "end", "#,
        r#"effects: [Sop("referral", Done)], feedback: "f")]),
            "gone": (text: "They left.", ending: (outcome: Harmful, summary: "Lost.")),
            "end": (text: "Referred.", ending: (outcome: Protected, summary: "Protected.")),
        })"#
    );
    let lib = pehchan::scenario::Library::from_sources(
        &cur,
        &[SourceFile {
            name: "chance.ron".into(),
            text: text.into(),
        }],
    )
    .unwrap();
    let ls = lib.get("chance").unwrap();
    let lost = (0..64)
        .map(|seed| Session::replay(ls.scenario.clone(), seed, "en", &["wait".into()]).unwrap())
        .find(|s| s.node() == "gone")
        .expect("some seed draws the harmful branch");
    let d = debrief(ls, &lib.curriculum, &lost);
    let m = d.decisive.as_ref().unwrap();
    assert!(m.by_chance, "{m:?}");
    assert!(
        d.decisive_text()
            .contains("and the way it turned out put a protected outcome out of reach"),
        "{}",
        d.decisive_text()
    );
}
