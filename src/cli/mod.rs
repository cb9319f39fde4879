//! The command line: one file per command; `run` parses arguments and dispatches.

mod analyze;
mod bench;
mod check;
mod play;
mod replay;

use clap::{Args, Parser, Subcommand};
use pehchan::scenario::library::{SourceFile, bundled_sources, curriculum_for};
use pehchan::scenario::{Diagnostic, Library};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pehchan",
    version,
    about = "Pehchan: real-case scenarios on victim identification, protection and referral (TIP / SOM, Pakistan)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub app: AppArgs,
}

#[derive(Subcommand)]
pub enum Command {
    /// Open the app (the default when no command is given).
    App(AppArgs),
    /// Check scenario files or folders (default: the bundled library) and print diagnostics.
    Check {
        paths: Vec<PathBuf>,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Play a scenario in the terminal, interactively or scripted with --choose.
    Play {
        /// A scenario file, or the id of a bundled scenario.
        file: String,
        #[arg(long)]
        seed: Option<u64>,
        /// Comma-separated choice ids to play without asking.
        #[arg(long, value_delimiter = ',')]
        choose: Option<Vec<String>>,
        /// Pseudonymous participant code (never a name).
        #[arg(long, default_value = "self-study")]
        participant: String,
        /// Save the session record here after every choice.
        #[arg(long)]
        record: Option<PathBuf>,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Print the debrief of a saved session record.
    Replay {
        record: PathBuf,
        /// The library folder the record was made with (default: the bundled library).
        #[arg(long)]
        scenarios: Option<PathBuf>,
    },
    /// Analyse a scenario: paths, endings, score bounds per objective, best path.
    Analyze {
        /// A scenario file, or the id of a bundled scenario.
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Time load, validate and analyse on generated scenarios.
    Bench {
        /// One size instead of the default 1,000 / 10,000 / 100,000 nodes.
        #[arg(long)]
        nodes: Option<usize>,
        /// Runs per size (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

#[derive(Args, Clone, Default)]
pub struct AppArgs {
    /// Play the scenarios of this folder instead of the bundled library (hot-reloaded).
    #[arg(long, global = false)]
    pub scenarios: Option<PathBuf>,
    /// Open this scenario directly.
    #[arg(long)]
    pub scenario: Option<String>,
    /// Play this scenario's best path in the window, save screenshots, and exit.
    #[arg(long)]
    pub autoplay: Option<String>,
    /// Where --autoplay saves library.png, play.png and debrief.png.
    #[arg(long, default_value = "screenshots")]
    pub screenshots: PathBuf,
    /// A workshop folder: records are saved in its records/ folder.
    #[arg(long)]
    pub workshop: Option<PathBuf>,
}

#[cfg(feature = "app")]
fn app(a: AppArgs) -> ExitCode {
    pehchan::app::run(pehchan::app::AppConfig {
        scenarios: a.scenarios,
        scenario: a.scenario,
        autoplay: a.autoplay,
        screenshots: a.screenshots,
        workshop: a.workshop,
    })
}

#[cfg(not(feature = "app"))]
fn app(_: AppArgs) -> ExitCode {
    eprintln!(
        "this pehchan was built without the window app (feature `app`); rebuild with default features"
    );
    ExitCode::FAILURE
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => app(cli.app),
        Some(Command::App(a)) => app(a),
        Some(Command::Check {
            paths,
            deny_warnings,
        }) => check::run(&paths, deny_warnings),
        Some(Command::Play {
            file,
            seed,
            choose,
            participant,
            record,
            lang,
        }) => play::run(&file, seed, choose, &participant, record.as_deref(), &lang),
        Some(Command::Replay { record, scenarios }) => replay::run(&record, scenarios.as_deref()),
        Some(Command::Analyze { file, json }) => analyze::run(&file, json),
        Some(Command::Bench { nodes, runs }) => bench::run(nodes, runs),
    }
}

/// Prints diagnostics to stderr, errors first within each file.
pub fn print_diagnostics<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) {
    for d in diags {
        eprintln!("{}\n", d.render());
    }
}

/// Loads the library that a scenario argument belongs to and returns it with the scenario's id.
/// The argument is a path to a scenario file or the id of a bundled scenario.
pub fn load_one(arg: &str) -> Result<(Library, String), ExitCode> {
    let path = Path::new(arg);
    if !path.exists() {
        let lib = Library::bundled().map_err(|d| {
            print_diagnostics(&d);
            ExitCode::FAILURE
        })?;
        if lib.get(arg).is_some() {
            return Ok((lib, arg.to_string()));
        }
        let ids: Vec<&str> = lib
            .scenarios
            .iter()
            .map(|s| s.scenario.id.as_str())
            .collect();
        eprintln!(
            "{arg}: no such file, and no bundled scenario has this id\n  hint: bundled scenarios: {}",
            ids.join(", ")
        );
        return Err(ExitCode::FAILURE);
    }
    if path.is_dir() {
        eprintln!("{arg}: is a folder; give one scenario file (or use `pehchan check {arg}`)");
        return Err(ExitCode::FAILURE);
    }
    let file = SourceFile::read(path).map_err(|d| {
        print_diagnostics([&d]);
        ExitCode::FAILURE
    })?;
    let cur = match curriculum_for(path) {
        Some(p) => SourceFile::read(&p).map_err(|d| {
            print_diagnostics([&d]);
            ExitCode::FAILURE
        })?,
        None => bundled_sources().0.ok_or(ExitCode::FAILURE)?,
    };
    let lib = Library::from_sources(&cur, std::slice::from_ref(&file)).map_err(|d| {
        print_diagnostics(&d);
        ExitCode::FAILURE
    })?;
    let errors: Vec<&Diagnostic> = lib.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        print_diagnostics(errors);
        return Err(ExitCode::FAILURE);
    }
    let id = lib
        .scenarios
        .first()
        .map(|s| s.scenario.id.clone())
        .ok_or(ExitCode::FAILURE)?;
    Ok((lib, id))
}
