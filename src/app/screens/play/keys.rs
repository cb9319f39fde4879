//! The play screen's keys: a pure function from a key press to what it asks for, and the system
//! that turns those intents into focus changes, settings and runner actions.

use super::view::CaseColumn;
use super::{Paused, PlayFocus};
use crate::app::help::HelpOpen;
use crate::app::room;
use crate::app::runner::Action;
use crate::app::state::{Current, Settings};
use crate::app::ui::scroll::{self, ScrollKey};
use bevy::prelude::*;

/// What one key press asks for on the play screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Take the shown choice with this index (0-based).
    Choose(usize),
    /// Room mode: add (+1) or remove (-1) a vote for the shown choice with this index.
    Vote(usize, i32),
    /// Room mode: go with the option that has most votes.
    Majority,
    FocusNext,
    FocusPrev,
    /// Take the highlighted choice.
    TakeFocused,
    Pause,
    Resume,
    Bigger,
    Smaller,
    ToLibrary,
    Quit,
    /// Scroll the case text.
    Scroll(ScrollKey),
}

/// What the keys depend on: the pause menu, room mode, how many choices are shown, Shift.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyContext {
    pub paused: bool,
    pub room: bool,
    pub choices: usize,
    pub shift: bool,
    /// The case text is scrolled to its end (or fits): in room mode Page Down then moves on to
    /// the options.
    pub at_bottom: bool,
    /// The highlighted option.
    pub focus: usize,
}

/// The intent of pressing `key`, or None when the key does nothing here.
pub fn intent(key: KeyCode, cx: KeyContext) -> Option<Intent> {
    use KeyCode::*;
    if cx.paused {
        return match key {
            Escape | KeyR => Some(Intent::Resume),
            Equal | NumpadAdd => Some(Intent::Bigger),
            Minus | NumpadSubtract => Some(Intent::Smaller),
            KeyL => Some(Intent::ToLibrary),
            KeyQ => Some(Intent::Quit),
            _ => None,
        };
    }
    let n = cx.choices;
    if let Some(d) = digit(key)
        && d <= n
    {
        return Some(if cx.room {
            Intent::Vote(d - 1, if cx.shift { -1 } else { 1 })
        } else {
            Intent::Choose(d - 1)
        });
    }
    match key {
        // A clicker's forward button: read on, then (room mode) step through the options.
        PageDown if cx.room && cx.at_bottom && n > 0 => Some(Intent::FocusNext),
        PageUp if cx.room && cx.at_bottom && cx.focus > 0 => Some(Intent::FocusPrev),
        PageDown => Some(Intent::Scroll(ScrollKey::Page(1))),
        PageUp => Some(Intent::Scroll(ScrollKey::Page(-1))),
        Home => Some(Intent::Scroll(ScrollKey::Top)),
        End => Some(Intent::Scroll(ScrollKey::Bottom)),
        // The third button of many clickers ("black screen") sends B or a full stop.
        KeyB | Period if n > 0 => Some(Intent::TakeFocused),
        Enter | NumpadEnter if cx.room => Some(Intent::Majority),
        Tab if cx.shift && n > 0 => Some(Intent::FocusPrev),
        ArrowDown | Tab if n > 0 => Some(Intent::FocusNext),
        ArrowUp if n > 0 => Some(Intent::FocusPrev),
        Enter | NumpadEnter | Space if n > 0 => Some(Intent::TakeFocused),
        Escape => Some(Intent::Pause),
        Equal | NumpadAdd => Some(Intent::Bigger),
        Minus | NumpadSubtract => Some(Intent::Smaller),
        _ => None,
    }
}

/// The number key pressed, 1-based, from the top row or the keypad.
pub fn digit(key: KeyCode) -> Option<usize> {
    use KeyCode::*;
    let n = match key {
        Digit1 | Numpad1 => 1,
        Digit2 | Numpad2 => 2,
        Digit3 | Numpad3 => 3,
        Digit4 | Numpad4 => 4,
        Digit5 | Numpad5 => 5,
        Digit6 | Numpad6 => 6,
        Digit7 | Numpad7 => 7,
        Digit8 | Numpad8 => 8,
        Digit9 | Numpad9 => 9,
        _ => return None,
    };
    Some(n)
}

pub(super) fn play_keys(
    keys: Res<ButtonInput<KeyCode>>,
    current: Res<Current>,
    help: Res<HelpOpen>,
    mut column: Query<(&mut ScrollPosition, &ComputedNode), With<CaseColumn>>,
    mut focus: ResMut<PlayFocus>,
    mut paused: ResMut<Paused>,
    mut settings: ResMut<Settings>,
    mut actions: MessageWriter<Action>,
) {
    if help.0 {
        return;
    }
    let step = current.play.session.step();
    let n = step.choices.len();
    let s = column
        .single()
        .map(|(p, c)| super::fit::case_scroll(p, c))
        .unwrap_or_default();
    // Every key of one frame is read in the mode the frame started in.
    let cx = KeyContext {
        paused: paused.0,
        room: current.room,
        choices: n,
        shift: keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]),
        at_bottom: s.at_end(),
        focus: focus.0,
    };
    for k in keys.get_just_pressed() {
        let Some(i) = intent(*k, cx) else { continue };
        let choose = match i {
            Intent::Choose(c) => Some(step.choices[c].id.clone()),
            Intent::TakeFocused => Some(step.choices[focus.0.min(n - 1)].id.clone()),
            Intent::Majority => match room::majority(&step, &current.votes) {
                Some(id) => Some(id),
                None => continue,
            },
            Intent::Vote(c, delta) => {
                actions.write(Action::Vote {
                    choice: step.choices[c].id.clone(),
                    delta,
                });
                None
            }
            Intent::FocusNext => {
                focus.0 = (focus.0 + 1) % n;
                None
            }
            Intent::FocusPrev => {
                focus.0 = (focus.0 + n - 1) % n;
                None
            }
            Intent::Pause => {
                paused.0 = true;
                None
            }
            Intent::Resume => {
                paused.0 = false;
                None
            }
            Intent::Bigger => {
                settings.bigger();
                None
            }
            Intent::Smaller => {
                settings.smaller();
                None
            }
            Intent::ToLibrary => {
                actions.write(Action::ToLibrary);
                None
            }
            Intent::Quit => {
                actions.write(Action::Quit);
                None
            }
            Intent::Scroll(k) => {
                if let Ok((mut p, _)) = column.single_mut() {
                    p.y = scroll::apply(&[k], s.offset, s.view, s.content, 40.0);
                }
                None
            }
        };
        if let Some(id) = choose {
            actions.write(Action::Choose(id));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_intents() {
        let cx = KeyContext {
            choices: 3,
            ..Default::default()
        };
        assert_eq!(intent(KeyCode::Digit2, cx), Some(Intent::Choose(1)));
        assert_eq!(intent(KeyCode::Digit4, cx), None, "no fourth choice");
        assert_eq!(intent(KeyCode::Space, cx), Some(Intent::TakeFocused));
        let room = KeyContext {
            room: true,
            shift: true,
            ..cx
        };
        assert_eq!(intent(KeyCode::Numpad3, room), Some(Intent::Vote(2, -1)));
        assert_eq!(intent(KeyCode::Enter, room), Some(Intent::Majority));
        assert_eq!(intent(KeyCode::Space, room), Some(Intent::TakeFocused));
        assert_eq!(
            intent(KeyCode::PageDown, cx),
            Some(Intent::Scroll(ScrollKey::Page(1)))
        );
        assert_eq!(intent(KeyCode::Period, cx), Some(Intent::TakeFocused));
        assert_eq!(intent(KeyCode::Tab, cx), Some(Intent::FocusNext));
        let shifted = KeyContext { shift: true, ..cx };
        assert_eq!(intent(KeyCode::Tab, shifted), Some(Intent::FocusPrev));
        let end = KeyContext {
            at_bottom: true,
            ..cx
        };
        assert_eq!(
            intent(KeyCode::PageDown, end),
            Some(Intent::Scroll(ScrollKey::Page(1))),
            "outside room mode Page Down only scrolls"
        );
        let room_end = KeyContext {
            room: true,
            at_bottom: true,
            focus: 1,
            ..cx
        };
        assert_eq!(intent(KeyCode::PageDown, room_end), Some(Intent::FocusNext));
        assert_eq!(intent(KeyCode::PageUp, room_end), Some(Intent::FocusPrev));
        let room_reading = KeyContext {
            at_bottom: false,
            ..room_end
        };
        assert_eq!(
            intent(KeyCode::PageDown, room_reading),
            Some(Intent::Scroll(ScrollKey::Page(1))),
            "room mode reads the whole text before stepping through the options"
        );
        assert_eq!(intent(KeyCode::KeyB, room_end), Some(Intent::TakeFocused));
        let paused = KeyContext { paused: true, ..cx };
        assert_eq!(intent(KeyCode::Digit1, paused), None);
        assert_eq!(intent(KeyCode::KeyL, paused), Some(Intent::ToLibrary));
        assert_eq!(intent(KeyCode::Escape, paused), Some(Intent::Resume));
    }
}
