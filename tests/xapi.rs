//! xAPI statements: deterministic ids, correct responses as in the debrief, scores, actor, context.

mod common;
use common::{fixture_lib, fixture_record};
use pehchan::records::{Gender, SessionRecord};
use pehchan::workshop::Workshop;
use pehchan::workshop::lrs::statements_endpoint;
use pehchan::workshop::sync::{STATE_FILE, SyncState};
use pehchan::workshop::xapi::{
    EXT_DECISION, EXT_GENDER, EXT_OBJECTIVES, EXT_RECORD, EXT_ROLE, VERB_ANSWERED, VERB_COMPLETED,
    activity_id, first_sentence, registration, scaled, statement_id, statements,
};
use serde_json::{Value, json};

fn answered(all: &[Value]) -> Vec<&Value> {
    all.iter()
        .filter(|s| s["verb"]["id"] == VERB_ANSWERED)
        .collect()
}

fn completed(all: &[Value]) -> Vec<&Value> {
    all.iter()
        .filter(|s| s["verb"]["id"] == VERB_COMPLETED)
        .collect()
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_uppercase())
        })
}

#[test]
fn statement_ids_are_deterministic_and_distinct() {
    let lib = fixture_lib();
    let recs = vec![
        fixture_record(&lib, 1, "P01", &["best"]),
        fixture_record(&lib, 2, "P02", &["detain"]),
        fixture_record(&lib, 3, "P03", &["private"]),
    ];
    let (a, skipped) = statements(&lib, None, &recs);
    assert!(skipped.is_empty(), "{skipped:?}");
    let (b, _) = statements(&lib, None, &recs);
    assert_eq!(a, b, "the same records give the same statements");

    let ids: Vec<&str> = a.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let distinct: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), ids.len(), "{ids:?}");
    assert!(ids.iter().all(|id| is_uuid(id)), "{ids:?}");

    // Each id is the name-based UUID of (record id, decision number or "completed").
    for rec in &recs {
        let mine: Vec<&Value> = a
            .iter()
            .filter(|s| s["context"]["extensions"][EXT_RECORD] == rec.id.as_str())
            .collect();
        for (k, s) in mine.iter().enumerate() {
            let expected = if s["verb"]["id"] == VERB_COMPLETED {
                statement_id(&rec.id, None)
            } else {
                assert_eq!(s["context"]["extensions"][EXT_DECISION], k + 1);
                statement_id(&rec.id, Some(k + 1))
            };
            assert_eq!(s["id"], expected.to_string());
            assert_eq!(expected.get_version_num(), 5);
        }
        let n_answered = mine
            .iter()
            .filter(|s| s["verb"]["id"] == VERB_ANSWERED)
            .count();
        assert_eq!(n_answered, rec.choices.len());
    }
    assert_ne!(statement_id("a", Some(1)), statement_id("b", Some(1)));
    assert_ne!(statement_id("a", Some(1)), statement_id("a", Some(2)));
    assert_ne!(statement_id("a", Some(1)), statement_id("a", None));
}

#[test]
fn the_registration_is_the_record_id_as_a_version_4_uuid() {
    let id = "0123456789abcdef0123456789abcdef";
    let r = registration(id).to_string();
    assert_eq!(r, "01234567-89ab-4def-8123-456789abcdef");
    assert_eq!(registration(id).get_version_num(), 4);
    // Only the version nibble and the two variant bits differ from the record id.
    let hex: String = r.chars().filter(|&c| c != '-').collect();
    let differ = hex.chars().zip(id.chars()).filter(|(a, b)| a != b).count();
    assert!(differ <= 2, "{hex} vs {id}");
    // An id that is not 32 hex digits still gets a stable, valid registration.
    assert_eq!(registration("hand-made"), registration("hand-made"));
    assert!(is_uuid(&registration("hand-made").to_string()));
    assert_ne!(registration("hand-made"), registration("hand-made-2"));

    let lib = fixture_lib();
    let rec = fixture_record(&lib, 4, "P04", &["best"]);
    let (all, _) = statements(&lib, None, std::slice::from_ref(&rec));
    for s in &all {
        assert_eq!(
            s["context"]["registration"],
            registration(&rec.id).to_string()
        );
    }
}

#[test]
fn correct_responses_are_the_best_choices_and_agree_with_the_debrief() {
    let lib = fixture_lib();
    let paths: [&[&str]; 5] = [
        &["best"],
        &["detain"],
        &["private", "interp-agent", "dismiss"],
        &["private", "interp-choice", "indicators", "best"],
        &["private", "interp-choice", "dismiss"],
    ];
    let (mut women, mut men) = (0, 0);
    for seed in 0..12 {
        for path in paths {
            let rec = fixture_record(&lib, seed, "P09", path);
            let (_, d) = rec.replay(&lib).unwrap();
            let (all, skipped) = statements(&lib, None, std::slice::from_ref(&rec));
            assert!(skipped.is_empty());
            let ans = answered(&all);
            assert_eq!(ans.len(), d.decisions.len());
            for (s, review) in ans.iter().zip(&d.decisions) {
                let def = &s["object"]["definition"];
                assert_eq!(
                    def["type"],
                    "http://adlnet.gov/expapi/activities/cmi.interaction"
                );
                assert_eq!(def["interactionType"], "choice");
                assert_eq!(
                    s["object"]["id"],
                    activity_id("airport-mini", Some(&review.node))
                );
                let pattern: Vec<&str> = def["correctResponsesPattern"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                let offered: Vec<&str> = def["choices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap())
                    .collect();
                assert!(
                    pattern.iter().all(|p| offered.contains(p)),
                    "{pattern:?} ⊄ {offered:?}"
                );
                assert!(offered.contains(&review.chosen.id.as_str()));
                assert_eq!(s["result"]["response"], review.chosen.id.as_str());
                assert_eq!(s["result"]["score"]["raw"], review.chosen.points);
                match &review.better {
                    Some(b) => {
                        assert_eq!(s["result"]["success"], false);
                        assert!(pattern.contains(&b.id.as_str()));
                        assert!(!pattern.contains(&review.chosen.id.as_str()));
                    }
                    None => {
                        assert_eq!(s["result"]["success"], true);
                        assert!(pattern.contains(&review.chosen.id.as_str()));
                    }
                }
                // The case's own answers, by node.
                let expected: &[&str] = match review.node.as_str() {
                    "arrival" => &["private"],
                    "room" => &["interp-choice"],
                    "story" => &["indicators"],
                    "refer-late" => &["wait"],
                    "refer" if offered.contains(&"refer-women") => {
                        women += 1;
                        assert_eq!(offered, ["refer-women", "send-home"]);
                        &["refer-women"]
                    }
                    "refer" => {
                        men += 1;
                        assert_eq!(offered, ["refer-legal", "send-home"]);
                        &["refer-legal"]
                    }
                    other => panic!("unexpected decision node {other}"),
                };
                assert_eq!(pattern, expected, "node {}", review.node);
            }
        }
    }
    assert!(
        women > 0 && men > 0,
        "both variants were played: {women} / {men}"
    );
}

#[test]
fn the_interaction_names_the_first_sentence_and_the_choices_as_shown() {
    let lib = fixture_lib();
    let rec = fixture_record(&lib, 7, "P07", &["detain"]);
    let (all, _) = statements(&lib, None, &[rec]);
    let def = &answered(&all)[0]["object"]["definition"];
    let name = def["name"]["en"].as_str().unwrap();
    assert!(
        name.ends_with(
            "stands at the deportee desk with no passport; her recruiter's agent is waiting \
             outside."
        ) || name.ends_with(
            "stands at the deportee desk with no passport; his recruiter's agent is waiting \
             outside."
        ),
        "{name}"
    );
    assert!(!name.contains('{'), "placeholders are filled in: {name}");
    let detain = def["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "detain")
        .unwrap();
    let text = detain["description"]["en"].as_str().unwrap();
    assert!(
        text.starts_with("Hold ")
            && text.ends_with(" in the lock-up for travelling without documents")
    );

    assert_eq!(first_sentence("One. Two."), "One.");
    assert_eq!(first_sentence("  No end  "), "No end");
    assert_eq!(
        first_sentence("Version 1.5 is out? Yes."),
        "Version 1.5 is out?"
    );
    assert_eq!(first_sentence("وہ آیا۔ پھر گیا۔"), "وہ آیا۔");
    assert_eq!(
        activity_id("a b", Some("x/y")),
        "https://pehchan.local/scenarios/a%20b/x%2Fy"
    );
}

#[test]
fn completion_scores_are_scaled_against_the_best_and_split_by_objective() {
    let lib = fixture_lib();
    let best = fixture_record(&lib, 1, "P01", &["best"]);
    let detained = fixture_record(&lib, 1, "P02", &["detain"]);
    let partial = fixture_record(&lib, 1, "P03", &["private", "interp-choice", "dismiss"]);
    let (all, _) = statements(
        &lib,
        None,
        &[best.clone(), detained.clone(), partial.clone()],
    );
    let done = completed(&all);
    assert_eq!(done.len(), 3);
    let by = |r: &SessionRecord| {
        *done
            .iter()
            .find(|s| s["context"]["extensions"][EXT_RECORD] == r.id.as_str())
            .unwrap()
    };
    for (rec, raw) in [(&best, 7), (&detained, -3), (&partial, 2)] {
        let s = by(rec);
        let (_, d) = rec.replay(&lib).unwrap();
        assert_eq!(d.total, raw);
        assert_eq!(d.total_best, 7);
        let score = &s["result"]["score"];
        assert_eq!(score["raw"], raw);
        assert_eq!(score["max"], 7);
        assert!(score["min"].as_i64().unwrap() <= raw);
        assert_eq!(score["scaled"].as_f64().unwrap(), raw as f64 / 7.0);
        assert_eq!(s["result"]["completion"], true);
        assert_eq!(
            s["object"]["id"],
            "https://pehchan.local/scenarios/airport-mini"
        );
        assert_eq!(s["timestamp"], rec.updated_at.as_str());
        let objectives = &s["result"]["extensions"][EXT_OBJECTIVES];
        for o in &d.objectives {
            assert_eq!(
                objectives[&o.id],
                json!({ "earned": o.earned, "best": o.best, "worst": o.worst })
            );
        }
        assert_eq!(objectives.as_object().unwrap().len(), d.objectives.len());
    }
    assert_eq!(scaled(7, 7), 1.0);
    assert_eq!(scaled(-30, 7), -1.0, "clamped");
    assert_eq!(scaled(0, 0), 1.0);
    assert_eq!(scaled(-1, 0), 0.0);
}

#[test]
fn an_unfinished_session_has_answers_but_no_completion() {
    let lib = fixture_lib();
    let rec = fixture_record(&lib, 5, "P05", &["private", "interp-choice"]);
    assert!(!rec.finished);
    let (all, _) = statements(&lib, None, std::slice::from_ref(&rec));
    assert_eq!(answered(&all).len(), 2);
    assert!(completed(&all).is_empty());
    for s in &all {
        assert_eq!(s["timestamp"], rec.started_at.as_str());
    }
}

#[test]
fn the_actor_is_a_pseudonymous_account_and_the_context_carries_only_what_was_declared() {
    let lib = fixture_lib();
    let plain = fixture_record(&lib, 1, "KHI-07", &["detain"]);
    let mut declared = fixture_record(&lib, 2, "KHI-08", &["detain"]);
    declared.gender = Some(Gender::Female);
    declared.role = Some("FIA officer".into());
    let mut w = Workshop::new("TIP/SOM Karachi");
    w.city = "Karachi".into();
    w.dates = vec!["2026-12-01".into()];
    w.series = Some("TIP/SOM 2026".into());

    let (without, _) = statements(&lib, None, std::slice::from_ref(&plain));
    let (with, _) = statements(&lib, Some(&w), &[plain.clone(), declared.clone()]);
    for s in without.iter().chain(&with) {
        let actor = s["actor"].as_object().unwrap();
        assert_eq!(actor.len(), 2, "no name, no mbox: {actor:?}");
        assert_eq!(s["actor"]["objectType"], "Agent");
        assert_eq!(
            s["actor"]["account"]["homePage"],
            "https://pehchan.local/participants"
        );
        assert!(
            s["actor"]["account"]["name"]
                .as_str()
                .unwrap()
                .starts_with("KHI-0")
        );
        assert_eq!(s["context"]["language"], "en");
    }
    let ctx = &without[0]["context"];
    assert!(ctx["contextActivities"].get("grouping").is_none());
    assert!(ctx["extensions"].get(EXT_GENDER).is_none());
    assert!(ctx["extensions"].get(EXT_ROLE).is_none());

    let grouping = with[0]["context"]["contextActivities"]["grouping"]
        .as_array()
        .unwrap();
    assert_eq!(grouping.len(), 2, "the workshop and its series");
    let workshop_id = grouping[0]["id"].as_str().unwrap();
    assert!(
        workshop_id.starts_with("https://pehchan.local/workshops/tip-som-karachi-"),
        "{workshop_id}"
    );
    assert_eq!(grouping[0]["definition"]["name"]["en"], "TIP/SOM Karachi");
    assert!(
        grouping[1]["id"]
            .as_str()
            .unwrap()
            .starts_with("https://pehchan.local/series/")
    );

    let mine = with
        .iter()
        .find(|s| s["actor"]["account"]["name"] == "KHI-08")
        .unwrap();
    assert_eq!(mine["context"]["extensions"][EXT_GENDER], "female");
    assert_eq!(mine["context"]["extensions"][EXT_ROLE], "FIA officer");
    assert_eq!(
        mine["context"]["contextActivities"]["parent"][0]["id"],
        "https://pehchan.local/scenarios/airport-mini"
    );
    // The statements differ only by the workshop grouping.
    let mut stripped = with[0].clone();
    stripped["context"]["contextActivities"]
        .as_object_mut()
        .unwrap()
        .remove("grouping");
    assert_eq!(stripped, without[0]);
}

#[test]
fn records_that_cannot_be_replayed_are_skipped_with_the_reason() {
    let lib = fixture_lib();
    let good = fixture_record(&lib, 1, "P01", &["detain"]);
    let mut unknown = good.clone();
    unknown.id = "11111111111111111111111111111111".into();
    unknown.scenario_id = "no-such-case".into();
    let mut bad_choice = good.clone();
    bad_choice.id = "22222222222222222222222222222222".into();
    bad_choice.choices = vec!["teleport".into()];

    let changed = common::changed_fixture_lib();

    let (all, skipped) = statements(
        &lib,
        None,
        &[good.clone(), unknown.clone(), bad_choice.clone()],
    );
    assert_eq!(all.len(), 2, "detain: one answer and the completion");
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0].record, unknown.id);
    assert!(
        skipped[0].reason.contains("no-such-case"),
        "{}",
        skipped[0].reason
    );
    assert_eq!(skipped[1].record, bad_choice.id);
    assert!(
        skipped[1].reason.contains("teleport"),
        "{}",
        skipped[1].reason
    );

    let (none, skipped) = statements(&changed, None, std::slice::from_ref(&good));
    assert!(none.is_empty());
    assert!(
        skipped[0].reason.contains("has changed"),
        "{}",
        skipped[0].reason
    );

    let mut nameless = good.clone();
    nameless.participant = " ".into();
    let (none, skipped) = statements(&lib, None, &[nameless]);
    assert!(none.is_empty());
    assert!(
        skipped[0].reason.contains("no participant code"),
        "{skipped:?}"
    );

    // A time that is not RFC 3339 is left out (the LRS then stamps the statement), not sent broken.
    let mut odd_time = good;
    odd_time.started_at = "yesterday".into();
    let (all, skipped) = statements(&lib, None, &[odd_time]);
    assert!(skipped.is_empty());
    assert!(answered(&all)[0].get("timestamp").is_none());
    assert!(completed(&all)[0].get("timestamp").is_some());
}

#[test]
fn the_lrs_address_is_the_base_of_its_statements_resource() {
    for (given, endpoint) in [
        (
            "http://127.0.0.1:8100/xAPI/",
            "http://127.0.0.1:8100/xAPI/statements",
        ),
        (
            "http://127.0.0.1:8100/xAPI",
            "http://127.0.0.1:8100/xAPI/statements",
        ),
        (
            "https://lrs.example.org/data/xAPI/statements/",
            "https://lrs.example.org/data/xAPI/statements",
        ),
        (
            " http://localhost:8100/ ",
            "http://localhost:8100/statements",
        ),
    ] {
        assert_eq!(statements_endpoint(given).unwrap(), endpoint, "{given}");
    }
    for (given, why) in [
        ("", "http"),
        ("127.0.0.1:8100/xAPI/", "http"),
        ("ftp://127.0.0.1/xAPI/", "ftp"),
        ("http://", "not an LRS address"),
        ("http://127.0.0.1:8100/xAPI/?x=1", "query"),
        ("http://exa mple.org/", "not an LRS address"),
    ] {
        let msg = statements_endpoint(given).unwrap_err().to_string();
        assert!(
            msg.contains("not an LRS address") && msg.contains(why),
            "{given}: {msg}"
        );
    }
}

#[test]
fn a_damaged_sync_state_is_an_error_not_a_silent_resend() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(SyncState::load(dir.path()).unwrap().endpoints.len(), 0);
    std::fs::write(dir.path().join(STATE_FILE), "{ not json").unwrap();
    let msg = SyncState::load(dir.path()).unwrap_err().to_string();
    assert!(
        msg.contains(STATE_FILE) && msg.contains("delete it"),
        "{msg}"
    );
    std::fs::write(
        dir.path().join(STATE_FILE),
        r#"{"format": 9, "endpoints": {}}"#,
    )
    .unwrap();
    let msg = SyncState::load(dir.path()).unwrap_err().to_string();
    assert!(msg.contains("format 9"), "{msg}");
}
