//! Colours shared by the Bevy UI and egui screens: dark text on warm paper, one teal accent.

use bevy::prelude::Color;
use bevy_egui::egui;

pub const PAPER: Color = Color::srgb(0.957, 0.945, 0.918);
pub const CARD: Color = Color::srgb(1.0, 1.0, 1.0);
pub const INK: Color = Color::srgb(0.122, 0.161, 0.200);
pub const MUTED: Color = Color::srgb(0.322, 0.376, 0.427);
pub const ACCENT: Color = Color::srgb(0.059, 0.463, 0.431);
pub const ACCENT_DARK: Color = Color::srgb(0.035, 0.310, 0.290);
pub const ACCENT_SOFT: Color = Color::srgb(0.878, 0.949, 0.941);
pub const LINE: Color = Color::srgb(0.820, 0.835, 0.851);
pub const WARN: Color = Color::srgb(0.541, 0.427, 0.0);
pub const BAD: Color = Color::srgb(0.706, 0.137, 0.094);
pub const SHADE: Color = Color::srgba(0.05, 0.07, 0.09, 0.72);

pub fn egui_color(c: Color) -> egui::Color32 {
    let s = c.to_srgba();
    egui::Color32::from_rgba_unmultiplied(
        (s.red * 255.0) as u8,
        (s.green * 255.0) as u8,
        (s.blue * 255.0) as u8,
        (s.alpha * 255.0) as u8,
    )
}
