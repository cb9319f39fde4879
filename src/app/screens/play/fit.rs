//! The play screen on small or zoomed screens: the scene card gives way below 760 logical pixels,
//! a "more below" hint shows while the case text continues past the bottom, and each new step
//! starts at the top of its text.

use super::view::{CaseColumn, MoreBelow, SceneCard};
use crate::app::state::Current;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Narrower than this (in logical pixels, after the text size) the scene card is hidden, so the
/// case text keeps a readable width on a 1024×768 projector with large text.
pub const SCENE_CARD_MIN_WIDTH: f32 = 760.0;

pub(super) fn fit_scene_card(
    window: Single<&Window, With<PrimaryWindow>>,
    scale: Res<UiScale>,
    mut card: Query<&mut Node, With<SceneCard>>,
) {
    let logical = window.width() / scale.0.max(0.1);
    let want = if logical < SCENE_CARD_MIN_WIDTH {
        Display::None
    } else {
        Display::Flex
    };
    for mut n in &mut card {
        if n.display != want {
            n.display = want;
        }
    }
}

pub(super) fn more_below(
    column: Query<(&ScrollPosition, &ComputedNode), With<CaseColumn>>,
    mut hint: Query<&mut Visibility, With<MoreBelow>>,
) {
    let Ok((p, c)) = column.single() else { return };
    let k = c.inverse_scale_factor();
    let more = p.y + c.size().y * k < c.content_size().y * k - 2.0;
    let want = if more {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    for mut v in &mut hint {
        if *v != want {
            *v = want;
        }
    }
}

/// A new decision starts at the top of its text (a vote in room mode changes the session but not
/// the step, and keeps the view where it is).
pub(super) fn top_of_new_step(
    current: Res<Current>,
    mut last: Local<usize>,
    mut column: Query<&mut ScrollPosition, With<CaseColumn>>,
) {
    let k = current.play.session.history().len();
    if *last == k {
        return;
    }
    *last = k;
    for mut p in &mut column {
        p.y = 0.0;
    }
}

/// Runs when the session changed (a new step to read).
pub(super) fn session_changed(current: Option<Res<Current>>) -> bool {
    current.is_some_and(|c| c.is_changed())
}
