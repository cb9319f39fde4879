//! The `pehchan` binary: parses the command line and runs the app or a command.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
