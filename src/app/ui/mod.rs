//! Look and feel: embedded fonts, colours, the text-size setting for Bevy UI and egui.

pub mod scroll;
pub mod theme;
pub mod widgets;

pub use widgets::central;

use super::state::Settings;
use bevy::prelude::*;
use bevy::text::{Font, FontSize};
use bevy_egui::{EguiContexts, EguiInput, EguiPreUpdateSet, EguiPrimaryContextPass, egui};

/// Fonts compiled into the binary (OFL, see assets/fonts/OFL.txt), so the app runs from any folder.
pub const SANS: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
pub const SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

#[derive(Resource, Clone)]
pub struct UiFonts {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
}

impl UiFonts {
    pub fn text(&self, size: f32) -> TextFont {
        TextFont {
            font: self.regular.clone().into(),
            font_size: FontSize::Px(size),
            ..default()
        }
    }
    pub fn bold(&self, size: f32) -> TextFont {
        TextFont {
            font: self.bold.clone().into(),
            font_size: FontSize::Px(size),
            ..default()
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    let mut fonts = app.world_mut().resource_mut::<Assets<Font>>();
    let regular = fonts.add(Font::from_bytes(SANS.to_vec()));
    let bold = fonts.add(Font::from_bytes(SANS_BOLD.to_vec()));
    app.insert_resource(UiFonts { regular, bold })
        .init_resource::<EguiReady>()
        .insert_resource(ClearColor(theme::PAPER))
        .add_systems(Startup, spawn_camera)
        .add_systems(Update, apply_scale.run_if(resource_changed::<Settings>))
        .add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(
            EguiPrimaryContextPass,
            (setup_egui, egui_scale).chain().before(ScreenUi),
        );
}

/// The egui systems of the screens; they run after the style is set up.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenUi;

/// Keeps the app idle. bevy_egui adds a `ModifiersChanged` event to egui's input on every frame;
/// egui asks for an immediate repaint whenever its input has any event, and bevy_egui turns that
/// into a redraw request, so a window showing egui never stops redrawing (about one core busy under
/// software rendering). Dropping the event when the modifiers did not change breaks that loop.
fn drop_unchanged_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<std::collections::HashMap<Entity, egui::Modifiers>>,
) {
    for (e, mut input) in &mut inputs {
        let prev = last.get(&e).cloned();
        let mut latest = prev;
        input.0.events.retain(|ev| match ev {
            egui::Event::ModifiersChanged(m) => {
                let keep = latest != Some(*m);
                latest = Some(*m);
                keep
            }
            _ => true,
        });
        if let Some(m) = latest {
            last.insert(e, m);
        }
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("Camera"), Camera2d));
}

fn apply_scale(settings: Res<Settings>, mut scale: ResMut<UiScale>) {
    scale.0 = settings.text_scale;
}

/// Set once egui's fonts are in place (they take effect the frame after they are set); screens
/// drawn with egui wait for it.
#[derive(Resource, Default)]
pub struct EguiReady(pub bool);

pub fn egui_ready(ready: Res<EguiReady>) -> bool {
    ready.0
}

/// Noto Sans and a light, high-contrast style for egui, once.
fn setup_egui(
    mut contexts: EguiContexts,
    mut done: Local<bool>,
    mut ready: ResMut<EguiReady>,
) -> Result {
    if *done {
        ready.0 = true;
        return Ok(());
    }
    configure_egui(contexts.ctx_mut()?);
    *done = true;
    Ok(())
}

/// Fonts (Noto Sans, with a "bold" family) and the light, high-contrast style. Fonts take effect
/// from the next pass, so draw nothing with them in the pass that calls this.
pub fn configure_egui(ctx: &egui::Context) {
    let mut defs = egui::FontDefinitions::default();
    defs.font_data.insert(
        "noto".into(),
        std::sync::Arc::new(egui::FontData::from_static(SANS)),
    );
    defs.font_data.insert(
        "noto-bold".into(),
        std::sync::Arc::new(egui::FontData::from_static(SANS_BOLD)),
    );
    defs.families
        .entry(egui::FontFamily::Proportional)
        .or_default()
        .insert(0, "noto".into());
    defs.families.insert(
        egui::FontFamily::Name("bold".into()),
        vec!["noto-bold".into(), "noto".into()],
    );
    ctx.set_fonts(defs);
    ctx.set_visuals(egui::Visuals::light());
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(28.0, FontFamily::Name("bold".into())),
            ),
            (TextStyle::Body, FontId::new(18.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(18.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(14.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(15.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        // A solid scroll bar, always drawn: the scroll position is visible from across the room.
        style.spacing.scroll = egui::style::ScrollStyle {
            bar_width: 12.0,
            // The handle in the text colour: dark on the light track, not a faint grey.
            foreground_color: true,
            ..egui::style::ScrollStyle::solid()
        };
        style.spacing.button_padding = egui::vec2(14.0, 7.0);
        style.visuals.panel_fill = theme::egui_color(theme::PAPER);
        style.visuals.selection.bg_fill = theme::egui_color(theme::ACCENT);
        // A blinking cursor asks egui for a repaint every half second, which bevy_egui turns into
        // continuous redraws: keep the cursor steady so an idle form costs nothing.
        style.visuals.text_cursor.blink = false;
        // Keyboard focus (egui draws a focused widget with the "active" look) shows as a thick
        // dark ring, visible from the back of a room.
        style.visuals.widgets.active.bg_stroke =
            egui::Stroke::new(3.0, theme::egui_color(theme::INK));
        style.visuals.widgets.active.expansion = 2.0;
    });
}

fn egui_scale(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut contrast: Local<Option<bool>>,
    mut clear: ResMut<ClearColor>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if (ctx.zoom_factor() - settings.text_scale).abs() > 0.001 {
        ctx.set_zoom_factor(settings.text_scale);
    }
    if *contrast != Some(settings.projector) {
        set_contrast(ctx, settings.projector);
        clear.0 = if settings.projector {
            Color::WHITE
        } else {
            theme::PAPER
        };
        *contrast = Some(settings.projector);
    }
    Ok(())
}

/// The projector preset's high contrast: black text on white, heavier lines; or the normal look.
pub fn set_contrast(ctx: &egui::Context, high: bool) {
    ctx.all_styles_mut(|style| {
        let v = &mut style.visuals;
        if high {
            v.override_text_color = Some(egui::Color32::BLACK);
            v.panel_fill = egui::Color32::WHITE;
            v.widgets.inactive.bg_stroke = egui::Stroke::new(2.0, egui::Color32::BLACK);
            v.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.5, egui::Color32::BLACK);
        } else {
            v.override_text_color = None;
            v.panel_fill = theme::egui_color(theme::PAPER);
            v.widgets.inactive.bg_stroke = egui::Visuals::light().widgets.inactive.bg_stroke;
            v.widgets.noninteractive.bg_stroke =
                egui::Visuals::light().widgets.noninteractive.bg_stroke;
        }
    });
}
