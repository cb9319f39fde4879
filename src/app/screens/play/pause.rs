//! The play screen's pause menu: resume, text size, back to the library, quit.

use super::Paused;
use crate::app::runner::Action;
use crate::app::state::{Screen, Settings};
use crate::app::ui::{UiFonts, theme};
use bevy::prelude::*;

#[derive(Component)]
pub(super) struct PauseMenu;
#[derive(Component, Clone, Copy)]
pub(super) enum PauseButton {
    Resume,
    Bigger,
    Smaller,
    Library,
    Quit,
}

pub(super) fn toggle_pause_menu(
    mut commands: Commands,
    paused: Res<Paused>,
    menus: Query<Entity, With<PauseMenu>>,
    fonts: Res<UiFonts>,
) {
    for e in &menus {
        commands.entity(e).despawn();
    }
    if !paused.0 {
        return;
    }
    commands
        .spawn((
            PauseMenu,
            DespawnOnExit(Screen::Play),
            GlobalZIndex(10),
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                ..default()
            },
            BackgroundColor(theme::SHADE),
        ))
        .with_children(|shade| {
            shade
                .spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(12),
                        padding: UiRect::all(px(32)),
                        border_radius: BorderRadius::all(px(14)),
                        min_width: px(420),
                        ..default()
                    },
                    BackgroundColor(theme::CARD),
                ))
                .with_children(|m| {
                    m.spawn((Text::new("Paused"), fonts.bold(30.0), TextColor(theme::INK)));
                    m.spawn((
                        Text::new("Your progress is saved after every choice."),
                        fonts.text(17.0),
                        TextColor(theme::MUTED),
                    ));
                    for (b, label) in [
                        (PauseButton::Resume, "Resume  (Esc)"),
                        (PauseButton::Bigger, "Larger text  (+)"),
                        (PauseButton::Smaller, "Smaller text  (−)"),
                        (PauseButton::Library, "Back to the library  (L)"),
                        (PauseButton::Quit, "Quit  (Q)"),
                    ] {
                        m.spawn((
                            Button,
                            b,
                            Node {
                                padding: UiRect::axes(px(16), px(10)),
                                border: UiRect::all(px(2)),
                                border_radius: BorderRadius::all(px(8)),
                                ..default()
                            },
                            BackgroundColor(theme::ACCENT_SOFT),
                            BorderColor::all(theme::ACCENT),
                        ))
                        .with_child((
                            Text::new(label),
                            fonts.text(20.0),
                            TextColor(theme::INK),
                        ));
                    }
                });
        });
}

pub(super) fn pause_clicks(
    buttons: Query<(&Interaction, &PauseButton), Changed<Interaction>>,
    mut paused: ResMut<Paused>,
    mut settings: ResMut<Settings>,
    mut actions: MessageWriter<Action>,
) {
    for (i, b) in &buttons {
        if *i != Interaction::Pressed {
            continue;
        }
        match b {
            PauseButton::Resume => paused.0 = false,
            PauseButton::Bigger => settings.bigger(),
            PauseButton::Smaller => settings.smaller(),
            PauseButton::Library => {
                actions.write(Action::ToLibrary);
            }
            PauseButton::Quit => {
                actions.write(Action::Quit);
            }
        }
    }
}
