//! Scenario text for reports: a placeholder shows every variant's value ("Shazia/Imran"), not one
//! draw.

use crate::scenario::model::Scenario;
use crate::scenario::text::Text;

/// The English text with `{group.key}` replaced by the group's distinct values joined by "/";
/// `{{` and `}}` are literal braces; an unknown placeholder is left as written.
pub fn neutral(sc: &Scenario, t: &Text) -> String {
    crate::engine::fill_placeholders(t.en(), |ph| values(sc, ph))
}

/// "a/b/c": the distinct values of `group.key` over the group's variants, in variant order.
fn values(sc: &Scenario, placeholder: &str) -> Option<String> {
    let (g, k) = placeholder.split_once('.')?;
    let mut seen: Vec<&str> = Vec::new();
    for v in sc.variants.get(g)? {
        let x = v.values.get(k)?.en();
        if !seen.contains(&x) {
            seen.push(x);
        }
    }
    (!seen.is_empty()).then(|| seen.join("/"))
}
