//! App states and resources: the screen, the library, the participant profile, the session in play.

use crate::records::{Gender, Playthrough};
use crate::scenario::{Diagnostic, Library, LoadedScenario};
use crate::scoring::Debrief;
use bevy::prelude::*;
use std::path::PathBuf;

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<Profile>()
        .init_resource::<Settings>()
        .init_resource::<Notice>()
        .add_message::<super::runner::Action>();
}

/// One state per screen; each screen despawns its UI on exit.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Start,
    Library,
    Play,
    Debrief,
    /// The facilitator's view of the records collected so far.
    Dashboard,
    /// The knowledge test (pre or post), in workshop mode.
    Test,
}

/// When `run` was called: the start screen logs the time to its first interactive frame.
#[derive(Resource, Clone, Copy)]
pub struct Launched(pub std::time::Instant);

/// The command line the app was started with.
#[derive(Resource, Clone)]
pub struct LaunchConfig(pub super::AppConfig);

/// The scenarios on offer, with the diagnostics of files that could not be loaded.
#[derive(Resource)]
pub struct LibraryRes {
    pub lib: Library,
    /// The folder being watched, or None for the bundled library.
    pub dir: Option<PathBuf>,
    /// Problems from the last reload that left the previous version in place.
    pub reload_errors: Vec<Diagnostic>,
    /// Bumped on each reload, so screens can redraw.
    pub generation: u64,
}

impl LibraryRes {
    pub fn load(dir: Option<PathBuf>) -> Result<Self, Vec<Diagnostic>> {
        let lib = match &dir {
            Some(d) => Library::load_dir(d)?,
            None => Library::bundled()?,
        };
        Ok(LibraryRes {
            lib,
            dir,
            reload_errors: Vec::new(),
            generation: 0,
        })
    }

    pub fn from_library(lib: Library) -> Self {
        LibraryRes {
            lib,
            dir: None,
            reload_errors: Vec::new(),
            generation: 0,
        }
    }
}

/// Who is playing. The code is pseudonymous: names are never asked for.
#[derive(Resource, Debug, Clone, Default)]
pub struct Profile {
    pub participant: String,
    pub role: String,
    pub gender: Option<Gender>,
    pub mode: Mode,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    SelfStudy,
    Workshop,
    /// One projector for the room: the facilitator enters the room's votes at each decision.
    Room,
}

/// The session in play; its record is autosaved after every change.
#[derive(Resource)]
pub struct Current {
    pub ls: LoadedScenario,
    pub play: Playthrough,
    /// Room mode: the votes entered at the current decision.
    pub votes: std::collections::BTreeMap<String, u32>,
    pub room: bool,
}

/// The room's votes at one decision, beside the option taken.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomDecision {
    pub number: usize,
    /// (option text, votes, whether it was taken)
    pub options: Vec<(String, u32, bool)>,
}

/// The debrief of the session that just ended (or was left).
#[derive(Resource, Clone)]
pub struct DebriefRes {
    pub debrief: Debrief,
    /// Room mode: the distribution of votes at each decision (empty otherwise).
    pub room: Vec<RoomDecision>,
    pub participant: String,
    pub finished_at: String,
}

/// Display settings, remembered between runs in the user's data folder: `text_scale` makes
/// everything larger, `projector` is the large, high-contrast preset for the back of a room.
#[derive(Resource, Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub text_scale: f32,
    pub fullscreen: bool,
    pub projector: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            text_scale: 1.0,
            fullscreen: false,
            projector: false,
        }
    }
}

impl Settings {
    pub const MIN: f32 = 0.8;
    pub const MAX: f32 = 2.0;
    /// The text size of the projector preset.
    pub const PROJECTOR: f32 = 1.6;

    /// The settings saved at `path`; defaults when there is no file or it cannot be read (a damaged
    /// settings file is never a reason not to start: it is logged and replaced on the next save).
    pub fn load(path: &std::path::Path) -> Settings {
        let Ok(text) = crate::files::read_text(path) else {
            return Settings::default();
        };
        if crate::scenario::nesting::too_deep(&text).is_some() {
            warn!(
                "{}: nested too deep; using default display settings",
                path.display()
            );
            return Settings::default();
        }
        match ron::from_str::<Settings>(&text) {
            Ok(mut s) => {
                s.text_scale = s.text_scale.clamp(Self::MIN, Self::MAX);
                s
            }
            Err(e) => {
                warn!("{}: {e}; using default display settings", path.display());
                Settings::default()
            }
        }
    }

    /// Saves the settings atomically.
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        crate::files::write_atomic(path, text.as_bytes())
    }

    /// Switches the projector preset on (large text, high contrast) or back to normal.
    pub fn set_projector(&mut self, on: bool) {
        self.projector = on;
        self.text_scale = if on { Self::PROJECTOR } else { 1.0 };
    }
    pub fn bigger(&mut self) {
        self.text_scale = (self.text_scale + 0.1).min(Self::MAX);
    }
    pub fn smaller(&mut self) {
        self.text_scale = (self.text_scale - 0.1).max(Self::MIN);
    }
}

/// A message for the user (a save that failed, a record that could not be resumed ...).
#[derive(Resource, Debug, Default, Clone)]
pub struct Notice(pub Option<String>);
