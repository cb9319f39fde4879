//! The knowledge test screen (egui): one item at a time, keys 1–9 and Enter, saved after every
//! answer; feedback per item only after the post-test; the participant's result per objective.

use crate::app::state::{Notice, Screen};
use crate::app::ui::theme;
use crate::assessment::{Assessment, ItemKind, Phase, TESTS_DIR, TestRecord, TestResult, score};
use crate::scenario::model::Curriculum;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::PathBuf;
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        test_ui
            .in_set(crate::app::ui::ScreenUi)
            .run_if(crate::app::ui::egui_ready)
            .run_if(in_state(Screen::Test)),
    );
}

/// A test being taken: the items, the record saved after each answer, the options ticked now.
#[derive(Resource)]
pub struct TestRun {
    pub assessment: Arc<Assessment>,
    pub record: TestRecord,
    pub path: PathBuf,
    /// Option ids ticked on the current item.
    pub ticked: Vec<String>,
    /// Why the last save failed (the answers stay in memory and are saved with the next one).
    pub save_error: Option<String>,
    /// The score, worked out once when the last item is answered (not on every frame).
    pub result: Option<Result<TestResult, Vec<String>>>,
}

impl TestRun {
    /// Resumes the participant's unfinished test of this phase's form in `workshop`/tests, or
    /// starts a new one.
    pub fn open(
        a: Arc<Assessment>,
        workshop: &std::path::Path,
        form: crate::assessment::Form,
        phase: Phase,
        profile: &crate::app::state::Profile,
    ) -> TestRun {
        let dir = workshop.join(TESTS_DIR);
        let code = profile.participant.trim();
        let (path, record) = match TestRecord::find_unfinished(&dir, code, form) {
            Some(found) => found,
            None => {
                let mut r = TestRecord::new(form, phase, code, "en");
                r.gender = profile.gender;
                r.role = Some(profile.role.clone()).filter(|x| !x.trim().is_empty());
                (dir.join(r.file_name()), r)
            }
        };
        TestRun {
            assessment: a,
            record,
            path,
            ticked: Vec::new(),
            save_error: None,
            result: None,
        }
    }

    /// Records the ticked options as the answer to the current item and saves the record.
    pub fn submit(&mut self) {
        let items = self.assessment.form(self.record.form);
        let Some(it) = items.get(self.record.next_item(&self.assessment)) else {
            return;
        };
        let id = it.id.clone();
        let chosen = std::mem::take(&mut self.ticked);
        self.record.answer(&self.assessment, &id, chosen);
        self.save_error = self.record.save(&self.path).err().map(|e| e.to_string());
        if self.record.finished {
            self.result = Some(score(&self.assessment, &self.record));
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum TestOutcome {
    Submit,
    Back,
}

fn test_ui(
    mut contexts: EguiContexts,
    run: Option<ResMut<TestRun>>,
    lib: Res<crate::app::state::LibraryRes>,
    mut notice: ResMut<Notice>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(mut run) = run else {
        next.set(Screen::Start);
        return Ok(());
    };
    let cur = lib.lib.curriculum.clone();
    let out = crate::app::ui::central(ctx, |ui| test_view(ui, &mut run, &cur));
    match out {
        Some(TestOutcome::Submit) => {
            run.submit();
            if let Some(e) = &run.save_error {
                notice.0 = Some(format!("The answer is kept but could not be saved: {e}"));
            }
        }
        Some(TestOutcome::Back) => next.set(Screen::Start),
        None => {}
    }
    Ok(())
}

/// The screen; callable without Bevy. Keys: 1–9 tick an option (one, or several for a
/// multiple-select item), Enter answers, Esc goes back (the answers so far are saved).
pub fn test_view(ui: &mut egui::Ui, run: &mut TestRun, cur: &Curriculum) -> Option<TestOutcome> {
    let mut out = None;
    let a = run.assessment.clone();
    let items = a.form(run.record.form);
    let n = run.record.next_item(&a);
    let phase = match run.record.phase {
        Phase::Pre => "Pre-test",
        Phase::Post => "Post-test",
    };
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        out = Some(TestOutcome::Back);
    }
    crate::app::ui::scroll::scroll_area(ui, "test", true, |ui| {
        ui.add_space(12.0);
        crate::app::ui::widgets::heading(ui, &format!("{phase} · form {}", run.record.form.name()));
        if let Some(e) = &run.save_error {
            ui.colored_label(theme::egui_color(theme::BAD), format!("Not saved: {e}"));
        }
        let Some(it) = items.get(n) else {
            finished(ui, run, cur);
            if ui.button("Back to the start (Esc)").clicked() {
                out = Some(TestOutcome::Back);
            }
            return;
        };
        ui.label(
            egui::RichText::new(format!("Question {} of {}", n + 1, items.len()))
                .color(theme::egui_color(theme::MUTED)),
        );
        ui.add_space(6.0);
        ui.label(egui::RichText::new(it.stem.en()).size(22.0));
        ui.add_space(8.0);
        let multi = it.kind == ItemKind::Multiple;
        if multi {
            ui.label(
                egui::RichText::new("Choose every answer that is right, then press Enter.")
                    .color(theme::egui_color(theme::MUTED)),
            );
        }
        let opts = it.choices();
        const DIGITS: [egui::Key; 9] = [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
            egui::Key::Num5,
            egui::Key::Num6,
            egui::Key::Num7,
            egui::Key::Num8,
            egui::Key::Num9,
        ];
        // A digit key (from the number row or the keypad) ticks that option.
        let digits: Vec<usize> = ui.input(|i| {
            (1..=opts.len().min(9))
                .filter(|d| i.key_pressed(DIGITS[d - 1]))
                .collect()
        });
        for (k, o) in opts.iter().enumerate() {
            let on = run.ticked.contains(&o.id);
            let text = format!("{}  {}", k + 1, o.text.en());
            // A ticked option is white on the accent colour, readable on a projector.
            let label = egui::RichText::new(text).size(19.0);
            let label = if on {
                label.color(egui::Color32::WHITE)
            } else {
                label
            };
            let clicked = ui
                .add(
                    egui::Button::selectable(on, label)
                        .min_size(egui::vec2(ui.available_width(), 40.0)),
                )
                .clicked();
            if clicked || digits.contains(&(k + 1)) {
                toggle(&mut run.ticked, &o.id, multi);
            }
        }
        ui.add_space(10.0);
        let ready = !run.ticked.is_empty();
        let go = ui.add_enabled(
            ready,
            egui::Button::new("Answer (Enter)").min_size(egui::vec2(180.0, 40.0)),
        );
        if ready && (go.clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter))) {
            out = Some(TestOutcome::Submit);
        }
        ui.label(
            egui::RichText::new(
                "Your answers are saved after each question. Esc: back (you can go on later).",
            )
            .small()
            .color(theme::egui_color(theme::MUTED)),
        );
    });
    out
}

fn toggle(ticked: &mut Vec<String>, id: &str, multi: bool) {
    if let Some(p) = ticked.iter().position(|x| x == id) {
        ticked.remove(p);
    } else {
        if !multi {
            ticked.clear();
        }
        ticked.push(id.to_string());
    }
}

/// The result per objective, and after the post-test each item with the right answer and why.
fn finished(ui: &mut egui::Ui, run: &TestRun, cur: &Curriculum) {
    let Some(result) = &run.result else { return };
    let r: &TestResult = match result {
        Ok(r) => r,
        Err(changed) => {
            ui.label(format!(
                "The test changed while you took it ({}).",
                changed.join(", ")
            ));
            return;
        }
    };
    ui.label(egui::RichText::new(format!("Done: {} of {} right", r.right, r.of)).size(22.0));
    crate::app::ui::widgets::section(ui, "Your result per learning objective");
    for o in &cur.objectives {
        if let Some(x) = r.per_objective.get(&o.id) {
            ui.label(format!(
                "{}  {} of {}  {}",
                o.code,
                x.right,
                x.of,
                o.title.en()
            ));
        }
    }
    if run.record.phase == Phase::Pre {
        ui.label("The answers are shown after the post-test.");
        return;
    }
    crate::app::ui::widgets::section(ui, "The answers");
    for (k, it) in run.assessment.form(run.record.form).iter().enumerate() {
        let ok = r.items.get(&it.id).copied().unwrap_or(false);
        let right: Vec<String> = it
            .choices()
            .iter()
            .filter(|o| it.correct.contains(&o.id))
            .map(|o| o.text.en().to_string())
            .collect();
        ui.label(
            egui::RichText::new(format!(
                "{}. {} {}",
                k + 1,
                if ok { "right:" } else { "wrong:" },
                it.stem.en()
            ))
            .strong(),
        );
        ui.label(format!("Right answer: {}", right.join("; ")));
        ui.label(egui::RichText::new(it.feedback.en()).color(theme::egui_color(theme::MUTED)));
        ui.add_space(6.0);
    }
}
