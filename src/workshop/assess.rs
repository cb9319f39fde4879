//! The knowledge test in a workshop's report: gains of the folder's tests/, and across a series.

use super::Report;
use super::model::Workshop;
use crate::assessment::{TestReport, TestSkipped, collect_tests, gains};
use crate::scenario::Library;
use std::path::Path;

/// The gains of a workshop folder's tests (None without a test in the library or any record).
pub fn test_report(lib: &Library, dir: &Path, w: Option<&Workshop>) -> Option<TestReport> {
    let a = lib.assessment.as_deref()?;
    let read = collect_tests(dir);
    if read.files == 0 {
        return None;
    }
    let plan = w.and_then(|w| w.test).unwrap_or_default();
    let mut r = gains(
        a,
        &lib.curriculum,
        plan.pre,
        plan.post,
        &read.records,
        &read.records,
    );
    r.files = read.files;
    r.duplicates = read.duplicates;
    r.skipped.extend(
        read.skipped
            .into_iter()
            .map(|(what, reason)| TestSkipped { what, reason }),
    );
    Some(r)
}

/// Adds the folder's test gains to its report.
pub fn attach(report: &mut Report, lib: &Library, dir: &Path, w: Option<&Workshop>) {
    report.assessment = test_report(lib, dir, w);
}

/// Across a series: the first workshop's pre-test against the last one's post-test, for the
/// participants (same codes) present in both.
pub fn series_gain(
    lib: &Library,
    first: (&Path, Option<&Workshop>),
    last: (&Path, Option<&Workshop>),
) -> Option<TestReport> {
    let a = lib.assessment.as_deref()?;
    let plan = |w: Option<&Workshop>| w.and_then(|w| w.test).unwrap_or_default();
    let (pre, post) = (collect_tests(first.0), collect_tests(last.0));
    if pre.files == 0 || post.files == 0 {
        return None;
    }
    let mut r = gains(
        a,
        &lib.curriculum,
        plan(first.1).pre,
        plan(last.1).post,
        &pre.records,
        &post.records,
    );
    r.files = pre.files + post.files;
    r.duplicates = pre.duplicates + post.duplicates;
    Some(r)
}

/// Which of two workshops of a series came first: by `series_order` when both give it, else
/// `other` (the one compared against).
pub fn first_of<'a>(
    this: (&'a Path, Option<&'a Workshop>),
    other: (&'a Path, Option<&'a Workshop>),
) -> [(&'a Path, Option<&'a Workshop>); 2] {
    let order = |w: Option<&Workshop>| w.and_then(|w| w.series_order);
    match (order(this.1), order(other.1)) {
        (Some(a), Some(b)) if a < b => [this, other],
        _ => [other, this],
    }
}
