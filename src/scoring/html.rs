//! A self-contained HTML page of a debrief, for participants to keep (no scripts, no external
//! files).

use super::{Debrief, SopStatus};
use crate::strings::{esc, first_sentence};
use std::fmt::Write;

/// The page; `participant` and `when` go in the header.
pub fn debrief_html(d: &Debrief, participant: &str, when: &str) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Debrief: {t}</title><style>\
body{{font-family:'Noto Sans',Arial,sans-serif;max-width:920px;margin:2em auto;padding:0 1em;color:#1f2933;line-height:1.45}}\
h1{{font-size:1.6em;margin-bottom:.2em}}\
h2{{margin-top:1.6em;border-bottom:2px solid #0f766e;padding-bottom:.2em}}\
.meta{{color:#52606d}}.bar{{background:#e4e7eb;border-radius:4px;height:14px;position:relative}}\
.fill{{background:#0f766e;height:14px;border-radius:4px}}\
table{{border-collapse:collapse;width:100%}}\
td,th{{padding:.35em .5em;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}}\
.done{{color:#0f766e;font-weight:bold}}.missed{{color:#8a6d00;font-weight:bold}}\
.violated{{color:#b42318;font-weight:bold}}.order{{color:#9a3412;font-weight:bold}}\
.turning{{padding:.6em .9em;border-left:4px solid #8a6d00;background:#fffbea}}\
.ending{{padding:.8em 1em;border-radius:6px;background:#f0f4f8}}.fb{{color:#334e68}}\
.better{{background:#f0fdf4;padding:.4em .6em;border-left:3px solid #0f766e}}\
</style></head><body>",
        t = esc(&d.title)
    );
    let _ = write!(
        o,
        "<h1>{}</h1><p class=\"meta\">{} · {} · participant {} · {}</p>",
        esc(&d.title),
        esc(&d.role),
        esc(&d.setting),
        esc(participant),
        esc(when)
    );
    let _ = write!(o, "<h2>Ending</h2><div class=\"ending\">");
    match &d.ending {
        Some(e) => {
            let _ = write!(o, "<b>{}</b><br>{}", esc(&e.label), esc(&e.summary));
        }
        None => o.push_str("The case was left before an ending."),
    }
    o.push_str(
        "</div><h2>Learning objectives</h2><table><tr><th>Objective</th>\
         <th>Points (earned / best)</th><th style=\"width:40%\"></th></tr>",
    );
    for ob in &d.objectives {
        let _ = write!(
            o,
            "<tr><td><b>{}</b> {}</td><td>{} / {}</td><td><div class=\"bar\">\
             <div class=\"fill\" style=\"width:{:.0}%\"></div></div></td></tr>",
            esc(&ob.code),
            esc(&ob.title),
            ob.earned,
            ob.best,
            ob.fraction() * 100.0
        );
    }
    let _ = write!(
        o,
        "<tr><td><b>Total</b></td><td>{} / {}</td><td></td></tr></table>",
        d.total, d.total_best
    );
    o.push_str("<h2>Checklist</h2>");
    if !d.sop_title.is_empty() {
        o.push_str(&format!("<p class=\"meta\">{}</p>", esc(&d.sop_title)));
    }
    o.push_str("<table>");
    for s in &d.sop {
        let (class, detail) = match &s.status {
            SopStatus::Done { at } => ("done", format!("decision {at}")),
            SopStatus::Missed => ("missed", String::new()),
            SopStatus::Violated { at } => ("violated", format!("decision {at}")),
            SopStatus::OutOfOrder { at, should_precede } => (
                "order",
                format!("decision {at}, after {}", should_precede.join(", ")),
            ),
        };
        let _ = write!(
            o,
            "<tr><td>{}.</td><td>{}<br><small>{}</small></td><td class=\"{class}\">{}</td>\
             <td>{}</td></tr>",
            s.number,
            esc(&s.title),
            esc(&s.source),
            s.status.label(),
            esc(&detail)
        );
    }
    o.push_str("</table>");
    let turning = d.decisive_text();
    if !turning.is_empty() {
        let _ = write!(
            o,
            "<h2>The decisive moment</h2><p class=\"turning\">{}</p>",
            esc(&turning)
        );
    }
    o.push_str("<h2>Your decisions</h2>");
    for r in &d.decisions {
        let _ = write!(
            o,
            "<h3>{}. {}</h3><p>You chose: <b>{}</b> ({:+})</p><p class=\"fb\">{}</p>",
            r.number,
            esc(first_sentence(&r.prompt)),
            esc(&r.chosen.text),
            r.chosen.points,
            esc(&r.chosen.feedback)
        );
        match &r.better {
            Some(b) => {
                let _ = write!(
                    o,
                    "<div class=\"better\">A better option: <b>{}</b> ({:+})<br>\
                     <span class=\"fb\">{}</span></div>",
                    esc(&b.text),
                    b.points,
                    esc(&b.feedback)
                );
            }
            None => o.push_str("<p><i>Among the best choices here.</i></p>"),
        }
    }
    if !d.referrals.is_empty() {
        o.push_str(
            "<h2>Referral services for this case</h2><table><tr><th>Service</th><th>Area</th>\
             <th>Phone</th><th>Serves</th></tr>",
        );
        for r in &d.referrals {
            let phone = if r.phone.is_empty() {
                "—".to_string()
            } else if r.verified {
                esc(&r.phone)
            } else {
                format!("{} <small>(verify before use)</small>", esc(&r.phone))
            };
            let _ = write!(
                o,
                "<tr><td>{} <small>{}</small></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.service),
                esc(&r.source),
                esc(&r.area),
                phone,
                esc(&r.serves)
            );
        }
        o.push_str("</table>");
    }
    o.push_str(
        "<p class=\"meta\">\
         Made with Pehchan. Source tags in brackets refer to the workshop's source list.</p>\
         </body></html>\n",
    );
    o
}
