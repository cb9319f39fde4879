//! `pehchan play FILE`: a case in the terminal, interactive or scripted with `--choose`; the record
//! goes to `--record FILE` or into a workshop folder with `--workshop DIR`.

use super::{load_one, print_diagnostics};
use pehchan::engine::Step;
use pehchan::records::{Gender, PlayError, Playthrough, SaveTo, SessionRecord, find_unfinished};
use pehchan::scoring::{debrief, text::debrief_text};
use pehchan::workshop::Workshop;
use pehchan::workshop::model::RECORDS_DIR;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The arguments of `pehchan play`.
#[derive(clap::Args)]
pub struct Options {
    /// A scenario file, or the id of a bundled scenario.
    pub file: String,
    #[arg(long)]
    pub seed: Option<u64>,
    /// Comma-separated choice ids to play without asking.
    #[arg(long, value_delimiter = ',')]
    pub choose: Option<Vec<String>>,
    /// Pseudonymous participant code (never a name): letters, digits, `-` and `_`, at most 32.
    #[arg(long, default_value = "self-study", value_parser = super::parse_code)]
    pub participant: String,
    /// Self-declared gender, for sex-disaggregated workshop totals: female, male or other.
    #[arg(long, value_parser = super::parse_gender)]
    pub gender: Option<Gender>,
    /// The participant's role, e.g. "FIA officer".
    #[arg(long)]
    pub role: Option<String>,
    /// Save the session record here after every choice; an unfinished record of the same case
    /// there is resumed where it stopped (any other file is refused, never overwritten).
    #[arg(long, conflicts_with = "workshop")]
    pub record: Option<PathBuf>,
    /// Save the session record in this workshop folder's records/ after every choice; the
    /// participant's unfinished record of the same case there is resumed.
    #[arg(long)]
    pub workshop: Option<PathBuf>,
    #[arg(long, default_value = "en")]
    pub lang: String,
}

pub fn run(o: Options) -> ExitCode {
    let Options {
        file,
        seed,
        choose,
        participant,
        gender,
        role,
        record,
        workshop,
        lang,
    } = o;
    let (file, participant, lang) = (file.as_str(), participant.as_str(), lang.as_str());
    if let Some(dir) = &workshop
        && let Err(d) = Workshop::load(dir)
    {
        print_diagnostics(&d);
        return ExitCode::FAILURE;
    }
    let (lib, id) = match load_one(file) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let ls = lib.get(&id).expect("load_one returns a loaded id");
    let to = match (&workshop, record) {
        (Some(dir), _) => SaveTo::Folder(dir.join(RECORDS_DIR)),
        (None, Some(p)) => SaveTo::File(p),
        (None, None) => SaveTo::Nowhere,
    };
    // The same command again after an interruption resumes where it stopped.
    let resume_from = match &to {
        SaveTo::File(p) if p.exists() => match resumable(p, &id) {
            Ok(p) => Some(p),
            Err(msg) => {
                errln!("{msg}");
                return ExitCode::FAILURE;
            }
        },
        SaveTo::Folder(d) => find_unfinished(d, participant, &id),
        _ => None,
    };
    let mut play = match resume_from {
        Some(p) => match Playthrough::resume(&lib, &p) {
            Ok(play) => {
                errln!(
                    "resuming the unfinished record {} after {} choice(s) (seed {})",
                    p.display(),
                    play.record.choices.len(),
                    play.record.seed
                );
                if seed.is_some_and(|s| s != play.record.seed) {
                    errln!("  note: --seed is ignored: a resumed session keeps its own");
                }
                play
            }
            Err(e) => {
                errln!("{}: {e}", p.display());
                return ExitCode::FAILURE;
            }
        },
        None => {
            let seed = seed.unwrap_or_else(rand::random);
            let start = Playthrough::begin(ls, seed, participant, lang, to, |rec| {
                rec.gender = gender;
                rec.role = role.filter(|r| !r.trim().is_empty());
            })
            .and_then(|p| p.save().map(|()| p).map_err(PlayError::Save));
            match start {
                Ok(p) => p,
                Err(e) => return fail(&ls.file, &e),
            }
        }
    };
    let seed = play.record.seed;
    let sc = &ls.scenario;
    let variants: Vec<String> = play
        .session
        .variants()
        .iter()
        .map(|(g, i)| format!("{g}={i}"))
        .collect();
    outln!(
        "== {} — {} — {}",
        sc.title.get(lang),
        sc.role.get(lang),
        sc.setting.get(lang)
    );
    outln!(
        "seed {seed}{}",
        if variants.is_empty() {
            String::new()
        } else {
            format!(", variants {}", variants.join(" "))
        }
    );
    let mut step = play.session.step();
    let stdin = std::io::stdin();
    let mut scripted = choose.map(|v| v.into_iter());
    loop {
        print_step(&step);
        if step.ending.is_some() {
            break;
        }
        let pick = match scripted.as_mut() {
            Some(it) => match it.next() {
                Some(c) => c,
                None => {
                    outln!("\n(the scripted choices ended before the case did)");
                    break;
                }
            },
            None => match ask(&stdin, &step) {
                Some(c) => c,
                None => {
                    outln!("\n(left before the end)");
                    break;
                }
            },
        };
        match play.choose(&pick) {
            Ok(next) => {
                outln!("> {pick}");
                step = next;
            }
            Err(PlayError::Save(e)) => {
                outln!("> {pick}");
                return fail(&ls.file, &PlayError::Save(e));
            }
            Err(e) => {
                errln!("{}: {e}", ls.file);
                if scripted.is_some() {
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    if let Some(it) = scripted.as_mut()
        && it.next().is_some()
    {
        errln!(
            "{}: the case ended before all scripted choices were used",
            ls.file
        );
        return ExitCode::FAILURE;
    }
    outln!();
    out!(
        "{}",
        debrief_text(&debrief(ls, &lib.curriculum, &play.session))
    );
    if let Some(p) = &play.path {
        outln!("\nrecord saved to {}", p.display());
    }
    ExitCode::SUCCESS
}

/// An existing `--record` file that may be resumed: an unfinished record of this case. Anything
/// else is refused, never overwritten.
fn resumable(p: &Path, id: &str) -> Result<PathBuf, String> {
    let r = SessionRecord::load(p).map_err(|e| {
        format!(
            "{e}\n  hint: {} is not overwritten; give another --record file",
            p.display()
        )
    })?;
    if r.scenario_id != id {
        return Err(format!(
            "{}: holds a session of `{}`, not `{id}`; not overwritten (give another --record file)",
            p.display(),
            r.scenario_id
        ));
    }
    if r.finished {
        return Err(format!(
            "{}: holds a finished session; not overwritten (give another --record file, or \
             `pehchan replay {}` to see its debrief)",
            p.display(),
            p.display()
        ));
    }
    Ok(p.to_path_buf())
}

/// Prints why the playthrough could not go on and gives the failing exit code.
fn fail(file: &str, e: &PlayError) -> ExitCode {
    match e {
        PlayError::Engine(e) => errln!("{file}: {e}"),
        PlayError::Save(e) => errln!("cannot save the record: {e}"),
    }
    ExitCode::FAILURE
}

fn print_step(step: &Step) {
    outln!();
    match &step.speaker {
        Some(s) => outln!("[{}] {s}:", step.node),
        None => outln!("[{}]", step.node),
    }
    outln!("{}", step.text);
    if let Some(e) = &step.ending {
        outln!("\n== Ending: {}\n{}", e.outcome.label(), e.summary);
        return;
    }
    for c in &step.choices {
        outln!("  {}) {}  [{}]", c.number, c.text, c.id);
    }
}

/// Reads a choice by number or id; None on end of input or `q`.
fn ask(stdin: &std::io::Stdin, step: &Step) -> Option<String> {
    loop {
        out!("choose 1-{} (q to stop): ", step.choices.len());
        super::out::flush();
        let mut line = String::new();
        if stdin.lock().read_line(&mut line).ok()? == 0 {
            return None;
        }
        let t = line.trim();
        if t == "q" {
            return None;
        }
        if let Ok(n) = t.parse::<usize>()
            && let Some(c) = step.choices.iter().find(|c| c.number == n)
        {
            return Some(c.id.clone());
        }
        if let Some(c) = step.choices.iter().find(|c| c.id == t) {
            return Some(c.id.clone());
        }
        outln!(
            "  not a choice here: type a number from 1 to {}, or a choice id",
            step.choices.len()
        );
    }
}
