//! Inline SVG bar charts for the HTML report (no scripts, no external files).

use super::text::clip;
pub use crate::strings::esc;
use std::fmt::Write;

/// One horizontal bar; positions are shares of the axis (0.0 ..= 1.0).
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Shown right of the bar, e.g. "62% ± 15".
    pub text: String,
    /// Mean ± standard deviation, drawn as a thick band across the bar end.
    pub band: Option<(f64, f64)>,
    /// Minimum to maximum, drawn as a thin whisker.
    pub range: Option<(f64, f64)>,
    pub color: &'static str,
}

const WIDTH: f64 = 720.0;
const LABEL: f64 = 230.0;
const AXIS: f64 = 340.0;
const ROW: f64 = 28.0;

/// A chart with one row per bar; `percent_axis` adds 0 / 50 / 100 % grid lines.
pub fn bars(title: &str, rows: &[Bar], percent_axis: bool) -> String {
    let top = if percent_axis { 18.0 } else { 4.0 };
    let height = top + ROW * rows.len() as f64 + 4.0;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{t}\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\" \
         font-family=\"Noto Sans, Arial, sans-serif\" font-size=\"13\"><title>{t}</title>",
        t = esc(title)
    );
    if percent_axis {
        for p in [0.0, 0.5, 1.0] {
            let x = LABEL + AXIS * p;
            let _ = write!(
                o,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#cbd2d9\" \
                 stroke-dasharray=\"3 3\"/><text x=\"{x}\" y=\"12\" text-anchor=\"middle\" \
                 fill=\"#52606d\" font-size=\"11\">{:.0}%</text>",
                top - 2.0,
                height - 2.0,
                p * 100.0
            );
        }
    }
    for (i, b) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        let mid = y + ROW / 2.0;
        let w = AXIS * clamp(b.value);
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1f2933\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{}\" width=\"{AXIS}\" height=\"14\" rx=\"3\" \
             fill=\"#e4e7eb\"/><rect x=\"{LABEL}\" y=\"{}\" width=\"{w:.1}\" height=\"14\" \
             rx=\"3\" fill=\"{}\"/>",
            LABEL - 8.0,
            mid + 4.0,
            esc(&clip(&b.label, 32)),
            mid - 7.0,
            mid - 7.0,
            b.color
        );
        if let Some((lo, hi)) = b.range {
            let (x1, x2) = (LABEL + AXIS * clamp(lo), LABEL + AXIS * clamp(hi));
            let _ = write!(
                o,
                "<path d=\"M{x1:.1} {a:.1}V{b:.1}M{x1:.1} {mid:.1}H{x2:.1}M{x2:.1} {a:.1}V{b:.1}\" \
                 stroke=\"#1f2933\" stroke-width=\"1\" fill=\"none\"/>",
                a = mid - 5.0,
                b = mid + 5.0
            );
        }
        if let Some((lo, hi)) = b.band {
            let (x1, x2) = (LABEL + AXIS * clamp(lo), LABEL + AXIS * clamp(hi));
            let _ = write!(
                o,
                "<rect x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"4\" fill=\"#1f2933\" \
                 fill-opacity=\"0.55\"/>",
                mid - 2.0,
                (x2 - x1).max(1.0)
            );
        }
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" fill=\"#1f2933\">{}</text>",
            LABEL + AXIS + 10.0,
            mid + 4.0,
            esc(&b.text)
        );
    }
    o.push_str("</svg>");
    o
}

fn clamp(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
