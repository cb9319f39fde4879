//! The command line: one file per command; `run` parses arguments and dispatches.

#[macro_use]
mod out;

mod analyze;
mod bench;
mod bench_report;
mod check;
mod export_xapi;
mod play;
mod readability;
mod replay;
mod report;
mod sync;
mod test;
mod workshop;

use clap::{Args, Parser, Subcommand};
use pehchan::records::Gender;
use pehchan::scenario::library::{SourceFile, bundled_sources, curriculum_for};
use pehchan::scenario::{Diagnostic, Library};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pehchan",
    version,
    about = "Pehchan: real-case scenarios on victim identification, protection and referral \
             (TIP / SOM, Pakistan)"
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
    Play(play::Options),
    /// Take the knowledge test (pre or post, form A or B) in the terminal, or print its answer
    /// key with --key.
    Test(test::Options),
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
    /// Reading level (Flesch-Kincaid grade) of each scenario's narrative and feedback.
    Readability {
        /// A scenario file or a library folder (default: the bundled library).
        path: Option<PathBuf>,
        /// Also list this many of the hardest feedback strings of each scenario.
        #[arg(long, default_value_t = 0)]
        worst: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Workshop folders: `workshop new DIR` creates one.
    Workshop {
        #[command(subcommand)]
        command: WorkshopCommand,
    },
    /// Report on a workshop folder: participants by sex and role, objectives, decisions, SOP steps,
    /// endings; exports CSV and HTML; compares with another workshop.
    Report {
        /// The workshop folder (workshop.ron and records/).
        dir: PathBuf,
        /// The library folder the records were made with (default: the bundled library).
        #[arg(long)]
        scenarios: Option<PathBuf>,
        /// Write one CSV row per participant per decision here.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Write the report as a self-contained HTML page here.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Write one CSV row per participant per knowledge-test answer here.
        #[arg(long)]
        test_csv: Option<PathBuf>,
        /// Another workshop folder to compare with (differences are DIR − OTHER).
        #[arg(long, value_name = "OTHER")]
        compare: Option<PathBuf>,
        /// Print the report as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write a workshop's records as xAPI 1.0.3 statements, one JSON object per line.
    ExportXapi {
        /// The workshop folder (workshop.ron and records/).
        dir: PathBuf,
        /// The .jsonl file to write.
        #[arg(long)]
        out: PathBuf,
        /// The library folder the records were made with (default: the bundled library).
        #[arg(long)]
        scenarios: Option<PathBuf>,
    },
    /// Send a workshop's new xAPI statements to a Learning Record Store (remembered in
    /// sync-state.json).
    Sync {
        /// The workshop folder (workshop.ron and records/).
        dir: PathBuf,
        /// The LRS's xAPI endpoint, e.g. http://127.0.0.1:8100/xAPI/ (statements go to
        /// …/statements).
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// The LRS user (HTTP Basic auth).
        #[arg(long)]
        user: String,
        /// The password (default: the PEHCHAN_LRS_PASSWORD environment variable).
        #[arg(long)]
        password: Option<String>,
        /// Statements per request.
        #[arg(
            long,
            default_value_t = pehchan::workshop::sync::DEFAULT_BATCH,
            value_parser = parse_batch
        )]
        batch: usize,
        /// The library folder the records were made with (default: the bundled library).
        #[arg(long)]
        scenarios: Option<PathBuf>,
    },
    /// Time collecting and reporting on synthetic records.
    BenchReport {
        #[arg(long, default_value_t = 10_000)]
        records: usize,
        /// The library to play (default: the bundled library).
        #[arg(long)]
        scenarios: Option<PathBuf>,
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

#[derive(Subcommand)]
pub enum WorkshopCommand {
    /// Create a workshop folder with workshop.ron and records/ (never overwrites one).
    New {
        dir: PathBuf,
        /// The workshop's title (default: the folder's name).
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        city: Option<String>,
    },
}

/// Parses `--batch`: 1 or more statements per request.
fn parse_batch(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "`{s}` is not a batch size: give a whole number of 1 or more"
        )),
    }
}

/// Parses a participant code (`--participant`): letters, digits, `-` and `_`, at most 32.
fn parse_code(s: &str) -> Result<String, String> {
    pehchan::strings::check_code(s).map(|()| s.to_string())
}

/// Parses `--gender`.
fn parse_gender(s: &str) -> Result<Gender, String> {
    match s.to_ascii_lowercase().as_str() {
        "female" | "f" => Ok(Gender::Female),
        "male" | "m" => Ok(Gender::Male),
        "other" => Ok(Gender::Other),
        _ => Err(format!(
            "`{s}` is not a gender this option takes: female, male or other \
             (leave it out if not stated)"
        )),
    }
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
    /// Where --autoplay saves start.png, library.png, play.png, debrief.png and dashboard.png.
    #[arg(long, default_value = "screenshots")]
    pub screenshots: PathBuf,
    /// A workshop folder: records are saved in its records/ folder.
    #[arg(long)]
    pub workshop: Option<PathBuf>,
    /// With --workshop: the dashboard also compares it with this other workshop folder of the
    /// series.
    #[arg(long, requires = "workshop")]
    pub compare: Option<PathBuf>,
    /// Open borderless full screen on the current monitor (F11 toggles; remembered).
    #[arg(long)]
    pub fullscreen: bool,
    /// The window's size in pixels, e.g. 1024x768 (a projector) or 1920x1080.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub window_size: Option<(u32, u32)>,
    /// Text size, 0.8 to 2.0 (remembered; the start screen has a slider).
    #[arg(long, value_name = "SCALE")]
    pub text_scale: Option<f32>,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("`{s}`: give the size as WIDTHxHEIGHT, e.g. 1024x768"))?;
    let n = |t: &str| {
        t.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (320..=8192).contains(v))
            .ok_or_else(|| {
                format!("`{s}`: width and height must be whole numbers from 320 to 8192")
            })
    };
    Ok((n(w)?, n(h)?))
}

#[cfg(feature = "app")]
fn app(a: AppArgs) -> ExitCode {
    pehchan::app::run(pehchan::app::AppConfig {
        scenarios: a.scenarios,
        scenario: a.scenario,
        autoplay: a.autoplay,
        screenshots: a.screenshots,
        workshop: a.workshop,
        compare: a.compare,
        fullscreen: a.fullscreen,
        window_size: a.window_size,
        text_scale: a.text_scale,
    })
}

#[cfg(not(feature = "app"))]
fn app(_: AppArgs) -> ExitCode {
    errln!(
        "this pehchan was built without the window app (feature `app`); \
         rebuild with default features"
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
        Some(Command::Play(o)) => play::run(o),
        Some(Command::Test(o)) => test::run(o),
        Some(Command::Replay { record, scenarios }) => replay::run(&record, scenarios.as_deref()),
        Some(Command::Analyze { file, json }) => analyze::run(&file, json),
        Some(Command::Readability { path, worst, json }) => {
            readability::run(path.as_deref(), worst, json)
        }
        Some(Command::Bench { nodes, runs }) => bench::run(nodes, runs),
        Some(Command::Workshop {
            command: WorkshopCommand::New { dir, title, city },
        }) => workshop::new(&dir, title.as_deref(), city.as_deref()),
        Some(Command::Report {
            dir,
            scenarios,
            csv,
            html,
            test_csv,
            compare,
            json,
        }) => report::run(
            &dir,
            &report::Options {
                scenarios,
                csv,
                html,
                test_csv,
                compare,
                json,
            },
        ),
        Some(Command::ExportXapi {
            dir,
            out,
            scenarios,
        }) => export_xapi::run(&dir, &out, scenarios.as_deref()),
        Some(Command::Sync {
            dir,
            lrs,
            user,
            password,
            batch,
            scenarios,
        }) => sync::run(
            &dir,
            sync::Options {
                lrs,
                user,
                password,
                batch,
                scenarios,
            },
        ),
        Some(Command::BenchReport { records, scenarios }) => {
            bench_report::run(records, scenarios.as_deref())
        }
    }
}

/// The library folder given with `--scenarios`, or the bundled library; None after printing the
/// diagnostics when it cannot be opened.
pub fn open_library(scenarios: Option<&Path>) -> Option<Library> {
    match scenarios.map_or_else(Library::bundled, Library::load_dir) {
        Ok(l) => Some(l),
        Err(d) => {
            print_diagnostics(&d);
            None
        }
    }
}

/// Prints diagnostics to stderr, errors first within each file.
pub fn print_diagnostics<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) {
    for d in diags {
        errln!("{}\n", d.render());
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
        errln!(
            "{arg}: no such file, and no bundled scenario has this id\n  \
             hint: bundled scenarios: {}",
            ids.join(", ")
        );
        return Err(ExitCode::FAILURE);
    }
    if path.is_dir() {
        errln!("{arg}: is a folder; give one scenario file (or use `pehchan check {arg}`)");
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
