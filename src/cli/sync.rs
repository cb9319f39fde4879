//! `pehchan sync DIR --lrs URL --user U [--password P] [--batch N]`: new xAPI statements to an LRS.

use super::export_xapi::workshop_statements;
use pehchan::workshop::lrs::Lrs;
use pehchan::workshop::sync::{STATE_FILE, sync};
use std::path::Path;
use std::process::ExitCode;

/// The password when --password is not given (keeps it out of `ps` and the shell history).
pub const PASSWORD_ENV: &str = "PEHCHAN_LRS_PASSWORD";

pub struct Options {
    pub lrs: String,
    pub user: String,
    pub password: Option<String>,
    pub batch: usize,
    pub scenarios: Option<std::path::PathBuf>,
}

pub fn run(dir: &Path, o: Options) -> ExitCode {
    let Some(password) = o.password.or_else(|| std::env::var(PASSWORD_ENV).ok()) else {
        errln!("no password: give --password or set {PASSWORD_ENV}");
        return ExitCode::from(2);
    };
    let lrs = match Lrs::new(&o.lrs, &o.user, &password) {
        Ok(l) => l,
        Err(e) => {
            errln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(statements) = workshop_statements(dir, o.scenarios.as_deref()) else {
        return ExitCode::FAILURE;
    };
    match sync(dir, &statements, &lrs, o.batch) {
        Ok(r) => {
            outln!(
                "sent {} statement(s) to {} in {} request(s); {} sent before; {} in all",
                r.sent,
                lrs.endpoint(),
                r.requests,
                r.earlier,
                r.statements
            );
            if r.conflicts > 0 {
                outln!(
                    "note: the LRS already held {} of them under the same id with other content \
                     (kept as it was)",
                    r.conflicts
                );
            }
            if r.sent > 0 {
                outln!("remembered in {}", dir.join(STATE_FILE).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("{e}");
            ExitCode::FAILURE
        }
    }
}
