//! Synthetic session records for benchmarks and tests: random valid walks through every scenario
//! of a library with a seeded RNG, by participants P0001.. with a mix of sexes and roles.

use crate::engine::Session;
use crate::records::{Gender, SessionRecord};
use crate::scenario::Library;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Roles given to synthetic participants.
pub const ROLES: [&str; 6] = [
    "FIA officer",
    "Police officer",
    "Social welfare officer",
    "Labour inspector",
    "Child protection officer",
    "NGO case worker",
];

/// A walk stops after this many decisions even if the case has not ended.
const MAX_DECISIONS: usize = 500;
/// Per cent of walks abandoned part-way (unfinished sessions).
const ABANDON_PERCENT: u32 = 3;

/// `n` records: participant k plays every scenario in library order (so `n / scenarios`
/// participants), choosing at random among the available choices until an ending.
pub fn records(lib: &Library, n: usize, seed: u64) -> Vec<SessionRecord> {
    let k = lib.scenarios.len();
    if k == 0 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(n);
    let mut who = (String::new(), None, String::new());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for i in 0..n {
        let ls = &lib.scenarios[i % k];
        if i % k == 0 {
            who = participant(i / k + 1, &mut rng);
        }
        let session_seed: u64 = rng.random();
        let Ok(mut s) = Session::start(ls.scenario.clone(), session_seed, "en") else {
            continue;
        };
        let mut rec = SessionRecord::new(ls, session_seed, &who.0, "en");
        rec.id = format!("{:032x}", rng.random::<u128>());
        rec.gender = who.1;
        rec.role = Some(who.2.clone());
        let abandon_at =
            (rng.random_range(0..100) < ABANDON_PERCENT).then(|| rng.random_range(0..4usize));
        for d in 0..MAX_DECISIONS {
            let step = s.step();
            if step.ending.is_some() || step.choices.is_empty() || abandon_at == Some(d) {
                break;
            }
            let c = &step.choices[rng.random_range(0..step.choices.len())];
            if s.choose(&c.id).is_err() {
                break;
            }
        }
        rec.update(&s);
        out.push(rec);
    }
    out
}

/// "P0001", a sex (45% female, 45% male, 4% other, 6% not stated) and a role.
fn participant(k: usize, rng: &mut ChaCha8Rng) -> (String, Option<Gender>, String) {
    let gender = match rng.random_range(0..100u32) {
        0..45 => Some(Gender::Female),
        45..90 => Some(Gender::Male),
        90..94 => Some(Gender::Other),
        _ => None,
    };
    let role = ROLES[rng.random_range(0..ROLES.len())].to_string();
    (format!("P{k:04}"), gender, role)
}

/// `n` synthetic finished test records: for each participant a pre-test and a post-test (so n/2
/// participants), with random answers, a little more often right after the cases.
pub fn test_records(
    a: &crate::assessment::Assessment,
    plan: super::model::TestPlan,
    n: usize,
    seed: u64,
) -> Vec<crate::assessment::TestRecord> {
    use crate::assessment::{Phase, TestRecord};
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let (code, gender, role) = participant(k / 2, &mut rng);
        let phase = if k % 2 == 0 { Phase::Pre } else { Phase::Post };
        let form = plan.form_of(phase);
        let mut r = TestRecord::new(form, phase, &code, "en");
        r.id = format!("{:032x}", rng.random::<u128>());
        r.gender = gender;
        r.role = Some(role);
        let right_percent = if phase == Phase::Pre { 50 } else { 70 };
        for it in a.form(form) {
            let chosen = if rng.random_range(0..100) < right_percent {
                it.correct.clone()
            } else {
                let opts = it.choices();
                vec![opts[rng.random_range(0..opts.len())].id.clone()]
            };
            r.answer(a, &it.id, chosen);
        }
        out.push(r);
    }
    out
}
