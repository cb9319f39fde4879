//! Plain-text rendering of a workshop report and of a comparison, for the terminal.

use super::compare::Comparison;
use super::report::{BySex, ClassCounts, ObjectiveStats, Report, StepCount};
use super::stats::Stats;
use crate::strings::first_sentence;
use std::fmt::Write;

/// How many steps the "most missed / violated" lists show in the terminal.
const TOP_STEPS: usize = 5;

pub fn report_text(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "== Workshop report: {}", heading(r));
    let _ = writeln!(o, "{}", r.summary());
    for s in &r.read.skipped {
        let _ = writeln!(o, "  skipped {}: {}", s.what, first_line(&s.reason));
    }
    let p = &r.participants;
    let _ = writeln!(o, "\nParticipants: {}", sex_line(p.total, &p.by_sex));
    for role in &p.by_role {
        let name = role.role.as_deref().unwrap_or("(role not stated)");
        let _ = writeln!(
            o,
            "  {:<32} {}",
            name,
            sex_line(role.by_sex.total(), &role.by_sex)
        );
    }
    let s = &r.sessions;
    let _ = writeln!(
        o,
        "Sessions: {} ({} finished, {} unfinished)",
        s.sessions, s.finished, s.unfinished
    );
    let _ = writeln!(
        o,
        "\nLearning objectives (class average of the share of the best possible; finished sessions)"
    );
    objectives(&mut o, &r.objectives);
    if let Some(t) = &r.assessment {
        o.push_str(&super::assess_text::test_text(t, Some(r), "Knowledge test"));
    }
    let _ = writeln!(o, "\nEndings");
    classes(&mut o, &r.endings.by_class);
    steps(&mut o, "Most missed checklist steps", &r.most_missed, |s| {
        s.missed
    });
    steps(
        &mut o,
        "Most violated checklist steps",
        &r.most_violated,
        |s| s.violated,
    );
    for sc in &r.scenarios {
        let _ = writeln!(
            o,
            "\n== {} ({}): {} session(s), {} finished, {} unfinished",
            sc.title, sc.id, sc.sessions.sessions, sc.sessions.finished, sc.sessions.unfinished
        );
        objectives(&mut o, &sc.objectives);
        if !sc.endings.is_empty() {
            let _ = writeln!(o, "  Endings");
            for e in &sc.endings {
                let _ = writeln!(
                    o,
                    "    {:>5}  {} [{}]: {}",
                    e.count,
                    e.outcome.label(),
                    e.node,
                    e.summary
                );
            }
        }
        for d in &sc.decisions {
            let _ = writeln!(
                o,
                "  [{}] {} ({} decision(s), {} among the best)",
                d.node,
                first_sentence(&d.prompt),
                d.decisions,
                d.among_best
            );
            for op in &d.options {
                let _ = writeln!(
                    o,
                    "    {:>5} {:>4}  {} {} ({:+}): {}",
                    op.chosen,
                    percent(op.chosen as f64 / d.decisions.max(1) as f64),
                    if op.best { "★" } else { " " },
                    op.id,
                    op.points,
                    op.text
                );
                if !op.feedback.is_empty() {
                    let _ = writeln!(o, "                 {}", op.feedback);
                }
            }
        }
    }
    o
}

pub fn comparison_text(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "== Comparison: A = {}, B = {}", c.a.label, c.b.label);
    for (name, s) in [("A", &c.a), ("B", &c.b)] {
        let _ = writeln!(
            o,
            "{name}: participants {}; {} session(s), {} finished",
            sex_line(s.participants, &s.by_sex),
            s.sessions,
            s.finished
        );
    }
    let _ = writeln!(
        o,
        "\nLearning objectives (class average; difference B − A in percentage points)"
    );
    for d in &c.objectives {
        let _ = writeln!(
            o,
            "  {:<6} {:<44} A {:>5}  B {:>5}  {}",
            d.code,
            clip(&d.title, 44),
            mean(d.a),
            mean(d.b),
            diff(d.difference)
        );
    }
    let _ = writeln!(o, "\nEndings (share of finished sessions)");
    for e in &c.endings {
        let share = |s: Option<f64>| s.map(percent).unwrap_or_else(|| "–".into());
        let _ = writeln!(
            o,
            "  {:<36} A {:>5} ({:>4})  B {:>5} ({:>4})  {}",
            e.outcome.label(),
            e.a,
            share(e.a_share),
            e.b,
            share(e.b_share),
            diff(e.difference)
        );
    }
    for s in &c.scenarios {
        let _ = writeln!(
            o,
            "\n  {} ({}): A {} session(s), B {} session(s)",
            s.title, s.id, s.a_sessions, s.b_sessions
        );
        for d in &s.objectives {
            let _ = writeln!(
                o,
                "    {:<6} A {:>5}  B {:>5}  {}",
                d.code,
                mean(d.a),
                mean(d.b),
                diff(d.difference)
            );
        }
    }
    o
}

/// "Workshop title — City — dates", or a plain label for a folder without workshop.ron.
pub fn heading(r: &Report) -> String {
    match &r.workshop {
        Some(w) => {
            let mut parts = vec![w.title.clone()];
            if !w.city.is_empty() {
                parts.push(w.city.clone());
            }
            if !w.dates.is_empty() {
                parts.push(w.dates.join(", "));
            }
            parts.join(" — ")
        }
        None => "(no workshop.ron)".to_string(),
    }
}

/// "20 (8 female, 12 male, 0 other, 0 not stated)".
pub fn sex_line(total: usize, s: &BySex) -> String {
    let parts: Vec<String> = s.rows().iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!("{total} ({})", parts.join(", "))
}

/// "62%".
pub fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// "62% ± 15 (20–100%, n 12)", or "no finished session".
pub fn spread(s: Option<Stats>) -> String {
    match s {
        Some(s) => format!(
            "{} ± {:.0} ({:.0}–{}, n {})",
            percent(s.mean),
            s.sd * 100.0,
            s.min * 100.0,
            percent(s.max),
            s.n
        ),
        None => "no finished session".to_string(),
    }
}

fn objectives(o: &mut String, list: &[ObjectiveStats]) {
    for ob in list {
        let _ = writeln!(
            o,
            "  {:<6} {:<44} {}",
            ob.code,
            clip(&ob.title, 44),
            spread(ob.stats)
        );
    }
}

fn classes(o: &mut String, c: &ClassCounts) {
    for k in ClassCounts::CLASSES {
        let _ = writeln!(o, "  {:<36} {:>5}", k.label(), c.get(k));
    }
}

fn steps(o: &mut String, title: &str, list: &[StepCount], n: impl Fn(&StepCount) -> usize) {
    let _ = writeln!(o, "\n{title}");
    if list.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for s in list.iter().take(TOP_STEPS) {
        let _ = writeln!(
            o,
            "  {:>5} of {:<5} {:>2}. {}",
            n(s),
            s.checked,
            s.number,
            s.title
        );
    }
}

fn mean(s: Option<Stats>) -> String {
    s.map(|s| percent(s.mean)).unwrap_or_else(|| "–".into())
}

fn diff(d: Option<f64>) -> String {
    d.map(|d| format!("{:+.0} pts", d * 100.0))
        .unwrap_or_default()
}

/// `s` cut to `n` characters, with an ellipsis when cut.
pub(super) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}
