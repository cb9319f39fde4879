//! Start screen (egui): a pseudonymous participant code, role, optional gender, mode, text size,
//! and the offer to resume an unfinished session.

use crate::app::runner::Action;
use crate::app::state::{LaunchConfig, Mode, Notice, Profile, Screen, Settings};
use crate::app::storage::Storage;
use crate::app::ui::theme;
use crate::records::{Gender, SessionRecord};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::PathBuf;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Start), find_unfinished)
        .add_systems(
            EguiPrimaryContextPass,
            start_ui
                .in_set(crate::app::ui::ScreenUi)
                .run_if(crate::app::ui::egui_ready)
                .run_if(in_state(Screen::Start)),
        );
}

/// Unfinished sessions found at start, offered for resuming, and unreadable record files.
#[derive(Resource, Default)]
pub struct Unfinished {
    pub records: Vec<(PathBuf, SessionRecord)>,
    pub unreadable: Vec<String>,
}

fn find_unfinished(mut commands: Commands, storage: Res<Storage>) {
    let (records, unreadable) = storage.unfinished();
    commands.insert_resource(Unfinished {
        records,
        unreadable,
    });
}

pub const ROLES: &[&str] = &[
    "FIA officer",
    "Police officer",
    "Social welfare officer",
    "Labour inspector",
    "Child protection officer",
    "Women development officer",
    "NGO case worker",
    "Prosecutor or lawyer",
    "Other",
];

/// What the start form asks the app to do.
#[derive(Debug, PartialEq)]
pub enum StartOutcome {
    Continue,
    Resume(PathBuf),
    /// Take the workshop's pre- or post-test.
    Test(crate::assessment::Phase),
}

fn start_ui(
    mut contexts: EguiContexts,
    mut profile: ResMut<Profile>,
    mut settings: ResMut<Settings>,
    unfinished: Option<Res<Unfinished>>,
    notice: Res<Notice>,
    launch: Res<LaunchConfig>,
    mut next: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<Action>,
    launched: Option<Res<crate::app::state::Launched>>,
    lib: Res<crate::app::state::LibraryRes>,
    mut commands: Commands,
    mut first: Local<bool>,
    mut plan_cache: Local<Option<Option<crate::workshop::model::TestPlan>>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !*first {
        *first = true;
        if let Some(l) = launched {
            info!(
                "first interactive frame {} ms after launch",
                l.0.elapsed().as_millis()
            );
        }
    }
    let empty = Unfinished::default();
    let unfinished = unfinished.as_deref().unwrap_or(&empty);
    // The test is offered in workshop mode when the workshop asks for it and the library has one.
    // Read once: workshop.ron is not reloaded while the app runs.
    let plan = *plan_cache.get_or_insert_with(|| {
        launch
            .0
            .workshop
            .as_deref()
            .and_then(|d| crate::workshop::Workshop::load(d).ok())
            .and_then(|w| w.test)
    });
    let plan = plan.filter(|_| lib.lib.assessment.is_some());
    let out = crate::app::ui::central(ctx, |ui| {
        start_form(
            ui,
            &mut profile,
            &mut settings,
            unfinished,
            notice.0.as_deref(),
            plan,
        )
    });
    match out {
        Some(StartOutcome::Continue) => match &launch.0.scenario {
            Some(id) => {
                actions.write(Action::Open {
                    id: id.clone(),
                    seed: None,
                });
            }
            None => next.set(Screen::Library),
        },
        Some(StartOutcome::Resume(p)) => {
            actions.write(Action::Resume(p));
        }
        Some(StartOutcome::Test(phase)) => {
            if let (Some(p), Some(dir), Some(a)) = (
                plan,
                launch.0.workshop.as_deref(),
                lib.lib.assessment.clone(),
            ) {
                let run = crate::app::screens::test::TestRun::open(
                    a,
                    dir,
                    p.form_of(phase),
                    phase,
                    &profile,
                );
                commands.insert_resource(run);
                next.set(Screen::Test);
            }
        }
        None => {}
    }
    Ok(())
}

/// The form itself; callable without Bevy.
pub fn start_form(
    ui: &mut egui::Ui,
    profile: &mut Profile,
    settings: &mut Settings,
    unfinished: &Unfinished,
    notice: Option<&str>,
    tests: Option<crate::workshop::model::TestPlan>,
) -> Option<StartOutcome> {
    let mut out = None;
    crate::app::ui::scroll::scroll_area(ui, "start", false, |ui| {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.set_max_width(640.0_f32.min(ui.available_width()));
            ui.label(
                egui::RichText::new("Pehchan")
                    .size(40.0)
                    .color(theme::egui_color(theme::ACCENT_DARK))
                    .family(egui::FontFamily::Name("bold".into())),
            );
            ui.label(
                egui::RichText::new(
                    "\"recognition\" — victim identification, protection and referral in cases \
                     of trafficking in persons and smuggling of migrants",
                )
                .color(theme::egui_color(theme::MUTED)),
            );
            ui.add_space(16.0);
        });
        ui.vertical_centered(|ui| {
            ui.set_max_width(640.0_f32.min(ui.available_width()));
            if let Some(n) = notice {
                ui.colored_label(theme::egui_color(theme::BAD), n);
            }
            if !unfinished.records.is_empty() {
                egui::Frame::group(ui.style())
                    .fill(theme::egui_color(theme::ACCENT_SOFT))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(egui::RichText::new("An unfinished session was found").strong());
                        ui.label(
                            "Pehchan saves after every choice. Resume exactly where it stopped:",
                        );
                        for (path, r) in unfinished.records.iter().take(3) {
                            ui.horizontal(|ui| {
                                if ui.button("Resume").clicked() {
                                    out = Some(StartOutcome::Resume(path.clone()));
                                }
                                ui.label(format!(
                                    "{} — {} — {} decision(s), last saved {}",
                                    r.participant,
                                    r.scenario_id,
                                    r.choices.len(),
                                    r.updated_at.replace('T', " ").trim_end_matches('Z')
                                ));
                            });
                        }
                    });
                ui.add_space(8.0);
            }
            if !unfinished.unreadable.is_empty() {
                ui.colored_label(
                    theme::egui_color(theme::WARN),
                    format!(
                        "{} record file(s) could not be read and were left untouched:",
                        unfinished.unreadable.len()
                    ),
                );
                for u in unfinished.unreadable.iter().take(3) {
                    ui.label(egui::RichText::new(u).small());
                }
            }
            egui::Frame::group(ui.style())
                .fill(theme::egui_color(theme::CARD))
                .inner_margin(16.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    egui::Grid::new("start-form")
                        .num_columns(2)
                        .spacing([16.0, 12.0])
                        .show(ui, |ui| {
                            ui.label("Participant code");
                            let r = ui.add(
                                egui::TextEdit::singleline(&mut profile.participant)
                                    .hint_text("e.g. P07 — not your name")
                                    .char_limit(crate::strings::MAX_CODE)
                                    .desired_width(260.0),
                            );
                            if profile.participant.is_empty()
                                && !r.has_focus()
                                && !ui.ctx().memory(|m| m.focused().is_some())
                            {
                                r.request_focus();
                            }
                            ui.end_row();
                            ui.label("Role");
                            egui::ComboBox::from_id_salt("role")
                                .selected_text(if profile.role.is_empty() {
                                    "choose…"
                                } else {
                                    profile.role.as_str()
                                })
                                .width(260.0)
                                .show_ui(ui, |ui| {
                                    for r in ROLES {
                                        ui.selectable_value(&mut profile.role, r.to_string(), *r);
                                    }
                                });
                            ui.end_row();
                            ui.label("Gender (optional)");
                            ui.horizontal_wrapped(|ui| {
                                ui.radio_value(&mut profile.gender, Some(Gender::Female), "Female");
                                ui.radio_value(&mut profile.gender, Some(Gender::Male), "Male");
                                ui.radio_value(&mut profile.gender, Some(Gender::Other), "Other");
                                ui.radio_value(&mut profile.gender, None, "Prefer not to say");
                            });
                            ui.end_row();
                            ui.label("Mode");
                            ui.horizontal_wrapped(|ui| {
                                ui.radio_value(&mut profile.mode, Mode::SelfStudy, "Self-study");
                                ui.radio_value(&mut profile.mode, Mode::Workshop, "Workshop");
                                ui.radio_value(
                                    &mut profile.mode,
                                    Mode::Room,
                                    "Room (one projector)",
                                );
                            });
                            ui.end_row();
                            ui.label("Text size");
                            ui.add(
                                egui::Slider::new(
                                    &mut settings.text_scale,
                                    Settings::MIN..=Settings::MAX,
                                )
                                .step_by(0.1)
                                .show_value(true),
                            );
                            ui.end_row();
                            ui.label("");
                            let mut projector = settings.projector;
                            if ui
                                .checkbox(&mut projector, "Projector preset: large, high contrast")
                                .changed()
                            {
                                settings.set_projector(projector);
                            }
                            ui.end_row();
                        });
                    ui.add_space(8.0);
                    ui.label(
                        egui::RichText::new(
                            "Only the code is stored with your choices; gender is used only \
                             for sex-disaggregated workshop totals.",
                        )
                        .small()
                        .color(theme::egui_color(theme::MUTED)),
                    );
                });
            ui.add_space(12.0);
            // The same rule as the command line: letters, digits, `-` and `_`, at most 32.
            let code_problem = crate::strings::check_code(profile.participant.trim()).err();
            let ready = code_problem.is_none();
            let go = ui.add_enabled(
                ready,
                egui::Button::new(
                    egui::RichText::new("Continue (Enter)")
                        .size(20.0)
                        .color(egui::Color32::WHITE),
                )
                .min_size(egui::vec2(200.0, 44.0))
                .fill(theme::egui_color(theme::ACCENT)),
            );
            if profile.participant.trim().is_empty() {
                ui.label(egui::RichText::new("Enter a participant code to continue").small());
            } else if let Some(why) = &code_problem {
                ui.colored_label(theme::egui_color(theme::WARN), why);
            }
            if ready && (go.clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter))) {
                out = Some(StartOutcome::Continue);
            }
            if let Some(plan) = tests.filter(|_| ready) {
                ui.add_space(8.0);
                ui.label("This workshop has a short knowledge test, before and after the cases:");
                ui.horizontal(|ui| {
                    use crate::assessment::Phase;
                    for (phase, label) in [(Phase::Pre, "Pre-test"), (Phase::Post, "Post-test")] {
                        let t = format!("{label} (form {})", plan.form_of(phase).name());
                        if ui
                            .add(
                                egui::Button::new(egui::RichText::new(t).size(18.0))
                                    .min_size(egui::vec2(180.0, 40.0)),
                            )
                            .clicked()
                        {
                            out = Some(StartOutcome::Test(phase));
                        }
                    }
                });
            }
        });
    });
    out
}
