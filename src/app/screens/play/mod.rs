//! Play screen (Bevy UI): the case text with its speaker, a typographic scene card, numbered
//! choices, progress, and a pause menu. Keys: 1–9 choose, ↑ ↓ move, Enter takes, Esc pauses.

mod fit;
pub mod keys;
mod pause;
mod view;

pub use view::progress;

use crate::app::state::{Current, Screen};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PlayFocus>()
        .init_resource::<Paused>()
        .add_systems(OnEnter(Screen::Play), (reset, view::spawn_frame).chain())
        .add_systems(
            Update,
            (
                view::refresh.run_if(resource_exists_and_changed::<Current>),
                fit::top_of_new_step.run_if(fit::session_changed),
                (keys::play_keys, view::choice_clicks, pause::pause_clicks)
                    .run_if(resource_exists::<Current>),
                view::style_choices,
                pause::toggle_pause_menu.run_if(resource_changed::<Paused>),
                fit::fit_scene_card,
                fit::more_below,
            )
                .chain()
                .run_if(in_state(Screen::Play)),
        );
}

/// The choice under keyboard focus (index into the shown choices).
#[derive(Resource, Default)]
pub struct PlayFocus(pub usize);

#[derive(Resource, Default)]
pub struct Paused(pub bool);

#[derive(Component)]
pub struct ChoiceButton {
    pub index: usize,
    pub id: String,
}

fn reset(mut focus: ResMut<PlayFocus>, mut paused: ResMut<Paused>) {
    focus.0 = 0;
    paused.0 = false;
}
