//! The play screen's drawing: header and progress, the scene card, the case card and the choices.

use super::{ChoiceButton, Paused, PlayFocus};
use crate::app::runner::Action;
use crate::app::state::{Current, Screen};
use crate::app::ui::{UiFonts, theme};
use crate::engine::Step;
use bevy::prelude::*;

#[derive(Component)]
pub(super) struct PlayRoot;
#[derive(Component)]
pub(super) struct SceneCard;
#[derive(Component)]
pub(super) struct CaseColumn;
#[derive(Component)]
pub(super) struct Header;
/// The "more below" hint at the foot of the screen.
#[derive(Component)]
pub(super) struct MoreBelow;

pub(super) fn spawn_frame(mut commands: Commands, fonts: Res<UiFonts>) {
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
                    ScrollPosition::default(),
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
            root.spawn((
                MoreBelow,
                Visibility::Hidden,
                Node {
                    position_type: PositionType::Absolute,
                    right: px(28),
                    bottom: px(6),
                    padding: UiRect::axes(px(10), px(4)),
                    border_radius: BorderRadius::all(px(6)),
                    ..default()
                },
                BackgroundColor(theme::ACCENT_DARK),
                children![(
                    Text::new("more below  ·  Page Down"),
                    fonts.bold(16.0),
                    TextColor(Color::WHITE),
                )],
            ));
        });
}

/// Progress through the case: decisions taken against the length of the best path.
pub fn progress(decisions: usize, typical: usize, finished: bool) -> f32 {
    if finished {
        return 1.0;
    }
    (decisions as f32 / typical.max(1) as f32).min(0.95)
}

pub(super) fn refresh(
    mut commands: Commands,
    current: Res<Current>,
    fonts: Res<UiFonts>,
    mut focus: ResMut<PlayFocus>,
    header: Single<Entity, With<Header>>,
    scene: Single<Entity, With<SceneCard>>,
    column: Single<Entity, With<CaseColumn>>,
) {
    let step = current.play.session.step();
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
                                * progress(
                                    step.decisions,
                                    typical,
                                    current.play.session.is_finished(),
                                ),
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
                        "Room votes: {total}.  1-9 add a vote, Shift+1-9 remove one;  Enter: go \
                         with the majority;  Space: go with the highlighted option for discussion"
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

pub(super) fn choice_clicks(
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

pub(super) fn style_choices(
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
