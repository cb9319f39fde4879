//! `pehchan sync` against ralph-malph on loopback (SKIPPED without it, unless PEHCHAN_LRS_TEST=1).

mod common;
use base64::Engine;
use common::{fixture_lib, fixture_record};
use pehchan::assessment::{Form, Phase, TestRecord};
use pehchan::records::{Gender, SessionRecord};
use pehchan::workshop::Workshop;
use pehchan::workshop::sync::STATE_FILE;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USER: &str = "pehchan";
const PASSWORD: &str = "loopback-only-secret";

// ---------------------------------------------------------------------------------------------
// A workshop folder and the CLI.

/// A workshop folder with records of the fixture case: a best run, a detention, an unfinished run.
fn workshop(root: &Path) -> PathBuf {
    let dir = root.join("ws");
    let mut w = Workshop::new("TIP/SOM Karachi");
    w.city = "Karachi".into();
    w.dates = vec!["2026-12-01".into()];
    Workshop::create(&dir, &w).unwrap();
    let lib = fixture_lib();
    let mut best = fixture_record(&lib, 1, "KHI-01", &["best"]);
    best.gender = Some(Gender::Female);
    best.role = Some("FIA officer".into());
    add(&dir, &best);
    add(&dir, &fixture_record(&lib, 2, "KHI-02", &["detain"]));
    add(
        &dir,
        &fixture_record(&lib, 3, "KHI-03", &["private", "interp-agent"]),
    );
    // The library beside it has the fixture knowledge test: one finished pre-test (with a
    // multiple-select and a true/false answer) and one unfinished post-test.
    let lib_copy = common::test_library();
    let lib_path = root.join("lib");
    std::fs::create_dir_all(&lib_path).unwrap();
    for e in std::fs::read_dir(lib_copy.path()).unwrap().flatten() {
        std::fs::copy(e.path(), lib_path.join(e.file_name())).unwrap();
    }
    let tlib = pehchan::scenario::Library::load_dir(&lib_path).unwrap();
    let a = tlib.assessment.clone().unwrap();
    let mut pre = TestRecord::new(Form::A, Phase::Pre, "KHI-01", "en");
    pre.gender = Some(Gender::Female);
    for (item, chosen) in [("a1", "som"), ("a2", "false"), ("a3", "a+c"), ("a4", "b")] {
        pre.answer(&a, item, chosen.split('+').map(String::from).collect());
    }
    let mut post = TestRecord::new(Form::B, Phase::Post, "KHI-02", "en");
    post.answer(&a, "b1", vec!["tip".into()]);
    for r in [&pre, &post] {
        r.save(&dir.join("tests").join(r.file_name())).unwrap();
    }
    dir
}

fn add(dir: &Path, rec: &SessionRecord) {
    rec.save(&dir.join("records").join(rec.file_name()))
        .unwrap();
}

fn pehchan(args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .env_remove("PEHCHAN_LRS_PASSWORD")
        .output()
        .unwrap()
}

use common::output_text as text;

/// The library beside a workshop made by `workshop` (the fixture case and test).
fn lib_dir(dir: &Path) -> String {
    dir.parent().unwrap().join("lib").display().to_string()
}

fn sync(dir: &Path, lrs: &str, password: &str, batch: usize) -> Output {
    pehchan(&[
        "sync",
        &dir.display().to_string(),
        "--lrs",
        lrs,
        "--user",
        USER,
        "--password",
        password,
        "--batch",
        &batch.to_string(),
        "--scenarios",
        &lib_dir(dir),
    ])
}

/// `pehchan export-xapi`: the statements by id, and their ids in file order.
fn export(dir: &Path) -> (BTreeMap<String, Value>, Vec<String>) {
    let out = dir.join("statements.jsonl");
    let o = pehchan(&[
        "export-xapi",
        &dir.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--scenarios",
        &lib_dir(dir),
    ]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    // What was read goes to stderr (a note); the result, to stdout.
    assert!(stderr.contains("record file(s)"), "{stderr}");
    assert!(stdout.contains("wrote "), "{stdout}");
    let lines = std::fs::read_to_string(&out).unwrap();
    let mut order = Vec::new();
    let mut by_id = BTreeMap::new();
    for line in lines.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        order.push(id.clone());
        by_id.insert(id, v);
    }
    (by_id, order)
}

fn accepted(dir: &Path, endpoint: &str) -> BTreeSet<String> {
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(STATE_FILE)).unwrap()).unwrap();
    assert_eq!(state["format"], 1);
    state["endpoints"][endpoint]["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn basic() -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    format!("Basic {token}")
}

// ---------------------------------------------------------------------------------------------
// A scripted LRS: answers each request as a closure says and keeps what it was sent.

#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
    body: Value,
}

impl Request {
    fn ids(&self) -> Vec<String> {
        self.body
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| s["id"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

type Answer = Box<dyn Fn(usize, &Request) -> u16 + Send>;

struct FakeLrs {
    port: u16,
    seen: Arc<Mutex<Vec<Request>>>,
    answer: Arc<Mutex<Answer>>,
}

impl FakeLrs {
    fn start(answer: impl Fn(usize, &Request) -> u16 + Send + 'static) -> FakeLrs {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Mutex<Answer>> = Arc::new(Mutex::new(Box::new(answer)));
        let (s, a) = (seen.clone(), answer.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let Some(req) = read_request(&stream) else {
                    continue;
                };
                let n = s.lock().unwrap().len();
                let status = (a.lock().unwrap())(n, &req);
                s.lock().unwrap().push(req);
                let body = if status == 200 {
                    "[]"
                } else {
                    "{\"detail\":\"scripted\"}"
                };
                let _ = write!(
                    &stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        FakeLrs { port, seen, answer }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/statements", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }

    fn answer(&self, f: impl Fn(usize, &Request) -> u16 + Send + 'static) {
        *self.answer.lock().unwrap() = Box::new(f);
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut r = BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
    }
    let len: usize = headers.get("content-length")?.parse().ok()?;
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        body: serde_json::from_slice(&body).ok()?,
    })
}

#[test]
fn sync_posts_batches_with_basic_auth_and_the_xapi_version_then_only_what_is_new() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workshop(tmp.path());
    let (by_id, order) = export(&dir);
    let n = order.len();
    assert!(
        n >= 8,
        "best run: 4 or 5 answers and the completion; detention: 2; unfinished: 2"
    );
    let lrs = FakeLrs::start(|_, _| 200);

    let o = sync(&dir, &lrs.url(), PASSWORD, 3);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    let batches: Vec<usize> = order.chunks(3).map(<[String]>::len).collect();
    assert!(
        stdout.contains(&format!("sent {n} statement(s)"))
            && stdout.contains(&format!("in {} request(s)", batches.len())),
        "{stdout}"
    );
    let reqs = lrs.requests();
    assert_eq!(
        reqs.iter().map(|r| r.ids().len()).collect::<Vec<_>>(),
        batches
    );
    for r in &reqs {
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/xAPI/statements")
        );
        assert_eq!(r.headers["authorization"], basic());
        assert_eq!(r.headers["x-experience-api-version"], "1.0.3");
        assert!(r.headers["content-type"].starts_with("application/json"));
        for s in r.body.as_array().unwrap() {
            assert_eq!(
                s,
                &by_id[s["id"].as_str().unwrap()],
                "sent exactly as exported"
            );
        }
    }
    let sent: Vec<String> = reqs.iter().flat_map(Request::ids).collect();
    assert_eq!(sent, order, "every statement once, in export order");
    assert_eq!(
        accepted(&dir, &lrs.endpoint()),
        order.iter().cloned().collect()
    );

    // Nothing new: no request at all.
    let o = sync(&dir, &lrs.url(), PASSWORD, 3);
    let (stdout, _) = text(&o);
    assert!(o.status.success());
    assert!(
        stdout.contains("sent 0 statement(s)") && stdout.contains(&format!("{n} sent before")),
        "{stdout}"
    );
    assert_eq!(lrs.requests().len(), batches.len());

    // A new session: only its statements go.
    let lib = fixture_lib();
    add(&dir, &fixture_record(&lib, 4, "KHI-04", &["detain"]));
    let o = sync(&dir, &lrs.url(), PASSWORD, 50);
    assert!(o.status.success(), "{:?}", text(&o));
    let reqs = lrs.requests();
    assert_eq!(reqs.len(), batches.len() + 1);
    let new = reqs.last().unwrap().ids();
    assert_eq!(new.len(), 2, "an answer and the completion");
    assert!(new.iter().all(|id| !by_id.contains_key(id)));
}

#[test]
fn a_conflict_is_resent_one_by_one_and_a_failure_keeps_what_was_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workshop(tmp.path());
    let (_, order) = export(&dir);
    let taken = order[1].clone();
    // Batch 1 (4 statements) conflicts; of its statements sent alone, one is held with other
    // content; batch 2 meets a failing LRS.
    let lrs = FakeLrs::start(move |n, r| match n {
        0 => 409,
        1..=4 if r.ids() == [taken.clone()] => 409,
        1..=4 => 200,
        _ => 503,
    });
    let o = sync(&dir, &lrs.url(), PASSWORD, 4);
    let (stdout, stderr) = text(&o);
    assert!(!o.status.success(), "{stdout}");
    assert!(stderr.contains("answered HTTP 503"), "{stderr}");
    assert!(
        stderr.contains("4 statement(s) were accepted before this"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let reqs = lrs.requests();
    assert_eq!(reqs.len(), 6);
    assert_eq!(reqs[0].ids(), order[..4]);
    for (k, r) in reqs[1..5].iter().enumerate() {
        assert_eq!(r.ids(), [order[k].clone()]);
    }
    assert_eq!(
        accepted(&dir, &lrs.endpoint()),
        order[..4].iter().cloned().collect()
    );

    // Run again once the LRS is back: only the rest is sent.
    lrs.answer(|_, _| 200);
    let o = sync(&dir, &lrs.url(), PASSWORD, 4);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    let rest = order.len() - 4;
    assert!(
        stdout.contains(&format!("sent {rest} statement(s)")) && stdout.contains("4 sent before"),
        "{stdout}"
    );
    let resent: Vec<String> = lrs.requests()[6..].iter().flat_map(Request::ids).collect();
    assert_eq!(resent, order[4..]);
    assert_eq!(
        accepted(&dir, &lrs.endpoint()),
        order.iter().cloned().collect()
    );
}

#[test]
fn the_conflict_note_counts_statements_the_lrs_holds_with_other_content() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workshop(tmp.path());
    let (_, order) = export(&dir);
    let taken = order[2].clone();
    let lrs = FakeLrs::start(move |_, r| if r.ids().contains(&taken) { 409 } else { 200 });
    let o = sync(&dir, &lrs.url(), PASSWORD, 50);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    let n = order.len();
    assert!(
        stdout.contains(&format!("sent {n} statement(s)"))
            && stdout.contains(&format!("in {} request(s)", n + 1)),
        "one batch, then each statement alone: {stdout}"
    );
    assert!(stdout.contains("already held 1 of them"), "{stdout}");
}

#[test]
fn clear_errors_for_a_bad_address_an_unreachable_lrs_and_refused_credentials() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workshop(tmp.path());

    let o = sync(&dir, "ftp://127.0.0.1/xAPI/", PASSWORD, 50);
    let (_, stderr) = text(&o);
    assert!(!o.status.success());
    assert!(
        stderr.contains("is not an LRS address") && stderr.contains("ftp"),
        "{stderr}"
    );

    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let o = sync(
        &dir,
        &format!("http://127.0.0.1:{closed}/xAPI/"),
        PASSWORD,
        50,
    );
    let (_, stderr) = text(&o);
    assert!(!o.status.success());
    assert!(
        stderr.contains("cannot reach the LRS at http://127.0.0.1:"),
        "{stderr}"
    );
    assert!(!dir.join(STATE_FILE).exists());

    for status in [401, 403] {
        let lrs = FakeLrs::start(move |_, _| status);
        let o = sync(&dir, &lrs.url(), "wrong", 50);
        let (_, stderr) = text(&o);
        assert!(!o.status.success());
        assert!(
            stderr.contains(&format!("refused the credentials (HTTP {status})")),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    let o = pehchan(&[
        "sync",
        &dir.display().to_string(),
        "--lrs",
        "http://127.0.0.1:1/",
        "--user",
        USER,
    ]);
    let (_, stderr) = text(&o);
    assert!(!o.status.success());
    assert!(stderr.contains("PEHCHAN_LRS_PASSWORD"), "{stderr}");

    let o = sync(&dir, "http://127.0.0.1:1/", PASSWORD, 0);
    let (_, stderr) = text(&o);
    assert!(!o.status.success());
    assert!(stderr.contains("not a batch size"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// ralph-malph, a real LRS, on a free loopback port.

/// Makes ralph's file-system LRS append each POST to its statements file: as released (5.1.0) it
/// writes with operation "create", so every write after the first fails with HTTP 500.
const SITECUSTOMIZE: &str = "\
try:
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
except ImportError:
    pass
";

/// A running `ralph runserver`; dropping it stops its process group (the reloader and the server).
struct Ralph {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

fn ralph_program() -> String {
    std::env::var("PEHCHAN_RALPH").unwrap_or_else(|_| "ralph".to_string())
}

fn ralph_installed() -> bool {
    Command::new(ralph_program())
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Ralph {
    fn command(dir: &Path) -> Command {
        let mut c = Command::new(ralph_program());
        let py = dir.join("py");
        let pythonpath = match std::env::var_os("PYTHONPATH") {
            Some(p) if !p.is_empty() => {
                let mut v = py.into_os_string();
                v.push(":");
                v.push(p);
                v
            }
            _ => py.into_os_string(),
        };
        c.current_dir(dir)
            .env("RALPH_APP_DIR", dir.join("app"))
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .env("PYTHONPATH", pythonpath)
            .stdin(Stdio::null());
        c
    }

    fn start() -> Ralph {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("py")).unwrap();
        std::fs::write(dir.path().join("py/sitecustomize.py"), SITECUSTOMIZE).unwrap();
        let auth = Ralph::command(dir.path())
            .args(["auth", "-u", USER, "-p", PASSWORD, "-s", "all"])
            .args([
                "-A",
                "facilitator",
                "https://pehchan.local/facilitators",
                "-w",
            ])
            .output()
            .unwrap();
        assert!(
            auth.status.success(),
            "ralph auth failed: {:?}",
            text(&auth)
        );
        assert!(dir.path().join("app/auth.json").is_file());

        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::File::create(dir.path().join("ralph.log")).unwrap();
        let child = Ralph::command(dir.path())
            .args([
                "runserver",
                "-b",
                "fs",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .arg("--fs-default-directory-path")
            .arg(dir.path().join("data"))
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap();
        let mut ralph = Ralph { child, port, dir };
        ralph.wait_for_heartbeat();
        ralph
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("ralph.log")).unwrap_or_default()
    }

    fn wait_for_heartbeat(&mut self) {
        let url = format!("{}/__heartbeat__", self.origin());
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("ralph exited ({status}) before answering:\n{}", self.log());
            }
            if let Ok(resp) = ureq::get(&url).call()
                && resp.status() == 200
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "ralph did not answer {url} in 90 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Every statement the LRS holds, following `more`.
    fn statements(&self) -> Vec<Value> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let mut url = format!("{}/xAPI/statements?limit=3", self.origin());
        let mut out = Vec::new();
        for _ in 0..1000 {
            let body = agent
                .get(&url)
                .header("Authorization", basic())
                .header("X-Experience-API-Version", "1.0.3")
                .call()
                .unwrap()
                .into_body()
                .read_to_string()
                .unwrap();
            let page: Value = serde_json::from_str(&body).unwrap();
            out.extend(page["statements"].as_array().unwrap().iter().cloned());
            match page["more"].as_str() {
                Some(more) if !more.is_empty() => url = format!("{}{more}", self.origin()),
                _ => return out,
            }
        }
        panic!("`more` never ended");
    }

    /// POSTs statements directly, as another client of the LRS would.
    fn post(&self, statements: &[Value]) -> u16 {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        agent
            .post(format!("{}/xAPI/statements", self.origin()))
            .header("Authorization", basic())
            .header("X-Experience-API-Version", "1.0.3")
            .header("Content-Type", "application/json")
            .send(serde_json::to_vec(statements).unwrap().as_slice())
            .unwrap()
            .status()
            .as_u16()
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let group = self.child.id() as libc::pid_t;
        // SAFETY: signals our own child's process group (process_group(0) made it its leader).
        unsafe { libc::kill(-group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(100));
        }
        // SAFETY: as above; whatever is left of the group (the server, its helpers) is stopped.
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("--- ralph log ---\n{}", self.log());
        }
    }
}

/// The fields of a statement that ralph must give back as they were sent (it adds `stored`,
/// `authority` and, where missing, `version`).
fn key_fields(s: &Value) -> Value {
    serde_json::json!({
        "id": s["id"],
        "actor": s["actor"],
        "verb": s["verb"]["id"],
        "object": s["object"],
        "result": s["result"],
        "context": s["context"],
        "timestamp": s["timestamp"],
    })
}

#[test]
fn sync_to_a_real_lrs_sends_each_statement_once() {
    if !ralph_installed() {
        assert!(
            std::env::var("PEHCHAN_LRS_TEST").as_deref() != Ok("1"),
            "PEHCHAN_LRS_TEST=1 but `{}` is not installed: run .ci/lrs-setup.sh \
             (or set PEHCHAN_RALPH)",
            ralph_program()
        );
        eprintln!(
            "SKIPPED: `{}` is not installed (pip install \"ralph-malph[cli,lrs]\"; \
             see .ci/lrs-setup.sh)",
            ralph_program()
        );
        return;
    }
    let ralph = Ralph::start();
    let lrs = format!("{}/xAPI/", ralph.origin());
    let endpoint = format!("{}/xAPI/statements", ralph.origin());
    let tmp = tempfile::tempdir().unwrap();
    let dir = workshop(tmp.path());
    let (by_id, order) = export(&dir);

    // Wrong credentials and a wrong path are refused with a clear message, nothing remembered.
    let o = sync(&dir, &lrs, "not-the-password", 3);
    let (_, stderr) = text(&o);
    assert!(!o.status.success());
    assert!(
        stderr.contains("refused the credentials (HTTP 401)"),
        "{stderr}"
    );
    let o = sync(&dir, &format!("{}/nowhere/", ralph.origin()), PASSWORD, 3);
    let (_, stderr) = text(&o);
    assert!(!o.status.success());
    assert!(
        stderr.contains("HTTP 404") && stderr.contains("not an xAPI statements resource"),
        "{stderr}"
    );
    assert!(!dir.join(STATE_FILE).exists());

    // First sync, in batches of 3.
    let o = sync(&dir, &lrs, PASSWORD, 3);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}\n{}", ralph.log());
    assert!(
        stdout.contains(&format!("sent {} statement(s)", order.len())),
        "{stdout}"
    );
    assert_eq!(accepted(&dir, &endpoint), order.iter().cloned().collect());

    let held = ralph.statements();
    assert_eq!(held.len(), order.len(), "one copy of each");
    for s in &held {
        let id = s["id"].as_str().unwrap();
        let sent = by_id
            .get(id)
            .unwrap_or_else(|| panic!("the LRS holds an unknown statement {id}"));
        assert_eq!(key_fields(s), key_fields(sent), "statement {id}");
        assert!(s.get("stored").is_some(), "the LRS stored it: {s}");
    }

    // Second sync: nothing new, nothing sent, nothing duplicated.
    let o = sync(&dir, &lrs, PASSWORD, 3);
    let (stdout, _) = text(&o);
    assert!(o.status.success());
    assert!(
        stdout.contains("sent 0 statement(s)") && stdout.contains("in 0 request(s)"),
        "{stdout}"
    );
    assert_eq!(ralph.statements().len(), order.len());

    // A lost state file and a statement another client stored under one of our ids: sync again
    // sends everything, the LRS keeps one copy of each and its own version of the taken id.
    let lib = fixture_lib();
    let late = fixture_record(&lib, 5, "KHI-05", &["detain"]);
    add(&dir, &late);
    let (by_id, order) = export(&dir);
    let taken = pehchan::workshop::xapi::statement_id(&late.id, Some(1)).to_string();
    let mut other = by_id[&taken].clone();
    other["result"]["response"] = "private".into();
    assert_eq!(ralph.post(std::slice::from_ref(&other)), 200);
    std::fs::remove_file(dir.join(STATE_FILE)).unwrap();

    let o = sync(&dir, &lrs, PASSWORD, 4);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}\n{}", ralph.log());
    assert!(
        stdout.contains(&format!("sent {} statement(s)", order.len()))
            && stdout.contains("already held 1 of them"),
        "{stdout}"
    );
    assert_eq!(accepted(&dir, &endpoint), order.iter().cloned().collect());
    let held = ralph.statements();
    let ids: Vec<&str> = held.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let distinct: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), distinct.len(), "no duplicates: {ids:?}");
    assert_eq!(distinct, order.iter().map(String::as_str).collect());
    for s in &held {
        let id = s["id"].as_str().unwrap();
        let expected = if id == taken { &other } else { &by_id[id] };
        assert_eq!(key_fields(s), key_fields(expected), "statement {id}");
    }
}
