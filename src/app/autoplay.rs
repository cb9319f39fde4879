//! Scripted run for tests and demos: plays a scenario's best path in the real window, saves
//! start.png, library.png, play.png, debrief.png and dashboard.png, and exits (non-zero if anything fails or takes
//! too long).

use super::runner::Action;
use super::state::{Current, LibraryRes, Profile, Screen};
use crate::engine::seed_for;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_egui::EguiContexts;
use std::path::PathBuf;

pub fn plugin(id: String, dir: PathBuf) -> impl Fn(&mut App) {
    move |app: &mut App| {
        app.insert_resource(Autoplay {
            id: id.clone(),
            dir: dir.clone(),
            frames: 0,
            phase: Phase::Start,
            path: Vec::new(),
            seed: 0,
            pending: None,
            shot_start: false,
            shot_library: false,
            shot_play: false,
            shot_help: false,
            help_frames: 0,
            shot_test: false,
        })
        .add_systems(Update, drive);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Start,
    Library,
    Play,
    Debrief,
    /// With PEHCHAN_AUTOPLAY_WAIT_KEYS set: the debrief waits for real key presses (the window
    /// test sends F1, Esc and Page Down with xdotool) until its decisions come into view; the key
    /// help, when opened, is saved as help.png.
    WaitKeys,
    /// The facilitator dashboard (it overflows too, and is checked at every size).
    Dashboard,
    /// In workshop mode with a test: the post-test, answered right, saved as test.png (an item)
    /// and test-result.png (the result and the answers).
    Test,
    Done,
}

/// How long the debrief waits for key presses before giving up.
const KEY_WAIT: u32 = 1500;

#[derive(Resource)]
struct Autoplay {
    id: String,
    dir: PathBuf,
    frames: u32,
    phase: Phase,
    path: Vec<String>,
    seed: u64,
    /// A screenshot being written, and the frame it was asked for.
    pending: Option<(PathBuf, u32)>,
    shot_start: bool,
    shot_library: bool,
    shot_play: bool,
    shot_help: bool,
    /// Frames the key help has been open (it is saved once it has settled).
    help_frames: u32,
    shot_test: bool,
}

/// Frames to let the window settle before a screenshot (software rendering needs a few).
const SETTLE: u32 = 30;
const TIMEOUT: u32 = 4000;

fn drive(
    mut commands: Commands,
    mut ap: ResMut<Autoplay>,
    lib: Res<LibraryRes>,
    screen: Res<State<Screen>>,
    current: Option<Res<Current>>,
    mut profile: ResMut<Profile>,
    mut next: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<Action>,
    mut exit: MessageWriter<AppExit>,
    mut contexts: EguiContexts,
    help: Res<super::help::HelpOpen>,
    (launch, run): (
        Res<super::state::LaunchConfig>,
        Option<ResMut<super::screens::test::TestRun>>,
    ),
) {
    ap.frames += 1;
    if ap.frames > TIMEOUT {
        error!(
            "autoplay did not finish in {TIMEOUT} frames (phase {:?})",
            ap.phase
        );
        exit.write(AppExit::error());
        return;
    }
    // Wait for a screenshot to reach the disk before moving on.
    if let Some((path, asked)) = ap.pending.clone() {
        let written = std::fs::metadata(&path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if !written {
            if ap.frames - asked > 600 {
                error!("screenshot {} was not written", path.display());
                exit.write(AppExit::error());
            }
            return;
        }
        info!("saved {}", path.display());
        ap.pending = None;
        ap.frames = 0;
        if ap.phase == Phase::Done {
            exit.write(AppExit::Success);
        }
        if ap.phase == Phase::Test && run.is_none() {
            let plan = launch
                .0
                .workshop
                .as_deref()
                .and_then(|d| Some((d, crate::workshop::Workshop::load(d).ok()?.test?)));
            match (plan, lib.lib.assessment.clone()) {
                (Some((dir, plan)), Some(a)) => {
                    let phase = crate::assessment::Phase::Post;
                    commands.insert_resource(super::screens::test::TestRun::open(
                        a,
                        dir,
                        plan.form_of(phase),
                        phase,
                        &profile,
                    ));
                    next.set(Screen::Test);
                }
                _ => {
                    exit.write(AppExit::Success);
                }
            }
        }
        if ap.phase == Phase::Debrief && std::env::var_os("PEHCHAN_AUTOPLAY_WAIT_KEYS").is_some() {
            ap.phase = Phase::WaitKeys;
            let seen = contexts
                .ctx_mut()
                .map(|c| super::screens::debrief::decisions_in_view(c))
                .unwrap_or(false);
            let _ = std::fs::write(
                ap.dir.join("debrief-scroll.txt"),
                format!("before: in_view={seen}\n"),
            );
            info!("waiting for keys on the debrief");
        } else if ap.phase == Phase::Debrief {
            ap.phase = Phase::Dashboard;
            next.set(Screen::Dashboard);
        }
        return;
    }
    let shoot = |ap: &mut Autoplay, commands: &mut Commands, name: &str| {
        let path = ap.dir.join(name);
        let _ = std::fs::remove_file(&path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path.clone()));
        ap.pending = Some((path, ap.frames));
    };
    match (ap.phase, screen.get()) {
        (Phase::Start, Screen::Start) => {
            if ap.frames == 1 {
                if let Err(e) = std::fs::create_dir_all(&ap.dir) {
                    error!("cannot create {}: {e}", ap.dir.display());
                    exit.write(AppExit::error());
                    return;
                }
                let Some(ls) = lib.lib.get(&ap.id) else {
                    error!("no scenario `{}`", ap.id);
                    exit.write(AppExit::error());
                    return;
                };
                ap.path = ls.analysis.best_path.clone();
                ap.seed = seed_for(
                    &ls.scenario,
                    &ls.analysis.best_pick,
                    &ls.analysis.best_path,
                    10_000,
                )
                .unwrap_or(0);
                profile.participant = "DEMO".into();
                profile.role = "FIA officer".into();
            }
            if ap.frames == SETTLE && !ap.shot_start {
                ap.shot_start = true;
                shoot(&mut ap, &mut commands, "start.png");
                return;
            }
            if ap.shot_start {
                next.set(Screen::Library);
                ap.phase = Phase::Library;
                ap.frames = 0;
            }
        }
        (Phase::Library, Screen::Library) if !ap.shot_library && ap.frames >= SETTLE => {
            ap.shot_library = true;
            shoot(&mut ap, &mut commands, "library.png");
        }
        (Phase::Library, Screen::Library) if ap.shot_library => {
            actions.write(Action::Open {
                id: ap.id.clone(),
                seed: Some(ap.seed),
            });
            ap.phase = Phase::Play;
            ap.frames = 0;
        }
        (Phase::Play, Screen::Play) if ap.frames >= 12 => {
            let Some(cur) = current else { return };
            let k = cur.play.session.history().len();
            // The screenshot shows the third decision (or the last, for short paths).
            if !ap.shot_play && (k == 2.min(ap.path.len().saturating_sub(1)) && ap.frames >= SETTLE)
            {
                ap.shot_play = true;
                shoot(&mut ap, &mut commands, "play.png");
                return;
            }
            if ap.shot_play || k < 2.min(ap.path.len().saturating_sub(1)) {
                match ap.path.get(k) {
                    Some(c) => {
                        actions.write(Action::Choose(c.clone()));
                        ap.frames = 0;
                    }
                    None => {
                        error!("the best path ended before the case did");
                        exit.write(AppExit::error());
                    }
                }
            }
        }
        (Phase::Play, Screen::Debrief) => {
            ap.phase = Phase::Debrief;
            ap.frames = 0;
        }
        (Phase::Debrief, Screen::Debrief) if ap.frames == SETTLE => {
            shoot(&mut ap, &mut commands, "debrief.png");
        }
        (Phase::Dashboard, Screen::Dashboard) if ap.frames == SETTLE => {
            // In workshop mode the test comes next; without a test plan it ends there.
            ap.phase = if launch.0.workshop.is_some() {
                Phase::Test
            } else {
                Phase::Done
            };
            shoot(&mut ap, &mut commands, "dashboard.png");
        }
        (Phase::Test, Screen::Test) => {
            let Some(mut run) = run else { return };
            let a = run.assessment.clone();
            let items = a.form(run.record.form);
            let k = run.record.next_item(&a);
            if let Some(it) = items.get(k) {
                // Tick the right answer; the first item is shown ticked in test.png.
                if run.ticked.is_empty() {
                    run.ticked = it.correct.clone();
                    ap.frames = 0;
                }
                if !ap.shot_test && ap.frames == SETTLE {
                    ap.shot_test = true;
                    shoot(&mut ap, &mut commands, "test.png");
                } else if ap.shot_test && ap.frames >= 3 {
                    run.submit();
                    if let Some(e) = &run.save_error {
                        error!("the test record was not saved: {e}");
                        exit.write(AppExit::error());
                    }
                    ap.frames = 0;
                }
            } else if ap.frames == SETTLE {
                ap.phase = Phase::Done;
                shoot(&mut ap, &mut commands, "test-result.png");
            }
        }
        // The key help opened by a real F1 press is saved once, after it has been drawn.
        (Phase::WaitKeys, Screen::Debrief) if help.0 && !ap.shot_help => {
            ap.help_frames += 1;
            if ap.help_frames >= SETTLE {
                ap.shot_help = true;
                shoot(&mut ap, &mut commands, "help.png");
            }
        }
        (Phase::WaitKeys, Screen::Debrief) => {
            let Ok(ctx) = contexts.ctx_mut() else { return };
            let seen = super::screens::debrief::decisions_in_view(ctx);
            let s = super::ui::scroll::state(ctx, "debrief");
            if seen || ap.frames > KEY_WAIT {
                let line = format!(
                    "after: in_view={seen} offset={:.0} view={:.0} content={:.0}\n",
                    s.offset, s.view, s.content
                );
                let path = ap.dir.join("debrief-scroll.txt");
                let before = std::fs::read_to_string(&path).unwrap_or_default();
                let _ = std::fs::write(&path, before + &line);
                if !seen {
                    error!("no key brought the debrief's decisions into view");
                    exit.write(AppExit::error());
                    return;
                }
                ap.phase = Phase::Done;
                shoot(&mut ap, &mut commands, "debrief-scrolled.png");
            }
        }
        _ => {}
    }
}
