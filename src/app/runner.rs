//! The runner: turns `Action`s into engine calls, autosaves the record after every choice, and
//! moves between screens. It draws nothing, so headless tests drive it with `MinimalPlugins`.

use super::room;
use super::state::{Current, DebriefRes, LibraryRes, Mode, Notice, Profile, Screen};
use super::storage::Storage;
use super::unsaved::Unsaved;
use crate::records::{PlayError, Playthrough, RecordError, SaveTo, now};
use crate::scoring::{debrief, html::debrief_html};
use bevy::prelude::*;
use std::path::PathBuf;

/// What the user (or the autoplay script) asks for; handled by the runner.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Action {
    /// Start a new session of a scenario; `seed` None draws one.
    Open {
        id: String,
        seed: Option<u64>,
    },
    Choose(String),
    /// Room mode: add (or, with a negative delta, remove) votes for a choice at this decision.
    Vote {
        choice: String,
        delta: i32,
    },
    /// Resume the unfinished record at this path.
    Resume(PathBuf),
    ToLibrary,
    SaveDebriefHtml,
    Quit,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Unsaved>()
        .add_systems(Update, handle_actions);
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
    mut unsaved: ResMut<Unsaved>,
) {
    for action in actions.read() {
        match action {
            Action::Open { id, seed } => match open(&lib, &storage, &profile, id, *seed) {
                Ok(c) => {
                    // The first save: a records folder that cannot be written does not stop the
                    // session; the record is kept in memory and retried.
                    notice.0 = None;
                    remember(&mut unsaved, &mut notice, &c.play, c.play.save());
                    commands.insert_resource(c);
                    commands.remove_resource::<DebriefRes>();
                    next.set(Screen::Play);
                }
                Err(e) => notice.0 = Some(e),
            },
            Action::Vote { choice, delta } => {
                let Some(cur) = current.as_deref_mut() else {
                    continue;
                };
                if room::vote(cur, choice, *delta) {
                    remember(&mut unsaved, &mut notice, &cur.play, cur.play.save());
                }
            }
            Action::Choose(id) => {
                let Some(cur) = current.as_deref_mut() else {
                    continue;
                };
                if cur.room {
                    room::store_votes(cur);
                }
                match cur.play.choose(id) {
                    Ok(_) => remember(&mut unsaved, &mut notice, &cur.play, Ok(())),
                    Err(PlayError::Engine(e)) => {
                        notice.0 = Some(e.to_string());
                        continue;
                    }
                    Err(PlayError::Save(e)) => {
                        remember(&mut unsaved, &mut notice, &cur.play, Err(e))
                    }
                }
                cur.votes.clear();
                if cur.play.session.is_finished() {
                    commands.insert_resource(make_debrief(&lib, cur));
                    next.set(Screen::Debrief);
                }
            }
            Action::Resume(path) => match resume(&lib, path) {
                Ok(c) => {
                    let finished = c.play.session.is_finished();
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
                    crate::strings::file_safe(&d.participant),
                    d.debrief.scenario_id,
                    d.finished_at.replace([':', '-'], "")
                );
                let path = storage.exports.join(name);
                notice.0 = Some(
                    match crate::files::write_atomic(
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

/// Keeps a record whose save failed, to retry; forgets older versions once one save succeeds.
fn remember(
    unsaved: &mut Unsaved,
    notice: &mut Notice,
    play: &Playthrough,
    saved: Result<(), RecordError>,
) {
    let Some(path) = &play.path else {
        return;
    };
    match saved {
        Ok(()) => unsaved.saved(path),
        Err(e) => {
            unsaved.failed(path, &play.record, e.to_string());
            notice.0 = unsaved.warning();
        }
    }
}

fn make_debrief(lib: &LibraryRes, cur: &Current) -> DebriefRes {
    DebriefRes {
        debrief: debrief(&cur.ls, &lib.lib.curriculum, &cur.play.session),
        room: room::decisions(cur),
        participant: cur.play.record.participant.clone(),
        finished_at: now(),
    }
}

/// Starts a session; the caller saves its first record at once, so even a crash at the first
/// choice loses nothing.
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
    let participant = if profile.participant.trim().is_empty() {
        "anonymous".to_string()
    } else {
        profile.participant.trim().to_string()
    };
    let to = SaveTo::Folder(storage.records.clone());
    let play = Playthrough::begin(&ls, seed, &participant, "en", to, |record| {
        record.gender = profile.gender;
        record.role = (!profile.role.is_empty()).then(|| profile.role.clone());
    })
    .map_err(|e| match e {
        PlayError::Engine(e) => e.to_string(),
        PlayError::Save(e) => format!("could not save the session record: {e}"),
    })?;
    Ok(Current {
        ls,
        play,
        votes: Default::default(),
        room: profile.mode == Mode::Room,
    })
}

/// Replays an unfinished record exactly where it stopped.
pub fn resume(lib: &LibraryRes, path: &std::path::Path) -> Result<Current, String> {
    let play = Playthrough::resume(&lib.lib, path).map_err(|e| e.to_string())?;
    let ls = lib
        .lib
        .get(&play.record.scenario_id)
        .ok_or_else(|| RecordError::UnknownScenario(play.record.scenario_id.clone()).to_string())?
        .clone();
    let room = !play.record.room_votes.is_empty();
    let votes = play
        .record
        .room_votes
        .get(play.session.history().len())
        .cloned()
        .unwrap_or_default();
    Ok(Current {
        ls,
        play,
        votes,
        room,
    })
}
