//! Hot reload of a library folder (`--scenarios DIR`): a broken edit shows its diagnostics and the
//! last good version of that scenario stays playable.

use super::state::LibraryRes;
use crate::scenario::Library;
use bevy::prelude::*;
use std::path::Path;
use std::time::{Duration, SystemTime};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        watch.run_if(|lib: Res<LibraryRes>| lib.dir.is_some()),
    );
}

/// Names, sizes and modification times of the folder's `.ron` files.
pub fn fingerprint(dir: &Path) -> Vec<(String, u64, Option<SystemTime>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
        .map(|e| {
            let m = e.metadata().ok();
            (
                e.file_name().to_string_lossy().into_owned(),
                m.as_ref().map_or(0, |m| m.len()),
                m.and_then(|m| m.modified().ok()),
            )
        })
        .collect();
    v.sort();
    v
}

fn watch(
    mut lib: ResMut<LibraryRes>,
    time: Res<Time<Real>>,
    mut last: Local<Option<Vec<(String, u64, Option<SystemTime>)>>>,
    mut since: Local<Duration>,
) {
    *since += time.delta();
    if *since < Duration::from_millis(700) && last.is_some() {
        return;
    }
    *since = Duration::ZERO;
    let Some(dir) = lib.dir.clone() else { return };
    let now = fingerprint(&dir);
    if last.as_ref() == Some(&now) {
        return;
    }
    let first = last.is_none();
    *last = Some(now);
    if first {
        return;
    }
    reload(&mut lib, &dir);
}

/// Reloads the folder into `res`, keeping the last good version of scenarios whose file broke.
pub fn reload(res: &mut LibraryRes, dir: &Path) {
    match Library::load_dir(dir) {
        Ok(mut new) => {
            for old in &res.lib.scenarios {
                if new.get(&old.scenario.id).is_none() && new.broken.contains(&old.file) {
                    new.scenarios.push(old.clone());
                }
            }
            res.lib = new;
            res.reload_errors.clear();
            info!(
                "library reloaded: {} scenario(s), {} broken file(s)",
                res.lib.scenarios.len(),
                res.lib.broken.len()
            );
        }
        Err(diags) => {
            warn!("library reload failed; keeping the previous version");
            res.reload_errors = diags;
        }
    }
    res.generation += 1;
}
