//! Debrief screen (egui): a chart per objective, the SOP checklist, a decision-by-decision review,
//! the ending and the referral services; the participant can save it as a self-contained HTML page.

use crate::app::runner::Action;
use crate::app::state::{DebriefRes, Notice, RoomDecision, Screen};
use crate::app::ui::theme;
use crate::app::ui::widgets::section;
use crate::scoring::{Debrief, SopStatus};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        debrief_ui
            .in_set(crate::app::ui::ScreenUi)
            .run_if(crate::app::ui::egui_ready)
            .run_if(in_state(Screen::Debrief).and_then(resource_exists::<DebriefRes>)),
    );
}

/// egui memory key: whether the "Your decisions" heading was in view in the last frame.
pub const DECISIONS_IN_VIEW: &str = "pehchan-debrief-decisions-in-view";

/// Whether the "Your decisions" heading was in view in the last frame drawn.
pub fn decisions_in_view(ctx: &egui::Context) -> bool {
    ctx.data(|m| m.get_temp(egui::Id::new(DECISIONS_IN_VIEW)))
        .unwrap_or(false)
}

#[derive(Debug, PartialEq)]
pub enum DebriefOutcome {
    SaveHtml,
    Library,
}

fn debrief_ui(
    mut contexts: EguiContexts,
    d: Res<DebriefRes>,
    notice: Res<Notice>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let out = crate::app::ui::central(ctx, |ui| {
        debrief_view(ui, &d.debrief, &d.room, notice.0.as_deref())
    });
    match out {
        Some(DebriefOutcome::SaveHtml) => {
            actions.write(Action::SaveDebriefHtml);
        }
        Some(DebriefOutcome::Library) => {
            actions.write(Action::ToLibrary);
        }
        None => {}
    }
    Ok(())
}

fn status_color(s: &SopStatus) -> egui::Color32 {
    theme::egui_color(match s {
        SopStatus::Done { .. } => theme::ACCENT,
        SopStatus::Missed => theme::WARN,
        SopStatus::Violated { .. } => theme::BAD,
        SopStatus::OutOfOrder { .. } => Color::srgb(0.60, 0.20, 0.07),
    })
}

fn status_mark(s: &SopStatus) -> &'static str {
    match s {
        SopStatus::Done { .. } => "+",
        SopStatus::Missed => "-",
        SopStatus::Violated { .. } => "x",
        SopStatus::OutOfOrder { .. } => "~",
    }
}

/// The whole debrief; callable without Bevy.
pub fn debrief_view(
    ui: &mut egui::Ui,
    d: &Debrief,
    room: &[RoomDecision],
    notice: Option<&str>,
) -> Option<DebriefOutcome> {
    let mut out = None;
    // Enter on a focused button presses that button, not the screen's shortcut.
    let focused = ui.ctx().memory(|m| m.focused().is_some());
    ui.input(|i| {
        if i.key_pressed(egui::Key::S) && i.modifiers.command {
            out = Some(DebriefOutcome::SaveHtml);
        }
        if i.key_pressed(egui::Key::Escape) || (!focused && i.key_pressed(egui::Key::Enter)) {
            out = Some(DebriefOutcome::Library);
        }
    });
    // The title on its own line, then the buttons: nothing overlaps at 1024×768 with large text.
    ui.heading(format!("Debrief — {}", d.title));
    ui.horizontal_wrapped(|ui| {
        if ui
            .add(
                egui::Button::new(
                    egui::RichText::new("Back to the library  (Enter)").color(egui::Color32::WHITE),
                )
                .fill(theme::egui_color(theme::ACCENT)),
            )
            .clicked()
        {
            out = Some(DebriefOutcome::Library);
        }
        if ui.button("Save as a page  (Ctrl+S)").clicked() {
            out = Some(DebriefOutcome::SaveHtml);
        }
        ui.label(
            egui::RichText::new("F1: keys")
                .small()
                .color(theme::egui_color(theme::MUTED)),
        );
    });
    ui.label(
        egui::RichText::new(format!("{}  ·  {}", d.role, d.setting))
            .color(theme::egui_color(theme::MUTED)),
    );
    if let Some(n) = notice {
        ui.label(
            egui::RichText::new(n)
                .color(theme::egui_color(theme::ACCENT_DARK))
                .strong(),
        );
    }
    ui.add_space(6.0);
    crate::app::ui::scroll::scroll_area(ui, "debrief", true, |ui| {
        let (label, summary, color) = match &d.ending {
            Some(e) => (
                e.label.clone(),
                e.summary.clone(),
                match e.outcome {
                    crate::scenario::OutcomeClass::Protected => theme::ACCENT,
                    crate::scenario::OutcomeClass::Partial => theme::WARN,
                    crate::scenario::OutcomeClass::Harmful => theme::BAD,
                },
            ),
            None => (
                "not reached".into(),
                "The case was left before an ending.".into(),
                theme::MUTED,
            ),
        };
        egui::Frame::new()
            .fill(theme::egui_color(theme::CARD))
            .stroke(egui::Stroke::new(3.0, theme::egui_color(color)))
            .corner_radius(8.0)
            .inner_margin(14.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    egui::RichText::new(format!("Ending: {label}"))
                        .size(22.0)
                        .color(theme::egui_color(color))
                        .family(egui::FontFamily::Name("bold".into())),
                );
                ui.label(summary);
            });
        ui.add_space(10.0);
        crate::app::ui::widgets::side_by_side(ui, |ui| objectives(ui, d), |ui| checklist(ui, d));
        ui.add_space(10.0);
        let turning = d.decisive_text();
        if !turning.is_empty() {
            section(ui, "The decisive moment");
            let color = if d.decisive.is_some() {
                theme::WARN
            } else {
                theme::ACCENT
            };
            egui::Frame::new()
                .fill(theme::egui_color(theme::CARD))
                .stroke(egui::Stroke::new(2.0, theme::egui_color(color)))
                .corner_radius(6.0)
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(egui::RichText::new(turning).size(18.0));
                });
            ui.add_space(10.0);
        }
        let heading = crate::app::ui::widgets::heading(ui, "Your decisions");
        let seen = ui.clip_rect().intersects(heading.rect);
        ui.ctx()
            .data_mut(|m| m.insert_temp(egui::Id::new(DECISIONS_IN_VIEW), seen));
        for r in &d.decisions {
            egui::Frame::new()
                .fill(theme::egui_color(theme::CARD))
                .corner_radius(6.0)
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        egui::RichText::new(format!(
                            "{}. {}",
                            r.number,
                            crate::strings::first_sentence(&r.prompt)
                        ))
                        .color(theme::egui_color(theme::MUTED)),
                    );
                    ui.label(
                        egui::RichText::new(format!(
                            "You chose: {}  ({:+})",
                            r.chosen.text, r.chosen.points
                        ))
                        .strong(),
                    );
                    if !r.chosen.feedback.is_empty() {
                        ui.label(&r.chosen.feedback);
                    }
                    if let Some(rd) = room.iter().find(|x| x.number == r.number) {
                        room_votes(ui, rd);
                    }
                    match &r.better {
                        Some(b) => {
                            egui::Frame::new()
                                .fill(theme::egui_color(theme::ACCENT_SOFT))
                                .inner_margin(8.0)
                                .corner_radius(4.0)
                                .show(ui, |ui| {
                                    ui.set_width(ui.available_width());
                                    ui.label(
                                        egui::RichText::new(format!(
                                            "A better option: {}  ({:+})",
                                            b.text, b.points
                                        ))
                                        .strong()
                                        .color(theme::egui_color(theme::ACCENT_DARK)),
                                    );
                                    if !b.feedback.is_empty() {
                                        ui.label(&b.feedback);
                                    }
                                });
                        }
                        None => {
                            ui.label(
                                egui::RichText::new("Among the best choices here")
                                    .color(theme::egui_color(theme::ACCENT)),
                            );
                        }
                    }
                });
            ui.add_space(6.0);
        }
        if !d.referrals.is_empty() {
            section(ui, "Referral services for this case");
            egui::Grid::new("referrals")
                .striped(true)
                .num_columns(3)
                .spacing([14.0, 6.0])
                .show(ui, |ui| {
                    for r in &d.referrals {
                        ui.label(egui::RichText::new(&r.service).strong());
                        ui.label(if r.phone.is_empty() {
                            "—".to_string()
                        } else if r.verified {
                            r.phone.clone()
                        } else {
                            format!("{} (verify before use)", r.phone)
                        });
                        ui.label(format!("{} — {} {}", r.area, r.serves, r.source));
                        ui.end_row();
                    }
                });
        }
    });
    out
}

/// The room's distribution of votes at a decision, the option taken marked.
fn room_votes(ui: &mut egui::Ui, rd: &RoomDecision) {
    let total: u32 = rd.options.iter().map(|o| o.1).sum::<u32>().max(1);
    ui.label(egui::RichText::new("The room voted:").small().strong());
    for (text, votes, taken) in &rd.options {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 3.0, theme::egui_color(theme::LINE));
            let mut fill = rect;
            fill.set_width(rect.width() * *votes as f32 / total as f32);
            ui.painter().rect_filled(
                fill,
                3.0,
                theme::egui_color(if *taken { theme::ACCENT } else { theme::MUTED }),
            );
            ui.label(
                egui::RichText::new(format!(
                    "{votes}  {text}{}",
                    if *taken { "  (taken)" } else { "" }
                ))
                .small(),
            );
        });
    }
}

/// A bar per objective: the track spans worst to best; the fill shows what was earned.
fn objectives(ui: &mut egui::Ui, d: &Debrief) {
    section(ui, "Learning objectives");
    for ob in &d.objectives {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(&ob.code)
                    .strong()
                    .color(theme::egui_color(theme::ACCENT_DARK)),
            );
            ui.label(&ob.title);
        });
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(ui.available_width().min(420.0), 20.0),
            egui::Sense::hover(),
        );
        let p = ui.painter();
        p.rect_filled(rect, 4.0, theme::egui_color(theme::LINE));
        let mut fill = rect;
        fill.set_width(rect.width() * ob.fraction() as f32);
        p.rect_filled(fill, 4.0, theme::egui_color(theme::ACCENT));
        ui.label(
            egui::RichText::new(format!(
                "{} of {} points (lowest possible {})",
                ob.earned, ob.best, ob.worst
            ))
            .small(),
        );
        ui.add_space(4.0);
    }
    ui.label(egui::RichText::new(format!("Total: {} of {}", d.total, d.total_best)).strong());
}

fn checklist(ui: &mut egui::Ui, d: &Debrief) {
    section(ui, "Checklist");
    ui.horizontal_wrapped(|ui| ui.label(egui::RichText::new(&d.sop_title).small()));
    for s in &d.sop {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!("{} {}", status_mark(&s.status), s.status.label()))
                    .color(status_color(&s.status))
                    .strong(),
            );
            ui.label(format!("{}. {}", s.number, s.title));
        });
        if let SopStatus::OutOfOrder { should_precede, .. } = &s.status {
            ui.label(
                egui::RichText::new(format!(
                    "   done after {}, which it should precede",
                    should_precede.join(", ")
                ))
                .small(),
            );
        }
    }
}
