//! Library screen (egui): a card per scenario, and the diagnostics of files that could not be
//! loaded.

use crate::app::runner::Action;
use crate::app::state::{LibraryRes, Notice, Screen};
use crate::app::ui::theme;
use crate::scenario::{Curriculum, Diagnostic, LoadedScenario};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Selected>().add_systems(
        EguiPrimaryContextPass,
        library_ui
            .in_set(crate::app::ui::ScreenUi)
            .run_if(crate::app::ui::egui_ready)
            .run_if(in_state(Screen::Library)),
    );
}

/// The card under keyboard focus.
#[derive(Resource, Default)]
pub struct Selected(pub usize);

/// What the library asks for.
#[derive(Debug, PartialEq)]
pub enum LibraryOutcome {
    Play(String),
    Back,
    Dashboard,
}

fn library_ui(
    mut contexts: EguiContexts,
    lib: Res<LibraryRes>,
    notice: Res<Notice>,
    mut selected: ResMut<Selected>,
    mut actions: MessageWriter<Action>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let out = crate::app::ui::central(ctx, |ui| {
        library_view(ui, &lib, &mut selected.0, notice.0.as_deref())
    });
    match out {
        Some(LibraryOutcome::Play(id)) => {
            actions.write(Action::Open { id, seed: None });
        }
        Some(LibraryOutcome::Back) => next.set(Screen::Start),
        Some(LibraryOutcome::Dashboard) => next.set(Screen::Dashboard),
        None => {}
    }
    Ok(())
}

/// The library view; callable without Bevy.
pub fn library_view(
    ui: &mut egui::Ui,
    lib: &LibraryRes,
    selected: &mut usize,
    notice: Option<&str>,
) -> Option<LibraryOutcome> {
    let mut out = None;
    let n = lib.lib.scenarios.len();
    // Enter on a focused button presses that button, not the selected card's.
    let focused = ui.ctx().memory(|m| m.focused().is_some());
    let before = *selected;
    ui.input(|i| {
        if n > 0 && (i.key_pressed(egui::Key::ArrowDown) || i.key_pressed(egui::Key::ArrowRight)) {
            *selected = (*selected + 1) % n;
        }
        if n > 0 && (i.key_pressed(egui::Key::ArrowUp) || i.key_pressed(egui::Key::ArrowLeft)) {
            *selected = (*selected + n - 1) % n;
        }
        if n > 0 && !focused && i.key_pressed(egui::Key::Enter) {
            out = Some(LibraryOutcome::Play(
                lib.lib.scenarios[(*selected).min(n - 1)]
                    .scenario
                    .id
                    .clone(),
            ));
        }
        if i.key_pressed(egui::Key::Escape) {
            out = Some(LibraryOutcome::Back);
        }
        if i.key_pressed(egui::Key::D) {
            out = Some(LibraryOutcome::Dashboard);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.heading("Case library");
        ui.label(
            egui::RichText::new(match &lib.dir {
                Some(d) => format!("{} — watched for changes", d.display()),
                None => "bundled scenarios".to_string(),
            })
            .color(theme::egui_color(theme::MUTED)),
        );
        if ui.button("Facilitator dashboard (D)").clicked() {
            out = Some(LibraryOutcome::Dashboard);
        }
    });
    ui.label(
        egui::RichText::new(
            "Arrow keys choose a case, Enter plays it, D opens the dashboard, Esc goes back, \
             F1 lists every key",
        )
        .small()
        .color(theme::egui_color(theme::MUTED)),
    );
    if let Some(t) = notice {
        ui.colored_label(theme::egui_color(theme::BAD), t);
    }
    ui.add_space(6.0);
    // The card the arrows moved to is scrolled into view.
    let moved = *selected != before;
    crate::app::ui::scroll::scroll_area(ui, "library", false, |ui| {
        let width = ui.available_width();
        let cols = if width > 1100.0 { 2 } else { 1 };
        let card_w = (width - 16.0 * (cols as f32 - 1.0)) / cols as f32 - 4.0;
        for row in lib.lib.scenarios.chunks(cols).enumerate() {
            ui.horizontal_top(|ui| {
                for (k, ls) in row.1.iter().enumerate() {
                    let i = row.0 * cols + k;
                    let here = i == *selected;
                    if card(ui, ls, &lib.lib.curriculum, card_w, here, here && moved) {
                        *selected = i;
                        out = Some(LibraryOutcome::Play(ls.scenario.id.clone()));
                    }
                }
            });
            ui.add_space(10.0);
        }
        let problems: Vec<&Diagnostic> = lib
            .lib
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .chain(lib.reload_errors.iter())
            .collect();
        if !problems.is_empty() {
            ui.add_space(8.0);
            egui::Frame::group(ui.style())
                .fill(egui::Color32::from_rgb(253, 242, 242))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        egui::RichText::new(format!(
                            "{} file(s) could not be loaded — the other cases still work",
                            lib.lib.broken.len().max(1)
                        ))
                        .strong()
                        .color(theme::egui_color(theme::BAD)),
                    );
                    for d in problems.iter().take(30) {
                        ui.label(egui::RichText::new(d.render()).monospace().size(13.0));
                    }
                });
        }
    });
    out
}

/// One scenario card; returns true when its Play button is pressed.
fn card(
    ui: &mut egui::Ui,
    ls: &LoadedScenario,
    cur: &Curriculum,
    width: f32,
    selected: bool,
    scroll_into_view: bool,
) -> bool {
    let stroke = if selected {
        egui::Stroke::new(3.0, theme::egui_color(theme::ACCENT))
    } else {
        egui::Stroke::new(1.0, theme::egui_color(theme::LINE))
    };
    let mut play = false;
    let shown = egui::Frame::new()
        .fill(theme::egui_color(theme::CARD))
        .stroke(stroke)
        .corner_radius(8.0)
        .inner_margin(14.0)
        .show(ui, |ui| {
            ui.set_width(width - 28.0);
            ui.vertical(|ui| card_body(ui, ls, cur, &mut play));
        });
    if scroll_into_view {
        shown.response.scroll_to_me(None);
    }
    play
}

fn card_body(ui: &mut egui::Ui, ls: &LoadedScenario, cur: &Curriculum, play: &mut bool) {
    let sc = &ls.scenario;
    {
        ui.label(
            egui::RichText::new(sc.title.en())
                .size(21.0)
                .family(egui::FontFamily::Name("bold".into()))
                .color(theme::egui_color(theme::INK)),
        );
        ui.label(
            egui::RichText::new(format!(
                "{}  ·  {}  ·  about {} min",
                sc.setting.en(),
                sc.role.en(),
                sc.minutes
            ))
            .color(theme::egui_color(theme::MUTED)),
        );
        if !sc.audience.is_empty() {
            let groups: Vec<&str> = sc.audience.iter().map(|a| cur.audience_label(a)).collect();
            ui.label(
                egui::RichText::new(format!("For: {}", groups.join(", ")))
                    .color(theme::egui_color(theme::MUTED)),
            );
        }
        if !sc.premise.en().is_empty() {
            ui.label(sc.premise.en());
        }
        ui.horizontal_wrapped(|ui| {
            for o in &sc.objectives {
                let (code, title) = cur
                    .objective(o)
                    .map(|x| (x.code.clone(), x.title.en().to_string()))
                    .unwrap_or((o.clone(), o.clone()));
                ui.label(
                    egui::RichText::new(format!(" {code} "))
                        .background_color(theme::egui_color(theme::ACCENT_SOFT))
                        .color(theme::egui_color(theme::ACCENT_DARK)),
                )
                .on_hover_text(title);
            }
        });
        if let Some(note) = &sc.content_note {
            ui.label(
                egui::RichText::new(format!("Content note: {}", note.en()))
                    .color(theme::egui_color(theme::WARN)),
            );
        }
        let b =
            egui::Button::new(egui::RichText::new("Play this case").color(egui::Color32::WHITE))
                .fill(theme::egui_color(theme::ACCENT));
        if ui.add(b).clicked() {
            *play = true;
        }
    }
}
