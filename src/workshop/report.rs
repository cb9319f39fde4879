//! The workshop report: every record replayed once and aggregated by participant, scenario,
//! objective, decision point, SOP step and ending; `summary()` is the "read N, skipped M" line.

use super::collect::Collected;
use super::model::Workshop;
use super::stats::Stats;
use super::tally::Tally;
use crate::engine::Session;
use crate::records::{Gender, RecordError, SessionRecord};
use crate::scenario::Library;
use crate::scenario::model::OutcomeClass;
use crate::scoring::Debrief;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::compare::{Comparison, compare};

/// Everything a facilitator reports about one workshop; serialisable for JSON and HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub workshop: Option<WorkshopInfo>,
    pub read: ReadSummary,
    /// Everyone with a readable record, even if that record could not be scored.
    pub participants: Participants,
    pub sessions: SessionCounts,
    /// Per curriculum objective, over the finished sessions of every scenario that scores it.
    pub objectives: Vec<ObjectiveStats>,
    pub scenarios: Vec<ScenarioReport>,
    /// Steps missed in at least one finished session, most missed first.
    pub most_missed: Vec<StepCount>,
    /// Steps violated in at least one session, most violated first.
    pub most_violated: Vec<StepCount>,
    pub endings: Endings,
    /// The knowledge test's gains, when the library has a test and the folder has test records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<crate::assessment::TestReport>,
    /// With a comparison: the first workshop's pre-test against the last one's post-test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_assessment: Option<crate::assessment::TestReport>,
}

/// The workshop's public details (facilitators' names are left out of reports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopInfo {
    pub title: String,
    pub city: String,
    pub venue: String,
    pub dates: Vec<String>,
    pub series: Option<String>,
    pub series_order: Option<u32>,
}

impl From<&Workshop> for WorkshopInfo {
    fn from(w: &Workshop) -> Self {
        WorkshopInfo {
            title: w.title.clone(),
            city: w.city.clone(),
            venue: w.venue.clone(),
            dates: w.dates.clone(),
            series: w.series.clone(),
            series_order: w.series_order,
        }
    }
}

/// What was read: files = records + duplicates + unreadable files; records = counted + not
/// replayable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadSummary {
    /// Record files found under records/.
    pub files: usize,
    /// Further copies of a record already read (same id); each record is counted once.
    pub duplicates: usize,
    /// Distinct readable records.
    pub records: usize,
    /// Records replayed and counted.
    pub counted: usize,
    pub skipped: Vec<SkippedItem>,
}

/// Why a file or record was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// Corrupted, another format version, or not a session record at all.
    Unreadable,
    /// A record of a scenario the library does not have.
    UnknownScenario,
    /// The scenario file changed since the record was made; it is not rescored.
    ScenarioChanged,
    /// The recorded choices do not play in the scenario.
    NotReplayable,
}

impl SkipKind {
    pub fn label(self) -> &'static str {
        match self {
            SkipKind::Unreadable => "unreadable or not a session record",
            SkipKind::UnknownScenario => "scenario not in the library",
            SkipKind::ScenarioChanged => "scenario changed since the record was made",
            SkipKind::NotReplayable => "choices do not replay",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedItem {
    /// A file path, or "record ID (participant, scenario)".
    pub what: String,
    pub kind: SkipKind,
    pub reason: String,
}

/// Counts by self-declared sex, as UN reporting asks ("20 participants, 8 female, 12 male").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BySex {
    pub female: usize,
    pub male: usize,
    pub other: usize,
    pub not_stated: usize,
}

impl BySex {
    pub fn add(&mut self, g: Option<Gender>) {
        match g {
            Some(Gender::Female) => self.female += 1,
            Some(Gender::Male) => self.male += 1,
            Some(Gender::Other) => self.other += 1,
            None => self.not_stated += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.female + self.male + self.other + self.not_stated
    }

    /// ("female", n), ("male", n), ("other", n), ("not stated", n).
    pub fn rows(&self) -> [(&'static str, usize); 4] {
        [
            ("female", self.female),
            ("male", self.male),
            ("other", self.other),
            ("not stated", self.not_stated),
        ]
    }
}

/// Distinct participant codes. A participant's sex and role are the first ones stated in their
/// records (in record order); a participant who never stated one is counted as "not stated".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Participants {
    pub total: usize,
    pub by_sex: BySex,
    /// By role (alphabetical; not stated last), each broken down by sex.
    pub by_role: Vec<RoleCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleCount {
    pub role: Option<String>,
    pub by_sex: BySex,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCounts {
    pub sessions: usize,
    pub finished: usize,
    pub unfinished: usize,
}

/// The class average of the share of an objective's range reached (0 = worst possible run,
/// 1 = best possible run, as on the debrief bars), over finished sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveStats {
    pub id: String,
    pub code: String,
    pub title: String,
    /// None when no finished session scored it.
    pub stats: Option<Stats>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioReport {
    pub id: String,
    pub title: String,
    pub sessions: SessionCounts,
    pub objectives: Vec<ObjectiveStats>,
    /// Decision points reached at least once, in story order.
    pub decisions: Vec<DecisionTable>,
    pub endings: Vec<EndingCount>,
    pub by_class: ClassCounts,
}

/// How a class chose at one decision point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionTable {
    pub scenario: String,
    pub node: String,
    /// The node's text; placeholders show every variant's value ("Shazia/Imran").
    pub prompt: String,
    /// Decisions taken here (a session may pass a point more than once).
    pub decisions: usize,
    /// Of these, how many were among the best choices open at that moment.
    pub among_best: usize,
    /// Every option of the node, in the scenario's order.
    pub options: Vec<OptionCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    pub id: String,
    pub text: String,
    pub feedback: String,
    /// Points over all objectives.
    pub points: i64,
    /// Among the best choices here in at least one reachable situation.
    pub best: bool,
    pub chosen: usize,
}

/// How often an SOP step was checked, done, missed or violated, across sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepCount {
    pub sop: String,
    pub id: String,
    /// 1-based position in the SOP.
    pub number: usize,
    pub title: String,
    /// Sessions whose checklist showed the step.
    pub checked: usize,
    pub done: usize,
    pub out_of_order: usize,
    /// Finished sessions that never did it (an unfinished session has not missed it yet).
    pub missed: usize,
    pub violated: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndingCount {
    pub scenario: String,
    pub node: String,
    pub outcome: OutcomeClass,
    pub summary: String,
    pub count: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCounts {
    pub protected: usize,
    pub partial: usize,
    pub harmful: usize,
}

impl ClassCounts {
    pub const CLASSES: [OutcomeClass; 3] = [
        OutcomeClass::Protected,
        OutcomeClass::Partial,
        OutcomeClass::Harmful,
    ];

    pub fn get(&self, c: OutcomeClass) -> usize {
        match c {
            OutcomeClass::Protected => self.protected,
            OutcomeClass::Partial => self.partial,
            OutcomeClass::Harmful => self.harmful,
        }
    }

    pub fn add(&mut self, c: OutcomeClass, n: usize) {
        match c {
            OutcomeClass::Protected => self.protected += n,
            OutcomeClass::Partial => self.partial += n,
            OutcomeClass::Harmful => self.harmful += n,
        }
    }

    pub fn total(&self) -> usize {
        self.protected + self.partial + self.harmful
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Endings {
    pub by_class: ClassCounts,
    /// Every ending reached, per scenario and node.
    pub by_node: Vec<EndingCount>,
}

impl Report {
    /// "read 12 record file(s): 9 counted, 1 duplicate copy ignored, 2 skipped (1 unreadable or
    /// not a session record, 1 scenario changed since the record was made)". Every report shows it.
    pub fn summary(&self) -> String {
        let r = &self.read;
        let mut s = format!(
            "read {} record file(s): {} counted, {} duplicate cop{} ignored, {} skipped",
            r.files,
            r.counted,
            r.duplicates,
            if r.duplicates == 1 { "y" } else { "ies" },
            r.skipped.len()
        );
        let kinds = self.skipped_by_kind();
        if !kinds.is_empty() {
            let why: Vec<String> = kinds
                .iter()
                .map(|(k, n)| format!("{n} {}", k.label()))
                .collect();
            s.push_str(&format!(" ({})", why.join(", ")));
        }
        s
    }

    /// How many were skipped for each reason, in `SkipKind` order.
    pub fn skipped_by_kind(&self) -> Vec<(SkipKind, usize)> {
        let mut m: BTreeMap<SkipKind, usize> = BTreeMap::new();
        for s in &self.read.skipped {
            *m.entry(s.kind).or_default() += 1;
        }
        m.into_iter().collect()
    }

    pub fn scenario(&self, id: &str) -> Option<&ScenarioReport> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}

impl ScenarioReport {
    pub fn decision(&self, node: &str) -> Option<&DecisionTable> {
        self.decisions.iter().find(|d| d.node == node)
    }
}

impl DecisionTable {
    pub fn option(&self, id: &str) -> Option<&OptionCount> {
        self.options.iter().find(|o| o.id == id)
    }
}

/// Replays every collected record against `lib` and aggregates the results.
pub fn report(lib: &Library, collected: &Collected, workshop: Option<&Workshop>) -> Report {
    report_with(lib, collected, workshop, |_, _, _| {})
}

/// `report`, calling `visit` with each counted record, its replayed session and debrief (for
/// exports that need per-decision rows, without replaying twice).
pub fn report_with(
    lib: &Library,
    collected: &Collected,
    workshop: Option<&Workshop>,
    mut visit: impl FnMut(&SessionRecord, &Session, &Debrief),
) -> Report {
    let mut tally = Tally::new(lib);
    let mut skipped: Vec<SkippedItem> = collected
        .skipped
        .iter()
        .map(|s| SkippedItem {
            what: s.file.display().to_string(),
            kind: SkipKind::Unreadable,
            reason: s.reason.clone(),
        })
        .collect();
    let mut counted = 0;
    for rec in &collected.records {
        match rec.replay(lib) {
            Ok((session, debrief)) => {
                tally.add(&rec.scenario_id, &session, &debrief);
                visit(rec, &session, &debrief);
                counted += 1;
            }
            Err(e) => skipped.push(SkippedItem {
                what: format!(
                    "record {} ({}, {})",
                    &rec.id[..rec.id.len().min(12)],
                    rec.participant,
                    rec.scenario_id
                ),
                kind: match e {
                    RecordError::UnknownScenario(_) => SkipKind::UnknownScenario,
                    RecordError::ScenarioChanged { .. } => SkipKind::ScenarioChanged,
                    RecordError::Replay(_) => SkipKind::NotReplayable,
                    RecordError::Io { .. }
                    | RecordError::Malformed(_)
                    | RecordError::Format { .. } => SkipKind::Unreadable,
                },
                reason: e.to_string(),
            }),
        }
    }
    let t = tally.finish();
    Report {
        workshop: workshop.map(WorkshopInfo::from),
        read: ReadSummary {
            files: collected.files,
            duplicates: collected.duplicates,
            records: collected.records.len(),
            counted,
            skipped,
        },
        participants: participants(&collected.records),
        sessions: t.sessions,
        objectives: t.objectives,
        scenarios: t.scenarios,
        most_missed: t.most_missed,
        most_violated: t.most_violated,
        endings: t.endings,
        assessment: None,
        series_assessment: None,
    }
}

/// Distinct participant codes with the first sex and role each stated.
fn participants(records: &[SessionRecord]) -> Participants {
    let mut people: BTreeMap<&str, (Option<Gender>, Option<&str>)> = BTreeMap::new();
    for r in records {
        let p = people.entry(r.participant.as_str()).or_default();
        p.0 = p.0.or(r.gender);
        if p.1.is_none() {
            p.1 = r.role.as_deref().map(str::trim).filter(|x| !x.is_empty());
        }
    }
    let mut by_sex = BySex::default();
    let mut roles: BTreeMap<(bool, &str), BySex> = BTreeMap::new();
    for (g, role) in people.values() {
        by_sex.add(*g);
        roles
            .entry((role.is_none(), role.unwrap_or("")))
            .or_default()
            .add(*g);
    }
    Participants {
        total: people.len(),
        by_sex,
        by_role: roles
            .into_iter()
            .map(|((none, role), by_sex)| RoleCount {
                role: (!none).then(|| role.to_string()),
                by_sex,
            })
            .collect(),
    }
}
