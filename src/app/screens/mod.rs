//! One file per screen; each owns its systems and despawns its UI on exit.

pub mod dashboard;
pub mod debrief;
pub mod library;
pub mod play;
pub mod start;
pub mod test;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        start::plugin,
        library::plugin,
        play::plugin,
        debrief::plugin,
        dashboard::plugin,
        test::plugin,
    ));
}
