//! One deliberately broken fixture per diagnostic kind: file, line, column, path and message.

mod common;
use pehchan::scenario::Severity::{self, Error, Warning};

/// (fixture, severity, line, column, field path, message fragment)
const CASES: &[(&str, Severity, usize, usize, &str, &str)] = &[
    ("syntax.ron", Error, 5, 19, "setting", "Expected comma"),
    (
        "unknown-field.ron",
        Error,
        4,
        5,
        "titel",
        "Unexpected field named `titel`",
    ),
    (
        "unsupported-format.ron",
        Error,
        2,
        13,
        "format",
        "format 2 is not supported",
    ),
    (
        "wrong-type.ron",
        Error,
        7,
        14,
        "minutes",
        "Expected integer",
    ),
    (
        "bad-goto.ron",
        Error,
        15,
        46,
        "nodes[\"a\"].choices[0].goto",
        "does not exist: `ned`",
    ),
    (
        "duplicate-node.ron",
        Error,
        18,
        9,
        "nodes[\"a\"]",
        "duplicate node id \"a\"",
    ),
    (
        "duplicate-choice.ron",
        Error,
        16,
        22,
        "nodes[\"a\"].choices[1].id",
        "duplicate choice id `go`",
    ),
    (
        "unknown-objective.ron",
        Error,
        15,
        69,
        "nodes[\"a\"].choices[0].effects[0][0]",
        "unknown objective `recognize`",
    ),
    (
        "unknown-step.ron",
        Error,
        15,
        90,
        "nodes[\"a\"].choices[0].effects[1][0]",
        "unknown step `indicator`",
    ),
    (
        "unknown-sop.ron",
        Error,
        8,
        10,
        "sop",
        "unknown SOP `victim-id`",
    ),
    (
        "dead-end.ron",
        Error,
        18,
        9,
        "nodes[\"end\"]",
        "dead end: node `end`",
    ),
    (
        "trap-cycle.ron",
        Error,
        19,
        9,
        "nodes[\"b\"]",
        "no ending can be reached from node `b`",
    ),
    (
        "goto-and-outcomes.ron",
        Error,
        15,
        63,
        "nodes[\"a\"].choices[0].outcomes",
        "both `goto` and `outcomes`",
    ),
    (
        "placeholder.ron",
        Error,
        13,
        19,
        "nodes[\"a\"].text",
        "placeholder `{person.name}`",
    ),
    (
        "stuck.ron",
        Error,
        12,
        9,
        "nodes[\"a\"]",
        "no choice available",
    ),
    (
        "score-loop.ron",
        Error,
        16,
        66,
        "nodes[\"a\"].choices[1].effects",
        "on a loop and changes a score",
    ),
    (
        "unreachable.ron",
        Warning,
        18,
        9,
        "nodes[\"lost\"]",
        "unreachable from the start",
    ),
    (
        "no-feedback.ron",
        Warning,
        15,
        22,
        "nodes[\"a\"].choices[0].id",
        "has no feedback",
    ),
    (
        "undeclared-objective.ron",
        Warning,
        15,
        92,
        "nodes[\"a\"].choices[0].effects[1][0]",
        "scored but not listed",
    ),
    (
        "step-not-exercised.ron",
        Warning,
        9,
        27,
        "steps[1]",
        "no choice exercises it",
    ),
    (
        "missing-translation.ron",
        Warning,
        5,
        14,
        "setting",
        "missing translation: ur",
    ),
    (
        "protected-after-violation.ron",
        Warning,
        16,
        131,
        "nodes[\"a\"].choices[1].effects[1]",
        "choice `in-front` violates step `separate`, yet the protected ending `end` can still be \
         reached after it",
    ),
    (
        "protected-without-step.ron",
        Warning,
        20,
        35,
        "nodes[\"end\"].ending.outcome",
        "ending `end` is Protected, yet a run can reach it without doing step `referral`",
    ),
    (
        "mark-against-points.ron",
        Warning,
        16,
        113,
        "nodes[\"a\"].choices[1].effects[1]",
        "choice `sign` marks step `consent` Violated but its points add up to +1",
    ),
    (
        "dead-route-entry.ron",
        Warning,
        21,
        17,
        "nodes[\"next\"].route[1]",
        "route entry 2 of node `next` is never taken",
    ),
    (
        "route-fallback.ron",
        Error,
        18,
        9,
        "nodes[\"next\"]",
        "the last entry of the route of node `next` has conditions",
    ),
    (
        "route-and-choices.ron",
        Error,
        17,
        13,
        "nodes[\"a\"].route",
        "node `a` has both a `route` and choices",
    ),
    (
        "missing-text.ron",
        Error,
        12,
        9,
        "nodes[\"a\"]",
        "node `a` has no text",
    ),
];

#[test]
fn each_broken_fixture_reports_its_problem_where_it_is() {
    for &(file, sev, line, col, path, msg) in CASES {
        let lib = common::check_broken(file);
        let found = lib.diagnostics.iter().find(|d| d.message.contains(msg));
        let d = found.unwrap_or_else(|| {
            panic!(
                "{file}: no diagnostic containing {msg:?}; got {:#?}",
                lib.diagnostics
            )
        });
        assert_eq!(d.file, file);
        assert_eq!(d.severity, sev, "{file}: severity");
        assert_eq!((d.line, d.col), (line, col), "{file}: {}", d.render());
        assert_eq!(d.path, path, "{file}: path");
        assert_eq!(
            d.code,
            file.trim_end_matches(".ron"),
            "{file}: the fixture is named after the rule code"
        );
        assert!(!d.hint.is_empty(), "{file}: every diagnostic has a hint");
        assert!(
            d.snippet.contains(&format!("{file}:{line}:{col}")),
            "{file}: snippet shows the place:\n{}",
            d.snippet
        );
        if sev == Error {
            assert!(
                lib.get("broken").is_none(),
                "{file}: a scenario with errors is not playable"
            );
            assert_eq!(lib.broken, vec![file.to_string()]);
        } else {
            assert!(
                lib.get("broken").is_some(),
                "{file}: warnings leave the scenario playable"
            );
        }
    }
}

#[test]
fn all_problems_of_a_file_are_reported_together() {
    let lib = common::check_broken("trap-cycle.ron");
    let traps: Vec<_> = lib
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("no ending can be reached"))
        .collect();
    assert_eq!(
        traps.len(),
        2,
        "both nodes of the loop: {:#?}",
        lib.diagnostics
    );
    let lib = common::check_broken("unknown-step.ron");
    assert!(lib.diagnostics.iter().any(|d| d.is_error()));
    assert!(
        lib.diagnostics.iter().any(|d| !d.is_error()),
        "the warning about the unexercised step comes too"
    );
}

#[test]
fn bad_goto_suggests_the_near_miss() {
    let lib = common::check_broken("bad-goto.ron");
    let d = lib
        .diagnostics
        .iter()
        .find(|d| d.message.contains("ned"))
        .unwrap();
    assert_eq!(d.hint, "did you mean `end`?");
}

#[test]
fn a_missing_folder_or_curriculum_is_a_clear_error() {
    let e =
        pehchan::scenario::Library::load_dir(std::path::Path::new("/no/such/folder")).unwrap_err();
    assert_eq!(e[0].message, "no such folder");
    let e = pehchan::scenario::Library::load_dir(&common::fixtures()).unwrap_err();
    assert!(e[0].message.contains("no curriculum.ron"), "{}", e[0]);
}

#[test]
fn a_broken_curriculum_is_located() {
    use pehchan::scenario::library::{SourceFile, load_curriculum};
    let text = std::fs::read_to_string(common::fixtures().join("lib/curriculum.ron")).unwrap();
    let bad = text.replacen(
        "before: [\"consent\", \"register\"]",
        "before: [\"consnet\", \"register\"]",
        1,
    );
    assert_ne!(bad, text);
    let e = load_curriculum(&SourceFile {
        name: "curriculum.ron".into(),
        text: bad.clone(),
    })
    .unwrap_err();
    let d = &e[0];
    assert!(d.message.contains("unknown step `consnet`"), "{d}");
    let line = bad.lines().position(|l| l.contains("consnet")).unwrap() + 1;
    assert_eq!(d.line, line);
    assert_eq!(d.path, "sops[0].steps[0].before[0]");
    let cyc = text.replacen(
        "(id: \"consent\", title: \"Informed consent, including the right to stop\", \
         source: \"WHO 6 [S35]\",\n                 before: [\"register\"]",
        "(id: \"consent\", title: \"Informed consent, including the right to stop\", \
         source: \"WHO 6 [S35]\",\n                 before: [\"safety\"]",
        1,
    );
    assert_ne!(cyc, text);
    let e = load_curriculum(&SourceFile {
        name: "curriculum.ron".into(),
        text: cyc,
    })
    .unwrap_err();
    assert!(
        e.iter().any(|d| d.message.contains("form a cycle")),
        "{e:#?}"
    );
}

#[test]
fn a_misspelt_step_in_a_condition_is_located_with_a_suggestion() {
    use pehchan::scenario::library::SourceFile;
    let dir = common::fixtures().join("broken");
    let cur = SourceFile::read(&dir.join("curriculum.ron")).unwrap();
    let text = std::fs::read_to_string(dir.join("dead-route-entry.ron"))
        .unwrap()
        .replacen("[Done(\"consent\")]", "[Done(\"consnet\")]", 1);
    let f = SourceFile {
        name: "condition.ron".into(),
        text: text.clone(),
    };
    let lib = pehchan::scenario::Library::from_sources(&cur, &[f]).unwrap();
    let d = lib
        .diagnostics
        .iter()
        .find(|d| d.message.contains("unknown step `consnet`"))
        .unwrap_or_else(|| panic!("{:#?}", lib.diagnostics));
    assert!(d.is_error());
    assert_eq!(d.code, "unknown-step");
    assert_eq!(d.hint, "did you mean `consent`?");
    assert_eq!(d.path, "nodes[\"next\"].route[0].requires[0][0]");
    let line = text.lines().position(|l| l.contains("consnet")).unwrap();
    let col = text.lines().nth(line).unwrap().find("\"consnet\"").unwrap() + 1;
    assert_eq!((d.line, d.col), (line + 1, col), "{}", d.render());
}

#[test]
fn a_case_names_its_user_groups_from_the_curriculum() {
    use pehchan::scenario::library::SourceFile;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let cur = SourceFile::read(&root.join("curriculum.ron")).unwrap();
    let good = std::fs::read_to_string(root.join("kiln-debt-sanghar.ron")).unwrap();
    assert!(
        good.contains("audience: [\"labour\"]"),
        "the bundled case names its group"
    );
    let check = |text: String| {
        let f = SourceFile {
            name: "kiln.ron".into(),
            text: text.clone(),
        };
        (
            pehchan::scenario::Library::from_sources(&cur, &[f]).unwrap(),
            text,
        )
    };
    let (lib, _) = check(good.clone());
    assert!(
        lib.diagnostics.iter().all(|d| !d.code.contains("audience")),
        "{:#?}",
        lib.diagnostics
    );
    let (lib, text) = check(good.replacen("[\"labour\"]", "[\"labor\"]", 1));
    let d = lib
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-audience")
        .unwrap_or_else(|| panic!("{:#?}", lib.diagnostics));
    assert!(d.is_error());
    assert!(d.message.contains("`labor`"), "{}", d.message);
    assert!(
        d.hint.contains("labour") && d.hint.contains("police"),
        "{}",
        d.hint
    );
    let line = text.lines().position(|l| l.contains("\"labor\"")).unwrap();
    assert_eq!(d.line, line + 1, "{}", d.render());
    let (lib, _) = check(good.replacen("    audience: [\"labour\"],\n", "", 1));
    let d = lib
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-audience")
        .unwrap_or_else(|| panic!("{:#?}", lib.diagnostics));
    assert!(!d.is_error());
}
