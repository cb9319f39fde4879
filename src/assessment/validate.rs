//! Checks of assessment.ron against the curriculum, as located diagnostics.

use super::model::{Assessment, Form, ItemKind};
use crate::scenario::diag::{Diagnostic, Problem};
use crate::scenario::library::SourceFile;
use crate::scenario::lints::{dup_ids, known};
use crate::scenario::load::parse;
use crate::scenario::model::Curriculum;
use crate::scenario::spans::Path;
use std::collections::BTreeMap;

/// Parses and checks a test file; returns it with its warnings, or every diagnostic on error.
pub fn load_assessment(
    f: &SourceFile,
    cur: &Curriculum,
) -> Result<(Assessment, Vec<Diagnostic>), Vec<Diagnostic>> {
    let a: Assessment = parse(&f.name, &f.text)?;
    let diags = Diagnostic::locate(&f.name, &f.text, validate(&a, cur));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((a, diags))
}

/// Every problem of a test file: errors make it unusable, warnings do not.
pub fn validate(a: &Assessment, cur: &Curriculum) -> Vec<Problem> {
    let mut out = Vec::new();
    let items = Path::root().field("items");
    dup_ids(
        &mut out,
        a.items.iter().map(|i| i.id.as_str()),
        &items,
        "item",
    );
    let mut per_form: BTreeMap<&str, [usize; 2]> = BTreeMap::new();
    for (n, it) in a.items.iter().enumerate() {
        let p = items.index(n);
        if cur.objective(&it.objective).is_none() {
            out.push(Problem::error(
                "unknown-objective",
                p.field("objective"),
                format!("unknown objective `{}`", it.objective),
                known("objectives", cur.objectives.iter().map(|o| o.id.as_str())),
            ));
        }
        per_form.entry(&it.objective).or_default()[usize::from(it.form == Form::B)] += 1;
        if it.stem.en().trim().is_empty() {
            out.push(Problem::error(
                "missing-text",
                p.field("stem"),
                "the item has no question",
                "write the question in `stem`",
            ));
        }
        let options = it.choices();
        if it.kind == ItemKind::TrueFalse {
            if !it.options.is_empty() {
                out.push(Problem::error(
                    "true-false-options",
                    p.field("options"),
                    "a TrueFalse item takes no options",
                    "remove `options`: its answers are `true` and `false`",
                ));
            }
        } else if options.len() < 2 {
            out.push(Problem::error(
                "too-few-options",
                p.field("options"),
                format!("{} option(s); an item needs at least two", options.len()),
                "add the options the participant chooses from",
            ));
        }
        dup_ids(
            &mut out,
            it.options.iter().map(|o| o.id.as_str()),
            &p.field("options"),
            "option",
        );
        for (k, o) in it.options.iter().enumerate() {
            if o.text.en().trim().is_empty() {
                out.push(Problem::error(
                    "missing-text",
                    p.field("options").index(k).field("text"),
                    format!("option `{}` has no text", o.id),
                    "write the option's text",
                ));
            }
        }
        let ids = || options.iter().map(|o| o.id.as_str());
        for (k, c) in it.correct.iter().enumerate() {
            if !ids().any(|o| o == c) {
                out.push(Problem::error(
                    "unknown-option",
                    p.field("correct").index(k),
                    format!("`{c}` is not an option of this item"),
                    known("options", ids()),
                ));
            }
        }
        if it.correct.is_empty() {
            out.push(Problem::error(
                "no-correct-answer",
                p.field("correct"),
                "the item has no correct answer",
                "list the id of the correct option in `correct`",
            ));
        } else if it.correct.len() > 1 && it.kind != ItemKind::Multiple {
            out.push(Problem::error(
                "several-correct-answers",
                p.field("correct"),
                format!(
                    "{} correct answers for a {} item, which takes one",
                    it.correct.len(),
                    it.kind.name()
                ),
                "keep one, or make the item `Multiple`",
            ));
        }
        if it.feedback.en().trim().is_empty() {
            out.push(Problem::warning(
                "no-feedback",
                p.field("id"),
                format!("item `{}` has no feedback for the post-test", it.id),
                "say in one or two sentences why the answer is right, with its source tags",
            ));
        }
        if it.sources.is_empty() {
            out.push(Problem::warning(
                "no-sources",
                p.field("id"),
                format!("item `{}` names no source", it.id),
                "add the source tags its answer rests on",
            ));
        }
        if !cur.sources.is_empty() {
            for (k, s) in it.sources.iter().enumerate() {
                if !cur.sources.contains_key(s) {
                    out.push(Problem::warning(
                        "unknown-source",
                        p.field("sources").index(k),
                        format!("source tag `{s}` is not in the curriculum's sources"),
                        "add it to `sources` in curriculum.ron or fix the tag",
                    ));
                }
            }
        }
    }
    for (ob, [a_n, b_n]) in per_form {
        if a_n != b_n {
            out.push(Problem::warning(
                "forms-not-parallel",
                items.clone(),
                format!("objective `{ob}` has {a_n} item(s) in form A and {b_n} in form B"),
                "give each objective the same number of items in both forms",
            ));
        }
    }
    out
}
