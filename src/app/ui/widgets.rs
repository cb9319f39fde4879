//! egui widgets shared by the screens: the window-filling panel, side-by-side panels, headings.

use super::theme;
use bevy_egui::egui;

/// Shows `add` in a central panel filling the window (egui 0.36 panels live inside a `Ui`).
pub fn central<R>(ctx: &egui::Context, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let mut viewport = egui::Ui::new(
        ctx.clone(),
        "viewport".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut viewport, add).inner
}

/// Below this width (logical pixels, after the text size) two panels go one above the other, and
/// the play screen's scene card gives way: a 1024×768 projector with large text is narrower.
pub const SIDE_BY_SIDE_MIN_WIDTH: f32 = 760.0;

/// `left` and `right` side by side where there is room, one above the other on a narrow or
/// zoomed screen.
pub fn side_by_side(
    ui: &mut egui::Ui,
    left: impl FnOnce(&mut egui::Ui),
    right: impl FnOnce(&mut egui::Ui),
) {
    if ui.available_width() >= SIDE_BY_SIDE_MIN_WIDTH {
        ui.columns(2, |cols| {
            left(&mut cols[0]);
            right(&mut cols[1]);
        });
    } else {
        left(ui);
        ui.add_space(10.0);
        right(ui);
    }
}

/// A section heading in the bold face.
pub fn section(ui: &mut egui::Ui, title: &str) {
    let _ = heading(ui, title);
}

/// A section heading, with its response (to know where it was drawn).
pub fn heading(ui: &mut egui::Ui, title: &str) -> egui::Response {
    ui.label(
        egui::RichText::new(title)
            .size(22.0)
            .family(egui::FontFamily::Name("bold".into()))
            .color(theme::egui_color(theme::INK)),
    )
}
