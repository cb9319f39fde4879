//! `pehchan replay RECORD`: the debrief of a saved record, or why it cannot be given.

use super::print_diagnostics;
use pehchan::records::SessionRecord;
use pehchan::scenario::Library;
use pehchan::scoring::text::debrief_text;
use std::path::Path;
use std::process::ExitCode;

pub fn run(record: &Path, scenarios: Option<&Path>) -> ExitCode {
    let rec = match SessionRecord::load(record) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let lib = match scenarios
        .map(Library::load_dir)
        .unwrap_or_else(Library::bundled)
    {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return ExitCode::FAILURE;
        }
    };
    match rec.replay(&lib) {
        Ok((_, d)) => {
            println!(
                "record {} — participant {} — seed {} — {} choice(s){}",
                rec.id,
                rec.participant,
                rec.seed,
                rec.choices.len(),
                if rec.finished { "" } else { " (unfinished)" }
            );
            print!("{}", debrief_text(&d));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", record.display());
            ExitCode::FAILURE
        }
    }
}
