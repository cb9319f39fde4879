//! `pehchan replay RECORD`: the debrief of a saved record, or why it cannot be given.

use pehchan::records::SessionRecord;
use pehchan::scoring::text::debrief_text;
use std::path::Path;
use std::process::ExitCode;

pub fn run(record: &Path, scenarios: Option<&Path>) -> ExitCode {
    let rec = match SessionRecord::load(record) {
        Ok(r) => r,
        Err(e) => {
            errln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(lib) = super::open_library(scenarios) else {
        return ExitCode::FAILURE;
    };
    match rec.replay(&lib) {
        Ok((_, d)) => {
            outln!(
                "record {} — participant {} — seed {} — {} choice(s){}",
                rec.id,
                rec.participant,
                rec.seed,
                rec.choices.len(),
                if rec.finished { "" } else { " (unfinished)" }
            );
            out!("{}", debrief_text(&d));
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("{}: {e}", record.display());
            ExitCode::FAILURE
        }
    }
}
