//! egui widgets shared by the screens: the window-filling panel and section headings.

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
