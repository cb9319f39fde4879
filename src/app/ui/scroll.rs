//! Keyboard and presentation-clicker scrolling for the egui screens: PageUp/PageDown, Space,
//! Home/End and (where the screen does not use them) the arrow keys, with the scroll bar always shown.

use bevy_egui::egui;

/// What a key asks of a scroll area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrollKey {
    /// Down (+1) or up (-1) by most of a screen.
    Page(i32),
    /// Down (+1) or up (-1) by a line.
    Line(i32),
    Top,
    Bottom,
}

/// The scroll keys pressed this frame, consumed so no other widget acts on them. Nothing is read
/// while a text field has the keyboard (Space, Home and End belong to it then). `arrows`: whether
/// Up/Down scroll here (screens that move a selection with them pass false).
pub fn read_keys(ctx: &egui::Context, arrows: bool) -> Vec<ScrollKey> {
    // (egui_wants_keyboard_input is true for any focused widget, a button too: only a text
    // field takes these keys away.)
    if ctx.text_edit_focused() {
        return Vec::new();
    }
    // A focused widget keeps Space (it activates it) and the arrows (a slider moves with them).
    let focused = ctx.memory(|m| m.focused().is_some());
    let arrows = arrows && !focused;
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        let none = egui::Modifiers::NONE;
        let shift = egui::Modifiers::SHIFT;
        // Shift+Space first: matching ignores an extra Shift, so plain Space would take it.
        if (!focused && i.consume_key(shift, egui::Key::Space))
            || i.consume_key(none, egui::Key::PageUp)
        {
            out.push(ScrollKey::Page(-1));
        }
        if i.consume_key(none, egui::Key::PageDown)
            || (!focused && i.consume_key(none, egui::Key::Space))
        {
            out.push(ScrollKey::Page(1));
        }
        if i.consume_key(none, egui::Key::Home) {
            out.push(ScrollKey::Top);
        }
        if i.consume_key(none, egui::Key::End) {
            out.push(ScrollKey::Bottom);
        }
        if arrows {
            if i.consume_key(none, egui::Key::ArrowDown) {
                out.push(ScrollKey::Line(1));
            }
            if i.consume_key(none, egui::Key::ArrowUp) {
                out.push(ScrollKey::Line(-1));
            }
        }
    });
    out
}

/// The offset after `keys`, from `offset` in a view `view` high over content `content` high.
pub fn apply(keys: &[ScrollKey], offset: f32, view: f32, content: f32, line: f32) -> f32 {
    let max = (content - view).max(0.0);
    let mut y = offset;
    for k in keys {
        y = match k {
            ScrollKey::Page(d) => y + *d as f32 * (view * 0.85).max(line),
            ScrollKey::Line(d) => y + *d as f32 * line,
            ScrollKey::Top => 0.0,
            ScrollKey::Bottom => max,
        };
        y = y.clamp(0.0, max);
    }
    y
}

/// What the last frame of a scroll area measured.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScrollState {
    pub offset: f32,
    pub view: f32,
    pub content: f32,
}

impl ScrollState {
    /// Scrolled to the end, or everything fits (within 2 px of rounding).
    pub fn at_end(&self) -> bool {
        self.offset + self.view >= self.content - 2.0
    }
}

fn state_id(name: &str) -> egui::Id {
    egui::Id::new(("pehchan-scroll", name))
}

/// The last measured state of the scroll area called `name` (tests and the window test read it).
pub fn state(ctx: &egui::Context, name: &str) -> ScrollState {
    ctx.data(|d| d.get_temp(state_id(name))).unwrap_or_default()
}

/// A vertical scroll area that follows the scroll keys; `name` identifies it across frames.
pub fn scroll_area<R>(
    ui: &mut egui::Ui,
    name: &str,
    arrows: bool,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let ctx = ui.ctx().clone();
    let keys = read_keys(&ctx, arrows);
    let last = state(&ctx, name);
    let mut area = egui::ScrollArea::vertical()
        .id_salt(name)
        .auto_shrink([false, false])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible);
    if !keys.is_empty() {
        let line = ui.text_style_height(&egui::TextStyle::Body) * 2.0;
        area =
            area.vertical_scroll_offset(apply(&keys, last.offset, last.view, last.content, line));
    }
    let out = area.show(ui, add);
    let now = ScrollState {
        offset: out.state.offset.y,
        view: out.inner_rect.height(),
        content: out.content_size.y,
    };
    if now != last {
        ctx.data_mut(|d| d.insert_temp(state_id(name), now));
    }
    out.inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_the_content() {
        let (view, content, line) = (600.0, 2000.0, 40.0);
        assert_eq!(
            apply(&[ScrollKey::Page(1)], 0.0, view, content, line),
            510.0
        );
        assert_eq!(
            apply(&[ScrollKey::Page(-1)], 100.0, view, content, line),
            0.0
        );
        assert_eq!(apply(&[ScrollKey::Line(1)], 0.0, view, content, line), 40.0);
        assert_eq!(
            apply(&[ScrollKey::Bottom], 0.0, view, content, line),
            1400.0
        );
        assert_eq!(
            apply(&[ScrollKey::Page(1)], 1390.0, view, content, line),
            1400.0
        );
        assert_eq!(apply(&[ScrollKey::Top], 900.0, view, content, line), 0.0);
        assert_eq!(
            apply(&[ScrollKey::Page(1)], 0.0, view, 300.0, line),
            0.0,
            "fits"
        );
    }
}
