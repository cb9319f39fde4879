//! The workshop report as one self-contained HTML page: inline SVG charts and tables, no scripts,
//! no external files, so it can be mailed or printed as it is.

use super::compare::Comparison;
use super::report::{BySex, ClassCounts, ObjectiveStats, Report, StepCount};
use super::svg::{Bar, bars, esc};
use super::text::{heading, percent, sex_line, spread};
use crate::scenario::model::OutcomeClass;
use crate::strings::first_sentence;
use std::fmt::Write;

const STYLE: &str = "body{font-family:'Noto Sans',Arial,sans-serif;max-width:960px;\
    margin:2em auto;padding:0 1em;color:#1f2933;line-height:1.45}\
    h1{font-size:1.6em;margin-bottom:.2em}\
    h2{margin-top:1.8em;border-bottom:2px solid #0f766e;padding-bottom:.2em}h3{margin-top:1.4em}\
    .meta{color:#52606d}\
    .summary{padding:.6em 1em;border-radius:6px;background:#f0f4f8;font-weight:bold}\
    table{border-collapse:collapse;width:100%;margin:.5em 0}\
    td,th{padding:.3em .5em;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}\
    td.n{text-align:right;white-space:nowrap}.fb{color:#334e68;font-size:.92em}\
    .best{color:#0f766e;font-weight:bold}\
    .chart{max-width:100%;height:auto;display:block;margin:.6em 0}\
    pre{white-space:pre-wrap;font-size:.85em}";

/// The page; with `comparison`, a section comparing this workshop (B) with another (A).
pub fn report_html(r: &Report, comparison: Option<&Comparison>) -> String {
    let mut o = String::new();
    let title = heading(r);
    let _ = write!(
        o,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Workshop report: {t}</title><style>{STYLE}</style></head><body>\
         <h1>Workshop report: {t}</h1>",
        t = esc(&title)
    );
    if let Some(w) = &r.workshop {
        let mut meta = Vec::new();
        if !w.venue.is_empty() {
            meta.push(w.venue.clone());
        }
        if let Some(s) = &w.series {
            meta.push(match w.series_order {
                Some(n) => format!("{s}, workshop {n}"),
                None => s.clone(),
            });
        }
        if !meta.is_empty() {
            let _ = write!(o, "<p class=\"meta\">{}</p>", esc(&meta.join(" · ")));
        }
    }
    let _ = write!(o, "<p class=\"summary\">{}</p>", esc(&r.summary()));
    if !r.read.skipped.is_empty() {
        o.push_str(
            "<details><summary>Files and records not counted, and why</summary>\
             <table><tr><th>What</th><th>Why</th></tr>",
        );
        for s in &r.read.skipped {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}<pre>{}</pre></td></tr>",
                esc(&s.what),
                esc(s.kind.label()),
                esc(&s.reason)
            );
        }
        o.push_str("</table></details>");
    }
    participants(&mut o, r);
    let s = &r.sessions;
    let _ = write!(
        o,
        "<p>Sessions: {} ({} finished, {} unfinished).</p>",
        s.sessions, s.finished, s.unfinished
    );
    o.push_str(
        "<h2>Learning objectives</h2><p class=\"meta\">Class average of the share of the best \
         possible points reached (0% = the worst possible run, 100% = the best), over finished \
         sessions. Bar: mean; dark band: ± one standard deviation; \
         whisker: lowest to highest.</p>",
    );
    objectives(&mut o, "Learning objectives: class averages", &r.objectives);
    if let Some(t) = &r.assessment {
        o.push_str(&super::assess_text::test_html(t, Some(r), "Knowledge test"));
    }
    o.push_str("<h2>Endings</h2>");
    classes(&mut o, &r.endings.by_class);
    if !r.endings.by_node.is_empty() {
        o.push_str(
            "<table><tr><th>Case</th><th>Ending</th><th>Class</th>\
             <th class=\"n\">Sessions</th></tr>",
        );
        for e in &r.endings.by_node {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}<br><span class=\"fb\">{}</span></td><td>{}</td>\
                 <td class=\"n\">{}</td></tr>",
                esc(&e.scenario),
                esc(&e.node),
                esc(&e.summary),
                esc(e.outcome.label()),
                e.count
            );
        }
        o.push_str("</table>");
    }
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
        let _ = write!(
            o,
            "<h2>{} <small class=\"meta\">({})</small></h2>\
             <p>{} session(s): {} finished, {} unfinished.</p>",
            esc(&sc.title),
            esc(&sc.id),
            sc.sessions.sessions,
            sc.sessions.finished,
            sc.sessions.unfinished
        );
        objectives(&mut o, &format!("{}: objectives", sc.title), &sc.objectives);
        if sc.by_class.total() > 0 {
            classes(&mut o, &sc.by_class);
        }
        for d in &sc.decisions {
            let _ = write!(
                o,
                "<h3>{} <small class=\"meta\">[{}]</small></h3><p class=\"meta\">{} decision(s), \
                 {} among the best choices open at the time.</p><table><tr><th>Option</th>\
                 <th class=\"n\">Points</th><th class=\"n\">Chosen</th>\
                 <th class=\"n\">Share</th></tr>",
                esc(first_sentence(&d.prompt)),
                esc(&d.node),
                d.decisions,
                d.among_best
            );
            for op in &d.options {
                let _ = write!(
                    o,
                    "<tr><td>{}{}<br><span class=\"fb\">{}</span></td>\
                     <td class=\"n\">{:+}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    if op.best {
                        "<span class=\"best\">★ best</span> "
                    } else {
                        ""
                    },
                    esc(&op.text),
                    esc(&op.feedback),
                    op.points,
                    op.chosen,
                    percent(op.chosen as f64 / d.decisions.max(1) as f64)
                );
            }
            o.push_str("</table>");
        }
    }
    if let Some(c) = comparison {
        compare_section(&mut o, c);
    }
    if let Some(t) = &r.series_assessment {
        o.push_str(&super::assess_text::test_html(
            t,
            None,
            "Knowledge test across the series (first pre-test to last post-test)",
        ));
    }
    o.push_str(
        "<p class=\"meta\">Made with Pehchan. Participants appear only as pseudonymous codes; \
         no names or free text are stored or exported.</p></body></html>\n",
    );
    o
}

fn participants(o: &mut String, r: &Report) {
    let p = &r.participants;
    let _ = write!(
        o,
        "<h2>Participants</h2><p>{}</p>",
        esc(&sex_line(p.total, &p.by_sex))
    );
    let max = p
        .by_sex
        .rows()
        .iter()
        .map(|x| x.1)
        .max()
        .unwrap_or(0)
        .max(1);
    let rows: Vec<Bar> = p
        .by_sex
        .rows()
        .iter()
        .map(|(k, n)| count_bar(k, *n, max, p.total, "#2563eb"))
        .collect();
    o.push_str(&bars("Participants by sex", &rows, false));
    o.push_str(
        "<table><tr><th>Role</th><th class=\"n\">Female</th><th class=\"n\">Male</th>\
         <th class=\"n\">Other</th><th class=\"n\">Not stated</th><th class=\"n\">Total</th></tr>",
    );
    for role in &p.by_role {
        sex_row(
            o,
            role.role.as_deref().unwrap_or("(not stated)"),
            &role.by_sex,
        );
    }
    sex_row(o, "All roles", &p.by_sex);
    o.push_str("</table>");
}

fn sex_row(o: &mut String, label: &str, s: &BySex) {
    let _ = write!(
        o,
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        esc(label),
        s.female,
        s.male,
        s.other,
        s.not_stated,
        s.total()
    );
}

fn objectives(o: &mut String, title: &str, list: &[ObjectiveStats]) {
    let rows: Vec<Bar> = list
        .iter()
        .map(|ob| Bar {
            label: format!("{} {}", ob.code, ob.title),
            value: ob.stats.map_or(0.0, |s| s.mean),
            text: ob
                .stats
                .map(|s| format!("{} ± {:.0} (n {})", percent(s.mean), s.sd * 100.0, s.n))
                .unwrap_or_else(|| "no data".into()),
            band: ob.stats.map(|s| (s.mean - s.sd, s.mean + s.sd)),
            range: ob.stats.map(|s| (s.min, s.max)),
            color: "#0f766e",
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    o.push_str(&bars(title, &rows, true));
    o.push_str("<table><tr><th>Objective</th><th>Mean ± sd (lowest–highest, n)</th></tr>");
    for ob in list {
        let _ = write!(
            o,
            "<tr><td><b>{}</b> {}</td><td>{}</td></tr>",
            esc(&ob.code),
            esc(&ob.title),
            esc(&spread(ob.stats))
        );
    }
    o.push_str("</table>");
}

fn classes(o: &mut String, c: &ClassCounts) {
    let max = ClassCounts::CLASSES
        .iter()
        .map(|&k| c.get(k))
        .max()
        .unwrap_or(0)
        .max(1);
    let rows: Vec<Bar> = ClassCounts::CLASSES
        .iter()
        .map(|&k| count_bar(k.label(), c.get(k), max, c.total(), class_color(k)))
        .collect();
    o.push_str(&bars("Endings by class", &rows, false));
}

fn class_color(c: OutcomeClass) -> &'static str {
    match c {
        OutcomeClass::Protected => "#0f766e",
        OutcomeClass::Partial => "#b7791f",
        OutcomeClass::Harmful => "#b42318",
    }
}

/// A bar for a count, scaled to the largest count, labelled "n (share of total)".
fn count_bar(label: &str, n: usize, max: usize, total: usize, color: &'static str) -> Bar {
    Bar {
        label: label.to_string(),
        value: n as f64 / max as f64,
        text: if total > 0 {
            format!("{n} ({})", percent(n as f64 / total as f64))
        } else {
            n.to_string()
        },
        band: None,
        range: None,
        color,
    }
}

fn steps(o: &mut String, title: &str, list: &[StepCount], n: impl Fn(&StepCount) -> usize) {
    let _ = write!(o, "<h2>{}</h2>", esc(title));
    if list.is_empty() {
        o.push_str("<p>None.</p>");
        return;
    }
    o.push_str(
        "<table><tr><th>Step</th><th class=\"n\">Sessions</th><th class=\"n\">Of checked</th></tr>",
    );
    for s in list {
        let _ = write!(
            o,
            "<tr><td>{}. {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            s.number,
            esc(&s.title),
            n(s),
            s.checked
        );
    }
    o.push_str("</table>");
}

fn compare_section(o: &mut String, c: &Comparison) {
    let _ = write!(
        o,
        "<h2>Comparison</h2><p>A = {}; B = {}. Differences are B − A, in percentage points.</p>\
         <table><tr><th></th><th>Participants</th><th class=\"n\">Sessions</th>\
         <th class=\"n\">Finished</th></tr>",
        esc(&c.a.label),
        esc(&c.b.label)
    );
    for (k, s) in [("A", &c.a), ("B", &c.b)] {
        let _ = write!(
            o,
            "<tr><td>{k}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&sex_line(s.participants, &s.by_sex)),
            s.sessions,
            s.finished
        );
    }
    o.push_str(
        "</table><table><tr><th>Objective</th><th class=\"n\">A</th><th class=\"n\">B</th>\
         <th class=\"n\">B − A</th></tr>",
    );
    let pct = |s: Option<f64>| s.map(percent).unwrap_or_else(|| "–".into());
    let pts = |d: Option<f64>| d.map(|d| format!("{:+.0}", d * 100.0)).unwrap_or_default();
    for d in &c.objectives {
        let _ = write!(
            o,
            "<tr><td><b>{}</b> {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td></tr>",
            esc(&d.code),
            esc(&d.title),
            pct(d.a.map(|s| s.mean)),
            pct(d.b.map(|s| s.mean)),
            pts(d.difference)
        );
    }
    o.push_str(
        "</table><table><tr><th>Ending</th><th class=\"n\">A</th><th class=\"n\">B</th>\
         <th class=\"n\">B − A (share)</th></tr>",
    );
    for e in &c.endings {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"n\">{} ({})</td><td class=\"n\">{} ({})</td>\
             <td class=\"n\">{}</td></tr>",
            esc(e.outcome.label()),
            e.a,
            pct(e.a_share),
            e.b,
            pct(e.b_share),
            pts(e.difference)
        );
    }
    o.push_str("</table>");
}
