//! The `pehchan` binary: parses the command line and runs the app or a command.

#[cfg(feature = "app")]
mod app;
mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
