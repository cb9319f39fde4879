//! The format of assessment.ron: items tied to one objective, of four kinds, in form A or B.

use crate::scenario::Text;
use crate::scenario::load::HasFormat;
use crate::versions::{SCENARIO, Version};
use serde::{Deserialize, Serialize};

/// The name of the test file in a library folder.
pub const ASSESSMENT_FILE: &str = "assessment.ron";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub format: u32,
    #[serde(default)]
    pub title: Text,
    pub items: Vec<Item>,
}

/// One of the two parallel forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Form {
    A,
    B,
}

impl Form {
    pub fn parse(s: &str) -> Option<Form> {
        match s.trim() {
            "A" | "a" => Some(Form::A),
            "B" | "b" => Some(Form::B),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Form::A => "A",
            Form::B => "B",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    /// One correct option.
    Single,
    /// One or more correct options; right only when exactly those are chosen.
    Multiple,
    /// Options `true` and `false`, given by the format.
    TrueFalse,
    /// A short case: trafficking, smuggling, both or neither (one correct option).
    Vignette,
}

impl ItemKind {
    /// The name used in the answer key's JSON.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Single => "single",
            ItemKind::Multiple => "multiple",
            ItemKind::TrueFalse => "true_false",
            ItemKind::Vignette => "vignette",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestOption {
    pub id: String,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub form: Form,
    pub objective: String,
    pub kind: ItemKind,
    pub stem: Text,
    #[serde(default)]
    pub options: Vec<TestOption>,
    pub correct: Vec<String>,
    #[serde(default)]
    pub feedback: Text,
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Item {
    /// The options shown: the file's, or `true` / `false` for a true/false item.
    pub fn choices(&self) -> Vec<TestOption> {
        if self.kind == ItemKind::TrueFalse {
            return ["true", "false"]
                .into_iter()
                .map(|id| TestOption {
                    id: id.into(),
                    text: Text::Plain(if id == "true" { "True" } else { "False" }.into()),
                })
                .collect();
        }
        self.options.clone()
    }

    /// Whether exactly the correct options were chosen (order does not matter).
    pub fn is_right(&self, chosen: &[String]) -> bool {
        let mut a: Vec<&str> = chosen.iter().map(String::as_str).collect();
        let mut b: Vec<&str> = self.correct.iter().map(String::as_str).collect();
        a.sort_unstable();
        a.dedup();
        b.sort_unstable();
        b.dedup();
        a == b
    }
}

impl Assessment {
    /// The items of one form, in file order.
    pub fn form(&self, f: Form) -> Vec<&Item> {
        self.items.iter().filter(|i| i.form == f).collect()
    }
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

impl HasFormat for Assessment {
    const VERSION: Version = SCENARIO;
    fn format(&self) -> u32 {
        self.format
    }
}
