//! Workshop reports: exact figures on played records, duplicates and bad files, CSV, HTML,
//! comparison, and the `workshop new` / `play --workshop` / `report` commands end to end.

mod common;
use pehchan::engine::Session;
use pehchan::records::{Gender, SessionRecord};
use pehchan::scenario::Library;
use pehchan::scenario::model::OutcomeClass;
use pehchan::workshop::csv::{COLUMNS, rows, to_csv};
use pehchan::workshop::html::report_html;
use pehchan::workshop::report::{Report, SkipKind};
use pehchan::workshop::{Collected, Workshop, collect, compare, report, report_with, synth};
use std::path::Path;

/// Who plays: participant code, gender, role.
type Who<'a> = (&'a str, Option<Gender>, Option<&'a str>);

/// Plays airport-mini with `seed`. Each script item lists alternatives (`a|b`): the first one
/// offered is taken. "wait" is taken whenever the random outcome led to `refer-late`.
fn play(lib: &Library, seed: u64, who: Who, script: &[&str]) -> SessionRecord {
    let ls = lib.get("airport-mini").unwrap();
    let mut s = Session::start(ls.scenario.clone(), seed, "en").unwrap();
    let mut rec = SessionRecord::new(ls, seed, who.0, "en");
    rec.gender = who.1;
    rec.role = who.2.map(str::to_string);
    for alts in script {
        if s.node() == "refer-late" {
            s.choose("wait").unwrap();
        }
        let offered: Vec<String> = s.step().choices.into_iter().map(|c| c.id).collect();
        let pick = alts
            .split('|')
            .find(|a| offered.iter().any(|o| o == a))
            .unwrap_or_else(|| panic!("none of {alts} offered at {}: {offered:?}", s.node()));
        s.choose(pick).unwrap();
    }
    rec.update(&s);
    rec
}

const BEST: &[&str] = &[
    "private",
    "interp-choice",
    "indicators",
    "refer-women|refer-legal",
];
const DETAIN: &[&str] = &["detain"];
const DISMISS: &[&str] = &["private", "interp-agent", "dismiss"];

/// Five sessions by four participants (2 female, 1 male, 1 not stated): one protected, one partial,
/// two harmful endings, one unfinished.
fn class_records(lib: &Library) -> Vec<SessionRecord> {
    let fia = Some("FIA officer");
    vec![
        play(lib, 1, ("P01", Some(Gender::Female), fia), BEST),
        play(
            lib,
            2,
            ("P02", Some(Gender::Male), Some("Police officer")),
            DETAIN,
        ),
        play(lib, 3, ("P03", Some(Gender::Female), fia), DISMISS),
        play(lib, 4, ("P04", None, None), &["private"]),
        // P01 again: counted once as a participant.
        play(lib, 5, ("P01", Some(Gender::Female), fia), DETAIN),
    ]
}

/// A workshop folder holding `records`.
fn workshop_dir(w: &Workshop, records: &[SessionRecord]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    Workshop::create(dir.path(), w).unwrap();
    for r in records {
        r.save(&dir.path().join("records").join(r.file_name()))
            .unwrap();
    }
    dir
}

fn karachi() -> Workshop {
    let mut w = Workshop::new("TIP/SOM identification");
    w.city = "Karachi".into();
    w.facilitators = vec!["Ayesha Facilitator".into()];
    w
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn report_figures_on_a_small_class_are_exact() {
    let lib = common::fixture_lib();
    let w = karachi();
    let dir = workshop_dir(&w, &class_records(&lib));
    let col = collect(dir.path()).unwrap();
    let r = report(&lib, &col, Some(&w));

    assert_eq!(
        (r.read.files, r.read.counted, r.read.skipped.len()),
        (5, 5, 0)
    );
    assert_eq!(
        r.summary(),
        "read 5 record file(s): 5 counted, 0 duplicate copies ignored, 0 skipped"
    );
    let p = &r.participants;
    assert_eq!(p.total, 4);
    assert_eq!(
        (
            p.by_sex.female,
            p.by_sex.male,
            p.by_sex.other,
            p.by_sex.not_stated
        ),
        (2, 1, 0, 1)
    );
    let roles: Vec<(Option<&str>, usize)> = p
        .by_role
        .iter()
        .map(|x| (x.role.as_deref(), x.by_sex.total()))
        .collect();
    assert_eq!(
        roles,
        vec![
            (Some("FIA officer"), 2),
            (Some("Police officer"), 1),
            (None, 1)
        ]
    );
    assert_eq!(
        (
            r.sessions.sessions,
            r.sessions.finished,
            r.sessions.unfinished
        ),
        (5, 4, 1)
    );

    // Decision tables: how many chose each option, with its text and feedback.
    let sc = r.scenario("airport-mini").unwrap();
    let arrival = sc.decision("arrival").unwrap();
    assert_eq!(arrival.decisions, 5);
    assert_eq!(arrival.among_best, 3);
    let private = arrival.option("private").unwrap();
    assert_eq!((private.chosen, private.points, private.best), (3, 2, true));
    assert_eq!(
        private.text,
        "Take Shazia/Imran to a private room away from the agent"
    );
    assert!(private.feedback.starts_with("Separating a possible victim"));
    let detain = arrival.option("detain").unwrap();
    assert_eq!((detain.chosen, detain.points, detain.best), (2, -3, false));
    let room = sc.decision("room").unwrap();
    assert_eq!(room.option("interp-choice").unwrap().chosen, 1);
    assert_eq!(room.option("interp-agent").unwrap().chosen, 1);
    assert_eq!(sc.decisions[0].node, "arrival", "tables follow the story");
    assert!(
        sc.decision("cell").is_none(),
        "endings are not decision points"
    );

    // Objectives over the 4 finished sessions: share of the range from worst to best.
    // recognise (worst -2, best 2): 2, 0, -2, 0 → 1, .5, 0, .5
    let rec = r.objectives.iter().find(|o| o.id == "recognise").unwrap();
    let s = rec.stats.unwrap();
    assert_eq!(rec.code, "LO3");
    assert_eq!(s.n, 4);
    assert!(close(s.mean, 0.5) && close(s.sd, 0.125f64.sqrt()), "{s:?}");
    assert!(close(s.min, 0.0) && close(s.max, 1.0), "{s:?}");
    // victim_centred (worst -3, best 2): 2, -3, 0, -3 → 1, 0, .6, 0
    let vc = r
        .objectives
        .iter()
        .find(|o| o.id == "victim_centred")
        .unwrap();
    assert!(close(vc.stats.unwrap().mean, 0.4), "{vc:?}");
    // gender (worst 0, best 3): 3, 0, 0, 0
    let g = sc.objectives.iter().find(|o| o.id == "gender").unwrap();
    assert!(close(g.stats.unwrap().mean, 0.25), "{g:?}");

    // SOP steps: missed counts finished sessions only; violated counts all.
    let missed: Vec<(&str, usize)> = r
        .most_missed
        .iter()
        .map(|s| (s.id.as_str(), s.missed))
        .collect();
    assert_eq!(missed[0], ("referral", 3));
    // Non-punishment is done by taking the person to a private room and violated by detaining, so
    // no finished session misses it.
    assert_eq!(missed.len(), 3);
    assert!(missed.iter().skip(1).all(|m| m.1 == 2), "{missed:?}");
    let violated: Vec<(&str, usize)> = r
        .most_violated
        .iter()
        .map(|s| (s.id.as_str(), s.violated))
        .collect();
    assert_eq!(violated, vec![("non_punishment", 2), ("interpreter", 1)]);
    assert!(r.most_missed.iter().all(|s| s.checked == 5));

    // Endings.
    let c = r.endings.by_class;
    assert_eq!((c.protected, c.partial, c.harmful), (1, 1, 2));
    let cell = r.endings.by_node.iter().find(|e| e.node == "cell").unwrap();
    assert_eq!((cell.count, cell.outcome), (2, OutcomeClass::Harmful));
    assert_eq!(sc.by_class, c);

    // JSON round trip; facilitators' names stay out of the report.
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("Ayesha"), "{json}");
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back.participants, r.participants);
    assert_eq!(back.summary(), r.summary());
}

#[test]
fn a_record_copied_twice_is_counted_once() {
    let lib = common::fixture_lib();
    let recs = class_records(&lib);
    let dir = workshop_dir(&karachi(), &recs);
    // The same session, copied again from a USB stick into a subfolder.
    let usb = dir.path().join("records/usb-laptop-3");
    recs[0].save(&usb.join(recs[0].file_name())).unwrap();
    let col = collect(dir.path()).unwrap();
    let r = report(&lib, &col, None);
    assert_eq!((r.read.files, r.read.duplicates, r.read.counted), (6, 1, 5));
    assert_eq!(r.participants.total, 4);
    assert_eq!(r.sessions.sessions, 5);
    assert!(
        r.summary()
            .starts_with("read 6 record file(s): 5 counted, 1 duplicate copy ignored, 0 skipped"),
        "{}",
        r.summary()
    );
    // The same from memory.
    let mut all = recs.clone();
    all.push(recs[2].clone());
    let mem = Collected::from_records(all);
    assert_eq!((mem.files, mem.duplicates, mem.records.len()), (6, 1, 5));
}

#[test]
fn corrupted_foreign_and_unscorable_files_are_reported_and_the_rest_counted() {
    let lib = common::fixture_lib();
    let recs = class_records(&lib);
    let dir = workshop_dir(&karachi(), &recs);
    let records = dir.path().join("records");
    // A record cut in half, and a scenario file copied into records/ by mistake.
    let text = recs[0].to_ron();
    std::fs::write(records.join("cut.ron"), &text[..text.len() / 2]).unwrap();
    std::fs::copy(
        common::fixtures().join("lib/airport-mini.ron"),
        records.join("airport-mini.ron"),
    )
    .unwrap();
    // A record of a case this library lacks, and one made with an older version of the case.
    let mut unknown = play(&lib, 6, ("P05", Some(Gender::Male), None), DETAIN);
    unknown.scenario_id = "no-such-case".into();
    unknown.save(&records.join("unknown.ron")).unwrap();
    let mut changed = play(&lib, 7, ("P06", Some(Gender::Other), None), DETAIN);
    changed.scenario_hash = "0".repeat(64);
    changed.save(&records.join("changed.ron")).unwrap();

    let col = collect(dir.path()).unwrap();
    let r = report(&lib, &col, None);
    assert_eq!(r.read.files, 9);
    assert_eq!(r.read.counted, 5);
    assert_eq!(r.sessions.sessions, 5);
    assert_eq!(
        r.skipped_by_kind(),
        vec![
            (SkipKind::Unreadable, 2),
            (SkipKind::UnknownScenario, 1),
            (SkipKind::ScenarioChanged, 1)
        ]
    );
    assert_eq!(
        r.summary(),
        "read 9 record file(s): 5 counted, 0 duplicate copies ignored, 4 skipped (2 unreadable or \
         not a session record, 1 scenario not in the library, 1 scenario changed since the \
         record was made)"
    );
    let cut = r
        .read
        .skipped
        .iter()
        .find(|s| s.what.ends_with("cut.ron"))
        .unwrap();
    assert_eq!(cut.kind, SkipKind::Unreadable);
    assert!(
        r.read
            .skipped
            .iter()
            .any(|s| s.what.ends_with("airport-mini.ron"))
    );
    // Participants of readable records count even when the record cannot be scored.
    assert_eq!(r.participants.total, 6);
    assert_eq!(r.participants.by_sex.other, 1);
}

#[test]
fn csv_has_the_documented_header_and_one_row_per_decision() {
    let lib = common::fixture_lib();
    let recs = class_records(&lib);
    let col = Collected::from_records(recs.clone());
    let mut out = Vec::new();
    let r = report_with(&lib, &col, None, |rec, _, d| {
        out.extend(rows("Karachi 2026", rec, d))
    });
    let text = to_csv(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "workshop,record_id,participant,gender,role,scenario_id,decision,node,choice_id,points,\
         among_best,ending,outcome,finished"
    );
    assert_eq!(lines[0], COLUMNS.join(","));
    let decisions: usize = recs.iter().map(|r| r.choices.len()).sum();
    assert_eq!(lines.len(), 1 + decisions);
    assert_eq!(r.read.counted, 5);
    let p02 = &recs[1];
    assert!(
        lines.contains(
            &format!(
                "Karachi 2026,{},P02,male,Police officer,airport-mini,1,arrival,detain,-3,false,\
                 cell,Harmful,true",
                p02.id
            )
            .as_str()
        ),
        "{text}"
    );
    let p04 = &recs[3];
    assert!(
        lines.contains(
            &format!(
                "Karachi 2026,{},P04,,,airport-mini,1,arrival,private,2,true,,,false",
                p04.id
            )
            .as_str()
        ),
        "{text}"
    );
    // A participant code that a spreadsheet would run as a formula is neutralised.
    let mut evil = recs[1].clone();
    evil.participant = "=HYPERLINK(\"x\")".into();
    let (_, d) = evil.replay(&lib).unwrap();
    let row = &rows("", &evil, &d)[0];
    assert!(row.participant.starts_with("'="), "{}", row.participant);
}

#[test]
fn html_is_self_contained_with_the_summary_line_and_charts() {
    let lib = common::fixture_lib();
    let w = karachi();
    let dir = workshop_dir(&w, &class_records(&lib));
    std::fs::write(dir.path().join("records/broken.ron"), "Session(").unwrap();
    let r = report(&lib, &collect(dir.path()).unwrap(), Some(&w));
    let html = report_html(&r, None);
    assert!(
        html.contains(
            "read 6 record file(s): 5 counted, 0 duplicate copies ignored, 1 skipped \
             (1 unreadable or not a session record)"
        ),
        "{html}"
    );
    assert!(html.contains("Workshop report: TIP/SOM identification — Karachi"));
    assert_eq!(
        html.matches("<svg").count(),
        3 + 2,
        "sex, objectives, endings; per case: objectives, endings"
    );
    assert!(html.contains("Take Shazia/Imran to a private room"));
    assert!(html.contains("broken.ron"));
    for banned in ["<script", "src=", "<link", "@import", "Ayesha"] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
}

#[test]
fn compare_gives_differences_of_b_minus_a() {
    let lib = common::fixture_lib();
    let a_recs = vec![
        play(&lib, 2, ("K01", Some(Gender::Male), None), DETAIN),
        play(&lib, 3, ("K02", Some(Gender::Female), None), DISMISS),
    ];
    let b_recs = vec![
        play(&lib, 1, ("L01", Some(Gender::Female), None), BEST),
        play(&lib, 5, ("L02", Some(Gender::Female), None), BEST),
        play(&lib, 8, ("L03", Some(Gender::Male), None), DETAIN),
    ];
    let mut lahore = Workshop::new("TIP/SOM identification");
    lahore.city = "Lahore".into();
    let a = report(&lib, &Collected::from_records(a_recs), Some(&karachi()));
    let b = report(&lib, &Collected::from_records(b_recs), Some(&lahore));
    let c = compare(&a, &b);
    assert_eq!(c.a.label, "TIP/SOM identification (Karachi)");
    assert_eq!(c.b.label, "TIP/SOM identification (Lahore)");
    assert_eq!((c.a.participants, c.b.participants), (2, 3));
    assert_eq!((c.a.by_sex.female, c.b.by_sex.female), (1, 2));
    // recognise: A 0.5 (detain), 0 (dismiss) → .25; B 1, 1, .5 → 5/6.
    let rec = c.objectives.iter().find(|o| o.id == "recognise").unwrap();
    assert!(close(rec.a.unwrap().mean, 0.25) && close(rec.b.unwrap().mean, 5.0 / 6.0));
    assert!(close(rec.difference.unwrap(), 5.0 / 6.0 - 0.25), "{rec:?}");
    let prot = c
        .endings
        .iter()
        .find(|e| e.outcome == OutcomeClass::Protected)
        .unwrap();
    assert_eq!((prot.a, prot.b), (0, 2));
    assert!(close(prot.difference.unwrap(), 2.0 / 3.0));
    assert_eq!(c.scenarios.len(), 1);
    assert_eq!(
        (c.scenarios[0].a_sessions, c.scenarios[0].b_sessions),
        (2, 3)
    );
}

#[test]
fn synthetic_records_aggregate_consistently() {
    let lib = common::fixture_lib();
    let recs = synth::records(&lib, 400, 7);
    assert_eq!(recs.len(), 400);
    assert!(recs.iter().all(|r| r.participant.starts_with('P')));
    let r = report(&lib, &Collected::from_records(recs.clone()), None);
    assert_eq!(r.read.counted, 400);
    assert_eq!(r.participants.total, 400, "one scenario: one session each");
    assert_eq!(r.sessions.finished + r.sessions.unfinished, 400);
    assert_eq!(r.endings.by_class.total(), r.sessions.finished);
    let chosen: usize = r.scenarios[0]
        .decisions
        .iter()
        .flat_map(|d| &d.options)
        .map(|o| o.chosen)
        .sum();
    let decisions: usize = recs.iter().map(|r| r.choices.len()).sum();
    assert_eq!(chosen, decisions);
    assert!(r.participants.by_sex.female > 100 && r.participants.by_sex.male > 100);
}

// ---- the command line ----

use common::{output_text as out, run_cli as run};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn workshop_new_play_and_report_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("karachi");
    let d = path(&ws);
    let o = run(&[
        "workshop",
        "new",
        d,
        "--title",
        "TIP/SOM Karachi",
        "--city",
        "Karachi",
    ]);
    assert!(o.status.success(), "{}", out(&o).1);
    assert!(ws.join("workshop.ron").is_file() && ws.join("records").is_dir());
    assert_eq!(Workshop::load(&ws).unwrap().city, "Karachi");
    // Never overwritten.
    let o = run(&["workshop", "new", d]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).1.contains("already exists; not overwritten"),
        "{}",
        out(&o).1
    );

    let f = "tests/fixtures/lib/airport-mini.ron";
    let plays: [&[&str]; 2] = [
        &[
            "--seed",
            "0",
            "--choose",
            "private,interp-choice,indicators,refer-legal",
            "--participant",
            "P01",
            "--gender",
            "female",
            "--role",
            "FIA officer",
        ],
        &[
            "--seed",
            "4",
            "--choose",
            "private,interp-agent,dismiss",
            "--participant",
            "P02",
            "--gender",
            "male",
        ],
    ];
    for extra in plays {
        let mut args = vec!["play", f, "--workshop", d];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(o.status.success(), "{}", out(&o).1);
    }
    assert_eq!(std::fs::read_dir(ws.join("records")).unwrap().count(), 2);
    std::fs::write(ws.join("records/garbled.ron"), "not a record").unwrap();

    let csv = tmp.path().join("k.csv");
    let html = tmp.path().join("k.html");
    let o = run(&[
        "report",
        d,
        "--scenarios",
        "tests/fixtures/lib",
        "--csv",
        path(&csv),
        "--html",
        path(&html),
    ]);
    let (stdout, stderr) = out(&o);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stdout.contains(
            "read 3 record file(s): 2 counted, 0 duplicate copies ignored, 1 skipped \
             (1 unreadable or not a session record)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("garbled.ron"), "{stdout}");
    assert!(
        stdout.contains("Participants: 2 (1 female, 1 male, 0 other, 0 not stated)"),
        "{stdout}"
    );
    assert!(stdout.contains("Most missed checklist steps"), "{stdout}");
    assert!(stdout.contains("[arrival]"), "{stdout}");
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(csv_text.lines().count(), 1 + 4 + 3, "{csv_text}");
    assert!(
        csv_text
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("TIP/SOM Karachi,")
    );
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("2 counted")
    );

    // JSON, and a comparison of the workshop with itself (all differences zero).
    let o = run(&[
        "report",
        d,
        "--scenarios",
        "tests/fixtures/lib",
        "--json",
        "--compare",
        d,
    ]);
    assert!(o.status.success(), "{}", out(&o).1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["report"]["participants"]["total"], 2);
    assert_eq!(v["report"]["participants"]["by_sex"]["female"], 1);
    assert_eq!(v["comparison"]["endings"][0]["difference"], 0.0);
    assert!(
        out(&o).1.contains("2 counted"),
        "the summary goes to stderr with --json"
    );

    // --workshop on a folder that is not a workshop.
    let o = run(&[
        "play",
        f,
        "--choose",
        "detain",
        "--workshop",
        path(tmp.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).1.contains("workshop.ron"), "{}", out(&o).1);
}

#[test]
fn report_on_a_missing_folder_fails_with_a_clear_message() {
    let o = run(&["report", "no/such/workshop"]);
    let (_, err) = out(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("no/such/workshop: no such workshop folder"),
        "{err}"
    );
    assert!(err.contains("pehchan workshop new"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bench_report_runs_on_a_small_set() {
    let o = run(&[
        "bench-report",
        "--records",
        "50",
        "--scenarios",
        "tests/fixtures/lib",
    ]);
    let (stdout, err) = out(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        stdout.contains("50 records: 1 scenario(s), 50 participants"),
        "{stdout}"
    );
    assert!(stdout.contains("collect + report, disk"), "{stdout}");
}
