//! Scenario text for reports: a placeholder shows every variant's value ("Shazia/Imran"), not one draw.

use crate::scenario::model::Scenario;
use crate::scenario::text::Text;

/// The English text with `{group.key}` replaced by the group's distinct values joined by "/";
/// `{{` and `}}` are literal braces; an unknown placeholder is left as written.
pub fn neutral(sc: &Scenario, t: &Text) -> String {
    let s = t.en();
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{')
            && let Some(j) = tail.find('}')
        {
            match values(sc, &tail[1..j]) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&tail[..=j]),
            }
            rest = &tail[j + 1..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
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
