//! The per-decision CSV export: one row per participant per decision, ids and codes only (no free
//! text). The columns are documented in docs/workshop.md.

use crate::records::{Gender, SessionRecord};
use crate::scoring::Debrief;
use serde::Serialize;

/// The header row, in column order.
pub const COLUMNS: [&str; 14] = [
    "workshop",
    "record_id",
    "participant",
    "gender",
    "role",
    "scenario_id",
    "decision",
    "node",
    "choice_id",
    "points",
    "among_best",
    "ending",
    "outcome",
    "finished",
];

/// One decision of one session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRow {
    pub workshop: String,
    pub record_id: String,
    pub participant: String,
    /// "female", "male", "other", or empty when not stated.
    pub gender: &'static str,
    pub role: String,
    pub scenario_id: String,
    /// 1-based.
    pub decision: usize,
    pub node: String,
    pub choice_id: String,
    /// Points of the choice over all objectives.
    pub points: i64,
    /// Whether the choice was among the best open at that moment.
    pub among_best: bool,
    /// The ending node, empty while unfinished.
    pub ending: String,
    /// Protected, Partial or Harmful; empty while unfinished.
    pub outcome: String,
    pub finished: bool,
}

/// The rows of one counted record, from its replayed debrief.
pub fn rows(workshop: &str, rec: &SessionRecord, d: &Debrief) -> Vec<DecisionRow> {
    let gender = rec.gender.map_or("", Gender::label);
    let (ending, outcome) = match &d.ending {
        Some(e) => (e.node.clone(), format!("{:?}", e.outcome)),
        None => (String::new(), String::new()),
    };
    d.decisions
        .iter()
        .map(|r| DecisionRow {
            workshop: cell(workshop),
            record_id: cell(&rec.id),
            participant: cell(&rec.participant),
            gender,
            role: cell(rec.role.as_deref().unwrap_or("")),
            scenario_id: cell(&d.scenario_id),
            decision: r.number,
            node: cell(&r.node),
            choice_id: cell(&r.chosen.id),
            points: r.chosen.points,
            among_best: r.better.is_none(),
            ending: cell(&ending),
            outcome: outcome.clone(),
            finished: d.finished,
        })
        .collect()
}

/// The CSV text (header and rows, RFC 4180 quoting).
pub fn to_csv(rows: &[DecisionRow]) -> Result<String, ::csv::Error> {
    write_csv(&COLUMNS, rows)
}

/// A header and rows as CSV text; the header is written by hand so that it is there even
/// without rows.
pub(super) fn write_csv<R: Serialize>(header: &[&str], rows: &[R]) -> Result<String, ::csv::Error> {
    let mut w = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.serialize(r)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))?;
    String::from_utf8(bytes)
        .map_err(|e| ::csv::Error::from(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, return first)
/// gets a leading apostrophe, so a crafted participant code cannot become a formula.
pub(super) fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}
