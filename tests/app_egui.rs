//! The egui screens as plain functions, without Bevy: what they show and what keys do.
#![cfg(feature = "app")]

mod common;
use bevy_egui::egui;
use pehchan::app::screens::debrief::{DebriefOutcome, debrief_view};
use pehchan::app::screens::library::{LibraryOutcome, library_view};
use pehchan::app::screens::start::{StartOutcome, Unfinished, start_form};
use pehchan::app::state::{LibraryRes, Profile, Settings};
use pehchan::engine::Session;
use pehchan::scoring::debrief;

/// A context with the app's fonts and style in place (fonts take effect after one pass).
fn styled_context() -> egui::Context {
    let ctx = egui::Context::default();
    pehchan::app::ui::configure_egui(&ctx);
    ctx.run_ui(egui::RawInput::default(), |_| {})
        .textures_delta
        .clear();
    ctx
}

/// Input for one frame of a `width` × `height` screen with `keys` pressed.
fn screen_input(width: f32, height: f32, keys: &[egui::Key]) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(width, height),
        )),
        events: keys
            .iter()
            .map(|&key| egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            })
            .collect(),
        ..Default::default()
    }
}

/// Runs one egui frame (after a warm-up frame) with `keys` pressed; returns the texts painted and
/// what the view returned.
fn frame<R>(keys: &[egui::Key], mut view: impl FnMut(&mut egui::Ui) -> R) -> (String, R) {
    let ctx = styled_context();
    ctx.run_ui(screen_input(1280.0, 2400.0, &[]), |ui| {
        view(ui);
    })
    .textures_delta
    .clear();
    let mut result = None;
    let mut out = ctx.run_ui(screen_input(1280.0, 2400.0, keys), |ui| {
        result = Some(view(ui));
    });
    out.textures_delta.clear();
    let mut text = String::new();
    for s in out.shapes {
        collect(&s.shape, &mut text);
    }
    (text, result.unwrap())
}

fn collect(shape: &egui::Shape, out: &mut String) {
    match shape {
        egui::Shape::Text(t) => {
            out.push_str(t.galley.text());
            out.push('\n');
        }
        egui::Shape::Vec(v) => v.iter().for_each(|s| collect(s, out)),
        _ => {}
    }
}

fn played_debrief(choices: &[&str]) -> pehchan::scoring::Debrief {
    let lib = common::fixture_lib();
    let ls = lib.get("airport-mini").unwrap();
    let mut s = Session::start(ls.scenario.clone(), 4, "en").unwrap();
    for c in choices {
        s.choose(c).unwrap();
    }
    debrief(ls, &lib.curriculum, &s)
}

#[test]
fn the_debrief_shows_ending_objectives_checklist_decisions_and_referrals() {
    let d = played_debrief(&["private", "interp-agent", "dismiss"]);
    let (text, out) = frame(&[], |ui| debrief_view(ui, &d, &[], None));
    assert_eq!(out, None);
    for needle in [
        "Ending: partly protected",
        "LO3",
        "Recognising the elements in real cases",
        "-2 of 2 points (lowest possible -2)",
        "violated",
        "6. Neutral interpreter; offer a choice of gender",
        "You chose: Let the waiting agent interpret, since he knows the family  (-2)",
        "A better option: Call a staff interpreter and ask whether he would prefer a woman or \
         a man  (+2)",
        "Referral services for this case",
        "111-247-786 (verify before use)",
        "The decisive moment",
        "At decision 2 you chose “Let the waiting agent interpret, since he knows the family”; \
         from here a protected outcome was no longer possible.",
    ] {
        assert!(text.contains(needle), "debrief lacks {needle:?}:\n{text}");
    }
}

#[test]
fn debrief_keys_go_back_or_save() {
    let d = played_debrief(&["detain"]);
    assert_eq!(
        frame(&[egui::Key::Enter], |ui| debrief_view(ui, &d, &[], None)).1,
        Some(DebriefOutcome::Library)
    );
    assert_eq!(
        frame(&[egui::Key::Escape], |ui| debrief_view(
            ui,
            &d,
            &[],
            Some("Saved to x.html")
        ))
        .1,
        Some(DebriefOutcome::Library)
    );
}

#[test]
fn the_library_shows_cards_and_broken_files_and_plays_with_enter() {
    let dir = tempfile::tempdir().unwrap();
    let src = common::fixtures().join("lib");
    for f in ["curriculum.ron", "airport-mini.ron"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::copy(
        common::fixtures().join("broken/bad-goto.ron"),
        dir.path().join("bad-goto.ron"),
    )
    .unwrap();
    let lib = LibraryRes::load(Some(dir.path().to_path_buf())).unwrap();
    let mut sel = 0;
    let (text, out) = frame(&[], |ui| library_view(ui, &lib, &mut sel, None));
    assert_eq!(out, None);
    assert!(
        text.contains("Deported without a passport (short fixture)"),
        "{text}"
    );
    assert!(text.contains("Content note: physical abuse"), "{text}");
    assert!(text.contains("1 file(s) could not be loaded"), "{text}");
    assert!(
        text.contains("bad-goto.ron:15:46: error: `goto` names a node that does not exist"),
        "{text}"
    );
    let (_, out) = frame(&[egui::Key::Enter], |ui| {
        library_view(ui, &lib, &mut sel, None)
    });
    assert_eq!(out, Some(LibraryOutcome::Play("airport-mini".into())));
}

#[test]
fn the_start_form_needs_a_code_and_offers_resuming() {
    let mut profile = Profile::default();
    let mut settings = Settings::default();
    let none = Unfinished::default();
    let (text, out) = frame(&[egui::Key::Enter], |ui| {
        start_form(ui, &mut profile, &mut settings, &none, None, None)
    });
    assert_eq!(out, None, "no code, no continue");
    assert!(text.contains("Enter a participant code to continue"));
    profile.participant = "P07".into();
    let (_, out) = frame(&[egui::Key::Enter], |ui| {
        start_form(ui, &mut profile, &mut settings, &none, None, None)
    });
    assert_eq!(out, Some(StartOutcome::Continue));

    let lib = common::fixture_lib();
    let rec =
        pehchan::records::SessionRecord::new(lib.get("airport-mini").unwrap(), 1, "P03", "en");
    let some = Unfinished {
        records: vec![("r.ron".into(), rec)],
        unreadable: vec![],
    };
    let (text, _) = frame(&[], |ui| {
        start_form(ui, &mut profile, &mut settings, &some, None, None)
    });
    assert!(text.contains("An unfinished session was found"), "{text}");
    assert!(
        text.contains("P03 — airport-mini — 0 decision(s)"),
        "{text}"
    );
}

#[test]
fn the_dashboard_shows_the_workshop_report() {
    use pehchan::app::screens::dashboard::{DashboardOutcome, dashboard_view};
    use pehchan::records::{Gender, SessionRecord};
    let lib = common::fixture_lib();
    let ls = lib.get("airport-mini").unwrap();
    let mut records = Vec::new();
    for (i, (g, path)) in [
        (
            Some(Gender::Female),
            vec!["private", "interp-choice", "dismiss"],
        ),
        (Some(Gender::Male), vec!["detain"]),
        (None, vec!["private", "interp-agent", "dismiss"]),
    ]
    .into_iter()
    .enumerate()
    {
        let mut s = Session::start(ls.scenario.clone(), i as u64, "en").unwrap();
        let mut r = SessionRecord::new(ls, i as u64, &format!("P0{i}"), "en");
        r.gender = g;
        for c in path {
            s.choose(c).unwrap();
        }
        r.update(&s);
        records.push(r);
    }
    let dir = tempfile::tempdir().unwrap();
    for r in &records {
        r.save(&dir.path().join(r.file_name())).unwrap();
    }
    std::fs::write(dir.path().join("junk.ron"), "not a record").unwrap();
    let collected = pehchan::workshop::collect(dir.path()).unwrap();
    let report = Ok(pehchan::workshop::report::report(&lib, &collected, None));
    let cmp: Result<String, String> = Ok(pehchan::workshop::text::comparison_text(
        &pehchan::workshop::report::compare(report.as_ref().unwrap(), report.as_ref().unwrap()),
    ));
    let (text, out) = frame(&[], |ui| dashboard_view(ui, &report, Some(&cmp)));
    assert_eq!(out, None);
    for needle in [
        "read 4 record file(s): 3 counted",
        "3 participants: 3 (1 female, 1 male, 0 other, 1 not stated)",
        "Endings reached",
        "Deported without a passport (short fixture) — 3 session(s)",
    ] {
        assert!(text.contains(needle), "dashboard lacks {needle:?}:\n{text}");
    }
    assert_eq!(
        frame(&[egui::Key::Escape], |ui| dashboard_view(
            ui,
            &report,
            Some(&cmp)
        ))
        .1,
        Some(DashboardOutcome::Back)
    );
    let failed: Result<pehchan::workshop::report::Report, String> =
        Err("records: no such folder".into());
    assert!(
        frame(&[], |ui| dashboard_view(ui, &failed, None))
            .0
            .contains("no such folder")
    );
}

/// Runs frames of a 1024×768 screen on one context, pressing `keys[k]` in frame k + 1 (frame 0
/// lays the screen out), and returns the context for reading what was drawn.
fn frames_on_projector<R>(
    keys: &[&[egui::Key]],
    mut view: impl FnMut(&mut egui::Ui) -> R,
) -> egui::Context {
    let ctx = styled_context();
    for ks in std::iter::once(&[][..]).chain(keys.iter().copied()) {
        ctx.run_ui(screen_input(1024.0, 768.0, ks), |ui| {
            pehchan::app::ui::central(ui.ctx(), |ui| view(ui));
        })
        .textures_delta
        .clear();
    }
    ctx
}

fn bundled_debrief() -> pehchan::scoring::Debrief {
    let lib = pehchan::scenario::Library::bundled().unwrap();
    let ls = lib.get("gulf-returnee-karachi").unwrap();
    let a = &ls.analysis;
    let seed = pehchan::engine::seed_for(&ls.scenario, &a.best_pick, &a.best_path, 10_000).unwrap();
    let s = Session::replay(ls.scenario.clone(), seed, "en", &a.best_path).unwrap();
    debrief(ls, &lib.curriculum, &s)
}

#[test]
fn page_keys_scroll_the_debrief_and_bring_the_decisions_into_view() {
    use pehchan::app::screens::debrief::decisions_in_view;
    use pehchan::app::ui::scroll::state;
    let d = bundled_debrief();
    let view = |ui: &mut egui::Ui| debrief_view(ui, &d, &[], None);

    let still = frames_on_projector(&[], view);
    let s = state(&still, "debrief");
    assert_eq!(s.offset, 0.0);
    assert!(s.content > s.view * 2.0, "the debrief overflows: {s:?}");
    assert!(!decisions_in_view(&still), "decisions start below the fold");

    let paged = frames_on_projector(&[&[egui::Key::PageDown]], view);
    let p = state(&paged, "debrief");
    assert!(
        p.offset > s.view * 0.5 && p.offset <= s.view,
        "Page Down moves most of a screen: {p:?}"
    );
    let spaced = frames_on_projector(&[&[egui::Key::Space], &[egui::Key::Space]], view);
    assert!(
        state(&spaced, "debrief").offset > p.offset,
        "Space pages on"
    );
    let line = frames_on_projector(&[&[egui::Key::ArrowDown]], view);
    let l = state(&line, "debrief").offset;
    assert!(l > 0.0 && l < p.offset, "Down scrolls a line: {l}");

    let end = frames_on_projector(&[&[egui::Key::End]], view);
    let e = state(&end, "debrief");
    assert!(
        (e.offset - (e.content - e.view)).abs() < 1.0,
        "End goes to the bottom: {e:?}"
    );
    let home = frames_on_projector(&[&[egui::Key::End], &[egui::Key::Home]], view);
    assert_eq!(
        state(&home, "debrief").offset,
        0.0,
        "Home goes back to the top"
    );

    // Pressing Page Down until the decisions show: a clicker alone gets there.
    let mut presses = Vec::new();
    let ctx = loop {
        presses.push(&[egui::Key::PageDown][..]);
        let ctx = frames_on_projector(&presses, view);
        if decisions_in_view(&ctx) || presses.len() > 10 {
            break ctx;
        }
    };
    assert!(
        decisions_in_view(&ctx),
        "ten Page Downs never reached the decisions"
    );
}

#[test]
fn the_library_keeps_its_arrows_for_choosing_and_pages_with_page_down() {
    let lib = LibraryRes::from_library(pehchan::scenario::Library::bundled().unwrap());
    let mut sel = 0;
    let ctx = frames_on_projector(&[&[egui::Key::ArrowDown]], |ui| {
        library_view(ui, &lib, &mut sel, None)
    });
    assert_eq!(sel, 1, "Down chose the next case");
    assert_eq!(
        pehchan::app::ui::scroll::state(&ctx, "library").offset,
        0.0,
        "Down did not scroll"
    );
    let mut sel = 0;
    let ctx = frames_on_projector(&[&[egui::Key::PageDown]], |ui| {
        library_view(ui, &lib, &mut sel, None)
    });
    assert_eq!(sel, 0);
    assert!(pehchan::app::ui::scroll::state(&ctx, "library").offset > 0.0);
}

#[test]
fn every_screen_lists_its_keys_with_help_and_full_screen() {
    use pehchan::app::help::keys_for;
    use pehchan::app::state::Screen;
    for screen in [
        Screen::Start,
        Screen::Library,
        Screen::Play,
        Screen::Debrief,
        Screen::Dashboard,
    ] {
        for room in [false, true] {
            let keys = keys_for(screen, room);
            let has = |k: &str| keys.iter().any(|(key, _)| key.contains(k));
            assert!(has("F1") && has("F11"), "{screen:?}: {keys:?}");
            assert!(
                has("Page Down"),
                "{screen:?} scrolls with Page Down: {keys:?}"
            );
        }
    }
    let room = keys_for(Screen::Play, true);
    assert!(
        room.iter()
            .any(|(k, w)| k.contains("B or .") && w.contains("take"))
    );
}

#[test]
fn display_settings_survive_a_restart_and_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.ron");
    assert_eq!(Settings::load(&path), Settings::default(), "no file yet");
    let mut s = Settings::default();
    s.set_projector(true);
    s.fullscreen = true;
    s.save(&path).unwrap();
    let back = Settings::load(&path);
    assert_eq!(back, s);
    assert!(back.projector && back.fullscreen && back.text_scale == Settings::PROJECTOR);
    std::fs::write(&path, "Settings(text_scale: ").unwrap();
    assert_eq!(
        Settings::load(&path),
        Settings::default(),
        "damaged: defaults"
    );
    std::fs::write(&path, "(text_scale: 9.0)").unwrap();
    assert_eq!(Settings::load(&path).text_scale, Settings::MAX, "clamped");
}

#[test]
fn the_test_screen_takes_answers_by_key_saves_each_and_shows_feedback_only_after_the_post_test() {
    use pehchan::app::screens::test::{TestOutcome, TestRun, test_view};
    use pehchan::app::state::Profile;
    use pehchan::assessment::{Form, Phase, TestRecord};
    let d = common::test_library();
    let lib = pehchan::scenario::Library::load_dir(d.path()).unwrap();
    let a = lib.assessment.clone().unwrap();
    let ws = tempfile::tempdir().unwrap();
    let profile = Profile {
        participant: "P05".into(),
        ..Default::default()
    };
    let mut run = TestRun::open(a.clone(), ws.path(), Form::B, Phase::Post, &profile);
    let (text, out) = frame(&[], |ui| test_view(ui, &mut run, &lib.curriculum));
    assert!(
        text.contains("Post-test · form B") && text.contains("Question 1 of 4"),
        "{text}"
    );
    assert_eq!(out, None, "nothing ticked, Enter does nothing yet");
    // b1: key 1 ticks "Trafficking", Enter answers.
    let (_, out) = frame(&[egui::Key::Num1], |ui| {
        test_view(ui, &mut run, &lib.curriculum)
    });
    assert_eq!(out, None);
    assert_eq!(run.ticked, ["tip"]);
    let (_, out) = frame(&[egui::Key::Enter], |ui| {
        test_view(ui, &mut run, &lib.curriculum)
    });
    assert_eq!(out, Some(TestOutcome::Submit));
    run.submit();
    assert!(run.save_error.is_none(), "{:?}", run.save_error);
    let saved = TestRecord::load(&run.path).unwrap();
    assert_eq!(saved.answers.len(), 1, "saved after the first answer");
    // A second run of the same participant and form resumes at question 2.
    let again = TestRun::open(a.clone(), ws.path(), Form::B, Phase::Post, &profile);
    assert_eq!(again.record.next_item(&a), 1);
    // b2 true/false: 2 = false; b3 multiple: 1 and 3; b4: 1.
    for keys in [
        &[egui::Key::Num2][..],
        &[egui::Key::Num1, egui::Key::Num3],
        &[egui::Key::Num1],
    ] {
        frame(keys, |ui| test_view(ui, &mut run, &lib.curriculum));
        run.submit();
    }
    assert!(run.record.finished);
    let (text, _) = frame(&[], |ui| test_view(ui, &mut run, &lib.curriculum));
    assert!(text.contains("Done: 4 of 4 right"), "{text}");
    assert!(
        text.contains("Right answer: His safety; Child protection"),
        "{text}"
    );
    let (_, out) = frame(&[egui::Key::Escape], |ui| {
        test_view(ui, &mut run, &lib.curriculum)
    });
    assert_eq!(out, Some(TestOutcome::Back));
    // After a pre-test, no answers are shown.
    let mut pre = TestRun::open(a.clone(), ws.path(), Form::A, Phase::Pre, &profile);
    for keys in [
        &[egui::Key::Num2][..],
        &[egui::Key::Num1],
        &[egui::Key::Num1, egui::Key::Num3],
        &[egui::Key::Num2],
    ] {
        frame(keys, |ui| test_view(ui, &mut pre, &lib.curriculum));
        pre.submit();
    }
    let (text, _) = frame(&[], |ui| test_view(ui, &mut pre, &lib.curriculum));
    assert!(
        text.contains("Done: 4 of 4 right")
            && text.contains("The answers are shown after the post-test"),
        "{text}"
    );
    assert!(!text.contains("Right answer:"), "{text}");
}

#[test]
fn the_dashboard_shows_the_knowledge_test_gains() {
    use pehchan::app::screens::dashboard::dashboard_view;
    use pehchan::assessment::{Form, Phase, TestRecord, gains};
    let d = common::test_library();
    let lib = pehchan::scenario::Library::load_dir(d.path()).unwrap();
    let a = lib.assessment.clone().unwrap();
    let mut pre = TestRecord::new(Form::A, Phase::Pre, "P1", "en");
    for (i, c) in [("a1", "som"), ("a2", "false"), ("a3", "a"), ("a4", "b")] {
        pre.answer(&a, i, vec![c.into()]);
    }
    let mut post = TestRecord::new(Form::B, Phase::Post, "P1", "en");
    for (i, c) in [("b1", "tip"), ("b2", "false"), ("b3", "a+c"), ("b4", "a")] {
        post.answer(&a, i, c.split('+').map(String::from).collect());
    }
    let recs = [pre, post];
    let collected = pehchan::workshop::Collected::default();
    let mut report = pehchan::workshop::report::report(&lib, &collected, None);
    report.assessment = Some(gains(&a, &lib.curriculum, Form::A, Form::B, &recs, &recs));
    let report = Ok(report);
    let (text, _) = frame(&[], |ui| dashboard_view(ui, &report, None));
    for needle in [
        "Knowledge test: form A before, form B after (1 took both)",
        "Whole test",
        "+50 pts (no interval for n < 2)",
        "LO1 Trafficking vs smuggling",
    ] {
        assert!(text.contains(needle), "dashboard lacks {needle:?}:\n{text}");
    }
}
