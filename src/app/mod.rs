//! The Bevy app (in progress).

use crate::cli::AppArgs;
use std::process::ExitCode;

pub fn run(_args: AppArgs) -> ExitCode {
    eprintln!("the window app is not built yet; use `pehchan play`, `check`, `analyze`");
    ExitCode::FAILURE
}
