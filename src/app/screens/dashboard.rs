//! Facilitator dashboard (egui): the workshop report of the records folder, computed by the core.

use crate::app::state::{LaunchConfig, LibraryRes, Screen};
use crate::app::storage::Storage;
use crate::app::ui::theme;
use crate::workshop::report::{Report, report};
use crate::workshop::text::{percent, sex_line, spread};
use crate::workshop::{Workshop, collect};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Dashboard), build)
        .add_systems(
            EguiPrimaryContextPass,
            dashboard_ui
                .in_set(crate::app::ui::ScreenUi)
                .run_if(crate::app::ui::egui_ready)
                .run_if(in_state(Screen::Dashboard)),
        );
}

/// The report on show, or why there is none.
#[derive(Resource)]
pub struct DashboardRes {
    pub report: Result<Report, String>,
    /// With `--compare DIR`: the comparison with the other workshop, as text, or why there is none.
    pub comparison: Option<Result<String, String>>,
}

#[derive(Debug, PartialEq)]
pub enum DashboardOutcome {
    Refresh,
    Back,
}

/// Collects the records (the workshop folder's, or this laptop's) and reports them; with another
/// workshop folder, compares the two.
pub fn compute(
    lib: &LibraryRes,
    storage: &Storage,
    launch: &crate::app::AppConfig,
) -> DashboardRes {
    let workshop = launch
        .workshop
        .as_deref()
        .and_then(|d| Workshop::load(d).ok());
    let report = collect(&storage.records).map(|c| {
        let mut r = report(&lib.lib, &c, workshop.as_ref());
        if let Some(dir) = launch.workshop.as_deref() {
            crate::workshop::assess::attach(&mut r, &lib.lib, dir, workshop.as_ref());
        }
        r
    });
    let comparison = launch.compare.as_deref().map(|other| {
        let mine = report.as_ref().map_err(|e| e.clone())?;
        let w = Workshop::load(other).map_err(|d| {
            d.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        let theirs = crate::workshop::report::report(&lib.lib, &collect(other)?, Some(&w));
        Ok(crate::workshop::text::comparison_text(
            &crate::workshop::report::compare(mine, &theirs),
        ))
    });
    DashboardRes { report, comparison }
}

fn build(
    mut commands: Commands,
    lib: Res<LibraryRes>,
    storage: Res<Storage>,
    launch: Res<LaunchConfig>,
) {
    commands.insert_resource(compute(&lib, &storage, &launch.0));
}

fn dashboard_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    res: Res<DashboardRes>,
    lib: Res<LibraryRes>,
    storage: Res<Storage>,
    launch: Res<LaunchConfig>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let out = crate::app::ui::central(ctx, |ui| {
        dashboard_view(ui, &res.report, res.comparison.as_ref())
    });
    match out {
        Some(DashboardOutcome::Refresh) => {
            commands.insert_resource(compute(&lib, &storage, &launch.0))
        }
        Some(DashboardOutcome::Back) => next.set(Screen::Library),
        None => {}
    }
    Ok(())
}

fn heading(ui: &mut egui::Ui, t: &str) {
    ui.add_space(8.0);
    crate::app::ui::widgets::section(ui, t);
}

/// A bar for a class average (0..1) with its min–max range; callable without Bevy.
fn stat_bar(ui: &mut egui::Ui, s: &crate::workshop::stats::Stats) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(320.0, 18.0), egui::Sense::hover());
    let p = ui.painter();
    p.rect_filled(rect, 4.0, theme::egui_color(theme::LINE));
    let x = |f: f64| rect.left() + rect.width() * f.clamp(0.0, 1.0) as f32;
    let mut fill = rect;
    fill.set_right(x(s.mean));
    p.rect_filled(fill, 4.0, theme::egui_color(theme::ACCENT));
    let y = rect.center().y;
    p.line_segment(
        [egui::pos2(x(s.min), y), egui::pos2(x(s.max), y)],
        egui::Stroke::new(2.0, theme::egui_color(theme::INK)),
    );
    for f in [s.min, s.max] {
        p.line_segment(
            [
                egui::pos2(x(f), rect.top() + 3.0),
                egui::pos2(x(f), rect.bottom() - 3.0),
            ],
            egui::Stroke::new(2.0, theme::egui_color(theme::INK)),
        );
    }
}

/// The dashboard; callable without Bevy.
pub fn dashboard_view(
    ui: &mut egui::Ui,
    res: &Result<Report, String>,
    comparison: Option<&Result<String, String>>,
) -> Option<DashboardOutcome> {
    let mut out = None;
    ui.input(|i| {
        if i.key_pressed(egui::Key::Escape) {
            out = Some(DashboardOutcome::Back);
        }
        if i.key_pressed(egui::Key::R) {
            out = Some(DashboardOutcome::Refresh);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.heading("Facilitator dashboard");
        if ui.button("Refresh (R)").clicked() {
            out = Some(DashboardOutcome::Refresh);
        }
        if ui.button("Back to the library (Esc)").clicked() {
            out = Some(DashboardOutcome::Back);
        }
    });
    let r = match res {
        Ok(r) => r,
        Err(e) => {
            ui.colored_label(theme::egui_color(theme::BAD), e);
            return out;
        }
    };
    if let Some(w) = &r.workshop {
        ui.label(
            egui::RichText::new(format!(
                "{} — {} {} {}",
                w.title,
                w.city,
                w.venue,
                w.dates.join(", ")
            ))
            .color(theme::egui_color(theme::MUTED)),
        );
    }
    ui.label(egui::RichText::new(r.summary()).strong());
    for s in r.read.skipped.iter().take(5) {
        ui.label(
            egui::RichText::new(format!("skipped {}: {}", s.what, s.reason))
                .small()
                .color(theme::egui_color(theme::WARN)),
        );
    }
    crate::app::ui::scroll::scroll_area(ui, "dashboard", true, |ui| {
        crate::app::ui::widgets::side_by_side(ui, |ui| participants(ui, r), |ui| objectives(ui, r));
        if let Some(t) = &r.assessment {
            knowledge_test(ui, t);
        }
        heading(ui, "Most missed and most violated checklist steps");
        egui::Grid::new("steps").striped(true).show(ui, |ui| {
            ui.strong("step");
            ui.strong("missed");
            ui.strong("violated");
            ui.end_row();
            let mut rows: Vec<_> = r.most_missed.iter().chain(r.most_violated.iter()).collect();
            rows.sort_by_key(|s| (std::cmp::Reverse(s.missed + s.violated), s.number));
            rows.dedup_by_key(|s| (s.sop.clone(), s.id.clone()));
            for s in rows.into_iter().take(8) {
                ui.label(format!("{}. {}", s.number, s.title));
                ui.label(s.missed.to_string());
                ui.label(s.violated.to_string());
                ui.end_row();
            }
        });
        if let Some(c) = comparison {
            heading(ui, "Compared with the other workshop of the series");
            match c {
                Ok(text) => {
                    ui.label(egui::RichText::new(text).monospace());
                }
                Err(e) => {
                    ui.colored_label(theme::egui_color(theme::BAD), e);
                }
            }
        }
        heading(ui, "Decisions, case by case");
        for sc in &r.scenarios {
            egui::CollapsingHeader::new(format!(
                "{} — {} session(s)",
                sc.title, sc.sessions.sessions
            ))
            .id_salt(&sc.id)
            .show(ui, |ui| {
                for d in &sc.decisions {
                    ui.label(
                        egui::RichText::new(crate::strings::first_sentence(&d.prompt)).strong(),
                    );
                    let total = d.options.iter().map(|o| o.chosen).sum::<usize>().max(1);
                    for o in &d.options {
                        ui.horizontal(|ui| {
                            let (rect, _) = ui
                                .allocate_exact_size(egui::vec2(140.0, 12.0), egui::Sense::hover());
                            ui.painter()
                                .rect_filled(rect, 3.0, theme::egui_color(theme::LINE));
                            let mut f = rect;
                            f.set_width(rect.width() * o.chosen as f32 / total as f32);
                            ui.painter().rect_filled(
                                f,
                                3.0,
                                theme::egui_color(if o.best {
                                    theme::ACCENT
                                } else {
                                    theme::MUTED
                                }),
                            );
                            ui.label(format!(
                                "{:>3}  {}{}",
                                o.chosen,
                                o.text,
                                if o.best { "  (best)" } else { "" }
                            ))
                            .on_hover_text(&o.feedback);
                        });
                    }
                    ui.add_space(4.0);
                }
            });
        }
    });
    out
}

fn participants(ui: &mut egui::Ui, r: &Report) {
    heading(ui, "Participants");
    ui.label(format!(
        "{} participants: {}",
        r.participants.total,
        sex_line(r.participants.total, &r.participants.by_sex)
    ));
    egui::Grid::new("roles").striped(true).show(ui, |ui| {
        for role in &r.participants.by_role {
            ui.label(role.role.as_deref().unwrap_or("role not stated"));
            ui.label(sex_line(role.by_sex.total(), &role.by_sex));
            ui.end_row();
        }
    });
    ui.label(format!(
        "Sessions: {} ({} finished, {} unfinished)",
        r.sessions.sessions, r.sessions.finished, r.sessions.unfinished
    ));
    heading(ui, "Endings reached");
    let c = &r.endings.by_class;
    ui.label(format!(
        "protected and referred {}  ·  partly protected {}  ·  \
         harmed, detained or re-trafficked {}",
        c.protected, c.partial, c.harmful
    ));
}

/// Pre, post and gain per objective, over the participants who took both tests.
fn knowledge_test(ui: &mut egui::Ui, t: &crate::assessment::TestReport) {
    heading(
        ui,
        &format!(
            "Knowledge test: form {} before, form {} after ({} took both)",
            t.pre_form.name(),
            t.post_form.name(),
            t.paired
        ),
    );
    egui::Grid::new("knowledge-test")
        .striped(true)
        .show(ui, |ui| {
            for h in ["objective", "before", "after", "gain (95% interval)", "n"] {
                ui.strong(h);
            }
            ui.end_row();
            let rows = t
                .overall
                .iter()
                .map(|g| ("Whole test".to_string(), g))
                .chain(t.objectives.iter().filter_map(|o| {
                    o.all
                        .as_ref()
                        .map(|g| (format!("{} {}", o.code, o.title), g))
                }));
            for (label, g) in rows {
                ui.label(label);
                ui.label(percent(g.pre));
                ui.label(percent(g.post));
                ui.label(crate::workshop::assess_text::gain_text(g));
                ui.label(g.n.to_string());
                ui.end_row();
            }
        });
    if t.paired == 0 {
        ui.label(egui::RichText::new("No participant has taken both tests yet.").small());
    }
}

fn objectives(ui: &mut egui::Ui, r: &Report) {
    heading(ui, "Learning objectives (class average, min–max)");
    for o in &r.objectives {
        ui.label(format!("{}  {}", o.code, o.title));
        match &o.stats {
            Some(s) => {
                stat_bar(ui, s);
                ui.label(
                    egui::RichText::new(format!(
                        "{} of the possible range; {}",
                        percent(s.mean),
                        spread(Some(*s))
                    ))
                    .small(),
                );
            }
            None => {
                ui.label(egui::RichText::new("no finished session scored it yet").small());
            }
        }
    }
}
