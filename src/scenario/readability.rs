//! Reading level of a scenario's English text: Flesch-Kincaid grade of its narrative and feedback.
//!
//! Source tags (`[S12]`), placeholders (`{p.name}`) and bracketed references are left out before
//! counting, so a grade measures the words a participant reads. Syllables are counted with the
//! usual vowel-group rule (a silent final "e" dropped, at least one per word): close enough to rank
//! texts and to follow a rewrite, not a linguist's count.

use super::model::Scenario;
use serde::Serialize;

/// The grade the library's feedback aims at or below.
pub const TARGET_GRADE: f64 = 8.0;

/// Counts of a body of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    /// Words in the longest sentence.
    pub longest: usize,
}

impl Counts {
    /// Counts of one text.
    pub fn of(text: &str) -> Counts {
        let clean = strip_refs(text);
        let mut c = Counts::default();
        for sentence in sentences(&clean) {
            let words: Vec<&str> = sentence
                .split(|ch: char| ch.is_whitespace() || ch == '/' || ch == '—' || ch == '–')
                .map(|w| w.trim_matches(|ch: char| !ch.is_alphanumeric()))
                .filter(|w| w.chars().any(|ch| ch.is_alphabetic()))
                .collect();
            if words.is_empty() {
                continue;
            }
            c.sentences += 1;
            c.words += words.len();
            c.syllables += words.iter().map(|w| syllables(w)).sum::<usize>();
            c.longest = c.longest.max(words.len());
        }
        c
    }

    pub fn add(&mut self, o: Counts) {
        self.sentences += o.sentences;
        self.words += o.words;
        self.syllables += o.syllables;
        self.longest = self.longest.max(o.longest);
    }

    /// Flesch-Kincaid grade level (None for no words).
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let w = self.words as f64;
        Some(0.39 * w / self.sentences as f64 + 11.8 * self.syllables as f64 / w - 15.59)
    }

    /// Mean words per sentence.
    pub fn words_per_sentence(&self) -> f64 {
        if self.sentences == 0 {
            0.0
        } else {
            self.words as f64 / self.sentences as f64
        }
    }
}

/// One feedback string and its grade, for finding the hardest ones.
#[derive(Debug, Clone, Serialize)]
pub struct Hard {
    pub node: String,
    pub choice: String,
    pub grade: f64,
    pub text: String,
}

/// The reading level of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Readability {
    /// Node texts, choice texts and the premise.
    pub narrative: Counts,
    /// Choice feedback.
    pub feedback: Counts,
    /// Feedback strings, hardest first.
    pub hardest: Vec<Hard>,
}

/// Measures a scenario's English narrative and feedback.
pub fn measure(sc: &Scenario) -> Readability {
    let mut narrative = Counts::of(sc.premise.en());
    let mut feedback = Counts::default();
    let mut hardest = Vec::new();
    for (id, n) in &sc.nodes {
        narrative.add(Counts::of(n.text.en()));
        for c in &n.choices {
            narrative.add(Counts::of(c.text.en()));
            if let Some(f) = &c.feedback {
                let k = Counts::of(f.en());
                feedback.add(k);
                if let Some(g) = k.grade() {
                    hardest.push(Hard {
                        node: id.clone(),
                        choice: c.id.clone(),
                        grade: g,
                        text: f.en().to_string(),
                    });
                }
            }
        }
    }
    hardest.sort_by(|a, b| b.grade.total_cmp(&a.grade));
    Readability {
        narrative,
        feedback,
        hardest,
    }
}

/// The text without `[...]` references and with each `{placeholder}` read as a one-syllable name.
fn strip_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth_sq = 0usize;
    let mut in_brace = false;
    for ch in text.chars() {
        match ch {
            '[' => depth_sq += 1,
            ']' => depth_sq = depth_sq.saturating_sub(1),
            '{' if depth_sq == 0 => {
                in_brace = true;
                out.push_str("Ali");
            }
            '}' => in_brace = false,
            _ if depth_sq > 0 || in_brace => {}
            _ => out.push(ch),
        }
    }
    out
}

/// Sentences: split after `.`, `!` or `?` followed by a space or the end, and at line breaks.
/// A full stop inside an abbreviation such as "s.8" or "e.g." does not end a sentence.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, &ch) in b.iter().enumerate() {
        let end = matches!(ch, b'.' | b'!' | b'?') || ch == b'\n';
        let next_space = b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if end && next_space {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Syllables of one English word by vowel groups.
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    if w.iter().any(|c| !c.is_ascii()) {
        return 1;
    }
    if w.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut n = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    let l = w.len();
    // A silent final "e" ("make"), but not "-le" after a consonant ("table").
    let consonant_le = w[l - 2] == 'l' && !vowel(w[l - 3]);
    if w[l - 1] == 'e' && !consonant_le && n > 1 {
        n -= 1;
    }
    // "-es" and "-ed" endings that add no syllable ("makes", "named").
    if l > 3 && (w.ends_with(&['e', 's']) || w.ends_with(&['e', 'd'])) {
        let before = w[l - 3];
        if !matches!(before, 't' | 'd' | 's' | 'x' | 'z' | 'c' | 'g') && n > 1 {
            n -= 1;
        }
    }
    n.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_counts_of_common_words() {
        for (w, n) in [
            ("the", 1),
            ("make", 1),
            ("table", 2),
            ("police", 2),
            ("trafficking", 3),
            ("interpreter", 4),
            ("named", 1),
            ("wanted", 2),
            ("identification", 6),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn tags_and_placeholders_are_not_read() {
        let c = Counts::of("Ask {p.name} first [S35][S41]. Then call 1121.");
        assert_eq!(c.sentences, 2);
        // "Ask Ali first" + "Then call" (the number is not a word).
        assert_eq!(c.words, 5);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let c = Counts::of("Under s.8 the police act. FIA acts abroad.");
        assert_eq!(c.sentences, 2);
    }

    #[test]
    fn longer_sentences_and_words_grade_higher() {
        let easy = Counts::of("Keep her safe. Ask her first. Then call the unit.");
        let hard = Counts::of(
            "Identification of potential victims necessitates comprehensive consideration of \
             indicators, circumstances and institutional responsibilities before registration.",
        );
        assert!(easy.grade().unwrap() < 3.0, "{:?}", easy.grade());
        assert!(hard.grade().unwrap() > 14.0, "{:?}", hard.grade());
    }
}
