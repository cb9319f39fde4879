//! workshop.ron: title, place, dates, facilitators, scenario list and the series it belongs to.

use crate::assessment::{Form, Phase};
use crate::files::write_atomic;
use crate::scenario::diag::Diagnostic;
use crate::scenario::load::{HasFormat, parse};
use crate::versions::{Version, WORKSHOP};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file that makes a folder a workshop.
pub const WORKSHOP_FILE: &str = "workshop.ron";
/// Where a workshop keeps its session records (one file per session; subfolders allowed).
pub const RECORDS_DIR: &str = "records";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workshop {
    pub format: u32,
    pub title: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub venue: String,
    /// ISO dates, e.g. ["2026-12-01", "2026-12-02"].
    #[serde(default)]
    pub dates: Vec<String>,
    #[serde(default)]
    pub facilitators: Vec<String>,
    /// Scenario ids played in this workshop (empty: any).
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// The series it belongs to (e.g. "TIP/SOM 2026: Karachi, then Lahore") and its place in it.
    #[serde(default)]
    pub series: Option<String>,
    #[serde(default)]
    pub series_order: Option<u32>,
    /// The knowledge test before and after the cases; absent: the app offers no test.
    #[serde(default)]
    pub test: Option<TestPlan>,
}

/// Which form of the library's assessment.ron is taken before the cases and which after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestPlan {
    #[serde(default = "form_a")]
    pub pre: Form,
    #[serde(default = "form_b")]
    pub post: Form,
}

fn form_a() -> Form {
    Form::A
}
fn form_b() -> Form {
    Form::B
}

impl Default for TestPlan {
    fn default() -> Self {
        TestPlan {
            pre: Form::A,
            post: Form::B,
        }
    }
}

impl TestPlan {
    /// Whether a form is taken before or after the cases in this workshop (None: neither, or
    /// a plan that names the same form twice).
    pub fn phase_of(&self, f: Form) -> Option<Phase> {
        if self.pre == self.post {
            None
        } else if f == self.pre {
            Some(Phase::Pre)
        } else if f == self.post {
            Some(Phase::Post)
        } else {
            None
        }
    }
    /// The form taken in a phase.
    pub fn form_of(&self, p: Phase) -> Form {
        match p {
            Phase::Pre => self.pre,
            Phase::Post => self.post,
        }
    }
}

impl HasFormat for Workshop {
    const VERSION: Version = WORKSHOP;
    fn format(&self) -> u32 {
        self.format
    }
}

impl Workshop {
    pub fn new(title: &str) -> Self {
        Workshop {
            format: WORKSHOP.current,
            title: title.to_string(),
            city: String::new(),
            venue: String::new(),
            dates: Vec::new(),
            facilitators: Vec::new(),
            scenarios: Vec::new(),
            series: None,
            series_order: None,
            test: Some(TestPlan::default()),
        }
    }

    /// Reads DIR/workshop.ron, with located diagnostics on error.
    pub fn load(dir: &Path) -> Result<Workshop, Vec<Diagnostic>> {
        let path = dir.join(WORKSHOP_FILE);
        let name = path.display().to_string();
        if !dir.is_dir() {
            return Err(vec![Diagnostic::file_error(
                &dir.display().to_string(),
                "no such workshop folder",
                "create one with `pehchan workshop new DIR`",
            )]);
        }
        let text = crate::files::read_text(&path).map_err(|e| {
            vec![Diagnostic::file_error(
                &name,
                e.to_string(),
                "a workshop folder needs workshop.ron; create one with `pehchan workshop new DIR`",
            )]
        })?;
        parse(&name, &text)
    }

    pub fn to_ron(&self) -> String {
        let body = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("a workshop always serialises");
        format!(
            "// Pehchan workshop: edit the fields below; records/ holds one file per session.\n\
             {body}\n"
        )
    }

    /// Creates DIR (if needed) with workshop.ron and records/; refuses to overwrite a workshop.
    pub fn create(dir: &Path, w: &Workshop) -> Result<(), String> {
        let file = dir.join(WORKSHOP_FILE);
        if file.exists() {
            return Err(format!(
                "{} already exists; not overwritten",
                file.display()
            ));
        }
        std::fs::create_dir_all(dir.join(RECORDS_DIR))
            .map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
        write_atomic(&file, w.to_ron().as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", file.display()))
    }
}
