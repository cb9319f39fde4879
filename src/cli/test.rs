//! `pehchan test`: the knowledge test in the terminal (interactive or scripted with `--answers`),
//! saved after every answer into the workshop's tests/ folder; `--key` prints the answer key.

use super::{open_library, print_diagnostics};
use pehchan::assessment::{
    Assessment, Form, Item, Phase, TESTS_DIR, TestRecord, TestResult, parse_answers, score,
};
use pehchan::records::Gender;
use pehchan::scenario::model::Curriculum;
use pehchan::workshop::Workshop;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `pehchan test`.
#[derive(clap::Args)]
pub struct Options {
    /// The workshop folder: the record goes to its tests/ folder.
    #[arg(long, required_unless_present = "key")]
    pub workshop: Option<PathBuf>,
    /// The form to take: A or B (the workshop says which is the pre- and which the post-test).
    #[arg(long, value_parser = parse_form)]
    pub form: Form,
    /// Pseudonymous participant code (letters, digits, - and _; at most 32).
    #[arg(long, required_unless_present = "key")]
    pub participant: Option<String>,
    /// Self-declared gender, for sex-disaggregated totals: female, male or other.
    #[arg(long, value_parser = super::parse_gender)]
    pub gender: Option<Gender>,
    #[arg(long)]
    pub role: Option<String>,
    /// Every item's answer by item and option id: ITEM=OPTION,ITEM=a+c,...
    #[arg(long)]
    pub answers: Option<String>,
    /// Print the facilitator's answer key of the form instead.
    #[arg(long)]
    pub key: bool,
    /// With --key: print JSON.
    #[arg(long, requires = "key")]
    pub json: bool,
    /// The library folder with assessment.ron (default: the bundled library).
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    #[arg(long, default_value = "en")]
    pub lang: String,
}

fn parse_form(s: &str) -> Result<Form, String> {
    Form::parse(s).ok_or_else(|| format!("`{s}` is not a form: give A or B"))
}

pub fn run(o: Options) -> ExitCode {
    let Some(lib) = open_library(o.scenarios.as_deref()) else {
        return ExitCode::FAILURE;
    };
    let Some(a) = lib.assessment.clone() else {
        let broken: Vec<_> = lib
            .diagnostics
            .iter()
            .filter(|d| d.file.ends_with("assessment.ron"))
            .collect();
        if broken.is_empty() {
            errln!("this library has no assessment.ron: there is no test to take");
        } else {
            print_diagnostics(broken);
        }
        return ExitCode::FAILURE;
    };
    if o.key {
        return key(&a, &lib.curriculum, o.form, o.json, &o.lang);
    }
    let (Some(dir), Some(code)) = (o.workshop.as_ref(), o.participant.as_deref()) else {
        errln!("give --workshop DIR and --participant CODE (or --key)");
        return ExitCode::from(2);
    };
    if let Err(e) = pehchan::strings::check_code(code) {
        errln!("{e}");
        return ExitCode::from(2);
    }
    let w = match Workshop::load(dir) {
        Ok(w) => w,
        Err(d) => {
            print_diagnostics(&d);
            return ExitCode::FAILURE;
        }
    };
    let plan = w.test.unwrap_or_default();
    let Some(phase) = plan.phase_of(o.form) else {
        errln!(
            "{}: this workshop's test plan takes form {} before and form {} after; form {} is not one of them",
            dir.join("workshop.ron").display(),
            plan.pre.name(),
            plan.post.name(),
            o.form.name()
        );
        return ExitCode::from(2);
    };
    let items = a.form(o.form);
    if items.is_empty() {
        errln!("form {} has no items", o.form.name());
        return ExitCode::FAILURE;
    }
    let scripted = match o.answers.as_deref().map(|s| scripted(&a, o.form, s)) {
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            errln!("--answers: {e}");
            return ExitCode::from(2);
        }
        None => None,
    };
    let tests = dir.join(TESTS_DIR);
    if let Err(e) = std::fs::create_dir_all(&tests) {
        errln!("{}: cannot create: {e}", tests.display());
        return ExitCode::FAILURE;
    }
    let (path, mut rec) = match TestRecord::find_unfinished(&tests, code, o.form) {
        Some((p, r)) if scripted.is_none() => {
            errln!(
                "resuming the unfinished test in {} at item {} of {}",
                p.display(),
                r.next_item(&a) + 1,
                items.len()
            );
            (p, r)
        }
        _ => {
            let mut r = TestRecord::new(o.form, phase, code, &o.lang);
            r.gender = o.gender;
            r.role = o.role.clone().filter(|x| !x.trim().is_empty());
            (tests.join(r.file_name()), r)
        }
    };
    let lang = o.lang.as_str();
    let stdin = std::io::stdin();
    for (n, it) in items.iter().enumerate() {
        if rec.answers.iter().any(|x| x.item == it.id) {
            continue;
        }
        let chosen = match &scripted {
            Some(v) => v[n].clone(),
            None => {
                print_item(it, n, items.len(), lang);
                match ask(&stdin, it) {
                    Some(c) => c,
                    None => {
                        outln!(
                            "\n(stopped; the answers so far are saved in {})",
                            path.display()
                        );
                        return ExitCode::SUCCESS;
                    }
                }
            }
        };
        rec.answer(&a, &it.id, chosen);
        if let Err(e) = rec.save(&path) {
            errln!("cannot save the test record: {e}");
            return ExitCode::FAILURE;
        }
    }
    let result = match score(&a, &rec) {
        Ok(r) => r,
        Err(changed) => {
            errln!(
                "{}: items changed since this record was made ({}); it is not rescored",
                path.display(),
                changed.join(", ")
            );
            return ExitCode::FAILURE;
        }
    };
    if phase == Phase::Post {
        print_feedback(&a, &rec, &result, lang);
    }
    print_result(&lib.curriculum, &result, phase, o.form);
    outln!("record saved to {}", path.display());
    ExitCode::SUCCESS
}

/// `--answers` as one chosen list per item of the form, in form order; every item answered.
fn scripted(a: &Assessment, form: Form, s: &str) -> Result<Vec<Vec<String>>, String> {
    let mut given = parse_answers(s)?;
    let items = a.form(form);
    for id in given.keys() {
        match a.item(id) {
            None => return Err(format!("no item `{id}` in the test")),
            Some(it) if it.form != form => {
                return Err(format!(
                    "item `{id}` is in form {}, not {}",
                    it.form.name(),
                    form.name()
                ));
            }
            Some(_) => {}
        }
    }
    let missing: Vec<&str> = items
        .iter()
        .filter(|i| !given.contains_key(&i.id))
        .map(|i| i.id.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(format!("no answer for {}", missing.join(", ")));
    }
    items
        .iter()
        .map(|it| {
            let chosen = given.remove(&it.id).unwrap_or_default();
            check_choice(it, &chosen).map(|()| chosen)
        })
        .collect()
}

/// Refuses option ids that are not the item's, and several options where one is asked for.
fn check_choice(it: &Item, chosen: &[String]) -> Result<(), String> {
    let opts = it.choices();
    if let Some(bad) = chosen.iter().find(|c| !opts.iter().any(|o| &o.id == *c)) {
        let ids: Vec<&str> = opts.iter().map(|o| o.id.as_str()).collect();
        return Err(format!(
            "`{bad}` is not an option of item `{}` (options: {})",
            it.id,
            ids.join(", ")
        ));
    }
    if chosen.len() > 1 && it.kind != pehchan::assessment::ItemKind::Multiple {
        return Err(format!("item `{}` takes one answer", it.id));
    }
    Ok(())
}

fn print_item(it: &Item, n: usize, of: usize, lang: &str) {
    outln!("\n[{} of {}] {}", n + 1, of, it.stem.get(lang));
    if it.kind == pehchan::assessment::ItemKind::Multiple {
        outln!("  (choose every answer that is right, e.g. 1 3)");
    }
    for (k, o) in it.choices().iter().enumerate() {
        outln!("  {}) {}  [{}]", k + 1, o.text.get(lang), o.id);
    }
}

/// Reads an answer by numbers or option ids; None on end of input or `q`.
fn ask(stdin: &std::io::Stdin, it: &Item) -> Option<Vec<String>> {
    let opts = it.choices();
    loop {
        out!("answer 1-{} (q to stop): ", opts.len());
        super::out::flush();
        let mut line = String::new();
        if stdin.lock().read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line.trim() == "q" {
            return None;
        }
        let chosen: Option<Vec<String>> = line
            .split([' ', ',', '+'])
            .filter(|t| !t.trim().is_empty())
            .map(|t| {
                let t = t.trim();
                t.parse::<usize>()
                    .ok()
                    .and_then(|n| opts.get(n.wrapping_sub(1)))
                    .or_else(|| opts.iter().find(|o| o.id == t))
                    .map(|o| o.id.clone())
            })
            .collect();
        match chosen {
            Some(c) if !c.is_empty() => match check_choice(it, &c) {
                Ok(()) => return Some(c),
                Err(e) => outln!("  {e}"),
            },
            _ => outln!("  type a number from 1 to {}, or an option id", opts.len()),
        }
    }
}

fn print_feedback(a: &Assessment, rec: &TestRecord, r: &TestResult, lang: &str) {
    outln!("\n== Answers");
    for (n, it) in a.form(rec.form).iter().enumerate() {
        let ok = r.items.get(&it.id).copied().unwrap_or(false);
        let right: Vec<String> = it
            .choices()
            .iter()
            .filter(|o| it.correct.contains(&o.id))
            .map(|o| o.text.get(lang).to_string())
            .collect();
        outln!(
            "{}. {} {}\n   right answer: {}\n   {}",
            n + 1,
            if ok { "✓" } else { "✗" },
            it.stem.get(lang),
            right.join("; "),
            it.feedback.get(lang)
        );
    }
}

fn print_result(cur: &Curriculum, r: &TestResult, phase: Phase, form: Form) {
    outln!(
        "\n== Your {}-test (form {}): {} of {} right",
        phase.name(),
        form.name(),
        r.right,
        r.of
    );
    for o in &cur.objectives {
        if let Some(x) = r.per_objective.get(&o.id) {
            outln!(
                "  {:<4} {:>2} of {:<2}  {}",
                o.code,
                x.right,
                x.of,
                o.title.en()
            );
        }
    }
}

/// The answer key of a form: a table, or the JSON that scripts read.
fn key(a: &Assessment, cur: &Curriculum, form: Form, json: bool, lang: &str) -> ExitCode {
    let items = a.form(form);
    if json {
        let v = serde_json::json!({
            "items": items.iter().map(|it| serde_json::json!({
                "id": it.id,
                "objective": it.objective,
                "kind": it.kind.name(),
                "options": it.choices().iter().map(|o| serde_json::json!({
                    "id": o.id, "text": o.text.get(lang)
                })).collect::<Vec<_>>(),
                "correct": it.correct,
            })).collect::<Vec<_>>()
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).expect("JSON serialises")
        );
        return ExitCode::SUCCESS;
    }
    outln!("Answer key, form {} ({} items)", form.name(), items.len());
    for (n, it) in items.iter().enumerate() {
        let code = cur
            .objective(&it.objective)
            .map_or(it.objective.as_str(), |o| o.code.as_str());
        outln!(
            "{:>2}. {:<14} {code:<4} {:<10} {}",
            n + 1,
            it.id,
            it.kind.name(),
            it.correct.join("+")
        );
    }
    ExitCode::SUCCESS
}
