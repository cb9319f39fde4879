//! The knowledge test's CSV export: one row per participant per answered item, ids only.

use crate::assessment::{Assessment, TestRecord};
use crate::records::Gender;
use serde::Serialize;

pub const TEST_COLUMNS: [&str; 13] = [
    "workshop",
    "record_id",
    "participant",
    "gender",
    "role",
    "phase",
    "form",
    "item",
    "objective",
    "chosen",
    "correct",
    "right",
    "finished",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerRow {
    pub workshop: String,
    pub record_id: String,
    pub participant: String,
    pub gender: &'static str,
    pub role: String,
    pub phase: &'static str,
    pub form: &'static str,
    pub item: String,
    pub objective: String,
    /// Option ids joined by `+`.
    pub chosen: String,
    pub correct: String,
    pub right: bool,
    pub finished: bool,
}

/// The rows of test records (answers to items no longer in the test are left out).
pub fn answer_rows(workshop: &str, a: &Assessment, records: &[TestRecord]) -> Vec<AnswerRow> {
    let mut out = Vec::new();
    for r in records {
        let gender = r.gender.map_or("", Gender::label);
        for ans in &r.answers {
            let Some(it) = a.item(&ans.item) else {
                continue;
            };
            out.push(AnswerRow {
                workshop: super::csv::cell(workshop),
                record_id: r.id.clone(),
                participant: super::csv::cell(&r.participant),
                gender,
                role: super::csv::cell(r.role.as_deref().unwrap_or("")),
                phase: r.phase.name(),
                form: r.form.name(),
                item: it.id.clone(),
                objective: it.objective.clone(),
                chosen: ans.chosen.join("+"),
                correct: it.correct.join("+"),
                right: it.is_right(&ans.chosen),
                finished: r.finished,
            });
        }
    }
    out
}

/// The CSV text, with a header even without rows.
pub fn answers_csv(rows: &[AnswerRow]) -> Result<String, ::csv::Error> {
    super::csv::write_csv(&TEST_COLUMNS, rows)
}
