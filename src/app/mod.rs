//! The Bevy app: screens as states, the play screen in Bevy UI, the debrief and forms in egui.
//!
//! The runner (`runner`) turns actions into engine calls and autosaves; the screens only draw what
//! the core computed and send actions.

pub mod autoplay;
pub mod help;
pub mod reload;
pub mod room;
pub mod runner;
pub mod screens;
pub mod state;
pub mod storage;
pub mod ui;
pub mod unsaved;
pub mod window;

use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::EguiPlugin;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// What the command line asks of the app.
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    /// A library folder to play and hot-reload instead of the bundled library.
    pub scenarios: Option<PathBuf>,
    /// Open this scenario directly.
    pub scenario: Option<String>,
    /// Play this scenario's best path and save screenshots into `screenshots`, then exit.
    pub autoplay: Option<String>,
    pub screenshots: PathBuf,
    /// Save records in this workshop folder's records/.
    pub workshop: Option<PathBuf>,
    /// Another workshop folder of the series for the dashboard to compare with.
    pub compare: Option<PathBuf>,
    /// Start in full screen (and remember it).
    pub fullscreen: bool,
    /// The window's size in pixels (default 1280×800).
    pub window_size: Option<(u32, u32)>,
    /// Text size to start with (and remember).
    pub text_scale: Option<f32>,
}

/// When the app wakes up. It draws only on input (keys, mouse, window events); with nothing
/// happening it wakes once a minute, or every second while it watches a library folder for changes.
/// A scripted run needs frames to keep coming.
pub fn winit_settings(autoplay: bool, watching: bool) -> WinitSettings {
    if autoplay {
        return WinitSettings {
            focused_mode: UpdateMode::Continuous,
            unfocused_mode: UpdateMode::Continuous,
        };
    }
    let wait = Duration::from_secs(if watching { 1 } else { 60 });
    WinitSettings {
        focused_mode: UpdateMode::Reactive {
            wait,
            react_to_device_events: false,
            react_to_user_events: true,
            react_to_window_events: true,
        },
        unfocused_mode: UpdateMode::reactive_low_power(wait),
    }
}

/// Opens the window and runs until it is closed.
pub fn run(config: AppConfig) -> ExitCode {
    let launched = state::Launched(std::time::Instant::now());
    let library = match state::LibraryRes::load(config.scenarios.clone()) {
        Ok(l) => l,
        Err(diags) => {
            for d in &diags {
                eprintln!("{}\n", d.render());
            }
            eprintln!("the library cannot be opened: its curriculum has errors");
            return ExitCode::FAILURE;
        }
    };
    let storage = match storage::Storage::new(config.workshop.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(id) = config.autoplay.as_ref().or(config.scenario.as_ref())
        && library.lib.get(id).is_none()
    {
        let ids: Vec<&str> = library
            .lib
            .scenarios
            .iter()
            .map(|s| s.scenario.id.as_str())
            .collect();
        eprintln!(
            "no scenario `{id}` in the library; scenarios: {}",
            ids.join(", ")
        );
        return ExitCode::FAILURE;
    }
    let saved = state::Settings::load(&storage.settings);
    let mut settings = saved.clone();
    if config.fullscreen {
        settings.fullscreen = true;
    }
    if let Some(s) = config.text_scale {
        settings.text_scale = s.clamp(state::Settings::MIN, state::Settings::MAX);
    }
    let (width, height) = config.window_size.unwrap_or((1280, 800));
    let autoplaying = config.autoplay.is_some();
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Pehchan — victim identification, protection and referral".into(),
                    resolution: WindowResolution::new(width, height),
                    mode: window::mode(settings.fullscreen),
                    present_mode: PresentMode::AutoVsync,
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "warn,pehchan=info,wgpu=error,naga=error".into(),
                ..default()
            }),
    )
    .add_plugins(EguiPlugin::default())
    // Idle when nobody touches it; a scripted run needs frames to keep coming.
    .insert_resource(winit_settings(autoplaying, config.scenarios.is_some()))
    .insert_resource(library)
    .insert_resource(settings)
    .insert_resource(window::SavedSettings(saved))
    .insert_resource(storage)
    .insert_resource(state::LaunchConfig(config.clone()))
    .insert_resource(launched)
    .add_plugins((
        state::plugin,
        ui::plugin,
        runner::plugin,
        screens::plugin,
        reload::plugin,
        window::plugin,
        help::plugin,
        unsaved::plugin,
    ));
    if std::env::var_os("PEHCHAN_LOG_FPS").is_some() {
        app.add_systems(Update, log_frames);
    }
    if let Some(id) = &config.autoplay {
        app.add_plugins(autoplay::plugin(id.clone(), config.screenshots.clone()));
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// With PEHCHAN_LOG_FPS set: how many frames ran in each 5 s, to check that the app idles.
fn log_frames(time: Res<Time<Real>>, mut frames: Local<u32>, mut since: Local<f32>) {
    *frames += 1;
    *since += time.delta_secs();
    if *since >= 5.0 {
        info!("{} frames in {:.1} s", *frames, *since);
        *frames = 0;
        *since = 0.0;
    }
}
