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

/// Runs one egui frame (after a warm-up frame) with `keys` pressed; returns the texts painted and
/// what the view returned.
fn frame<R>(keys: &[egui::Key], mut view: impl FnMut(&mut egui::Ui) -> R) -> (String, R) {
    let ctx = egui::Context::default();
    pehchan::app::ui::configure_egui(&ctx);
    ctx.run_ui(egui::RawInput::default(), |_| {})
        .textures_delta
        .clear();
    let input = |events: Vec<egui::Event>| egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 2400.0),
        )),
        events,
        ..Default::default()
    };
    ctx.run_ui(input(vec![]), |ui| {
        view(ui);
    })
    .textures_delta
    .clear();
    let events = keys
        .iter()
        .map(|&key| egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        })
        .collect();
    let mut result = None;
    let mut out = ctx.run_ui(input(events), |ui| {
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
        start_form(ui, &mut profile, &mut settings, &none, None)
    });
    assert_eq!(out, None, "no code, no continue");
    assert!(text.contains("Enter a participant code to continue"));
    profile.participant = "P07".into();
    let (_, out) = frame(&[egui::Key::Enter], |ui| {
        start_form(ui, &mut profile, &mut settings, &none, None)
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
        start_form(ui, &mut profile, &mut settings, &some, None)
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
