//! The key-help overlay: F1 or `?` lists the keys of the current screen; F1, `?` or Esc closes it.

use super::state::{Current, Screen};
use super::ui::theme;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HelpOpen>().add_systems(
        EguiPrimaryContextPass,
        help_ui
            .run_if(super::ui::egui_ready)
            .before(super::ui::ScreenUi),
    );
}

/// Whether the key help is shown; while it is, the screen underneath gets no keys.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
pub struct HelpOpen(pub bool);

/// Keys every screen shares.
const COMMON: &[(&str, &str)] = &[
    ("F1 or ?", "show or hide this list of keys"),
    (
        "F11",
        "full screen on or off (Esc never leaves full screen)",
    ),
];

/// The scrolling keys of the egui screens.
const SCROLL: &[(&str, &str)] = &[
    (
        "Page Down, Space",
        "scroll down a screen (a presentation clicker's forward button)",
    ),
    (
        "Page Up, Shift+Space",
        "scroll up a screen (the clicker's back button)",
    ),
    ("Home / End", "go to the top / the bottom"),
];

/// The keys of `screen`, in the order a person needs them.
pub fn keys_for(screen: Screen, room: bool) -> Vec<(&'static str, &'static str)> {
    let mut k: Vec<(&str, &str)> = match screen {
        Screen::Start => vec![
            (
                "Tab / Shift+Tab",
                "move between the fields, in reading order",
            ),
            ("Enter", "start, once a code is entered"),
            ("Arrow keys", "move a focused slider or choice"),
        ],
        Screen::Library => vec![
            ("Arrow keys", "choose a case"),
            ("Enter", "play the chosen case"),
            (
                "Tab / Shift+Tab",
                "move between buttons; Enter presses the focused one",
            ),
            ("D", "open the facilitator dashboard"),
            ("Esc", "back to the start screen"),
        ],
        Screen::Play if room => vec![
            (
                "1 to 9",
                "add a vote for that option (Shift and the digit takes one away)",
            ),
            ("Enter", "go with the option that has most votes"),
            (
                "Page Down",
                "read on; at the end of the text, move to the next option",
            ),
            ("Page Up", "back to the previous option, then up the text"),
            (
                "B or .",
                "take the highlighted option (a clicker's third button)",
            ),
            ("Home / End", "top / bottom of the case text"),
            ("Esc", "pause menu: text size, library, quit"),
            ("+ / -", "larger / smaller text"),
        ],
        Screen::Play => vec![
            ("1 to 9", "take that option"),
            ("Up / Down or Tab", "move between the options"),
            ("Enter or Space", "take the highlighted option"),
            ("Page Down / Page Up", "scroll the case text"),
            ("Home / End", "top / bottom of the case text"),
            (
                "B or .",
                "take the highlighted option (a clicker's third button)",
            ),
            ("Esc", "pause menu: text size, library, quit"),
            ("+ / -", "larger / smaller text"),
        ],
        Screen::Debrief => vec![
            ("Up / Down", "scroll a line"),
            ("Enter or Esc", "back to the library"),
            ("Ctrl+S", "save the debrief as a page"),
        ],
        Screen::Test => vec![
            (
                "1 to 9",
                "tick that answer (several on a \"choose every\" question)",
            ),
            ("Enter", "answer and go to the next question"),
            ("Esc", "back to the start; the answers so far are kept"),
        ],
        Screen::Dashboard => vec![
            ("Up / Down", "scroll a line"),
            ("R", "read the records again"),
            ("Esc", "back to the library"),
        ],
    };
    if screen != Screen::Play {
        k.extend_from_slice(SCROLL);
    }
    k.extend_from_slice(COMMON);
    k
}

fn help_ui(
    mut contexts: EguiContexts,
    screen: Res<State<Screen>>,
    current: Option<Res<Current>>,
    mut open: ResMut<HelpOpen>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    // `?` typed into a text field is text, not a request for help; F1 always works.
    let typing = ctx.text_edit_focused() && !open.0;
    let toggled = ctx.input_mut(|i| {
        let f1 = i.consume_key(egui::Modifiers::NONE, egui::Key::F1);
        let question = !typing
            && (i.consume_key(egui::Modifiers::SHIFT, egui::Key::Questionmark)
                || i.consume_key(egui::Modifiers::NONE, egui::Key::Questionmark));
        let esc = open.0 && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape);
        f1 || question || esc
    });
    if toggled {
        open.0 = !open.0;
    }
    if !open.0 {
        return Ok(());
    }
    // The screen underneath gets no keys while the help is up.
    ctx.input_mut(|i| {
        i.events
            .retain(|e| !matches!(e, egui::Event::Key { .. } | egui::Event::Text(_)))
    });
    let room = current.is_some_and(|c| c.room);
    let keys = keys_for(*screen.get(), room);
    let resp = egui::Modal::new(egui::Id::new("key-help")).show(ctx, |ui| {
        let room = ui.ctx().content_rect().width() - 48.0;
        ui.set_max_width(720.0_f32.min(room.max(200.0)));
        ui.heading("Keys on this screen");
        ui.add_space(6.0);
        // One wrapped line per key (a grid would not wrap and runs off a 1024×768 screen with
        // large text); the list scrolls if it is taller than the window.
        let tall = ui.ctx().content_rect().height() * 0.7;
        egui::ScrollArea::vertical()
            .max_height(tall)
            .show(ui, |ui| {
                for (k, what) in &keys {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            egui::RichText::new(*k)
                                .strong()
                                .color(theme::egui_color(theme::ACCENT_DARK)),
                        );
                        ui.label(format!("— {what}"));
                    });
                }
            });
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new("F1, ? or Esc closes this list.")
                .small()
                .color(theme::egui_color(theme::MUTED)),
        );
    });
    if resp.backdrop_response.clicked() {
        open.0 = false;
    }
    Ok(())
}
