//! `Text`: a plain string or a map of language code to string, so translations need no format
//! change.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The language a plain string is taken to be written in.
pub const DEFAULT_LANG: &str = "en";

/// A text field: `"..."` or `{"en": "...", "ur": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Lang(BTreeMap<String, String>),
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

impl Text {
    /// The text in `lang`, falling back to English, then to any language present.
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Lang(m) => m
                .get(lang)
                .or_else(|| m.get(DEFAULT_LANG))
                .or_else(|| m.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    /// The English (default) text.
    pub fn en(&self) -> &str {
        self.get(DEFAULT_LANG)
    }

    /// Whether the text has a version in `lang` (a plain string counts as English).
    pub fn has(&self, lang: &str) -> bool {
        match self {
            Text::Plain(_) => lang == DEFAULT_LANG,
            Text::Lang(m) => m.contains_key(lang),
        }
    }

    /// The languages this text is available in.
    pub fn langs(&self) -> Vec<&str> {
        match self {
            Text::Plain(_) => vec![DEFAULT_LANG],
            Text::Lang(m) => m.keys().map(String::as_str).collect(),
        }
    }

    /// Every string of this text, in every language.
    pub fn all(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s.as_str()],
            Text::Lang(m) => m.values().map(String::as_str).collect(),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_string())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(t) => s.serialize_str(t),
            Text::Lang(m) => m.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a string, or a map of language code to string such as \
                     {\"en\": \"...\", \"ur\": \"...\"}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::Plain(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Text, A::Error> {
                let mut m = BTreeMap::new();
                while let Some((k, v)) = a.next_entry::<String, String>()? {
                    m.insert(k, v);
                }
                if m.is_empty() {
                    return Err(de::Error::custom("a language map needs at least one entry"));
                }
                Ok(Text::Lang(m))
            }
        }
        d.deserialize_any(V)
    }
}
