//! Headless app tests (MinimalPlugins + StatesPlugin, no window, no GPU): the screen flow and
//! choice → engine → autosaved record → debrief, and resuming an unfinished session.
#![cfg(feature = "app")]

mod common;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use pehchan::app::runner::Action;
use pehchan::app::state::{Current, DebriefRes, LibraryRes, Notice, Profile, Screen};
use pehchan::app::storage::Storage;
use pehchan::app::unsaved::Unsaved;
use pehchan::records::{Gender, SessionRecord};

fn headless(records: &std::path::Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    app.insert_resource(LibraryRes::from_library(common::fixture_lib()));
    app.insert_resource(
        Storage::at(
            records.join("records"),
            records.join("exports"),
            records.join("settings.ron"),
        )
        .unwrap(),
    );
    app.add_plugins((
        pehchan::app::state::plugin,
        pehchan::app::runner::plugin,
        pehchan::app::unsaved::plugin,
    ));
    // Retry a failed save on the next frame instead of after 2 s.
    app.world_mut().resource_mut::<Unsaved>().interval = 0.0;
    app.insert_resource(Profile {
        participant: "P07".into(),
        role: "FIA officer".into(),
        gender: Some(Gender::Female),
        ..default()
    });
    app.update();
    app
}

fn send(app: &mut App, a: Action) {
    app.world_mut().write_message(a);
    app.update();
    app.update(); // state transitions apply in the next frame
}

/// Opens the fixture case with a fixed seed.
fn open_mini(app: &mut App, seed: u64) {
    send(
        app,
        Action::Open {
            id: "airport-mini".into(),
            seed: Some(seed),
        },
    );
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn saved(app: &App) -> SessionRecord {
    let path = app.world().resource::<Current>().play.path.clone().unwrap();
    SessionRecord::load(&path).expect("the autosaved record loads")
}

#[test]
fn a_case_is_played_from_the_library_to_the_debrief_with_every_choice_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = headless(dir.path());
    assert_eq!(screen(&app), Screen::Start);
    open_mini(&mut app, 0);
    assert_eq!(screen(&app), Screen::Play);
    let rec = saved(&app);
    assert_eq!(
        (rec.participant.as_str(), rec.gender, rec.role.as_deref()),
        ("P07", Some(Gender::Female), Some("FIA officer"))
    );
    assert!(
        rec.choices.is_empty() && !rec.finished,
        "the record exists before the first choice"
    );

    let path = ["private", "interp-choice", "indicators", "refer-legal"];
    for (k, c) in path.iter().enumerate() {
        send(&mut app, Action::Choose(c.to_string()));
        if k + 1 < path.len() {
            assert_eq!(screen(&app), Screen::Play);
            assert_eq!(
                saved(&app).choices,
                path[..=k].to_vec(),
                "saved after choice {k}"
            );
        }
    }
    assert_eq!(screen(&app), Screen::Debrief);
    let d = &app.world().resource::<DebriefRes>().debrief;
    assert_eq!(
        d.ending.as_ref().map(|e| e.node.as_str()),
        Some("protected")
    );
    assert_eq!(d.total, d.total_best);
    let rec = saved(&app);
    assert!(rec.finished);
    assert_eq!(rec.ending.as_deref(), Some("protected"));

    send(&mut app, Action::SaveDebriefHtml);
    let exports: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(exports.len(), 1);
    let html = std::fs::read_to_string(exports[0].path()).unwrap();
    assert!(html.contains("<h2>Checklist</h2>") && html.contains("protected and referred"));

    send(&mut app, Action::ToLibrary);
    assert_eq!(screen(&app), Screen::Library);
    assert!(app.world().get_resource::<Current>().is_none());
}

#[test]
fn a_wrong_choice_is_reported_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = headless(dir.path());
    open_mini(&mut app, 0);
    send(&mut app, Action::Choose("no-such-choice".into()));
    assert_eq!(screen(&app), Screen::Play);
    assert!(
        app.world()
            .resource::<pehchan::app::state::Notice>()
            .0
            .as_deref()
            .unwrap()
            .contains("not available")
    );
    assert!(saved(&app).choices.is_empty());
    send(
        &mut app,
        Action::Open {
            id: "no-such-case".into(),
            seed: None,
        },
    );
    assert!(
        app.world()
            .resource::<pehchan::app::state::Notice>()
            .0
            .as_deref()
            .unwrap()
            .contains("no scenario")
    );
}

/// The notice the egui screens show, or "".
fn notice(app: &App) -> String {
    app.world()
        .resource::<Notice>()
        .0
        .clone()
        .unwrap_or_default()
}

/// Makes `dir` unwritable even for root: the folder is moved aside and a file takes its place.
fn block(dir: &std::path::Path) {
    std::fs::rename(dir, dir.with_extension("away")).unwrap();
    std::fs::write(dir, "not a folder").unwrap();
}

fn unblock(dir: &std::path::Path) {
    std::fs::remove_file(dir).unwrap();
    std::fs::rename(dir.with_extension("away"), dir).unwrap();
}

#[test]
fn an_unwritable_records_folder_keeps_the_session_in_memory_and_saves_it_when_it_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let mut app = headless(dir.path());
    open_mini(&mut app, 0);
    send(&mut app, Action::Choose("private".into()));
    let path = app.world().resource::<Current>().play.path.clone().unwrap();
    assert_eq!(SessionRecord::load(&path).unwrap().choices, ["private"]);

    // The folder goes away (a USB stick pulled out, a share gone) for the rest of the case.
    block(&records);
    send(&mut app, Action::Choose("interp-choice".into()));
    assert_eq!(screen(&app), Screen::Play, "the session goes on");
    let warning = notice(&app);
    assert!(warning.starts_with("Not saved yet"), "{warning}");
    for c in ["indicators", "refer-legal"] {
        send(&mut app, Action::Choose(c.into()));
    }
    assert_eq!(screen(&app), Screen::Debrief);
    for _ in 0..5 {
        app.update(); // retries fail while the folder is gone
    }
    assert_eq!(app.world().resource::<Unsaved>().len(), 1);

    // Back: the next retry writes the whole finished record; nothing was lost.
    unblock(&records);
    app.update();
    assert!(app.world().resource::<Unsaved>().is_empty());
    let rec = SessionRecord::load(&path).unwrap();
    assert!(rec.finished);
    assert_eq!(
        rec.choices,
        ["private", "interp-choice", "indicators", "refer-legal"]
    );
    let saved = notice(&app);
    assert!(saved.starts_with("Saved"), "{saved}");
}

#[test]
fn a_session_can_start_while_the_records_folder_is_unwritable_and_is_rescued_at_exit() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let mut app = headless(dir.path());
    block(&records);
    open_mini(&mut app, 0);
    assert_eq!(screen(&app), Screen::Play, "the case opens anyway");
    send(&mut app, Action::Choose("private".into()));
    assert_eq!(app.world().resource::<Unsaved>().len(), 1);
    // The app is closed before the folder comes back: what is pending goes to rescued/.
    app.world_mut().write_message(AppExit::Success);
    app.update();
    let rescued: Vec<_> = std::fs::read_dir(dir.path().join("rescued"))
        .unwrap()
        .flatten()
        .map(|e| SessionRecord::load(&e.path()).unwrap())
        .collect();
    assert_eq!(rescued.len(), 1);
    assert_eq!(rescued[0].choices, ["private"]);
}

#[test]
fn an_unfinished_session_resumes_exactly_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = headless(dir.path());
    open_mini(&mut app, 11);
    send(&mut app, Action::Choose("private".into()));
    send(&mut app, Action::Choose("interp-agent".into()));
    let before = app.world().resource::<Current>().play.session.step();
    let path = app.world().resource::<Current>().play.path.clone().unwrap();
    drop(app); // the power goes out

    let mut app = headless(dir.path());
    let storage = app.world().resource::<Storage>().clone();
    let (unfinished, unreadable) = storage.unfinished();
    assert!(unreadable.is_empty());
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].0, path);
    send(&mut app, Action::Resume(path.clone()));
    assert_eq!(screen(&app), Screen::Play);
    let cur = app.world().resource::<Current>();
    assert_eq!(cur.play.session.step(), before);
    assert_eq!(cur.play.record.choices, vec!["private", "interp-agent"]);
    // Playing on saves into the same file.
    send(&mut app, Action::Choose("dismiss".into()));
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(SessionRecord::load(&path).unwrap().finished);
}

#[test]
fn corrupted_record_files_are_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let app = headless(dir.path());
    let storage = app.world().resource::<Storage>().clone();
    let bad = storage.records.join("broken.ron");
    std::fs::write(&bad, "SessionRecord(format: 1, id: \"x\", scena").unwrap();
    let (found, unreadable) = storage.unfinished();
    assert!(found.is_empty());
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].contains("broken.ron"), "{}", unreadable[0]);
    assert!(bad.exists(), "never deleted");
}

#[test]
fn a_broken_edit_keeps_the_last_good_version_playable() {
    use pehchan::app::reload::reload;
    let dir = tempfile::tempdir().unwrap();
    let src = common::fixtures().join("lib");
    for f in ["curriculum.ron", "airport-mini.ron"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let mut res = LibraryRes::load(Some(dir.path().to_path_buf())).unwrap();
    let good_hash = res.lib.get("airport-mini").unwrap().hash.clone();

    // A typo in a goto: the file breaks, its diagnostics show, the old version stays.
    let file = dir.path().join("airport-mini.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("goto: \"story\"", "goto: \"stroy\"", 1),
    )
    .unwrap();
    reload(&mut res, dir.path());
    assert_eq!(
        res.lib.get("airport-mini").map(|s| s.hash.clone()),
        Some(good_hash.clone()),
        "last good version kept"
    );
    assert!(
        res.lib
            .diagnostics
            .iter()
            .any(|d| d.message.contains("`stroy`")),
        "{:#?}",
        res.lib.diagnostics
    );
    assert_eq!(res.generation, 1);

    // Fixed: the new version replaces it.
    std::fs::write(
        &file,
        text.replacen("Shift supervisor", "Duty supervisor", 1),
    )
    .unwrap();
    reload(&mut res, dir.path());
    let now = res.lib.get("airport-mini").unwrap();
    assert_ne!(now.hash, good_hash);
    assert!(res.lib.diagnostics.is_empty());

    // A broken curriculum keeps the whole previous library and says why.
    std::fs::write(dir.path().join("curriculum.ron"), "Curriculum(format: 1,").unwrap();
    reload(&mut res, dir.path());
    assert!(res.lib.get("airport-mini").is_some());
    assert!(!res.reload_errors.is_empty());
    assert_eq!(
        res.reload_errors[0].file,
        dir.path().join("curriculum.ron").display().to_string()
    );
}

#[test]
fn the_app_idles_unless_scripted() {
    use bevy::winit::UpdateMode;
    let s = pehchan::app::winit_settings(false, false);
    assert!(matches!(
        s.focused_mode,
        UpdateMode::Reactive { wait, react_to_device_events: false, .. } if wait.as_secs() == 60
    ));
    assert!(matches!(
        pehchan::app::winit_settings(false, true).focused_mode,
        UpdateMode::Reactive { wait, .. } if wait.as_secs() == 1
    ));
    assert!(matches!(
        pehchan::app::winit_settings(true, false).focused_mode,
        UpdateMode::Continuous
    ));
}

#[test]
fn room_mode_keeps_the_votes_of_each_decision_and_shows_them_in_the_debrief() {
    use pehchan::app::state::Mode;
    let dir = tempfile::tempdir().unwrap();
    let mut app = headless(dir.path());
    app.world_mut().resource_mut::<Profile>().mode = Mode::Room;
    open_mini(&mut app, 0);
    for _ in 0..12 {
        app.world_mut().write_message(Action::Vote {
            choice: "private".into(),
            delta: 1,
        });
    }
    for _ in 0..8 {
        app.world_mut().write_message(Action::Vote {
            choice: "detain".into(),
            delta: 1,
        });
    }
    app.world_mut().write_message(Action::Vote {
        choice: "detain".into(),
        delta: -1,
    });
    app.world_mut().write_message(Action::Vote {
        choice: "not-here".into(),
        delta: 1,
    });
    app.update();
    // Votes are saved before any choice is made.
    assert_eq!(
        saved(&app).room_votes,
        vec![[("detain".to_string(), 7), ("private".to_string(), 12)].into()]
    );

    let step = app.world().resource::<Current>().play.session.step();
    let votes = app.world().resource::<Current>().votes.clone();
    assert_eq!(
        pehchan::app::room::majority(&step, &votes).as_deref(),
        Some("private")
    );
    assert_eq!(
        pehchan::app::room::majority(&step, &Default::default()),
        None
    );

    send(&mut app, Action::Choose("private".into()));
    send(
        &mut app,
        Action::Vote {
            choice: "interp-agent".into(),
            delta: 5,
        },
    );
    send(
        &mut app,
        Action::Vote {
            choice: "interp-choice".into(),
            delta: 15,
        },
    );
    // chosen for discussion against the majority
    send(&mut app, Action::Choose("interp-agent".into()));
    send(&mut app, Action::Choose("dismiss".into()));
    assert_eq!(screen(&app), Screen::Debrief);
    let rec = saved(&app);
    assert_eq!(rec.room_votes.len(), 3);
    assert_eq!(rec.room_votes[1].get("interp-choice"), Some(&15));
    let room = &app.world().resource::<DebriefRes>().room;
    assert_eq!(room.len(), 3);
    let second = &room[1].options;
    assert!(
        second
            .iter()
            .any(|(t, v, taken)| t.starts_with("Let the waiting agent") && *v == 5 && *taken),
        "{second:?}"
    );
    assert!(
        second
            .iter()
            .any(|(t, v, taken)| t.starts_with("Call a staff interpreter") && *v == 15 && !*taken),
        "{second:?}"
    );
}
