//! The knowledge test: format checks, scoring, gains computed by hand, crash resume, changed items.

mod common;

use pehchan::assessment::{Assessment, Form, Phase, TestRecord, gains, t975};
use pehchan::records::Gender;
use pehchan::scenario::Library;
use pehchan::scenario::library::SourceFile;

fn lib() -> (tempfile::TempDir, Library) {
    let d = common::test_library();
    let lib = Library::load_dir(d.path()).unwrap();
    assert!(lib.diagnostics.is_empty(), "{:#?}", lib.diagnostics);
    (d, lib)
}

/// A finished test of `form` with the given answers (item=option or item=a+c).
fn taken(
    a: &Assessment,
    form: Form,
    phase: Phase,
    who: &str,
    g: Option<Gender>,
    role: &str,
    answers: &[(&str, &str)],
) -> TestRecord {
    let mut r = TestRecord::new(form, phase, who, "en");
    r.gender = g;
    r.role = Some(role.into());
    for (item, opts) in answers {
        r.answer(a, item, opts.split('+').map(String::from).collect());
    }
    assert!(r.finished, "every item of form {form:?} answered");
    r
}

const F: Option<Gender> = Some(Gender::Female);
const M: Option<Gender> = Some(Gender::Male);

/// Three participants; right answers on form A: a1=som a2=true a3=a+c a4=b; on form B: b1=tip
/// b2=false b3=a+c b4=a.
fn class(a: &Assessment) -> (Vec<TestRecord>, Vec<TestRecord>) {
    let pre = vec![
        // P1: a1, a4 right (2 of 4); P2: a1 right (1 of 4); P3: a4 wrong (3 of 4).
        taken(
            a,
            Form::A,
            Phase::Pre,
            "P1",
            F,
            "FIA",
            &[("a1", "som"), ("a2", "false"), ("a3", "a"), ("a4", "b")],
        ),
        taken(
            a,
            Form::A,
            Phase::Pre,
            "P2",
            M,
            "Police",
            &[("a1", "som"), ("a2", "false"), ("a3", "b+c"), ("a4", "a")],
        ),
        taken(
            a,
            Form::A,
            Phase::Pre,
            "P3",
            F,
            "Police",
            &[("a1", "som"), ("a2", "true"), ("a3", "c+a"), ("a4", "a")],
        ),
    ];
    let post = vec![
        // P1: all right; P2: b4 wrong (3 of 4); P3: b2 wrong (3 of 4).
        taken(
            a,
            Form::B,
            Phase::Post,
            "P1",
            F,
            "FIA",
            &[("b1", "tip"), ("b2", "false"), ("b3", "a+c"), ("b4", "a")],
        ),
        taken(
            a,
            Form::B,
            Phase::Post,
            "P2",
            M,
            "Police",
            &[("b1", "tip"), ("b2", "false"), ("b3", "a+c"), ("b4", "b")],
        ),
        taken(
            a,
            Form::B,
            Phase::Post,
            "P3",
            F,
            "Police",
            &[("b1", "tip"), ("b2", "true"), ("b3", "a+c"), ("b4", "a")],
        ),
    ];
    (pre, post)
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4
}

#[test]
fn gains_match_the_hand_computation() {
    let (_d, lib) = lib();
    let a = lib.assessment.clone().unwrap();
    let (pre, post) = class(&a);
    let r = gains(&a, &lib.curriculum, Form::A, Form::B, &pre, &post);
    assert_eq!((r.pre_tests, r.post_tests, r.paired), (3, 3, 3));
    // Whole test: pre 0.5, 0.25, 0.75 (mean 0.5); post 1, 0.75, 0.75 (mean 0.8333);
    // differences 0.5, 0.5, 0 (mean 0.3333, sample sd 0.288675); g = 0.3333 / 0.5 = 0.6667;
    // 95% CI = 0.3333 ± 4.303 × 0.288675 / √3 = 0.3333 ± 0.71717, cut at +1 (a gain cannot
    // exceed 100 points).
    let o = r.overall.unwrap();
    assert_eq!(o.n, 3);
    assert!(
        near(o.pre, 0.5) && near(o.post, 0.833_333) && near(o.gain, 0.333_333),
        "{o:?}"
    );
    assert!(near(o.normalised.unwrap(), 0.666_667), "{o:?}");
    assert!(near(o.sd.unwrap(), 0.288_675), "{o:?}");
    let (lo, hi) = o.ci95.unwrap();
    assert!(near(lo, 0.333_333 - 0.717_167) && near(hi, 1.0), "{o:?}");
    // LO1 (a1, a2 / b1, b2): P1 0.5 → 1, P2 0.5 → 1, P3 1 → 0.5: gains 0.5, 0.5, -0.5.
    let lo1 = r.objectives.iter().find(|x| x.id == "tip_som").unwrap();
    let g = lo1.all.unwrap();
    assert!(
        near(g.pre, 0.666_667) && near(g.post, 0.833_333) && near(g.gain, 0.166_667),
        "{g:?}"
    );
    // By sex: women P1 (0.5) and P3 (-0.5) → 0; the man P2 → 0.5, no interval for one person.
    assert!(near(lo1.by_sex["female"].gain, 0.0) && lo1.by_sex["female"].n == 2);
    assert!(near(lo1.by_sex["male"].gain, 0.5) && lo1.by_sex["male"].ci95.is_none());
    // By role: Police P2, P3 → (0.5 - 0.5) / 2 = 0; FIA P1 → 0.5.
    assert!(near(lo1.by_role["Police"].gain, 0.0) && near(lo1.by_role["FIA"].gain, 0.5));
    // Gender (a4 / b4): P1 1 → 1, P2 0 → 0, P3 0 → 1: mean 1/3 → 2/3, g = (1/3) / (2/3) = 0.5.
    let lo6 = r
        .objectives
        .iter()
        .find(|x| x.id == "gender")
        .unwrap()
        .all
        .unwrap();
    assert!(
        near(lo6.pre, 0.333_333) && near(lo6.post, 0.666_667) && near(lo6.normalised.unwrap(), 0.5)
    );
    // Objectives without items are left out.
    assert!(r.objectives.iter().all(|x| x.id != "law"));
    // Items: everyone got a1 and b1 and b3 right; a2 right by one of three.
    let item = |id: &str| r.items.iter().find(|i| i.id == id).unwrap();
    assert_eq!(item("a1").flag.as_deref(), Some("everyone right"));
    assert_eq!(item("b3").flag.as_deref(), Some("everyone right"));
    assert!(near(item("a2").pre_right.unwrap(), 1.0 / 3.0) && item("a2").flag.is_none());
    assert_eq!((item("a2").pre_n, item("a2").post_n), (3, 0));
    assert!(r.skipped.is_empty());
}

#[test]
fn t_quantiles_are_those_of_the_table_and_approach_the_normal() {
    assert!(near(t975(1), 12.706) && near(t975(2), 4.303) && near(t975(30), 2.042));
    // Published values: df 40 → 2.021, 60 → 2.000, 120 → 1.980.
    for (df, t) in [(40, 2.021), (60, 2.000), (120, 1.980)] {
        assert!((t975(df) - t).abs() < 0.002, "df {df}: {}", t975(df));
    }
}

#[test]
fn a_test_whose_items_changed_is_reported_not_rescored() {
    let (d, lib) = lib();
    let a = lib.assessment.clone().unwrap();
    let (pre, post) = class(&a);
    let path = d.path().join("assessment.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("correct: [\"som\"]", "correct: [\"both\"]", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    let lib2 = Library::load_dir(d.path()).unwrap();
    let a2 = lib2.assessment.clone().unwrap();
    let r = gains(&a2, &lib2.curriculum, Form::A, Form::B, &pre, &post);
    assert_eq!((r.pre_tests, r.post_tests, r.paired), (0, 3, 0));
    assert_eq!(r.skipped.len(), 3, "{:#?}", r.skipped);
    assert!(
        r.skipped
            .iter()
            .all(|s| s.reason.contains("a1") && s.reason.contains("not rescored"))
    );
}

#[test]
fn format_problems_are_located() {
    let (d, lib) = lib();
    let good = std::fs::read_to_string(d.path().join("assessment.ron")).unwrap();
    let cur = SourceFile::read(&d.path().join("curriculum.ron")).unwrap();
    let cases = [
        (
            "correct: [\"som\"]",
            "correct: [\"smuggling\"]",
            "unknown-option",
            "`smuggling` is not an option",
        ),
        (
            "objective: \"gender\", kind: Single,\n         stem: \"Who",
            "objective: \"gendr\", kind: Single,\n         stem: \"Who",
            "unknown-objective",
            "unknown objective `gendr`",
        ),
        (
            "correct: [\"b\"]",
            "correct: [\"a\", \"b\"]",
            "several-correct-answers",
            "2 correct answers",
        ),
        (
            "(id: \"b4\"",
            "(id: \"b3\"",
            "duplicate-id",
            "duplicate item id `b3`",
        ),
        (
            "correct: [\"true\"]",
            "correct: []",
            "no-correct-answer",
            "no correct answer",
        ),
    ];
    for (from, to, code, msg) in cases {
        let text = good.replacen(from, to, 1);
        assert_ne!(text, good, "{from}");
        let f = SourceFile {
            name: "assessment.ron".into(),
            text: text.clone(),
        };
        let e = pehchan::assessment::load_assessment(&f, &lib.curriculum).unwrap_err();
        let d = e
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{code}: {e:#?}"));
        assert!(d.message.contains(msg), "{}", d.message);
        // The last line with the edit: a duplicate id is reported at its second use.
        let line = text
            .lines()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|l| l.contains(to.lines().next().unwrap()))
            .unwrap();
        assert!(
            d.line > line && d.line <= line + 3,
            "{code}: {}",
            d.render()
        );
    }
    // A syntax error names line and column; forms that are not parallel only warn.
    let f = SourceFile {
        name: "assessment.ron".into(),
        text: good.replacen("kind: TrueFalse", "kind: TrueFalse,,", 1),
    };
    let e = pehchan::assessment::load_assessment(&f, &lib.curriculum).unwrap_err();
    assert!(e[0].line > 1 && e[0].col > 1, "{}", e[0].render());
    let start = good.find("        (id: \"b4\"").unwrap();
    let end = start
        + good[start..].find("sources: [\"S36\"]),\n").unwrap()
        + "sources: [\"S36\"]),\n".len();
    let text = format!("{}{}", &good[..start], &good[end..]);
    let f = SourceFile {
        name: "assessment.ron".into(),
        text,
    };
    let (_, w) = pehchan::assessment::load_assessment(&f, &lib.curriculum).unwrap();
    assert!(
        w.iter().any(|d| d.code == "forms-not-parallel"
            && d.message
                .contains("`gender` has 1 item(s) in form A and 0 in form B")),
        "{w:#?}"
    );
    let _ = cur;
}

#[test]
fn scripted_test_saves_a_record_and_refuses_bad_answers() {
    let d = common::test_library();
    let w = tempfile::tempdir().unwrap();
    let ws = w.path().join("ws");
    let lib = d.path().to_str().unwrap();
    let ws_s = ws.to_str().unwrap();
    assert!(common::run_cli(&["workshop", "new", ws_s]).status.success());
    let run = |extra: &[&str]| {
        let mut args = vec![
            "test",
            "--scenarios",
            lib,
            "--workshop",
            ws_s,
            "--form",
            "A",
            "--participant",
            "P09",
        ];
        args.extend_from_slice(extra);
        common::output_text(&common::run_cli(&args))
    };
    let (_, err) = run(&["--answers", "a1=som,a2=true,a3=a+c"]);
    assert!(err.contains("no answer for a4"), "{err}");
    let (_, err) = run(&["--answers", "a1=som,a2=true,a3=a+c,a4=z"]);
    assert!(err.contains("`z` is not an option of item `a4`"), "{err}");
    let (_, err) = run(&["--answers", "a1=som+tip,a2=true,a3=a+c,a4=b"]);
    assert!(err.contains("item `a1` takes one answer"), "{err}");
    let (_, err) = run(&["--answers", "a1=som,a2=true,a3=a+c,b4=a"]);
    assert!(err.contains("item `b4` is in form B"), "{err}");
    assert!(
        !ws.join("tests").exists() || std::fs::read_dir(ws.join("tests")).unwrap().count() == 0
    );
    let (out, err) = run(&[
        "--answers",
        "a1=som,a2=true,a3=a+c,a4=a",
        "--gender",
        "female",
    ]);
    assert!(
        out.contains("pre-test (form A): 3 of 4 right"),
        "{out}{err}"
    );
    assert!(
        !out.contains("right answer:"),
        "no feedback after the pre-test: {out}"
    );
    let files: Vec<_> = std::fs::read_dir(ws.join("tests"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(files.len(), 1);
    let rec = TestRecord::load(&files[0].path()).unwrap();
    assert!(rec.finished && rec.phase == Phase::Pre && rec.gender == F && rec.answers.len() == 4);
    let (out, _) = common::output_text(&common::run_cli(&[
        "test",
        "--scenarios",
        lib,
        "--workshop",
        ws_s,
        "--form",
        "B",
        "--participant",
        "P09",
        "--answers",
        "b1=tip,b2=true,b3=a+c,b4=a",
    ]));
    assert!(
        out.contains("post-test (form B): 3 of 4 right") && out.contains("right answer: False"),
        "{out}"
    );
    // The report's knowledge-test section and the answers CSV.
    let csv = w.path().join("answers.csv");
    let o = common::run_cli(&[
        "report",
        ws_s,
        "--scenarios",
        lib,
        "--test-csv",
        csv.to_str().unwrap(),
    ]);
    let (out, err) = common::output_text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("Knowledge test: form A before, form B after"),
        "{out}"
    );
    assert!(out.contains("1 participant(s) took both"), "{out}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9, "a header and eight answers: {text}");
    assert!(lines[0].starts_with("workshop,record_id,participant,gender,role,phase,form,item"));
    assert!(
        text.contains(",P09,female,,pre,A,a3,protection,a+c,a+c,true,true"),
        "{text}"
    );
    let (_, err) = common::output_text(&common::run_cli(&[
        "test",
        "--scenarios",
        lib,
        "--workshop",
        ws_s,
        "--form",
        "A",
        "--participant",
        "a/b",
    ]));
    assert!(err.contains("participant code `a/b` has `/`"), "{err}");
    let long = "P".repeat(33);
    let (_, err) = common::output_text(&common::run_cli(&[
        "test",
        "--scenarios",
        lib,
        "--workshop",
        ws_s,
        "--form",
        "A",
        "--participant",
        &long,
    ]));
    assert!(err.contains("at most 32"), "{err}");
}

#[test]
fn the_answer_key_json_has_the_documented_shape() {
    let d = common::test_library();
    let (out, err) = common::output_text(&common::run_cli(&[
        "test",
        "--scenarios",
        d.path().to_str().unwrap(),
        "--key",
        "--form",
        "A",
        "--json",
    ]));
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["id"], "a1");
    assert_eq!(items[0]["objective"], "tip_som");
    assert_eq!(items[0]["kind"], "vignette");
    assert_eq!(items[0]["correct"], serde_json::json!(["som"]));
    assert_eq!(
        items[0]["options"][1],
        serde_json::json!({"id": "som", "text": "Smuggling"})
    );
    assert_eq!(
        items[1]["options"].as_array().unwrap().len(),
        2,
        "true/false"
    );
    assert_eq!(items[2]["correct"], serde_json::json!(["a", "c"]));
}

#[test]
fn a_test_killed_mid_way_resumes_at_the_same_item() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let d = common::test_library();
    let w = tempfile::tempdir().unwrap();
    let ws = w.path().join("ws");
    assert!(
        common::run_cli(&["workshop", "new", ws.to_str().unwrap()])
            .status
            .success()
    );
    let args = |c: &mut Command| {
        c.args([
            "test",
            "--scenarios",
            d.path().to_str().unwrap(),
            "--workshop",
            ws.to_str().unwrap(),
            "--form",
            "A",
            "--participant",
            "P03",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    };
    let mut c = Command::new(common::bin());
    args(&mut c);
    let mut child = c.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"2\n1\n").unwrap();
    stdin.flush().unwrap();
    // Wait until the second answer is on disk, then kill the process without warning.
    let tests = ws.join("tests");
    let answered = || -> usize {
        std::fs::read_dir(&tests)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
            .filter_map(|e| TestRecord::load(&e.path()).ok())
            .map(|r| r.answers.len())
            .max()
            .unwrap_or(0)
    };
    let t0 = std::time::Instant::now();
    while answered() < 2 {
        assert!(t0.elapsed().as_secs() < 30, "the answers were not saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    let _ = child.wait();
    drop(stdin);
    let mut c = Command::new(common::bin());
    args(&mut c);
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"1 3\n2\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let (so, se) = common::output_text(&out);
    assert!(se.contains("at item 3 of 4"), "{se}");
    assert!(!so.contains("[1 of 4]") && so.contains("[3 of 4]"), "{so}");
    assert!(so.contains("4 of 4 right"), "{so}");
    let recs: Vec<TestRecord> = std::fs::read_dir(&tests)
        .unwrap()
        .flatten()
        .map(|e| TestRecord::load(&e.path()).unwrap())
        .collect();
    assert_eq!(recs.len(), 1, "one record, resumed");
    let ids: Vec<&str> = recs[0].answers.iter().map(|a| a.item.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "a3", "a4"]);
    assert_eq!(recs[0].answers[0].chosen, ["som"]);
}

#[test]
fn each_answer_is_an_interaction_and_a_finished_test_a_scored_completion() {
    use pehchan::workshop::xapi_test::test_statements;
    let (_d, lib) = lib();
    let a = lib.assessment.clone().unwrap();
    let (pre, _) = class(&a);
    let mut unfinished = TestRecord::new(Form::B, Phase::Post, "P4", "en");
    unfinished.answer(&a, "b3", vec!["c".into(), "a".into()]);
    let (all, skipped) = test_statements(&a, None, &[pre[0].clone(), unfinished]);
    assert!(skipped.is_empty());
    // P1: four answers and a completion; P4: one answer, no completion.
    assert_eq!(all.len(), 6);
    let s = &all[2];
    assert_eq!(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/answered");
    assert_eq!(
        s["object"]["definition"]["type"],
        "http://adlnet.gov/expapi/activities/cmi.interaction"
    );
    assert_eq!(s["object"]["definition"]["interactionType"], "choice");
    assert_eq!(
        s["object"]["definition"]["correctResponsesPattern"],
        serde_json::json!(["a[,]c"])
    );
    assert_eq!(s["result"]["response"], "a");
    assert_eq!(s["result"]["success"], false);
    assert_eq!(
        all[1]["object"]["definition"]["interactionType"],
        "true-false"
    );
    assert_eq!(
        all[1]["object"]["definition"]["correctResponsesPattern"],
        serde_json::json!(["true"])
    );
    let done = &all[4];
    assert_eq!(
        done["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/completed"
    );
    assert_eq!(
        done["result"]["score"],
        serde_json::json!({"scaled": 0.5, "raw": 2, "min": 0, "max": 4})
    );
    assert_eq!(
        done["context"]["extensions"]["https://pehchan.local/xapi/test-phase"],
        "pre"
    );
    assert_eq!(done["actor"]["account"]["name"], "P1");
    assert_eq!(all[5]["result"]["response"], "a[,]c");
    assert_eq!(all[5]["result"]["success"], true);
    let ids: std::collections::BTreeSet<_> =
        all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 6, "distinct statement ids");
}

#[test]
fn across_a_series_the_first_workshops_pre_test_is_paired_with_the_last_ones_post_test() {
    let d = common::test_library();
    let lib = d.path().to_str().unwrap();
    let root = tempfile::tempdir().unwrap();
    let (karachi, lahore) = (root.path().join("karachi"), root.path().join("lahore"));
    for w in [&karachi, &lahore] {
        assert!(
            common::run_cli(&["workshop", "new", w.to_str().unwrap()])
                .status
                .success()
        );
    }
    let take = |w: &std::path::Path, form: &str, who: &str, answers: &str| {
        let o = common::run_cli(&[
            "test",
            "--scenarios",
            lib,
            "--workshop",
            w.to_str().unwrap(),
            "--form",
            form,
            "--participant",
            who,
            "--answers",
            answers,
        ]);
        assert!(o.status.success(), "{}", common::output_text(&o).1);
    };
    // P1 takes the pre-test in Karachi (2 of 4) and the post-test in Lahore (4 of 4); P2 only
    // the Karachi pre-test; P3 only the Lahore post-test.
    take(&karachi, "A", "P1", "a1=som,a2=false,a3=a,a4=b");
    take(&karachi, "A", "P2", "a1=som,a2=true,a3=a+c,a4=b");
    take(&lahore, "B", "P1", "b1=tip,b2=false,b3=a+c,b4=a");
    take(&lahore, "B", "P3", "b1=tip,b2=false,b3=a+c,b4=a");
    let o = common::run_cli(&[
        "report",
        lahore.to_str().unwrap(),
        "--scenarios",
        lib,
        "--compare",
        karachi.to_str().unwrap(),
        "--json",
    ]);
    let (out, err) = common::output_text(&o);
    assert!(o.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let series = &v["report"]["series_assessment"];
    assert_eq!(series["paired"], 1, "only P1 took both: {series}");
    let all = &series["overall"];
    assert!(
        near(all["pre"].as_f64().unwrap(), 0.5) && near(all["post"].as_f64().unwrap(), 1.0),
        "{all}"
    );
    // Within Lahore alone nobody took both tests.
    assert_eq!(v["report"]["assessment"]["paired"], 0);
}
