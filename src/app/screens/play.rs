//! Play screen (Bevy UI): the case text with its speaker, a typographic scene card, numbered choices,
//! progress, and a pause menu. Keys: 1–9 choose, ↑ ↓ move, Enter takes, Esc pauses.

use crate::app::state::{Action, Current, Screen, Settings};
use crate::app::ui::{UiFonts, theme};
use crate::engine::Step;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PlayFocus>()
        .init_resource::<Paused>()
        .add_systems(OnEnter(Screen::Play), (reset, spawn_frame).chain())
        .add_systems(
            Update,
            (
                refresh.run_if(resource_exists_and_changed::<Current>),
                (play_keys, choice_clicks, pause_clicks).run_if(resource_exists::<Current>),
                style_choices,
                toggle_pause_menu.run_if(resource_changed::<Paused>),
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
struct PlayRoot;
#[derive(Component)]
struct SceneCard;
#[derive(Component)]
struct CaseColumn;
#[derive(Component)]
struct Header;
#[derive(Component)]
pub struct ChoiceButton {
    pub index: usize,
    pub id: String,
}
#[derive(Component)]
struct PauseMenu;
#[derive(Component, Clone, Copy)]
enum PauseButton {
    Resume,
    Bigger,
    Smaller,
    Library,
    Quit,
}

fn reset(mut focus: ResMut<PlayFocus>, mut paused: ResMut<Paused>) {
    focus.0 = 0;
    paused.0 = false;
}

fn spawn_frame(mut commands: Commands) {
    commands
        .spawn((
            Name::new("Play"),
            PlayRoot,
            DespawnOnExit(Screen::Play),
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(24)),
                row_gap: px(16),
                ..default()
            },
        ))
        .with_children(|root| {
            root.spawn((
                Header,
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(8),
                    ..default()
                },
            ));
            root.spawn(Node {
                flex_grow: 1.0,
                flex_direction: FlexDirection::Row,
                column_gap: px(24),
                min_height: px(0),
                ..default()
            })
            .with_children(|main| {
                main.spawn((
                    SceneCard,
                    Node {
                        width: percent(30),
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::all(px(24)),
                        row_gap: px(12),
                        border_radius: BorderRadius::all(px(12)),
                        ..default()
                    },
                    BackgroundColor(theme::ACCENT_DARK),
                ));
                main.spawn((
                    CaseColumn,
                    Node {
                        flex_grow: 1.0,
                        flex_basis: px(0),
                        flex_direction: FlexDirection::Column,
                        row_gap: px(12),
                        min_height: px(0),
                        overflow: Overflow::scroll_y(),
                        ..default()
                    },
                ));
            });
        });
}

/// Progress through the case: decisions taken against the length of the best path.
pub fn progress(decisions: usize, typical: usize, finished: bool) -> f32 {
    if finished {
        return 1.0;
    }
    (decisions as f32 / typical.max(1) as f32).min(0.95)
}

#[allow(clippy::type_complexity)]
fn refresh(
    mut commands: Commands,
    current: Res<Current>,
    fonts: Res<UiFonts>,
    mut focus: ResMut<PlayFocus>,
    header: Single<Entity, With<Header>>,
    scene: Single<Entity, With<SceneCard>>,
    column: Single<Entity, With<CaseColumn>>,
) {
    let step = current.session.step();
    let sc = &current.ls.scenario;
    focus.0 = focus.0.min(step.choices.len().saturating_sub(1));
    let typical = current.ls.analysis.best_path.len();

    commands
        .entity(*header)
        .despawn_related::<Children>()
        .with_children(|h| {
            h.spawn(Node {
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::End,
                ..default()
            })
            .with_children(|row| {
                row.spawn((
                    Text::new(sc.title.en()),
                    fonts.bold(28.0),
                    TextColor(theme::INK),
                ));
                row.spawn((
                    Text::new(format!(
                        "Decision {}  ·  a full case takes about {typical}",
                        step.decisions + 1
                    )),
                    fonts.text(18.0),
                    TextColor(theme::MUTED),
                ));
            });
            h.spawn((
                Node {
                    height: px(8),
                    width: percent(100),
                    border_radius: BorderRadius::all(px(4)),
                    ..default()
                },
                BackgroundColor(theme::LINE),
            ))
            .with_children(|bar| {
                bar.spawn((
                    Node {
                        height: percent(100),
                        width: percent(
                            100.0
                                * progress(step.decisions, typical, current.session.is_finished()),
                        ),
                        border_radius: BorderRadius::all(px(4)),
                        ..default()
                    },
                    BackgroundColor(theme::ACCENT),
                ));
            });
        });

    commands
        .entity(*scene)
        .despawn_related::<Children>()
        .with_children(|c| {
            c.spawn((
                Text::new("SETTING"),
                fonts.bold(14.0),
                TextColor(theme::ACCENT_SOFT),
            ));
            c.spawn((
                Text::new(sc.setting.en()),
                fonts.bold(24.0),
                TextColor(Color::WHITE),
            ));
            if !sc.province.is_empty() {
                c.spawn((
                    Text::new(sc.province.clone()),
                    fonts.text(18.0),
                    TextColor(theme::ACCENT_SOFT),
                ));
            }
            c.spawn(Node {
                height: px(16),
                ..default()
            });
            c.spawn((
                Text::new("YOUR ROLE"),
                fonts.bold(14.0),
                TextColor(theme::ACCENT_SOFT),
            ));
            c.spawn((
                Text::new(sc.role.en()),
                fonts.text(20.0),
                TextColor(Color::WHITE),
            ));
            if let Some(note) = &sc.content_note {
                c.spawn(Node {
                    height: px(16),
                    ..default()
                });
                c.spawn((
                    Text::new("CONTENT NOTE"),
                    fonts.bold(14.0),
                    TextColor(theme::ACCENT_SOFT),
                ));
                c.spawn((
                    Text::new(note.en()),
                    fonts.text(16.0),
                    TextColor(Color::WHITE),
                ));
            }
            c.spawn(Node {
                flex_grow: 1.0,
                ..default()
            });
            c.spawn((
                Text::new("Keys: 1-9 choose  ·  arrows and Enter  ·  Esc menu"),
                fonts.text(15.0),
                TextColor(theme::ACCENT_SOFT),
            ));
        });

    commands
        .entity(*column)
        .despawn_related::<Children>()
        .with_children(|col| {
            col.spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::all(px(24)),
                    row_gap: px(10),
                    border_radius: BorderRadius::all(px(12)),
                    border: UiRect::all(px(1)),
                    ..default()
                },
                BackgroundColor(theme::CARD),
                BorderColor::all(theme::LINE),
            ))
            .with_children(|card| {
                if let Some(sp) = &step.speaker {
                    card.spawn((
                        Text::new(sp.to_uppercase()),
                        fonts.bold(16.0),
                        TextColor(theme::ACCENT),
                    ));
                }
                card.spawn((
                    Text::new(step.text.clone()),
                    fonts.text(23.0),
                    TextColor(theme::INK),
                ));
            });
            col.spawn((
                Text::new(if step.choices.is_empty() {
                    ""
                } else {
                    "What do you do?"
                }),
                fonts.bold(18.0),
                TextColor(theme::MUTED),
            ));
            for c in &step.choices {
                let votes = current
                    .room
                    .then(|| current.votes.get(&c.id).copied().unwrap_or(0));
                spawn_choice(col, &fonts, &step, c.number - 1, votes);
            }
            if current.room {
                let total: u32 = current.votes.values().sum();
                col.spawn((
                    Text::new(format!(
                        "Room votes: {total}.  1-9 add a vote, Shift+1-9 remove one;  Enter: go with the majority;  Space: go with the highlighted option for discussion"
                    )),
                    fonts.text(16.0),
                    TextColor(theme::MUTED),
                ));
            }
        });
}

fn spawn_choice(
    col: &mut ChildSpawnerCommands,
    fonts: &UiFonts,
    step: &Step,
    index: usize,
    votes: Option<u32>,
) {
    let c = &step.choices[index];
    col.spawn((
        Button,
        ChoiceButton {
            index,
            id: c.id.clone(),
        },
        Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            column_gap: px(16),
            padding: UiRect::axes(px(16), px(12)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(theme::CARD),
        BorderColor::all(theme::LINE),
    ))
    .with_children(|b| {
        b.spawn((
            Node {
                width: px(36),
                height: px(36),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                border_radius: BorderRadius::all(px(18)),
                flex_shrink: 0.0,
                ..default()
            },
            BackgroundColor(theme::ACCENT),
        ))
        .with_child((
            Text::new(c.number.to_string()),
            fonts.bold(18.0),
            TextColor(Color::WHITE),
        ));
        b.spawn((
            Text::new(c.text.clone()),
            fonts.text(20.0),
            TextColor(theme::INK),
            Node {
                flex_shrink: 1.0,
                flex_grow: 1.0,
                ..default()
            },
        ));
        if let Some(v) = votes {
            b.spawn((
                Node {
                    min_width: px(92),
                    padding: UiRect::axes(px(10), px(6)),
                    justify_content: JustifyContent::Center,
                    border_radius: BorderRadius::all(px(8)),
                    flex_shrink: 0.0,
                    ..default()
                },
                BackgroundColor(theme::ACCENT_SOFT),
            ))
            .with_child((
                Text::new(format!("{v} vote{}", if v == 1 { "" } else { "s" })),
                fonts.bold(18.0),
                TextColor(theme::ACCENT_DARK),
            ));
        }
    });
}

/// The option with the most votes (the first shown, on a tie); None before any vote.
pub fn majority(step: &Step, votes: &std::collections::BTreeMap<String, u32>) -> Option<String> {
    let mut best: Option<(&str, u32)> = None;
    for c in &step.choices {
        let v = votes.get(&c.id).copied().unwrap_or(0);
        if v > 0 && best.is_none_or(|(_, b)| v > b) {
            best = Some((&c.id, v));
        }
    }
    best.map(|(id, _)| id.to_string())
}

/// The number key pressed, 1-based, from the top row or the keypad.
pub fn digit(key: KeyCode) -> Option<usize> {
    use KeyCode::*;
    [
        (Digit1, 1),
        (Digit2, 2),
        (Digit3, 3),
        (Digit4, 4),
        (Digit5, 5),
        (Digit6, 6),
        (Digit7, 7),
        (Digit8, 8),
        (Digit9, 9),
        (Numpad1, 1),
        (Numpad2, 2),
        (Numpad3, 3),
        (Numpad4, 4),
        (Numpad5, 5),
        (Numpad6, 6),
        (Numpad7, 7),
        (Numpad8, 8),
        (Numpad9, 9),
    ]
    .into_iter()
    .find(|(k, _)| *k == key)
    .map(|(_, n)| n)
}

#[allow(clippy::too_many_arguments)]
fn play_keys(
    keys: Res<ButtonInput<KeyCode>>,
    current: Res<Current>,
    mut focus: ResMut<PlayFocus>,
    mut paused: ResMut<Paused>,
    mut settings: ResMut<Settings>,
    mut actions: MessageWriter<Action>,
) {
    if paused.0 {
        for k in keys.get_just_pressed() {
            match k {
                KeyCode::Escape | KeyCode::KeyR => paused.0 = false,
                KeyCode::Equal | KeyCode::NumpadAdd => settings.bigger(),
                KeyCode::Minus | KeyCode::NumpadSubtract => settings.smaller(),
                KeyCode::KeyL => {
                    actions.write(Action::ToLibrary);
                }
                KeyCode::KeyQ => {
                    actions.write(Action::Quit);
                }
                _ => {}
            }
        }
        return;
    }
    let step = current.session.step();
    let n = step.choices.len();
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    for k in keys.get_just_pressed() {
        if let Some(d) = digit(*k)
            && d <= n
        {
            let id = step.choices[d - 1].id.clone();
            if current.room {
                actions.write(Action::Vote {
                    choice: id,
                    delta: if shift { -1 } else { 1 },
                });
                continue;
            }
            actions.write(Action::Choose(id));
            return;
        }
        if current.room && matches!(k, KeyCode::Enter | KeyCode::NumpadEnter) {
            if let Some(id) = majority(&step, &current.votes) {
                actions.write(Action::Choose(id));
                return;
            }
            continue;
        }
        match k {
            KeyCode::ArrowDown | KeyCode::Tab if n > 0 => focus.0 = (focus.0 + 1) % n,
            KeyCode::ArrowUp if n > 0 => focus.0 = (focus.0 + n - 1) % n,
            KeyCode::Enter | KeyCode::NumpadEnter | KeyCode::Space if n > 0 => {
                actions.write(Action::Choose(step.choices[focus.0.min(n - 1)].id.clone()));
                return;
            }
            KeyCode::Escape => paused.0 = true,
            KeyCode::Equal | KeyCode::NumpadAdd => settings.bigger(),
            KeyCode::Minus | KeyCode::NumpadSubtract => settings.smaller(),
            _ => {}
        }
    }
}

fn choice_clicks(
    buttons: Query<(&Interaction, &ChoiceButton), Changed<Interaction>>,
    paused: Res<Paused>,
    mut focus: ResMut<PlayFocus>,
    mut actions: MessageWriter<Action>,
) {
    if paused.0 {
        return;
    }
    for (i, b) in &buttons {
        match i {
            Interaction::Pressed => {
                actions.write(Action::Choose(b.id.clone()));
            }
            Interaction::Hovered => focus.0 = b.index,
            Interaction::None => {}
        }
    }
}

fn style_choices(
    focus: Res<PlayFocus>,
    mut buttons: Query<(
        &ChoiceButton,
        &Interaction,
        &mut BackgroundColor,
        &mut BorderColor,
    )>,
) {
    for (b, i, mut bg, mut border) in &mut buttons {
        let on = b.index == focus.0 || *i != Interaction::None;
        let (want_bg, want_border) = if on {
            (theme::ACCENT_SOFT, theme::ACCENT)
        } else {
            (theme::CARD, theme::LINE)
        };
        if bg.0 != want_bg {
            bg.0 = want_bg;
        }
        if *border != BorderColor::all(want_border) {
            *border = BorderColor::all(want_border);
        }
    }
}

fn toggle_pause_menu(
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

fn pause_clicks(
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
