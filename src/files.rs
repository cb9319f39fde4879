//! File helpers shared by the library, records and workshops: listing RON files, atomic writes.

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The `.ron` files of `dir`, sorted, leaving out hidden files (temporary saves start with a dot);
/// with `recursive`, those of its subfolders too (walked with a stack, not recursion).
pub fn ron_files(dir: &Path, recursive: bool) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            if p.is_dir() {
                if recursive {
                    todo.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "ron") && p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The largest file Pehchan reads: a whole bundled library is under 1 MB and a record under
/// 100 KB, so anything over this is not a Pehchan file and is refused before it is read whole.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Why a text file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Bigger than `MAX_FILE_BYTES` (the size seen, or the limit + 1 for a file that grew).
    TooLarge(u64),
    /// Not UTF-8: the offset of the first invalid byte.
    NotUtf8(usize),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::TooLarge(n) => write!(
                f,
                "is {:.1} MB, over the {} MB limit for the files Pehchan reads; not read",
                *n as f64 / (1 << 20) as f64,
                MAX_FILE_BYTES >> 20
            ),
            ReadError::NotUtf8(at) => write!(f, "not UTF-8 text (invalid byte at offset {at})"),
        }
    }
}

/// Reads a UTF-8 text file of at most `MAX_FILE_BYTES`, refusing a bigger one from its size
/// before reading it, and never reading more than the limit from a file that grows or has no size
/// (a pipe, a device).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    if let Ok(m) = file.metadata()
        && m.len() > MAX_FILE_BYTES
    {
        return Err(ReadError::TooLarge(m.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))
}

/// Writes `bytes` to `path` so that a crash leaves either the old or the new file, never a torn one
/// (temp file in the same folder, fsync, rename, fsync of the folder).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".pehchan-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
