//! Where records and exports are kept: the user's data folder, or a workshop folder's records/.

use crate::records::SessionRecord;
use bevy::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Resource, Debug, Clone)]
pub struct Storage {
    pub records: PathBuf,
    pub exports: PathBuf,
    /// The display settings file (text size, full screen, projector preset), in the user's data
    /// folder even in workshop mode.
    pub settings: PathBuf,
}

impl Storage {
    /// `PEHCHAN_DATA_DIR` overrides the user's data folder (tests, portable installs).
    pub fn new(workshop: Option<&Path>) -> Result<Storage, String> {
        let base = match std::env::var_os("PEHCHAN_DATA_DIR") {
            Some(d) => PathBuf::from(d),
            None => dirs::data_dir()
                .map(|d| d.join("pehchan"))
                .unwrap_or_else(|| PathBuf::from("pehchan-data")),
        };
        let (records, exports) = match workshop {
            Some(w) => {
                if !w.is_dir() {
                    return Err(format!("{}: no such workshop folder", w.display()));
                }
                (w.join("records"), w.join("exports"))
            }
            None => (base.join("records"), base.join("exports")),
        };
        Storage::at(records, exports, base.join("settings.ron"))
    }

    /// Records and exports in these folders (created if missing), display settings in this file.
    pub fn at(records: PathBuf, exports: PathBuf, settings: PathBuf) -> Result<Storage, String> {
        for d in [&records, &exports] {
            std::fs::create_dir_all(d)
                .map_err(|e| format!("{}: cannot create folder: {e}", d.display()))?;
        }
        Ok(Storage {
            records,
            exports,
            settings,
        })
    }

    /// Unfinished records, newest first, and the files that could not be read (with why).
    pub fn unfinished(&self) -> (Vec<(PathBuf, SessionRecord)>, Vec<String>) {
        crate::records::unfinished(&self.records)
    }
}
