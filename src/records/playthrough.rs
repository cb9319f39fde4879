//! The play loop shared by `pehchan play` and the app: start or resume, choose, and after every
//! change bring the record up to date and save it atomically.

use super::{RecordError, SessionRecord};
use crate::engine::{EngineError, Session, Step};
use crate::scenario::{Library, LoadedScenario};
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a playthrough keeps its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveTo {
    /// Nowhere: a terminal run without `--record`.
    Nowhere,
    /// This file.
    File(PathBuf),
    /// A file named after the record (`SessionRecord::file_name`) in this folder.
    Folder(PathBuf),
}

/// A session and its record, kept in step.
#[derive(Debug)]
pub struct Playthrough {
    pub session: Session,
    pub record: SessionRecord,
    /// Where the record is saved after every change; None when it is not saved.
    pub path: Option<PathBuf>,
}

/// Why a playthrough step failed.
#[derive(Debug)]
pub enum PlayError {
    /// The engine refused the choice; nothing changed.
    Engine(EngineError),
    /// The choice was taken but the record could not be saved.
    Save(RecordError),
}

impl fmt::Display for PlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlayError::Engine(e) => e.fmt(f),
            PlayError::Save(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PlayError {}

impl Playthrough {
    /// Starts a session of `ls` with its record; `fill` sets the record's optional fields (gender,
    /// role). The caller saves the first record at once (`save`), so even a crash before the first
    /// choice loses nothing; the app keeps it in memory when its records folder cannot be written.
    pub fn begin(
        ls: &LoadedScenario,
        seed: u64,
        participant: &str,
        lang: &str,
        to: SaveTo,
        fill: impl FnOnce(&mut SessionRecord),
    ) -> Result<Playthrough, PlayError> {
        let session = Session::start(ls.scenario.clone(), seed, lang).map_err(PlayError::Engine)?;
        let mut record = SessionRecord::new(ls, seed, participant, lang);
        fill(&mut record);
        let path = match to {
            SaveTo::Nowhere => None,
            SaveTo::File(p) => Some(p),
            SaveTo::Folder(d) => Some(d.join(record.file_name())),
        };
        Ok(Playthrough {
            session,
            record,
            path,
        })
    }

    /// Replays the record at `path` exactly where it stopped; later choices are saved there.
    pub fn resume(lib: &Library, path: &Path) -> Result<Playthrough, RecordError> {
        let record = SessionRecord::load(path)?;
        let session = record.session(lib)?;
        Ok(Playthrough {
            session,
            record,
            path: Some(path.to_path_buf()),
        })
    }

    /// Takes choice `id`, updates the record and saves it. On `PlayError::Save` the choice was
    /// taken: the session has moved on and the next save will try again.
    pub fn choose(&mut self, id: &str) -> Result<Step, PlayError> {
        let step = self.session.choose(id).map_err(PlayError::Engine)?;
        self.record.update(&self.session);
        self.save().map_err(PlayError::Save)?;
        Ok(step)
    }

    /// Saves the record where it belongs (nothing to do when it is not kept).
    pub fn save(&self) -> Result<(), RecordError> {
        match &self.path {
            Some(p) => self.record.save(p),
            None => Ok(()),
        }
    }
}
