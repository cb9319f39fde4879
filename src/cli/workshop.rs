//! `pehchan workshop new DIR [--title T] [--city C]`: a workshop folder (workshop.ron and
//! records/).

use pehchan::workshop::Workshop;
use pehchan::workshop::model::{RECORDS_DIR, WORKSHOP_FILE};
use std::path::Path;
use std::process::ExitCode;

pub fn new(dir: &Path, title: Option<&str>, city: Option<&str>) -> ExitCode {
    let title = title.map(str::to_string).unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Workshop".to_string())
    });
    let mut w = Workshop::new(&title);
    w.city = city.unwrap_or_default().to_string();
    match Workshop::create(dir, &w) {
        Ok(()) => {
            outln!(
                "created workshop \"{title}\" in {d}\n  \
                 edit {d}/{WORKSHOP_FILE} for venue, dates and series;\n  \
                 play with `pehchan play CASE --workshop {d}` \
                 (records go to {d}/{RECORDS_DIR}/);\n  \
                 report with `pehchan report {d}`",
                d = dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("{e}");
            ExitCode::FAILURE
        }
    }
}
