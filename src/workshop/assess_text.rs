//! The knowledge test's section of the terminal and HTML reports.

use super::Report;
use crate::assessment::{Gain, TestReport};
use crate::strings::esc;
use std::fmt::Write;

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// "+33 pts (95% CI −38 to +105)" in percentage points.
pub fn gain_text(g: &Gain) -> String {
    let ci = g.ci95.map_or_else(
        || "no interval for n < 2".to_string(),
        |(lo, hi)| format!("95% CI {:+.0} to {:+.0}", lo * 100.0, hi * 100.0),
    );
    format!("{:+.0} pts ({ci})", g.gain * 100.0)
}

fn norm(g: &Gain) -> String {
    g.normalised.map_or("—".into(), |x| format!("{x:.2}"))
}

/// The scenario score of an objective on the report, as a share, when there is one.
fn case_mean(r: &Report, id: &str) -> Option<f64> {
    r.objectives
        .iter()
        .find(|o| o.id == id)
        .and_then(|o| o.stats)
        .map(|s| s.mean)
}

/// The terminal section.
pub fn test_text(t: &TestReport, r: Option<&Report>, title: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\n== {title}: form {} before, form {} after",
        t.pre_form.name(),
        t.post_form.name()
    );
    let _ = writeln!(
        o,
        "read {} test file(s): {} pre-test(s) and {} post-test(s) scored, {} unfinished, {} duplicate(s), {} skipped; {} participant(s) took both",
        t.files,
        t.pre_tests,
        t.post_tests,
        t.unfinished,
        t.duplicates,
        t.skipped.len(),
        t.paired
    );
    for s in &t.skipped {
        let _ = writeln!(
            o,
            "  skipped {}: {}",
            s.what,
            s.reason.lines().next().unwrap_or("")
        );
    }
    if let Some(g) = &t.overall {
        let _ = writeln!(
            o,
            "Whole test: pre {} → post {}, gain {}, normalised gain {}, n {}",
            pct(g.pre),
            pct(g.post),
            gain_text(g),
            norm(g),
            g.n
        );
    }
    let _ = writeln!(
        o,
        "\n  {:<5} {:>5} {:>5}  {:<34} {:>5} {:>4} {:>6}",
        "", "pre", "post", "gain", "g", "n", "cases"
    );
    for ob in &t.objectives {
        let cases = r.and_then(|r| case_mean(r, &ob.id)).map_or("—".into(), pct);
        match &ob.all {
            Some(g) => {
                let _ = writeln!(
                    o,
                    "  {:<5} {:>5} {:>5}  {:<34} {:>5} {:>4} {:>6}  {}",
                    ob.code,
                    pct(g.pre),
                    pct(g.post),
                    gain_text(g),
                    norm(g),
                    g.n,
                    cases,
                    ob.title
                );
            }
            None => {
                let _ = writeln!(
                    o,
                    "  {:<5} no participant took both tests  {}",
                    ob.code, ob.title
                );
            }
        }
        for (label, m) in [("sex", &ob.by_sex), ("role", &ob.by_role)] {
            for (k, g) in m {
                let _ = writeln!(
                    o,
                    "        {label} {k:<20} pre {} post {} gain {} n {}",
                    pct(g.pre),
                    pct(g.post),
                    gain_text(g),
                    g.n
                );
            }
        }
    }
    let _ = writeln!(o, "\n  Items (share right; before / after)");
    for it in &t.items {
        let s = |n: usize, x: Option<f64>| {
            x.map_or("—".to_string(), |x| format!("{} of {n}", pct(x)))
        };
        let _ = writeln!(
            o,
            "  {:<14} {} {:<15} before {:<10} after {:<10} {}",
            it.id,
            it.form.name(),
            it.objective,
            s(it.pre_n, it.pre_right),
            s(it.post_n, it.post_right),
            it.flag
                .as_deref()
                .map_or(String::new(), |f| format!("⚑ {f}"))
        );
    }
    o
}

/// The HTML section.
pub fn test_html(t: &TestReport, r: Option<&Report>, title: &str) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<h2>{}</h2><p class=\"meta\">Form {} before the cases, form {} after. {} participant(s) \
         took both; {} pre-test(s), {} post-test(s), {} unfinished, {} skipped. Shares are of items \
         right; gain in percentage points (95% confidence interval, paired by participant code); \
         g = normalised gain (post − pre) / (100% − pre). “Cases” is the class average on the \
         same objective in the scenarios.</p>",
        esc(title),
        t.pre_form.name(),
        t.post_form.name(),
        t.paired,
        t.pre_tests,
        t.post_tests,
        t.unfinished,
        t.skipped.len()
    );
    o.push_str(
        "<table><tr><th>Objective</th><th>Pre</th><th>Post</th><th>Gain</th><th>g</th><th>n</th>\
         <th>Cases</th><th>By sex</th><th>By role</th></tr>",
    );
    let split = |m: &std::collections::BTreeMap<String, Gain>| {
        m.iter()
            .map(|(k, g)| format!("{}: {:+.0} (n {})", esc(k), g.gain * 100.0, g.n))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    if let Some(g) = &t.overall {
        let _ = write!(
            o,
            "<tr><td><b>Whole test</b></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td></td><td></td><td></td></tr>",
            pct(g.pre),
            pct(g.post),
            esc(&gain_text(g)),
            norm(g),
            g.n
        );
    }
    for ob in &t.objectives {
        let cases = r.and_then(|r| case_mean(r, &ob.id)).map_or("—".into(), pct);
        match &ob.all {
            Some(g) => {
                let _ = write!(
                    o,
                    "<tr><td><b>{}</b> {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&ob.code),
                    esc(&ob.title),
                    pct(g.pre),
                    pct(g.post),
                    esc(&gain_text(g)),
                    norm(g),
                    g.n,
                    cases,
                    split(&ob.by_sex),
                    split(&ob.by_role)
                );
            }
            None => {
                let _ = write!(
                    o,
                    "<tr><td><b>{}</b> {}</td><td colspan=\"8\">no participant took both tests</td></tr>",
                    esc(&ob.code),
                    esc(&ob.title)
                );
            }
        }
    }
    o.push_str("</table><details><summary>Items</summary><table><tr><th>Item</th><th>Form</th><th>Objective</th><th>Right before</th><th>Right after</th><th></th></tr>");
    for it in &t.items {
        let s = |n: usize, x: Option<f64>| {
            x.map_or("—".to_string(), |x| format!("{} of {n}", pct(x)))
        };
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&it.id),
            it.form.name(),
            esc(&it.objective),
            s(it.pre_n, it.pre_right),
            s(it.post_n, it.post_right),
            esc(it.flag.as_deref().unwrap_or(""))
        );
    }
    o.push_str("</table></details>");
    o
}
