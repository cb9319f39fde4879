//! Session records: round trip, atomic save, replay to the same debrief, refusal of changed
//! scenarios.

mod common;
use pehchan::engine::Session;
use pehchan::records::{RecordError, SessionRecord};
use pehchan::scenario::Library;
use pehchan::scoring::debrief;

fn played(
    lib: &Library,
    seed: u64,
    choices: &[&str],
) -> (SessionRecord, pehchan::scoring::Debrief) {
    let ls = lib.get("airport-mini").unwrap();
    let mut s = Session::start(ls.scenario.clone(), seed, "en").unwrap();
    let mut rec = SessionRecord::new(ls, seed, "P07", "en");
    for c in choices {
        s.choose(c).unwrap();
        rec.update(&s);
    }
    (rec, debrief(ls, &lib.curriculum, &s))
}

#[test]
fn a_record_round_trips_and_replays_to_the_same_debrief() {
    let lib = common::fixture_lib();
    let dir = tempfile::tempdir().unwrap();
    for seed in 0..20 {
        let (rec, d) = played(&lib, seed, &["private", "interp-choice", "dismiss"]);
        assert!(rec.finished);
        assert_eq!(rec.ending.as_deref(), Some("released"));
        let path = dir.path().join(rec.file_name());
        rec.save(&path).unwrap();
        let back = SessionRecord::load(&path).unwrap();
        assert_eq!(back, rec);
        let (_, d2) = back.replay(&lib).unwrap();
        assert_eq!(d2, d, "seed {seed}");
    }
    // Only the records remain: no temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 20, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".ron") && !n.starts_with('.'))
    );
}

#[test]
fn an_unfinished_record_replays_too() {
    let lib = common::fixture_lib();
    let (rec, d) = played(&lib, 5, &["private"]);
    assert!(!rec.finished);
    let (s, d2) = rec.replay(&lib).unwrap();
    assert_eq!(s.node(), "room");
    assert_eq!(d2, d);
    assert!(d2.ending.is_none());
}

#[test]
fn a_changed_scenario_is_reported_not_rescored() {
    let lib = common::fixture_lib();
    let (rec, _) = played(&lib, 1, &["detain"]);
    let changed = common::changed_fixture_lib();
    match rec.replay(&changed) {
        Err(RecordError::ScenarioChanged { scenario, .. }) => assert_eq!(scenario, "airport-mini"),
        other => panic!("expected ScenarioChanged, got {other:?}"),
    }
    let msg = rec.replay(&changed).unwrap_err().to_string();
    assert!(
        msg.contains("has changed since this record was made"),
        "{msg}"
    );
}

#[test]
fn corrupted_and_foreign_records_get_clear_errors() {
    let lib = common::fixture_lib();
    let (rec, _) = played(&lib, 2, &["private"]);
    let text = rec.to_ron();
    // Truncated file (a power cut during a non-atomic copy, say).
    let cut = &text[..text.len() / 2];
    match SessionRecord::parse("cut.ron", cut) {
        Err(RecordError::Malformed(d)) => {
            assert_eq!(d.file, "cut.ron");
            assert!(d.line > 1, "{d}");
        }
        other => panic!("{other:?}"),
    }
    // A newer format.
    let v2 = text.replacen("format: 1", "format: 2", 1);
    assert!(matches!(
        SessionRecord::parse("v2.ron", &v2),
        Err(RecordError::Format { found: 2, .. })
    ));
    // A record of a scenario this library does not have.
    let mut other = rec.clone();
    other.scenario_id = "no-such-case".into();
    assert!(matches!(
        other.replay(&lib),
        Err(RecordError::UnknownScenario(_))
    ));
    // A record whose choices do not fit the scenario.
    let mut bad = rec.clone();
    bad.choices.push("fly-away".into());
    assert!(matches!(bad.replay(&lib), Err(RecordError::Replay(_))));
    // A missing file.
    assert!(matches!(
        SessionRecord::load(std::path::Path::new("/no/such/record.ron")),
        Err(RecordError::Io { .. })
    ));
}

#[test]
fn saving_over_an_existing_record_replaces_it_whole() {
    let lib = common::fixture_lib();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.ron");
    let (mut rec, _) = played(&lib, 3, &["private"]);
    rec.save(&path).unwrap();
    rec.choices.push("interp-choice".into());
    rec.save(&path).unwrap();
    assert_eq!(
        SessionRecord::load(&path).unwrap().choices,
        vec!["private", "interp-choice"]
    );
}
