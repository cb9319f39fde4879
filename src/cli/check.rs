//! `pehchan check [PATH...]`: diagnostics for files and folders; exit 1 on errors (or warnings if
//! denied).

use super::print_diagnostics;
use pehchan::assessment::load_assessment;
use pehchan::scenario::library::{
    ASSESSMENT_FILE, CURRICULUM_FILE, SourceFile, bundled_sources, curriculum_for, load_curriculum,
};
use pehchan::scenario::{Diagnostic, Library};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(paths: &[PathBuf], deny_warnings: bool) -> ExitCode {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut files = 0usize;
    let mut playable = 0usize;
    if paths.is_empty() {
        match Library::bundled() {
            Ok(lib) => {
                files += lib.scenarios.len()
                    + lib.broken.len()
                    + 1
                    + usize::from(lib.assessment.is_some());
                playable += lib.scenarios.len();
                diags.extend(lib.diagnostics);
            }
            Err(d) => diags.extend(d),
        }
    }
    for p in paths {
        if p.is_dir() {
            match Library::load_dir(p) {
                Ok(lib) => {
                    files += lib.scenarios.len()
                        + lib.broken.len()
                        + 1
                        + usize::from(lib.assessment.is_some());
                    playable += lib.scenarios.len();
                    diags.extend(lib.diagnostics);
                }
                Err(d) => {
                    files += 1;
                    diags.extend(d)
                }
            }
        } else if !p.exists() {
            diags.push(Diagnostic::file_error(
                &p.display().to_string(),
                "no such file or folder",
                "check the path",
            ));
        } else {
            files += 1;
            let f = match SourceFile::read(p) {
                Ok(f) => f,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            if p.file_name().is_some_and(|n| n == CURRICULUM_FILE) {
                match load_curriculum(&f) {
                    Ok((_, w)) => diags.extend(w),
                    Err(d) => diags.extend(d),
                }
                continue;
            }
            let cur = match curriculum_for(p).map(|c| SourceFile::read(&c)) {
                Some(Ok(c)) => c,
                Some(Err(d)) => {
                    diags.push(d);
                    continue;
                }
                None => match bundled_sources().0 {
                    Some(c) => c,
                    None => continue,
                },
            };
            if p.file_name().is_some_and(|n| n == ASSESSMENT_FILE) {
                match load_curriculum(&cur) {
                    Ok((c, _)) => match load_assessment(&f, &c) {
                        Ok((_, w)) => diags.extend(w),
                        Err(d) => diags.extend(d),
                    },
                    Err(d) => diags.extend(d),
                }
                continue;
            }
            match Library::from_sources(&cur, std::slice::from_ref(&f)) {
                Ok(lib) => {
                    playable += lib.scenarios.len();
                    diags.extend(lib.diagnostics);
                }
                Err(d) => diags.extend(d),
            }
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    print_diagnostics(&diags);
    errln!(
        "checked {files} file(s): {playable} playable scenario(s), {errors} error(s), \
         {warnings} warning(s)"
    );
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
