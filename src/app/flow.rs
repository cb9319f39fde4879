//! The runner: turns `Action`s into engine calls, autosaves the record after every choice, and moves
//! between screens. It draws nothing, so headless tests drive it with `MinimalPlugins`.

use super::state::{
    Action, Current, DebriefRes, LibraryRes, Mode, Notice, Profile, RoomDecision, Screen,
};
use super::storage::Storage;
use crate::engine::Session;
use crate::records::{RecordError, SessionRecord, now};
use crate::scoring::{debrief, html::debrief_html};
use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.add_systems(Update, handle_actions);
}

fn handle_actions(
    mut commands: Commands,
    mut actions: MessageReader<Action>,
    lib: Res<LibraryRes>,
    storage: Res<Storage>,
    profile: Res<Profile>,
    mut current: Option<ResMut<Current>>,
    debrief_res: Option<Res<DebriefRes>>,
    mut next: ResMut<NextState<Screen>>,
    mut notice: ResMut<Notice>,
    mut exit: MessageWriter<AppExit>,
) {
    for action in actions.read() {
        match action {
            Action::Open { id, seed } => match open(&lib, &storage, &profile, id, *seed) {
                Ok(c) => {
                    commands.insert_resource(c);
                    commands.remove_resource::<DebriefRes>();
                    notice.0 = None;
                    next.set(Screen::Play);
                }
                Err(e) => notice.0 = Some(e),
            },
            Action::Vote { choice, delta } => {
                let Some(cur) = current.as_deref_mut() else {
                    continue;
                };
                if !cur.room || !cur.session.step().choices.iter().any(|c| &c.id == choice) {
                    continue;
                }
                let v = cur.votes.entry(choice.clone()).or_insert(0);
                *v = (*v as i64 + *delta as i64).clamp(0, 9999) as u32;
                store_votes(cur);
                if let Err(e) = cur.record.save(&cur.path) {
                    notice.0 = Some(format!("could not save the votes: {e}"));
                }
            }
            Action::Choose(id) => {
                let Some(cur) = current.as_deref_mut() else {
                    continue;
                };
                if cur.room {
                    store_votes(cur);
                }
                if let Err(e) = cur.session.choose(id) {
                    notice.0 = Some(e.to_string());
                    continue;
                }
                cur.record.update(&cur.session);
                cur.votes.clear();
                if let Err(e) = cur.record.save(&cur.path) {
                    notice.0 = Some(format!("could not save your progress: {e}"));
                }
                if cur.session.is_finished() {
                    commands.insert_resource(make_debrief(&lib, cur));
                    next.set(Screen::Debrief);
                }
            }
            Action::Resume(path) => match resume(&lib, path) {
                Ok(c) => {
                    let finished = c.session.is_finished();
                    if finished {
                        commands.insert_resource(make_debrief(&lib, &c));
                    }
                    commands.insert_resource(c);
                    notice.0 = None;
                    next.set(if finished {
                        Screen::Debrief
                    } else {
                        Screen::Play
                    });
                }
                Err(e) => notice.0 = Some(e),
            },
            Action::ToLibrary => {
                commands.remove_resource::<Current>();
                next.set(Screen::Library);
            }
            Action::SaveDebriefHtml => {
                let Some(d) = debrief_res.as_deref() else {
                    continue;
                };
                let name = format!(
                    "debrief-{}-{}-{}.html",
                    safe(&d.participant),
                    d.debrief.scenario_id,
                    d.finished_at.replace([':', '-'], "")
                );
                let path = storage.exports.join(name);
                notice.0 = Some(
                    match crate::records::write_atomic(
                        &path,
                        debrief_html(&d.debrief, &d.participant, &d.finished_at).as_bytes(),
                    ) {
                        Ok(()) => format!("Saved to {}", path.display()),
                        Err(e) => format!("Could not save the debrief: {e}"),
                    },
                );
            }
            Action::Quit => {
                exit.write(AppExit::Success);
            }
        }
    }
}

fn safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Keeps the current decision's votes in the record, so a crash loses none of them.
fn store_votes(cur: &mut Current) {
    let k = cur.session.history().len();
    cur.record.room_votes.resize(k + 1, Default::default());
    cur.record.room_votes[k] = cur.votes.clone();
}

/// The room's votes at each decision with the options' texts, beside the option taken.
pub fn room_decisions(cur: &Current) -> Vec<RoomDecision> {
    if cur.record.room_votes.is_empty() {
        return Vec::new();
    }
    cur.session
        .history()
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let votes = cur.record.room_votes.get(k);
            let node = &cur.ls.scenario.nodes[&t.node];
            let options = node
                .choices
                .iter()
                .filter(|c| votes.is_some_and(|v| v.contains_key(&c.id)) || c.id == t.choice)
                .map(|c| {
                    let n = votes.and_then(|v| v.get(&c.id)).copied().unwrap_or(0);
                    (cur.session.render(&c.text), n, c.id == t.choice)
                })
                .collect();
            RoomDecision {
                number: k + 1,
                options,
            }
        })
        .collect()
}

fn make_debrief(lib: &LibraryRes, cur: &Current) -> DebriefRes {
    DebriefRes {
        debrief: debrief(&cur.ls, &lib.lib.curriculum, &cur.session),
        room: room_decisions(cur),
        participant: cur.record.participant.clone(),
        finished_at: now(),
    }
}

/// Starts a session and writes its first record, so even a crash at the first choice loses nothing.
pub fn open(
    lib: &LibraryRes,
    storage: &Storage,
    profile: &Profile,
    id: &str,
    seed: Option<u64>,
) -> Result<Current, String> {
    let ls = lib
        .lib
        .get(id)
        .ok_or_else(|| format!("no scenario `{id}` in the library"))?
        .clone();
    let seed = seed.unwrap_or_else(rand::random);
    let session = Session::start(ls.scenario.clone(), seed, "en").map_err(|e| e.to_string())?;
    let participant = if profile.participant.trim().is_empty() {
        "anonymous".to_string()
    } else {
        profile.participant.trim().to_string()
    };
    let mut record = SessionRecord::new(&ls, seed, &participant, "en");
    record.gender = profile.gender;
    record.role = (!profile.role.is_empty()).then(|| profile.role.clone());
    let path = storage.records.join(record.file_name());
    record
        .save(&path)
        .map_err(|e| format!("could not save the session record: {e}"))?;
    Ok(Current {
        ls,
        session,
        record,
        path,
        votes: Default::default(),
        room: profile.mode == Mode::Room,
    })
}

/// Replays an unfinished record exactly where it stopped.
pub fn resume(lib: &LibraryRes, path: &std::path::Path) -> Result<Current, String> {
    let record = SessionRecord::load(path).map_err(|e| e.to_string())?;
    let ls = lib
        .lib
        .get(&record.scenario_id)
        .ok_or_else(|| RecordError::UnknownScenario(record.scenario_id.clone()).to_string())?
        .clone();
    let (session, _) = record.replay(&lib.lib).map_err(|e| e.to_string())?;
    let room = !record.room_votes.is_empty();
    let votes = record
        .room_votes
        .get(session.history().len())
        .cloned()
        .unwrap_or_default();
    Ok(Current {
        ls,
        session,
        record,
        path: path.to_path_buf(),
        votes,
        room,
    })
}
