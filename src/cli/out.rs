//! Standard output and error for the commands: a closed pipe ends the program quietly, any other
//! write error is reported once, and nothing here panics.

use std::io::Write;

/// Writes to standard output. A reader that went away (`pehchan report DIR | head`) is a normal
/// end: the program exits 0 at once, with no message (every file it was asked for is written
/// before anything is printed). Any other failure (a full disk behind a redirection) is reported
/// on standard error and ends the program with code 1.
pub fn stdout(args: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        fail(&e);
    }
}

/// Flushes standard output (after a prompt), with the same handling of errors as `stdout`.
pub fn flush() {
    if let Err(e) = std::io::stdout().lock().flush() {
        fail(&e);
    }
}

fn fail(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    stderr(format_args!(
        "pehchan: cannot write to standard output: {e}\n"
    ));
    std::process::exit(1);
}

/// Writes to standard error; a closed or full standard error is ignored (there is nowhere left to
/// report it).
pub fn stderr(args: std::fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// Like `println!`, through `out::stdout`.
macro_rules! outln {
    () => {
        $crate::cli::out::stdout(format_args!("\n"))
    };
    ($($t:tt)*) => {
        $crate::cli::out::stdout(format_args!("{}\n", format_args!($($t)*)))
    };
}

/// Like `print!`, through `out::stdout`.
macro_rules! out {
    ($($t:tt)*) => {
        $crate::cli::out::stdout(format_args!($($t)*))
    };
}

/// Like `eprintln!`, through `out::stderr`.
macro_rules! errln {
    () => {
        $crate::cli::out::stderr(format_args!("\n"))
    };
    ($($t:tt)*) => {
        $crate::cli::out::stderr(format_args!("{}\n", format_args!($($t)*)))
    };
}

/// Like `eprint!`, through `out::stderr`.
#[allow(unused_macros)]
macro_rules! err {
    ($($t:tt)*) => {
        $crate::cli::out::stderr(format_args!($($t)*))
    };
}
