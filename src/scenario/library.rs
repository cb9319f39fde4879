//! A library: one curriculum and the scenarios checked against it, from a folder, files or the
//! binary.

use super::analyze::{Analysis, analyze};
use super::diag::{Diagnostic, Problem};
use super::graph::Graph;
use super::lints::{validate_curriculum, validate_scenario};
use super::load::parse;
use super::model::{Curriculum, Scenario};
use super::spans::Path;
pub use crate::assessment::ASSESSMENT_FILE;
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

/// The bundled library, compiled into the binary so the app works from any folder.
pub static BUNDLED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/scenarios");

/// The name of the curriculum file in a library folder.
pub const CURRICULUM_FILE: &str = "curriculum.ron";

/// A file's name (as shown in messages) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn read(path: &FsPath) -> Result<SourceFile, Diagnostic> {
        let name = path.display().to_string();
        match crate::files::read_text(path) {
            Ok(text) => Ok(SourceFile { name, text }),
            Err(e) => {
                let hint = match e {
                    crate::files::ReadError::NotUtf8(_) => "save the file as UTF-8",
                    crate::files::ReadError::TooLarge(_) => {
                        "give a scenario, curriculum or assessment file; these are far smaller"
                    }
                    crate::files::ReadError::Io(_) => "check the path and the file's permissions",
                };
                Err(Diagnostic::file_error(&name, e.to_string(), hint))
            }
        }
    }

    /// Hex SHA-256 of the text: records keep it to notice a scenario that changed since.
    pub fn hash(&self) -> String {
        content_hash(&self.text)
    }
}

pub fn content_hash(text: &str) -> String {
    let d = Sha256::digest(text.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// A scenario that loaded without errors, with its state graph and analysis.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Arc<Scenario>,
    pub file: String,
    pub hash: String,
    pub graph: Arc<Graph>,
    pub analysis: Arc<Analysis>,
}

/// A curriculum with its scenarios; scenarios with errors are left out and their diagnostics kept.
#[derive(Debug, Clone)]
pub struct Library {
    pub curriculum: Arc<Curriculum>,
    pub curriculum_file: String,
    pub scenarios: Vec<LoadedScenario>,
    /// Every diagnostic, errors and warnings, of every file.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that had errors, and so are not playable.
    pub broken: Vec<String>,
    /// The knowledge test (assessment.ron), when the library has one without errors.
    pub assessment: Option<Arc<crate::assessment::Assessment>>,
}

impl Library {
    /// Checks a curriculum, then each scenario against it. Fails only when the curriculum has
    /// errors.
    pub fn from_sources(
        curriculum: &SourceFile,
        scenarios: &[SourceFile],
    ) -> Result<Library, Vec<Diagnostic>> {
        let cur = load_curriculum(curriculum)?;
        let mut lib = Library {
            curriculum: Arc::new(cur.0),
            curriculum_file: curriculum.name.clone(),
            scenarios: Vec::new(),
            diagnostics: cur.1,
            broken: Vec::new(),
            assessment: None,
        };
        for f in scenarios {
            lib.add(f);
        }
        Ok(lib)
    }

    /// Loads `curriculum.ron` and every other `*.ron` in `dir` (sorted by name).
    pub fn load_dir(dir: &FsPath) -> Result<Library, Vec<Diagnostic>> {
        let name = dir.display().to_string();
        if !dir.is_dir() {
            let msg = if dir.exists() {
                "is not a folder"
            } else {
                "no such folder"
            };
            return Err(vec![Diagnostic::file_error(
                &name,
                msg,
                "give the folder that holds curriculum.ron and the scenario files",
            )]);
        }
        let cur_path = dir.join(CURRICULUM_FILE);
        if !cur_path.is_file() {
            return Err(vec![Diagnostic::file_error(
                &name,
                format!("no {CURRICULUM_FILE} in this folder"),
                "a library folder needs curriculum.ron beside its scenarios",
            )]);
        }
        let cur = SourceFile::read(&cur_path).map_err(|d| vec![d])?;
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for p in ron_files(dir).map_err(|d| vec![d])? {
            match SourceFile::read(&p) {
                Ok(f) => files.push(f),
                Err(d) => errors.push(d),
            }
        }
        let mut lib = Library::from_sources(&cur, &files)?;
        let test = dir.join(ASSESSMENT_FILE);
        if test.is_file() {
            match SourceFile::read(&test) {
                Ok(f) => lib.set_assessment(&f),
                Err(d) => errors.push(d),
            }
        }
        for d in errors {
            lib.broken.push(d.file.clone());
            lib.diagnostics.push(d);
        }
        Ok(lib)
    }

    /// The library compiled into the binary.
    pub fn bundled() -> Result<Library, Vec<Diagnostic>> {
        let (cur, files) = bundled_sources();
        let cur = cur.ok_or_else(|| {
            vec![Diagnostic::file_error(
                "scenarios/curriculum.ron",
                "the bundled library has no curriculum",
                "rebuild Pehchan from a checkout that has scenarios/curriculum.ron",
            )]
        })?;
        let (tests, files): (Vec<SourceFile>, Vec<SourceFile>) = files
            .into_iter()
            .partition(|f| f.name.ends_with(&format!("/{ASSESSMENT_FILE}")));
        let mut lib = Library::from_sources(&cur, &files)?;
        if let Some(t) = tests.first() {
            lib.set_assessment(t);
        }
        Ok(lib)
    }

    /// Checks the library's test file and keeps it if it has no errors.
    pub fn set_assessment(&mut self, f: &SourceFile) {
        match crate::assessment::load_assessment(f, &self.curriculum) {
            Ok((a, warnings)) => {
                self.diagnostics.extend(warnings);
                self.assessment = Some(Arc::new(a));
            }
            Err(diags) => {
                self.diagnostics.extend(diags);
                self.broken.push(f.name.clone());
            }
        }
    }

    /// Checks one more scenario file and adds it if it has no errors.
    pub fn add(&mut self, f: &SourceFile) {
        match check_scenario(f, &self.curriculum) {
            Ok((ls, warnings)) => {
                if let Some(prev) = self
                    .scenarios
                    .iter()
                    .find(|s| s.scenario.id == ls.scenario.id)
                {
                    let d = Diagnostic::locate(
                        &f.name,
                        &f.text,
                        vec![Problem::error(
                            "duplicate-scenario",
                            Path::root().field("id"),
                            format!(
                                "scenario id `{}` is already used by {}",
                                ls.scenario.id, prev.file
                            ),
                            "every scenario needs its own id",
                        )],
                    );
                    self.diagnostics.extend(d);
                    self.diagnostics.extend(warnings);
                    self.broken.push(f.name.clone());
                } else {
                    self.diagnostics.extend(warnings);
                    self.scenarios.push(ls);
                }
            }
            Err(diags) => {
                self.diagnostics.extend(diags);
                self.broken.push(f.name.clone());
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&LoadedScenario> {
        self.scenarios.iter().find(|s| s.scenario.id == id)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Diagnostics of one file.
    pub fn diagnostics_of<'a>(
        &'a self,
        file: &'a str,
    ) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.diagnostics.iter().filter(move |d| d.file == file)
    }
}

/// The bundled curriculum and scenario files, named `scenarios/<file>`.
pub fn bundled_sources() -> (Option<SourceFile>, Vec<SourceFile>) {
    let mut cur = None;
    let mut files = Vec::new();
    let mut entries: Vec<_> = BUNDLED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "ron"))
        .collect();
    entries.sort_by_key(|f| f.path().to_path_buf());
    for f in entries {
        let sf = SourceFile {
            name: format!("scenarios/{}", f.path().display()),
            text: f.contents_utf8().unwrap_or_default().to_string(),
        };
        if f.path().file_name().is_some_and(|n| n == CURRICULUM_FILE) {
            cur = Some(sf);
        } else {
            files.push(sf);
        }
    }
    (cur, files)
}

/// `*.ron` files of a folder other than the curriculum, sorted.
pub fn ron_files(dir: &FsPath) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = crate::files::ron_files(dir, false).map_err(|e| {
        Diagnostic::file_error(
            &dir.display().to_string(),
            format!("cannot list folder: {e}"),
            "check the folder's permissions",
        )
    })?;
    files.retain(|p| {
        p.file_name()
            .is_some_and(|n| n != CURRICULUM_FILE && n != ASSESSMENT_FILE)
    });
    Ok(files)
}

/// Parses and validates a curriculum; returns it with its warnings, or every diagnostic on error.
pub fn load_curriculum(f: &SourceFile) -> Result<(Curriculum, Vec<Diagnostic>), Vec<Diagnostic>> {
    let cur: Curriculum = parse(&f.name, &f.text)?;
    let diags = Diagnostic::locate(&f.name, &f.text, validate_curriculum(&cur));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((cur, diags))
}

/// Parses, validates and analyses one scenario file against a curriculum.
pub fn check_scenario(
    f: &SourceFile,
    cur: &Curriculum,
) -> Result<(LoadedScenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    let sc: Scenario = parse(&f.name, &f.text)?;
    let graph = Graph::build(&sc);
    let diags = Diagnostic::locate(&f.name, &f.text, validate_scenario(&sc, cur, &graph));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let analysis = analyze(&sc, &graph);
    Ok((
        LoadedScenario {
            scenario: Arc::new(sc),
            file: f.name.clone(),
            hash: f.hash(),
            graph: Arc::new(graph),
            analysis: Arc::new(analysis),
        },
        diags,
    ))
}

/// The curriculum that applies to a scenario file: `curriculum.ron` in its folder or the one above,
/// else the bundled one.
pub fn curriculum_for(file: &FsPath) -> Option<PathBuf> {
    let dir = file.parent()?;
    [
        dir.join(CURRICULUM_FILE),
        dir.parent()
            .map(|p| p.join(CURRICULUM_FILE))
            .unwrap_or_default(),
    ]
    .into_iter()
    .find(|p| p.is_file())
}
