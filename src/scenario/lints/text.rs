//! Text rules over one walk of every text field: placeholders, missing translations, feedback.

use super::{ChoiceAt, Ctx, Rules};
use crate::scenario::diag::Problem;
use crate::scenario::model::{Node, Scenario};
use crate::scenario::spans::Path;
use crate::scenario::text::{DEFAULT_LANG, Text};
use crate::strings::placeholders;
use std::collections::BTreeSet;

/// Where a text field sits in a scenario; its path is built only when a problem is reported.
#[derive(Debug, Clone, Copy)]
pub enum Site<'a> {
    Title,
    Setting,
    Role,
    Premise,
    ContentNote,
    Variant {
        group: &'a str,
        index: usize,
        key: &'a str,
    },
    Speaker(&'a str),
    NodeText(&'a str),
    Ending(&'a str),
    ChoiceText(&'a str, usize),
    Feedback(&'a str, usize),
}

impl Site<'_> {
    pub fn path(&self) -> Path {
        let root = Path::root();
        let node = |n: &str| root.field("nodes").key(n);
        match *self {
            Site::Title => root.field("title"),
            Site::Setting => root.field("setting"),
            Site::Role => root.field("role"),
            Site::Premise => root.field("premise"),
            Site::ContentNote => root.field("content_note"),
            Site::Variant { group, index, key } => root
                .field("variants")
                .key(group)
                .index(index)
                .field("values")
                .key(key),
            Site::Speaker(n) => node(n).field("speaker"),
            Site::NodeText(n) => node(n).field("text"),
            Site::Ending(n) => node(n).field("ending").field("summary"),
            Site::ChoiceText(n, c) => node(n).field("choices").index(c).field("text"),
            Site::Feedback(n, c) => node(n).field("choices").index(c).field("feedback"),
        }
    }

    /// Whether `{group.key}` placeholders are filled in this field (the texts of the case itself).
    pub fn templated(&self) -> bool {
        matches!(
            self,
            Site::Speaker(_)
                | Site::NodeText(_)
                | Site::Ending(_)
                | Site::ChoiceText(..)
                | Site::Feedback(..)
        )
    }
}

/// Calls `f` on every text field of a scenario with its site, in file order of the model.
pub fn for_each_text<'a>(sc: &'a Scenario, f: &mut dyn FnMut(&'a Text, Site<'a>)) {
    header_texts(sc, f);
    for (nid, n) in &sc.nodes {
        node_texts(nid, n, f);
    }
}

/// The texts outside the nodes: title, setting, role, premise, content note, variant values.
pub fn header_texts<'a>(sc: &'a Scenario, f: &mut dyn FnMut(&'a Text, Site<'a>)) {
    f(&sc.title, Site::Title);
    f(&sc.setting, Site::Setting);
    f(&sc.role, Site::Role);
    if !sc.premise.en().is_empty() {
        f(&sc.premise, Site::Premise);
    }
    if let Some(c) = &sc.content_note {
        f(c, Site::ContentNote);
    }
    for (group, vs) in &sc.variants {
        for (index, v) in vs.iter().enumerate() {
            for (key, t) in &v.values {
                f(t, Site::Variant { group, index, key });
            }
        }
    }
}

/// The texts of one node: speaker, text (unless it is a route node without one), ending, choices.
pub fn node_texts<'a>(nid: &'a str, n: &'a Node, f: &mut dyn FnMut(&'a Text, Site<'a>)) {
    if let Some(s) = &n.speaker {
        f(s, Site::Speaker(nid));
    }
    if n.route.is_empty() || !n.text.en().is_empty() {
        f(&n.text, Site::NodeText(nid));
    }
    if let Some(e) = &n.ending {
        f(&e.summary, Site::Ending(nid));
    }
    for (ci, c) in n.choices.iter().enumerate() {
        f(&c.text, Site::ChoiceText(nid, ci));
        if let Some(fb) = &c.feedback {
            f(fb, Site::Feedback(nid, ci));
        }
    }
}

/// The text rules: placeholders and the languages seen during the walk, then missing translations.
#[derive(Default)]
pub struct Texts {
    langs: BTreeSet<String>,
}

impl Rules for Texts {
    fn text(&mut self, cx: &Ctx, t: &Text, site: Site, out: &mut Vec<Problem>) {
        if let Text::Lang(m) = t {
            for l in m.keys() {
                if !self.langs.contains(l) {
                    self.langs.insert(l.clone());
                }
            }
        }
        if site.templated() {
            check_placeholders(out, cx.sc, t, site);
        }
    }
    fn choice(&mut self, cx: &Ctx, at: &ChoiceAt, out: &mut Vec<Problem>) {
        let c = at.choice;
        if c.feedback.is_none() {
            out.push(Problem::warning(
                "no-feedback",
                cx.choice(at.id, at.index).field("id"),
                format!("choice `{}` has no feedback", c.id),
                "say why this choice helps or harms, naming the SOP step or objective and the \
                 source",
            ));
        }
    }
    fn finish(&mut self, cx: &Ctx, out: &mut Vec<Problem>) {
        let langs = &self.langs;
        // A text misses a translation only against the languages of the whole scenario, so this
        // rule needs a second pass, and only in a scenario with a language besides English.
        if langs.iter().all(|l| l == DEFAULT_LANG) {
            return;
        }
        for_each_text(cx.sc, &mut |t, site| {
            let missing: Vec<&str> = langs
                .iter()
                .map(String::as_str)
                .filter(|l| !t.has(l))
                .collect();
            if !missing.is_empty() {
                out.push(Problem::warning(
                    "missing-translation",
                    site.path(),
                    format!("missing translation: {}", missing.join(", ")),
                    "add the missing languages to this text's map (English is used meanwhile)",
                ));
            }
        });
    }
}

fn check_placeholders(out: &mut Vec<Problem>, sc: &Scenario, t: &Text, site: Site) {
    for s in t.all() {
        for ph in placeholders(s) {
            let ok = ph.split_once('.').is_some_and(|(g, k)| {
                sc.variants.get(g).is_some_and(|grp| {
                    !grp.is_empty() && grp.iter().all(|v| v.values.contains_key(k))
                })
            });
            if !ok {
                let groups: Vec<&str> = sc.variants.keys().map(String::as_str).collect();
                out.push(Problem::error(
                    "placeholder",
                    site.path(),
                    format!(
                        "placeholder `{{{ph}}}` does not name a value that every variant of its \
                         group has"
                    ),
                    format!(
                        "write `{{group.key}}` with a group from `variants` ({}); use `{{{{` for \
                         a literal brace",
                        groups.join(", ")
                    ),
                ));
            }
        }
    }
}
