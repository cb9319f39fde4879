//! xAPI statements of knowledge tests: each answer as a cmi.interaction with the response and the
//! correct-responses pattern, and one scored `completed` statement per finished test.

use super::model::Workshop;
use super::xapi::{
    BASE, EXT_OBJECTIVES, SkippedRecord, VERB_ANSWERED, VERB_COMPLETED, actor_code, context_of,
    duration, grouping, put_text, put_timestamp, segment, statement_id, verb,
};
use crate::assessment::{Assessment, Fingerprints, ItemKind, TestRecord};
use serde_json::{Map, Value, json};

const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const TYPE_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
/// Context extension: "pre" or "post".
pub const EXT_PHASE: &str = "https://pehchan.local/xapi/test-phase";

/// The activity id of a test form, or of one of its items.
pub fn test_activity_id(form: &str, item: Option<&str>) -> String {
    match item {
        Some(i) => format!("{BASE}/tests/{}/{}", segment(form), segment(i)),
        None => format!("{BASE}/tests/{}", segment(form)),
    }
}

/// A response in xAPI's form: choice ids joined by `[,]`.
fn response(chosen: &[String]) -> String {
    chosen.join("[,]")
}

/// The statements of test records; a record whose items changed since is skipped, with the reason.
pub fn test_statements(
    a: &Assessment,
    workshop: Option<&Workshop>,
    records: &[TestRecord],
) -> (Vec<Value>, Vec<SkippedRecord>) {
    let groups = workshop.map(grouping).unwrap_or_default();
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let keys = Fingerprints::of(a);
    for r in records {
        let result = match keys.score(r) {
            Ok(x) => x,
            Err(changed) => {
                skipped.push(SkippedRecord {
                    record: r.id.clone(),
                    reason: format!(
                        "test items changed since it was taken ({}); not exported",
                        changed.join(", ")
                    ),
                });
                continue;
            }
        };
        let lang = if r.lang.is_empty() { "en" } else { &r.lang };
        let mut ctx = context_of(&r.id, r.gender, r.role.as_deref(), lang, &groups);
        ctx["extensions"][EXT_PHASE] = json!(r.phase.name());
        let form = r.form.name();
        for (n, ans) in r.answers.iter().enumerate() {
            let Some(it) = a.item(&ans.item) else {
                continue;
            };
            let kind = if it.kind == ItemKind::TrueFalse {
                "true-false"
            } else {
                "choice"
            };
            let mut def = json!({ "type": TYPE_INTERACTION, "interactionType": kind });
            put_text(&mut def, "name", &it.stem, it.stem.get(lang), lang);
            let mut correct = it.correct.clone();
            correct.sort();
            def["correctResponsesPattern"] = json!([response(&correct)]);
            if it.kind != ItemKind::TrueFalse {
                let choices: Vec<Value> = it
                    .choices()
                    .iter()
                    .map(|o| {
                        let mut v = json!({ "id": o.id });
                        put_text(&mut v, "description", &o.text, o.text.get(lang), lang);
                        v
                    })
                    .collect();
                def["choices"] = json!(choices);
            }
            let mut chosen = ans.chosen.clone();
            chosen.sort();
            let mut s = json!({
                "id": statement_id(&r.id, Some(n + 1)).to_string(),
                "actor": actor_code(&r.participant),
                "verb": verb(VERB_ANSWERED, "answered"),
                "object": {
                    "objectType": "Activity",
                    "id": test_activity_id(form, Some(&it.id)),
                    "definition": def,
                },
                "result": { "response": response(&chosen), "success": it.is_right(&ans.chosen) },
                "context": ctx.clone(),
            });
            put_timestamp(&mut s, &r.updated_at);
            out.push(s);
        }
        if r.finished {
            let objectives: Map<String, Value> = result
                .per_objective
                .iter()
                .map(|(k, v)| (k.clone(), json!({ "right": v.right, "of": v.of })))
                .collect();
            let mut def = json!({ "type": TYPE_ASSESSMENT });
            def["name"] = json!({ "en-US": format!("Knowledge test, form {form}") });
            let mut res = json!({
                "score": {
                    "scaled": if result.of == 0 { 0.0 } else { f64::from(result.right) / f64::from(result.of) },
                    "raw": result.right,
                    "min": 0,
                    "max": result.of,
                },
                "completion": true,
                "extensions": { EXT_OBJECTIVES: objectives },
            });
            if let Some(t) = duration(&r.started_at, &r.updated_at) {
                res["duration"] = json!(t);
            }
            let mut s = json!({
                "id": statement_id(&r.id, None).to_string(),
                "actor": actor_code(&r.participant),
                "verb": verb(VERB_COMPLETED, "completed"),
                "object": { "objectType": "Activity", "id": test_activity_id(form, None), "definition": def },
                "result": res,
                "context": ctx,
            });
            put_timestamp(&mut s, &r.updated_at);
            out.push(s);
        }
    }
    (out, skipped)
}
