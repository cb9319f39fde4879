//! The play screen on small or zoomed screens: the scene card gives way on a narrow screen,
//! a "more below" hint shows while the case text continues past the bottom, and each new step
//! starts at the top of its text.

use super::view::{CaseColumn, MoreBelow, SceneCard};
use crate::app::state::Current;
use crate::app::ui::scroll::ScrollState;
use crate::app::ui::widgets::SIDE_BY_SIDE_MIN_WIDTH;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

pub(super) fn fit_scene_card(
    window: Single<&Window, With<PrimaryWindow>>,
    scale: Res<UiScale>,
    mut card: Query<&mut Node, With<SceneCard>>,
) {
    let logical = window.width() / scale.0.max(0.1);
    // Hidden on a narrow screen, so the case text keeps a readable width.
    let want = if logical < SIDE_BY_SIDE_MIN_WIDTH {
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

/// The case column's scroll, in logical pixels (the layout measures in physical ones).
pub(super) fn case_scroll(p: &ScrollPosition, c: &ComputedNode) -> ScrollState {
    let k = c.inverse_scale_factor();
    ScrollState {
        offset: p.y,
        view: c.size().y * k,
        content: c.content_size().y * k,
    }
}

pub(super) fn more_below(
    column: Query<(&ScrollPosition, &ComputedNode), With<CaseColumn>>,
    mut hint: Query<&mut Visibility, With<MoreBelow>>,
) {
    let Ok((p, c)) = column.single() else { return };
    let want = if case_scroll(p, c).at_end() {
        Visibility::Hidden
    } else {
        Visibility::Inherited
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
