//! Records that could not be saved (a records folder gone, read-only or full): kept in memory,
//! retried every few seconds, shown in a banner until saved, and rescued to the data folder at exit.

use super::state::{Notice, Screen};
use super::storage::Storage;
use super::ui::{UiFonts, theme};
use crate::records::SessionRecord;
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Seconds between two tries to save what is pending.
pub const RETRY_SECS: f32 = 2.0;

/// The records not yet on disk, newest version of each, by the file they belong in.
#[derive(Resource, Debug)]
pub struct Unsaved {
    pending: Vec<(PathBuf, SessionRecord)>,
    /// The last save error, while something is pending.
    pub error: Option<String>,
    /// Seconds between tries (tests set 0).
    pub interval: f32,
    since_try: f32,
}

impl Default for Unsaved {
    fn default() -> Self {
        Unsaved {
            pending: Vec::new(),
            error: None,
            interval: RETRY_SECS,
            since_try: 0.0,
        }
    }
}

impl Unsaved {
    /// Keeps `record` (replacing an older version of the same file) after a failed save.
    pub fn failed(&mut self, path: &Path, record: &SessionRecord, error: String) {
        match self.pending.iter_mut().find(|(p, _)| p == path) {
            Some(slot) => slot.1 = record.clone(),
            None => self.pending.push((path.to_path_buf(), record.clone())),
        }
        self.error = Some(error);
    }

    /// A save of `path` went through: an older pending version of it is obsolete.
    pub fn saved(&mut self, path: &Path) {
        self.pending.retain(|(p, _)| p != path);
        if self.pending.is_empty() {
            self.error = None;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Tries to save everything pending; what fails stays pending, with the last error.
    pub fn retry(&mut self) {
        let mut last = None;
        self.pending.retain(|(p, r)| match r.save(p) {
            Ok(()) => false,
            Err(e) => {
                last = Some(e.to_string());
                true
            }
        });
        self.error = last;
    }

    /// The banner's words while something is pending.
    pub fn warning(&self) -> Option<String> {
        let e = self.error.as_deref()?;
        Some(format!(
            "Not saved yet — your choices are kept in memory and saving is retried every {} s. \
             Do not close the app until this message goes. ({e})",
            RETRY_SECS as u32
        ))
    }

    /// At exit: one last try, then whatever is still pending is written to `rescue` (a folder of
    /// the user's own data area) so that nothing is lost; returns the files written there.
    pub fn rescue(&mut self, rescue: &Path) -> Vec<PathBuf> {
        self.retry();
        let mut out = Vec::new();
        for (p, r) in std::mem::take(&mut self.pending) {
            let name = p
                .file_name()
                .map_or_else(|| r.file_name(), |n| n.to_string_lossy().into_owned());
            let to = rescue.join(name);
            match r.save(&to) {
                Ok(()) => out.push(to),
                Err(e) => error!(
                    "{}: the record could not be saved anywhere: {e}",
                    p.display()
                ),
            }
        }
        out
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Unsaved>()
        .add_systems(Update, retry)
        .add_systems(
            Update,
            (spawn_banner, show_banner)
                .chain()
                .run_if(in_state(Screen::Play).and_then(resource_exists::<UiFonts>)),
        )
        .add_systems(Last, rescue_at_exit.run_if(on_message::<AppExit>));
}

/// Saves what is pending every `interval` seconds; while anything is pending the app wakes at
/// least that often even when nobody touches it, and the notice of the egui screens says so.
fn retry(
    time: Res<Time<Real>>,
    mut unsaved: ResMut<Unsaved>,
    mut notice: ResMut<Notice>,
    winit: Option<ResMut<WinitSettings>>,
    mut normal: Local<Option<(UpdateMode, UpdateMode)>>,
) {
    if let Some(mut w) = winit {
        match (unsaved.is_empty(), normal.is_some()) {
            (false, false) => {
                *normal = Some((w.focused_mode, w.unfocused_mode));
                let wake = UpdateMode::reactive_low_power(Duration::from_secs_f32(RETRY_SECS));
                w.focused_mode = wake;
                w.unfocused_mode = wake;
            }
            (true, true) => {
                if let Some((f, u)) = normal.take() {
                    w.focused_mode = f;
                    w.unfocused_mode = u;
                }
            }
            _ => {}
        }
    }
    if unsaved.is_empty() {
        unsaved.since_try = 0.0;
        return;
    }
    unsaved.since_try += time.delta_secs();
    if unsaved.since_try < unsaved.interval {
        return;
    }
    unsaved.since_try = 0.0;
    unsaved.retry();
    notice.0 = Some(match unsaved.warning() {
        Some(w) => w,
        None => "Saved: the records folder is back and nothing was lost.".into(),
    });
}

#[derive(Component)]
struct Banner;

fn spawn_banner(mut commands: Commands, fonts: Res<UiFonts>, banners: Query<(), With<Banner>>) {
    if !banners.is_empty() {
        return;
    }
    commands.spawn((
        Banner,
        DespawnOnExit(Screen::Play),
        Visibility::Hidden,
        GlobalZIndex(10),
        Node {
            position_type: PositionType::Absolute,
            left: px(24),
            right: px(24),
            top: px(8),
            padding: UiRect::axes(px(14), px(8)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(theme::WARN),
        children![(Text::new(""), fonts.bold(18.0), TextColor(Color::WHITE))],
    ));
}

fn show_banner(
    unsaved: Res<Unsaved>,
    mut banner: Query<(&mut Visibility, &Children), With<Banner>>,
    mut texts: Query<&mut Text>,
) {
    let words = unsaved.warning();
    let shown = if words.is_some() {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    for (mut vis, children) in &mut banner {
        vis.set_if_neq(shown);
        for c in children.iter() {
            if let Ok(mut t) = texts.get_mut(c) {
                let w = words.as_deref().unwrap_or_default();
                if t.0 != w {
                    t.0 = w.to_string();
                }
            }
        }
    }
}

fn rescue_at_exit(mut unsaved: ResMut<Unsaved>, storage: Option<Res<Storage>>) {
    if unsaved.is_empty() {
        return;
    }
    let Some(base) = storage.as_ref().and_then(|s| s.settings.parent()) else {
        return;
    };
    for p in unsaved.rescue(&base.join("rescued")) {
        warn!(
            "the records folder could not be written: this session's record was saved to {} \
             instead; copy it into the workshop's records folder",
            p.display()
        );
    }
}
