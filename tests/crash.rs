//! Crash-proof records with real processes: `pehchan play --record` is killed with SIGKILL at
//! random moments (during saves among them) over 200 trials, then run again to resume; no
//! confirmed choice is ever lost and the record file is never partial or unreadable.

mod common;
use pehchan::engine::Session;
use pehchan::records::SessionRecord;
use pehchan::scenario::Library;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TRIALS: usize = 200;

/// A small deterministic generator (xorshift64*), so a failing trial can be rerun.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The bundled case with the longest best path, its file, and the choices of one full path with
/// `seed` (the best path's choices where the variant offers them, else the first choice).
fn long_case(lib: &Library, seed: u64) -> (String, Vec<String>) {
    let ls = lib
        .scenarios
        .iter()
        .max_by_key(|s| s.analysis.best_path.len())
        .unwrap();
    let mut s = Session::start(ls.scenario.clone(), seed, "en").unwrap();
    let mut path = Vec::new();
    loop {
        let step = s.step();
        if step.ending.is_some() {
            break;
        }
        let pick = step
            .choices
            .iter()
            .find(|c| ls.analysis.best_path.contains(&c.id))
            .unwrap_or(&step.choices[0])
            .id
            .clone();
        s.choose(&pick).unwrap();
        path.push(pick);
    }
    let file = format!(
        "{}/scenarios/{}",
        env!("CARGO_MANIFEST_DIR"),
        file_name(&ls.file)
    );
    (file, path)
}

fn file_name(f: &str) -> String {
    std::path::Path::new(f)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn play(file: &str, record: &std::path::Path, seed: u64, choices: &[String]) -> Command {
    let mut c = Command::new(common::bin());
    c.args(["play", file, "--participant", "P07", "--seed"])
        .arg(seed.to_string())
        .arg("--record")
        .arg(record);
    if !choices.is_empty() {
        c.arg("--choose").arg(choices.join(","));
    }
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// The choices the child confirmed as saved: it prints `> id` only after the record holding that
/// choice is on disk.
fn confirmed(stdout: &str) -> usize {
    stdout.lines().filter(|l| l.starts_with("> ")).count()
}

#[test]
fn play_killed_at_random_moments_loses_no_saved_choice_and_resumes() {
    let lib = Library::bundled().unwrap();
    let seed = 7;
    let (file, path) = long_case(&lib, seed);
    assert!(path.len() >= 5, "a case long enough to kill mid-way");

    // How long an uninterrupted run takes, from the start and from its first line (printed after
    // the first save), to spread the kills over it.
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let mut child = play(&file, &dir.path().join("whole.ron"), seed, &path)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut String::new()).unwrap();
    let startup = t.elapsed();
    stdout.read_to_string(&mut String::new()).unwrap();
    assert!(child.wait().unwrap().success());
    let whole = t.elapsed();
    let playing = whole - startup;

    let mut rng = Rng(0x5eed_0fc0_ffee);
    let (mut before_first_save, mut mid_case, mut after_end) = (0, 0, 0);
    let mut lost_beyond_one = 0;
    let mut ahead_of_output = 0;
    let mut window = playing.as_micros() as f64;
    for trial in 0..TRIALS {
        let rec = dir.path().join(format!("trial-{trial}.ron"));
        let mut child = play(&file, &rec, seed, &path).spawn().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut stdout = String::new();
        if trial % 10 == 0 {
            // One kill in ten during start-up, before or during the first save.
            std::thread::sleep(Duration::from_micros(rng.below(startup.as_micros() as u64)));
        } else {
            // The others while choices are taken and saved. How long that takes varies with the
            // machine's load, so the window adapts: it shrinks after a kill that came too late
            // (the case had ended) and grows after one that landed mid-case.
            out.read_line(&mut stdout).unwrap();
            std::thread::sleep(Duration::from_micros(rng.below(window as u64)));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        out.read_to_string(&mut stdout).unwrap();
        let seen = confirmed(&stdout);

        // The record is either absent (killed before the first save) or whole.
        if !rec.exists() {
            assert_eq!(seen, 0, "trial {trial}: choices confirmed but no record");
            before_first_save += 1;
            continue;
        }
        let r = SessionRecord::load(&rec).unwrap_or_else(|e| {
            panic!("trial {trial}: the record is unreadable after a kill: {e}")
        });
        let kept = r.choices.len();
        assert_eq!(
            r.choices[..],
            path[..kept],
            "trial {trial}: the record is a prefix"
        );
        assert!(
            kept >= seen,
            "trial {trial}: {seen} choice(s) confirmed, {kept} in the record"
        );
        if kept > seen + 1 {
            lost_beyond_one += 1;
        }
        if kept > seen {
            ahead_of_output += 1; // killed between the save and the line that confirms it
        }
        if r.finished {
            after_end += 1;
        } else {
            mid_case += 1;
        }
        if trial % 10 != 0 {
            window *= if r.finished { 0.8 } else { 1.05 };
        }

        // Running the same command again resumes where it stopped and finishes the case.
        let rest = &path[kept..];
        if !r.finished {
            let out = play(&file, &rec, seed, rest).output().unwrap();
            assert!(
                out.status.success(),
                "trial {trial}: resume failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let done = SessionRecord::load(&rec).unwrap();
            assert!(done.finished, "trial {trial}");
            assert_eq!(done.choices, path, "trial {trial}: the resumed record");
        }
    }
    assert_eq!(lost_beyond_one, 0);
    eprintln!(
        "{TRIALS} kills over a {:.0} ms run ({:.0} ms start-up) of {} choices: \
         {before_first_save} before the first save, {mid_case} mid-case, {after_end} after the \
         end; {ahead_of_output} between a save and its confirmation; 0 confirmed choices lost",
        whole.as_secs_f64() * 1000.0,
        startup.as_secs_f64() * 1000.0,
        path.len()
    );
    // The kills must have landed mid-case often enough to mean something.
    assert!(
        mid_case >= TRIALS / 2,
        "only {mid_case} kills landed mid-case"
    );
}

#[test]
fn a_finished_or_foreign_record_file_is_never_overwritten() {
    let lib = Library::bundled().unwrap();
    let (file, path) = long_case(&lib, 7);
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("done.ron");
    assert!(play(&file, &rec, 7, &path).status().unwrap().success());
    let before = std::fs::read(&rec).unwrap();
    let out = play(&file, &rec, 7, &path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("finished session; not overwritten"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&rec).unwrap(), before);

    let junk = dir.path().join("notes.ron");
    std::fs::write(&junk, "my own notes, not a record").unwrap();
    let out = play(&file, &junk, 7, &path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&junk).unwrap(),
        "my own notes, not a record"
    );
}
