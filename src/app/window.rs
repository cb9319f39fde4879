//! The window: F11 toggles borderless full screen on the current monitor, and the display settings
//! are saved whenever they change (text size, full screen, projector preset).

use super::state::Settings;
use super::storage::Storage;
use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SavedSettings>().add_systems(
        Update,
        (
            toggle_fullscreen,
            apply_mode.run_if(resource_changed::<Settings>),
            save_settings,
        )
            .chain(),
    );
}

/// The window mode for the full-screen setting. Esc never leaves full screen: only F11 does.
pub fn mode(fullscreen: bool) -> WindowMode {
    if fullscreen {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    }
}

fn toggle_fullscreen(keys: Res<ButtonInput<KeyCode>>, mut settings: ResMut<Settings>) {
    if keys.just_pressed(KeyCode::F11) {
        settings.fullscreen = !settings.fullscreen;
    }
}

fn apply_mode(settings: Res<Settings>, mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    let want = mode(settings.fullscreen);
    for mut w in &mut windows {
        if w.mode != want {
            w.mode = want;
        }
    }
}

/// The settings as they are on disk: loaded once at start-up, then what was last saved. A setting
/// given on the command line differs from it, and so is saved.
#[derive(Resource, Debug, Clone, Default)]
pub struct SavedSettings(pub Settings);

/// Writes the settings when they differ from what was last saved, at most once a second (a
/// dragged slider changes them every frame), and once more when the app closes.
fn save_settings(
    settings: Res<Settings>,
    storage: Res<Storage>,
    time: Res<Time<Real>>,
    exits: MessageReader<AppExit>,
    mut saved: ResMut<SavedSettings>,
    mut last_write: Local<f32>,
) {
    let now = time.elapsed_secs();
    let closing = !exits.is_empty();
    if saved.0 == *settings || (!closing && now - *last_write < 1.0) {
        return;
    }
    match settings.save(&storage.settings) {
        Ok(()) => {
            saved.0 = settings.clone();
            *last_write = now;
        }
        Err(e) => warn!(
            "{}: cannot save display settings: {e}",
            storage.settings.display()
        ),
    }
}
