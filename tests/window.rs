//! The real window under Xvfb with Mesa's software Vulkan: `pehchan app --autoplay` must exit 0 and
//! leave non-uniform screenshots of every screen, and real key presses must scroll the debrief.
//! `.ci/run` sets PEHCHAN_WINDOW_TEST=1, which makes a missing Xvfb or xdotool a failure instead of
//! a skip.
#![cfg(feature = "app")]

mod common;
use std::process::Command;

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Distinct colours in a PNG (sampled), to tell a real screen from a blank one.
fn distinct_colours(path: &std::path::Path) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bpp = info.line_size / info.width as usize;
    let mut seen = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(bpp).step_by(7) {
        seen.insert(px[..3.min(bpp)].to_vec());
    }
    assert!(
        info.width >= 800 && info.height >= 600,
        "{}: {}x{}",
        path.display(),
        info.width,
        info.height
    );
    seen.len()
}

/// Whether the tools a window test needs are here. Without them the test is skipped, unless
/// PEHCHAN_WINDOW_TEST is set (as `.ci/run` does): then a missing tool fails it.
fn tools_present(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("PEHCHAN_WINDOW_TEST").is_none(),
        "PEHCHAN_WINDOW_TEST is set but {} is missing",
        missing.join(" and ")
    );
    eprintln!(
        "SKIPPED: {} not installed \
         (apt-get install xvfb mesa-vulkan-drivers libvulkan1 libxkbcommon-x11-0 xdotool)",
        missing.join(" and ")
    );
    false
}

/// Runs `args` inside a fresh X server of `screen` ("1280x800x24") with `env`; returns the log
/// after checking that nothing panicked and the run succeeded.
fn run_in_xvfb(
    screen: &str,
    args: &[&std::ffi::OsStr],
    env: &[(&str, &std::ffi::OsStr)],
) -> String {
    let mut cmd = Command::new("timeout");
    cmd.args(["600", "xvfb-run", "-a", "-s"])
        .arg(format!("-screen 0 {screen}"))
        .args(args)
        .env("RUST_BACKTRACE", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("xvfb-run starts");
    let log = String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    assert!(!log.contains("panicked"), "the app panicked:\n{log}");
    assert!(
        o.status.success(),
        "the run failed ({:?}):\n{log}",
        o.status
    );
    log
}

/// Each of `names` was saved in `shots` and shows a real screen, not a blank one.
fn assert_screens(shots: &std::path::Path, names: &[&str], log: &str) {
    for name in names {
        let p = shots.join(name);
        assert!(p.is_file(), "{name} missing:\n{log}");
        let n = distinct_colours(&p);
        assert!(n > 50, "{name} looks blank ({n} colours)");
    }
}

#[test]
fn autoplay_in_a_real_window_saves_every_screen() {
    if !tools_present(&["xvfb-run"]) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let shots = out.path().join("shots");
    let bin = std::ffi::OsStr::new(common::bin());
    let log = run_in_xvfb(
        "1280x800x24",
        &[
            bin,
            "app".as_ref(),
            "--autoplay".as_ref(),
            "gulf-returnee-karachi".as_ref(),
            "--screenshots".as_ref(),
            shots.as_os_str(),
        ],
        &[("PEHCHAN_DATA_DIR", data.path().as_os_str())],
    );
    assert_screens(
        &shots,
        &["library.png", "play.png", "debrief.png", "dashboard.png"],
        &log,
    );
    // The autoplayed session was recorded, finished.
    let recs: Vec<_> = std::fs::read_dir(data.path().join("records"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(recs.len(), 1);
    let rec = pehchan::records::SessionRecord::load(&recs[0].path()).unwrap();
    assert!(rec.finished && rec.participant == "DEMO");
}

/// At projector size (1024×768) with the largest text, the debrief's decisions start below the
/// fold; real key presses (xdotool, through the X server as a keyboard or clicker would) open and
/// close the key help (F1, Esc: still on the debrief), Tab focuses a button, and Page Down still
/// brings the decisions into view.
/// The app reports what it saw in `debrief-scroll.txt`.
#[test]
fn page_down_brings_the_debrief_decisions_into_view() {
    if !tools_present(&["xvfb-run", "xdotool"]) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let shots = out.path().join("shots");
    // Inside the X session: start the app, wait for the debrief, then press Page Down until the
    // app has taken its last screenshot (at most 12 presses).
    let script = r#"
        "$PEHCHAN_BIN" app --autoplay gulf-returnee-karachi --screenshots "$SHOTS" \
            --window-size 1024x768 --text-scale 2.0 &
        pid=$!
        i=0
        while [ ! -s "$SHOTS/debrief-scroll.txt" ] && [ $i -lt 600 ]; do sleep 0.5; i=$((i+1)); done
        sleep 1
        wid=$(xdotool search --name Pehchan | head -n 1)
        [ -n "$wid" ] && xdotool windowfocus --sync "$wid" 2>/dev/null
        # F1 opens the key help (saved as help.png); Esc closes it and must not leave the debrief.
        xdotool key F1
        i=0
        while [ ! -s "$SHOTS/help.png" ] && [ $i -lt 60 ]; do sleep 0.5; i=$((i+1)); done
        sleep 1
        xdotool key Escape; sleep 1
        # Tab puts the focus ring on the first button; the scroll keys still work.
        xdotool key Tab; sleep 1
        n=0
        while [ ! -s "$SHOTS/debrief-scrolled.png" ] && [ $n -lt 12 ] && kill -0 $pid 2>/dev/null; do
            xdotool key Next; sleep 1; n=$((n+1))
        done
        echo "presses: $n"
        wait $pid
    "#;
    let log = run_in_xvfb(
        "1024x768x24",
        &["sh".as_ref(), "-c".as_ref(), script.as_ref()],
        &[
            ("PEHCHAN_BIN", std::ffi::OsStr::new(common::bin())),
            ("SHOTS", shots.as_os_str()),
            ("PEHCHAN_DATA_DIR", data.path().as_os_str()),
            ("PEHCHAN_AUTOPLAY_WAIT_KEYS", "1".as_ref()),
        ],
    );
    let report = std::fs::read_to_string(shots.join("debrief-scroll.txt")).unwrap_or_default();
    assert!(
        report.contains("before: in_view=false"),
        "the decisions were already in view before any key:\n{report}"
    );
    assert!(
        report.contains("after: in_view=true"),
        "Page Down did not bring them into view:\n{report}\n{log}"
    );
    assert_screens(&shots, &["help.png", "debrief-scrolled.png"], &log);
}

/// In workshop mode the autoplay takes the post-test after the dashboard, answering every item
/// right: an item (test.png) and the result with the answers (test-result.png) are saved, and the
/// record in the workshop's tests/ folder is finished.
#[test]
fn the_post_test_is_taken_in_the_real_window_and_saved() {
    if !tools_present(&["xvfb-run"]) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let ws = out.path().join("ws");
    let made = Command::new(common::bin())
        .args(["workshop", "new", ws.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(made.status.success());
    let shots = out.path().join("shots");
    let bin = std::ffi::OsStr::new(common::bin());
    let log = run_in_xvfb(
        "1024x768x24",
        &[
            bin,
            "app".as_ref(),
            "--workshop".as_ref(),
            ws.as_os_str(),
            "--autoplay".as_ref(),
            "swara-call-swat".as_ref(),
            "--screenshots".as_ref(),
            shots.as_os_str(),
            "--window-size".as_ref(),
            "1024x768".as_ref(),
        ],
        &[("PEHCHAN_DATA_DIR", data.path().as_os_str())],
    );
    assert_screens(
        &shots,
        &["dashboard.png", "test.png", "test-result.png"],
        &log,
    );
    let lib = pehchan::scenario::Library::bundled().unwrap();
    let a = lib.assessment.clone().unwrap();
    let tests: Vec<_> = std::fs::read_dir(ws.join("tests"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(tests.len(), 1, "one test record");
    let rec = pehchan::assessment::TestRecord::load(&tests[0].path()).unwrap();
    assert!(rec.finished && rec.participant == "DEMO");
    assert_eq!(rec.answers.len(), a.form(rec.form).len());
    let r = pehchan::assessment::score(&a, &rec).unwrap();
    assert_eq!(r.right, r.of, "autoplay answers every item right");
}

/// The app in autoplay, killed with SIGKILL at random moments of its run (start-up, play, the
/// saves after each choice, the debrief) over 12 trials against one records folder: every record
/// it leaves loads and replays; none is partial.
#[test]
fn the_app_killed_mid_session_never_leaves_a_partial_record() {
    if !tools_present(&["Xvfb"]) {
        return;
    }
    let display = format!(":{}", 90 + std::process::id() % 9);
    let mut xvfb = Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1024x768x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    std::thread::sleep(std::time::Duration::from_secs(2));
    let data = tempfile::tempdir().unwrap();
    let shots = tempfile::tempdir().unwrap();
    let run = || {
        Command::new(common::bin())
            .args([
                "app",
                "--autoplay",
                "gulf-returnee-karachi",
                "--screenshots",
            ])
            .arg(shots.path())
            .env("DISPLAY", &display)
            .env("PEHCHAN_DATA_DIR", data.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the app starts")
    };
    // One whole run, to spread the kills over its length.
    let t = std::time::Instant::now();
    let whole_ok = run().wait().unwrap().success();
    let whole = t.elapsed();
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let trials = 12;
    for _ in 0..trials {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let delay = whole.mul_f64((rng % 1000) as f64 / 1000.0);
        let mut child = run();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
    }
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    assert!(whole_ok, "the uninterrupted run failed");

    let lib = pehchan::scenario::Library::bundled().unwrap();
    let records = pehchan::files::ron_files(&data.path().join("records"), false).unwrap();
    let mut unfinished = 0;
    for p in &records {
        let rec = pehchan::records::SessionRecord::load(p)
            .unwrap_or_else(|e| panic!("{}: unreadable after a kill: {e}", p.display()));
        rec.replay(&lib)
            .unwrap_or_else(|e| panic!("{}: does not replay: {e}", p.display()));
        unfinished += usize::from(!rec.finished);
    }
    eprintln!(
        "{trials} kills over a {:.1} s autoplay: {} records, {unfinished} unfinished, all readable",
        whole.as_secs_f64(),
        records.len()
    );
    assert!(!records.is_empty());
}
