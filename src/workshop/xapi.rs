//! xAPI 1.0.3 statements from session records: `answered` per decision, `completed` per finished
//! run.

use super::model::Workshop;
use crate::engine::Session;
use crate::records::{RecordError, SessionRecord};
use crate::scenario::model::{Node, Scenario};
use crate::scenario::text::{DEFAULT_LANG, Text};
use crate::scenario::{Library, LoadedScenario};
use crate::scoring::{Debrief, choice_values};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use crate::strings::first_sentence;

/// The IRI every Pehchan activity, account and extension lives under.
pub const BASE: &str = "https://pehchan.local";
/// `account.homePage` of participants.
pub const PARTICIPANTS: &str = "https://pehchan.local/participants";
/// Result extension: objective id → {earned, best, worst}.
pub const EXT_OBJECTIVES: &str = "https://pehchan.local/xapi/objectives";
/// Result extension: the ending reached, {node, outcome}.
pub const EXT_ENDING: &str = "https://pehchan.local/xapi/ending";
/// Context extensions: self-declared gender and role (only when the record has them), the record id
/// and, on `answered`, the decision's 1-based number.
pub const EXT_GENDER: &str = "https://pehchan.local/xapi/gender";
pub const EXT_ROLE: &str = "https://pehchan.local/xapi/role";
pub const EXT_RECORD: &str = "https://pehchan.local/xapi/record";
pub const EXT_DECISION: &str = "https://pehchan.local/xapi/decision";

pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const TYPE_SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
const TYPE_MEETING: &str = "http://adlnet.gov/expapi/activities/meeting";

/// A record that gave no statements, and why (unknown or changed scenario, a choice that cannot be
/// replayed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRecord {
    pub record: String,
    pub reason: String,
}

/// The statements of `records`, in record order, each record's decisions first and then its
/// `completed` statement; records that cannot be replayed against `lib` are skipped, with the
/// reason.
///
/// Statement ids are name-based UUIDs of (record id, decision number or "completed"), so the same
/// records always give the same statements and an LRS keeps one copy however often they are sent.
/// The actor is the participant's pseudonymous code as an account, never a name.
pub fn statements(
    lib: &Library,
    workshop: Option<&Workshop>,
    records: &[SessionRecord],
) -> (Vec<Value>, Vec<SkippedRecord>) {
    let grouping = workshop.map(grouping).unwrap_or_default();
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for rec in records {
        if rec.participant.trim().is_empty() {
            skipped.push(SkippedRecord {
                record: rec.id.clone(),
                reason: "the record has no participant code".into(),
            });
            continue;
        }
        let replayed = lib
            .get(&rec.scenario_id)
            .ok_or_else(|| RecordError::UnknownScenario(rec.scenario_id.clone()))
            .and_then(|ls| Ok((ls, rec.replay(lib)?)));
        match replayed {
            Ok((ls, (session, d))) => out.extend(of_record(ls, rec, &session, &d, &grouping)),
            Err(e) => skipped.push(SkippedRecord {
                record: rec.id.clone(),
                reason: e.to_string(),
            }),
        }
    }
    (out, skipped)
}

/// The namespace of statement ids: UUID v5 of `https://pehchan.local/xapi/statements` (URL
/// namespace).
pub fn namespace() -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        b"https://pehchan.local/xapi/statements",
    )
}

/// The id of the statement for decision `number` (1-based) of a record, or of its completion
/// (`number` None): UUID v5 of "<record id>/<number>" or "<record id>/completed".
pub fn statement_id(record_id: &str, number: Option<usize>) -> Uuid {
    let name = match number {
        Some(n) => format!("{record_id}/{n}"),
        None => format!("{record_id}/completed"),
    };
    Uuid::new_v5(&namespace(), name.as_bytes())
}

/// The registration of a session: the record's 128-bit id with the RFC 4122 version (4) and variant
/// bits set, so strict LRSs accept it; an id that is not 32 hex digits gets a name-based UUID.
pub fn registration(record_id: &str) -> Uuid {
    match u128::from_str_radix(record_id, 16) {
        Ok(v) if record_id.len() == 32 => {
            uuid::Builder::from_random_bytes(v.to_be_bytes()).into_uuid()
        }
        _ => Uuid::new_v5(&namespace(), format!("registration/{record_id}").as_bytes()),
    }
}

/// The activity id of a scenario, or of one of its nodes.
pub fn activity_id(scenario: &str, node: Option<&str>) -> String {
    match node {
        Some(n) => format!("{BASE}/scenarios/{}/{}", segment(scenario), segment(n)),
        None => format!("{BASE}/scenarios/{}", segment(scenario)),
    }
}

/// The statements of one replayed record.
fn of_record(
    ls: &LoadedScenario,
    rec: &SessionRecord,
    session: &Session,
    d: &Debrief,
    grouping: &[Value],
) -> Vec<Value> {
    let sc = &ls.scenario;
    let lang = session.lang();
    let scenario_activity = scenario_activity(sc, lang);
    let mut out = Vec::new();
    for (k, (taken, review)) in session.history().iter().zip(&d.decisions).enumerate() {
        let node = &sc.nodes[&taken.node];
        let values = choice_values(ls, &taken.node, &taken.before);
        let offered: Vec<usize> = (0..node.choices.len())
            .filter(|&i| taken.before.holds(&node.choices[i].requires))
            .collect();
        let best = offered
            .iter()
            .filter_map(|i| values.get(i).copied().flatten())
            .max();
        let correct: Vec<&str> = offered
            .iter()
            .filter(|&i| best.is_some() && values.get(i).copied().flatten() == best)
            .map(|&i| node.choices[i].id.as_str())
            .collect();
        let mut result = json!({
            "response": review.chosen.id,
            "score": { "raw": review.chosen.points },
        });
        if best.is_some() {
            // The debrief names a better choice exactly when the one made was not among the best.
            result["success"] = json!(review.better.is_none());
        }
        let mut context = context(rec, lang, grouping);
        context["contextActivities"]["parent"] = json!([scenario_activity.clone()]);
        context["extensions"][EXT_DECISION] = json!(k + 1);
        let mut s = json!({
            "id": statement_id(&rec.id, Some(k + 1)).to_string(),
            "actor": actor(rec),
            "verb": verb(VERB_ANSWERED, "answered"),
            "object": interaction(sc, session, &taken.node, node, &offered, &correct),
            "result": result,
            "context": context,
        });
        // Records keep no per-decision times; the start time keeps the statement the same on every
        // export, however much the session went on afterwards.
        put_timestamp(&mut s, &rec.started_at);
        out.push(s);
    }
    if session.is_finished() {
        let mut s = json!({
            "id": statement_id(&rec.id, None).to_string(),
            "actor": actor(rec),
            "verb": verb(VERB_COMPLETED, "completed"),
            "object": scenario_activity,
            "result": completed_result(ls, rec, d),
            "context": context(rec, lang, grouping),
        });
        put_timestamp(&mut s, &rec.updated_at);
        out.push(s);
    }
    out
}

/// Sets the statement's timestamp to a record time; one that is not RFC 3339 is left to the LRS
/// (which then uses the time it stored the statement).
pub(super) fn put_timestamp(statement: &mut Value, time: &str) {
    if humantime::parse_rfc3339_weak(time).is_ok() {
        statement["timestamp"] = json!(time);
    }
}

/// The `completed` result: total against the best this session's variants allowed, per objective
/// too.
fn completed_result(ls: &LoadedScenario, rec: &SessionRecord, d: &Debrief) -> Value {
    let objectives: Map<String, Value> = d
        .objectives
        .iter()
        .map(|o| {
            let v = json!({ "earned": o.earned, "best": o.best, "worst": o.worst });
            (o.id.clone(), v)
        })
        .collect();
    let mut result = json!({
        "score": {
            "scaled": scaled(d.total, d.total_best),
            "raw": d.total,
            "min": ls.analysis.worst_total.min(d.total),
            "max": d.total_best.max(d.total),
        },
        "completion": true,
        "extensions": { EXT_OBJECTIVES: objectives },
    });
    if let Some(e) = &d.ending {
        result["extensions"][EXT_ENDING] = json!({ "node": e.node, "outcome": e.outcome });
    }
    if let Some(t) = duration(&rec.started_at, &rec.updated_at) {
        result["duration"] = json!(t);
    }
    result
}

/// Total earned over total best, clamped to [-1, 1]; when the best is 0 or less: 1 if it was
/// reached, else 0.
pub fn scaled(total: i64, best: i64) -> f64 {
    if best > 0 {
        (total as f64 / best as f64).clamp(-1.0, 1.0)
    } else if total >= best {
        1.0
    } else {
        0.0
    }
}

/// An ISO 8601 duration ("PT4M30S") between two RFC 3339 times, if both parse and are in order.
pub(super) fn duration(from: &str, to: &str) -> Option<String> {
    let from = humantime::parse_rfc3339_weak(from).ok()?;
    let to = humantime::parse_rfc3339_weak(to).ok()?;
    let secs = to.duration_since(from).ok()?.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    Some(match (h, m) {
        (0, 0) => format!("PT{s}S"),
        (0, _) => format!("PT{m}M{s}S"),
        _ => format!("PT{h}H{m}M{s}S"),
    })
}

fn actor(rec: &SessionRecord) -> Value {
    actor_code(&rec.participant)
}

/// The participant's pseudonymous code as an xAPI account.
pub(super) fn actor_code(code: &str) -> Value {
    json!({
        "objectType": "Agent",
        "account": { "homePage": PARTICIPANTS, "name": code },
    })
}

pub(super) fn verb(id: &str, display: &str) -> Value {
    json!({ "id": id, "display": { "en-US": display } })
}

/// Registration, language, platform, the workshop as grouping, and the record's self-declared data.
fn context(rec: &SessionRecord, lang: &str, grouping: &[Value]) -> Value {
    context_of(&rec.id, rec.gender, rec.role.as_deref(), lang, grouping)
}

/// The context of any record: its id, self-declared gender and role, language and workshop.
pub(super) fn context_of(
    id: &str,
    gender: Option<crate::records::Gender>,
    role: Option<&str>,
    lang: &str,
    grouping: &[Value],
) -> Value {
    let mut ext = Map::new();
    ext.insert(EXT_RECORD.into(), json!(id));
    if let Some(g) = gender {
        ext.insert(EXT_GENDER.into(), json!(g.label()));
    }
    if let Some(r) = role.filter(|r| !r.trim().is_empty()) {
        ext.insert(EXT_ROLE.into(), json!(r));
    }
    let mut c = json!({
        "registration": registration(id).to_string(),
        "language": lang,
        "platform": "Pehchan",
        "extensions": ext,
    });
    if !grouping.is_empty() {
        c["contextActivities"]["grouping"] = json!(grouping);
    }
    c
}

fn scenario_activity(sc: &Scenario, lang: &str) -> Value {
    let mut def = json!({ "type": TYPE_SIMULATION });
    put_text(&mut def, "name", &sc.title, sc.title.get(lang), lang);
    put_text(
        &mut def,
        "description",
        &sc.premise,
        sc.premise.get(lang),
        lang,
    );
    json!({ "objectType": "Activity", "id": activity_id(&sc.id, None), "definition": def })
}

/// A decision point as a cmi.interaction of type "choice": the choices offered, the best of them.
fn interaction(
    sc: &Scenario,
    session: &Session,
    node_id: &str,
    node: &Node,
    offered: &[usize],
    correct: &[&str],
) -> Value {
    let lang = session.lang();
    let mut def = json!({ "type": TYPE_INTERACTION, "interactionType": "choice" });
    put_text(
        &mut def,
        "name",
        &node.text,
        first_sentence(&session.render(&node.text)),
        lang,
    );
    if !correct.is_empty() {
        // One pattern per best choice: any one of them is a correct response.
        def["correctResponsesPattern"] = json!(correct);
    }
    let choices: Vec<Value> = offered
        .iter()
        .map(|&i| {
            let c = &node.choices[i];
            let mut v = json!({ "id": c.id });
            put_text(
                &mut v,
                "description",
                &c.text,
                &session.render(&c.text),
                lang,
            );
            v
        })
        .collect();
    def["choices"] = json!(choices);
    json!({ "objectType": "Activity", "id": activity_id(&sc.id, Some(node_id)), "definition": def })
}

/// Sets `obj[key]` to a language map of `shown` (rendered from `t`), unless it is empty (xAPI
/// language maps hold non-empty strings).
pub(super) fn put_text(obj: &mut Value, key: &str, t: &Text, shown: &str, lang: &str) {
    let shown = shown.trim();
    if !shown.is_empty() {
        obj[key] = json!({ text_lang(t, lang): shown });
    }
}

/// The language `t.get(lang)` is really written in (it falls back to English, then to any).
fn text_lang<'a>(t: &'a Text, lang: &'a str) -> &'a str {
    if t.has(lang) {
        lang
    } else if t.has(DEFAULT_LANG) {
        DEFAULT_LANG
    } else {
        t.langs().into_iter().next().unwrap_or(lang)
    }
}

/// The workshop (and the series it belongs to) as grouping activities.
pub(super) fn grouping(w: &Workshop) -> Vec<Value> {
    let mut place: Vec<&str> = [w.city.as_str(), w.venue.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let dates = w.dates.join(" to ");
    if !dates.is_empty() {
        place.push(&dates);
    }
    let mut def = json!({ "type": TYPE_MEETING });
    if !w.title.trim().is_empty() {
        def["name"] = json!({ DEFAULT_LANG: w.title.trim() });
    }
    if !place.is_empty() {
        def["description"] = json!({ DEFAULT_LANG: place.join(", ") });
    }
    let key = format!("{}\n{}\n{}", w.title, w.city, w.dates.join(","));
    let mut out = vec![json!({
        "objectType": "Activity",
        "id": format!("{BASE}/workshops/{}", slug_id(&w.title, &key)),
        "definition": def,
    })];
    if let Some(series) = w.series.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push(json!({
            "objectType": "Activity",
            "id": format!("{BASE}/series/{}", slug_id(series, series)),
            "definition": { "type": TYPE_MEETING, "name": { DEFAULT_LANG: series.trim() } },
        }));
    }
    out
}

/// "karachi-tip-som-3f2a9c1e": a readable slug of `title` and 8 hex digits of the hash of `key`.
fn slug_id(title: &str, key: &str) -> String {
    let mut slug = String::new();
    for w in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + w.len() > 48 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w.to_ascii_lowercase());
    }
    let hash: String = Sha256::digest(key.as_bytes())[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if slug.is_empty() {
        hash
    } else {
        format!("{slug}-{hash}")
    }
}

/// Percent-encodes everything but unreserved characters, for one IRI path segment.
pub(super) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
