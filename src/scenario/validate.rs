//! Validation of a curriculum and of a scenario against it; collects every problem, never stops early.

use super::diag::Problem;
use super::graph::Graph;
use super::model::{Cond, Curriculum, Effect, Scenario};
use super::spans::Path;
use super::text::Text;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// Problems in the curriculum file itself.
pub fn validate_curriculum(c: &Curriculum) -> Vec<Problem> {
    let mut out = Vec::new();
    let root = Path::root();
    dup_ids(
        &mut out,
        c.objectives.iter().map(|o| o.id.as_str()),
        &root.field("objectives"),
        "objective",
    );
    dup_ids(
        &mut out,
        c.sops.iter().map(|s| s.id.as_str()),
        &root.field("sops"),
        "SOP",
    );
    dup_ids(
        &mut out,
        c.referrals.iter().map(|r| r.id.as_str()),
        &root.field("referrals"),
        "referral",
    );
    for (si, sop) in c.sops.iter().enumerate() {
        let sp = root.field("sops").index(si);
        dup_ids(
            &mut out,
            sop.steps.iter().map(|s| s.id.as_str()),
            &sp.field("steps"),
            "step",
        );
        let pos: HashMap<&str, usize> = sop
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for (i, step) in sop.steps.iter().enumerate() {
            for (bi, b) in step.before.iter().enumerate() {
                let p = sp.field("steps").index(i).field("before").index(bi);
                match pos.get(b.as_str()) {
                    None => out.push(Problem::error(
                        p,
                        format!("unknown step `{b}` in SOP `{}`", sop.id),
                        known("steps", sop.steps.iter().map(|s| s.id.as_str())),
                    )),
                    Some(&j) if j == i => out.push(Problem::error(
                        p,
                        format!("step `{b}` cannot come before itself"),
                        "remove it from `before`",
                    )),
                    Some(_) => {}
                }
            }
        }
        if let Some(cycle) = before_cycle(sop) {
            out.push(Problem::error(
                sp.field("steps"),
                format!(
                    "the `before` constraints of SOP `{}` form a cycle: {}",
                    sop.id,
                    cycle.join(" → ")
                ),
                "no order can satisfy a cycle; remove one of these constraints",
            ));
        }
    }
    for (i, r) in c.referrals.iter().enumerate() {
        if !r.source.is_empty()
            && !c.sources.is_empty()
            && !source_tags(&r.source).all(|t| c.sources.contains_key(t))
        {
            out.push(Problem::warning(
                root.field("referrals").index(i).field("source"),
                format!(
                    "referral `{}` cites a source tag missing from `sources`",
                    r.id
                ),
                "add the tag to the curriculum's `sources` map",
            ));
        }
    }
    out
}

/// Source tags in a string such as "WHO 3 [S35]; [S27][S50]" or "S42".
pub fn source_tags(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric())).filter(|t| {
        t.len() >= 2
            && t.starts_with('S')
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
            && t[1..].starts_with(|c: char| c.is_ascii_digit())
    })
}

fn before_cycle(sop: &super::model::Sop) -> Option<Vec<String>> {
    // Depth-first search for a cycle in the `before` relation (SOPs are small).
    let idx: HashMap<&str, usize> = sop
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut state = vec![0u8; sop.steps.len()];
    fn dfs(
        i: usize,
        sop: &super::model::Sop,
        idx: &HashMap<&str, usize>,
        state: &mut [u8],
        path: &mut Vec<String>,
    ) -> bool {
        state[i] = 1;
        path.push(sop.steps[i].id.clone());
        for b in &sop.steps[i].before {
            if let Some(&j) = idx.get(b.as_str()) {
                if j == i {
                    continue;
                }
                if state[j] == 1 {
                    path.push(b.clone());
                    return true;
                }
                if state[j] == 0 && dfs(j, sop, idx, state, path) {
                    return true;
                }
            }
        }
        state[i] = 2;
        path.pop();
        false
    }
    for i in 0..sop.steps.len() {
        let mut path = Vec::new();
        if state[i] == 0 && dfs(i, sop, &idx, &mut state, &mut path) {
            return Some(path);
        }
    }
    None
}

fn dup_ids<'a>(
    out: &mut Vec<Problem>,
    ids: impl Iterator<Item = &'a str>,
    list: &Path,
    what: &str,
) {
    let mut seen = HashSet::default();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            out.push(Problem::error(
                list.index(i).field("id"),
                format!("{what} id is empty"),
                "give every entry a short unique id",
            ));
        } else if !seen.insert(id) {
            out.push(Problem::error(
                list.index(i).field("id"),
                format!("duplicate {what} id `{id}`"),
                "ids must be unique; rename one of them",
            ));
        }
    }
}

fn known<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = ids.collect();
    if v.is_empty() {
        format!("no {what} are defined")
    } else {
        format!("known {what}: {}", v.join(", "))
    }
}

/// Problems in a scenario: references, structure, coverage and reachability.
pub fn validate_scenario(sc: &Scenario, cur: &Curriculum, g: &Graph) -> Vec<Problem> {
    let mut out = Vec::new();
    let root = Path::root();
    let obj_ids: HashSet<&str> = cur.objectives.iter().map(|o| o.id.as_str()).collect();
    let declared: HashSet<&str> = sc.objectives.iter().map(String::as_str).collect();
    let sop = cur.sop(&sc.sop);
    let step_ids: HashSet<&str> = sop
        .map(|s| s.steps.iter().map(|x| x.id.as_str()).collect())
        .unwrap_or_default();
    let focus: HashSet<&str> = sc.steps.iter().map(String::as_str).collect();

    if sc.id.trim().is_empty() {
        out.push(Problem::error(
            root.field("id"),
            "scenario id is empty",
            "give the scenario a short unique id such as \"kiln-debt-sanghar\"",
        ));
    }
    for (i, o) in sc.objectives.iter().enumerate() {
        if !obj_ids.contains(o.as_str()) {
            out.push(Problem::error(
                root.field("objectives").index(i),
                format!("unknown objective `{o}`"),
                known("objectives", cur.objectives.iter().map(|o| o.id.as_str())),
            ));
        }
    }
    if sop.is_none() {
        out.push(Problem::error(
            root.field("sop"),
            format!("unknown SOP `{}`", sc.sop),
            known("SOPs", cur.sops.iter().map(|s| s.id.as_str())),
        ));
    } else {
        for (i, s) in sc.steps.iter().enumerate() {
            if !step_ids.contains(s.as_str()) {
                out.push(Problem::error(
                    root.field("steps").index(i),
                    format!("unknown step `{s}` of SOP `{}`", sc.sop),
                    known("steps", sop.unwrap().steps.iter().map(|x| x.id.as_str())),
                ));
            }
        }
    }
    if !cur.sources.is_empty() {
        for (i, s) in sc.sources.iter().enumerate() {
            if !cur.sources.contains_key(s) {
                out.push(Problem::warning(
                    root.field("sources").index(i),
                    format!("source tag `{s}` is not in the curriculum's sources"),
                    "add it to `sources` in curriculum.ron or fix the tag",
                ));
            }
        }
    }
    for (i, r) in sc.referrals.iter().enumerate() {
        if !cur.referrals.iter().any(|x| &x.id == r) {
            out.push(Problem::error(
                root.field("referrals").index(i),
                format!("unknown referral service `{r}`"),
                known(
                    "referral services",
                    cur.referrals.iter().map(|x| x.id.as_str()),
                ),
            ));
        }
    }
    if !sc.nodes.contains_key(&sc.start) {
        out.push(Problem::error(
            root.field("start"),
            format!("start node `{}` does not exist", sc.start),
            "name one of the keys of `nodes`",
        ));
    }

    // Variants and the flags they set.
    let mut settable: HashSet<&str> = HashSet::default();
    for (gname, group) in &sc.variants {
        let gp = root.field("variants").key(gname);
        if group.is_empty() {
            out.push(Problem::error(
                gp.clone(),
                format!("variant group `{gname}` is empty"),
                "give it at least one variant",
            ));
        }
        if group.iter().all(|v| v.weight == 0) && !group.is_empty() {
            out.push(Problem::error(
                gp.clone(),
                format!("every variant of `{gname}` has weight 0"),
                "give at least one variant a positive weight",
            ));
        }
        for v in group {
            settable.extend(v.flags.iter().map(String::as_str));
        }
    }
    for n in sc.nodes.values() {
        for c in &n.choices {
            for e in &c.effects {
                if let Effect::Set(f) = e {
                    settable.insert(f.as_str());
                }
            }
        }
    }

    let mut scored: HashSet<&str> = HashSet::default();
    let mut exercised: HashSet<&str> = HashSet::default();
    let langs = languages(sc);
    check_texts(&mut out, &langs, sc, &root);

    for (nid, node) in &sc.nodes {
        let np = || root.field("nodes").key(nid);
        if let Some(sp) = &node.speaker {
            check_placeholders(&mut out, sc, sp, &|| np().field("speaker"));
        }
        check_placeholders(&mut out, sc, &node.text, &|| np().field("text"));
        match (&node.ending, node.choices.is_empty()) {
            (Some(_), false) => out.push(
                Problem::error(
                    np().field("ending"),
                    format!("node `{nid}` has both an ending and choices"),
                    "an ending node ends the case: remove its choices, or its ending",
                )
                .at_key(),
            ),
            (None, true) => out.push(
                Problem::error(
                    np(),
                    format!("dead end: node `{nid}` has no choices and no ending"),
                    "add choices, or an `ending: (outcome: ..., summary: ...)`",
                )
                .at_key(),
            ),
            _ => {}
        }
        if let Some(e) = &node.ending {
            check_placeholders(&mut out, sc, &e.summary, &|| {
                np().field("ending").field("summary")
            });
        }
        for (ci, c) in node.choices.iter().enumerate() {
            let cp = || np().field("choices").index(ci);
            if c.id.trim().is_empty() {
                out.push(Problem::error(
                    cp().field("id"),
                    "choice id is empty",
                    "give every choice a short id, unique within its node",
                ));
            } else if node.choices[..ci].iter().any(|p| p.id == c.id) {
                out.push(Problem::error(
                    cp().field("id"),
                    format!("duplicate choice id `{}` in node `{nid}`", c.id),
                    "choice ids must be unique within a node",
                ));
            }
            check_placeholders(&mut out, sc, &c.text, &|| cp().field("text"));
            match (&c.goto, c.outcomes.is_empty()) {
                (Some(_), false) => out.push(Problem::error(cp().field("outcomes"), format!("choice `{}` has both `goto` and `outcomes`", c.id), "use `goto` for a fixed next node or `outcomes` for a weighted random one, not both")),
                (None, true) => out.push(Problem::error(cp(), format!("choice `{}` leads nowhere", c.id), "add `goto: \"node-id\"` or `outcomes: [(weight: 1, goto: \"...\")]`")),
                _ => {}
            }
            if let Some(t) = &c.goto
                && g.node(t).is_none()
            {
                out.push(Problem::error(
                    cp().field("goto"),
                    format!("`goto` names a node that does not exist: `{t}`"),
                    suggest(t, sc.nodes.keys()),
                ));
            }
            if !c.outcomes.is_empty() && c.outcomes.iter().all(|o| o.weight == 0) {
                out.push(Problem::error(
                    cp().field("outcomes"),
                    format!("every outcome of choice `{}` has weight 0", c.id),
                    "give at least one outcome a positive weight",
                ));
            }
            for (oi, o) in c.outcomes.iter().enumerate() {
                if g.node(&o.goto).is_none() {
                    out.push(Problem::error(
                        cp().field("outcomes").index(oi).field("goto"),
                        format!("outcome names a node that does not exist: `{}`", o.goto),
                        suggest(&o.goto, sc.nodes.keys()),
                    ));
                }
            }
            match &c.feedback {
                None => out.push(Problem::warning(cp().field("id"), format!("choice `{}` has no feedback", c.id), "say why this choice helps or harms, naming the SOP step or objective and the source")),
                Some(f) => check_placeholders(&mut out, sc, f, &|| cp().field("feedback")),
            }
            for (ri, r) in c.requires.iter().enumerate() {
                let (Cond::Flag(f) | Cond::NotFlag(f)) = r;
                if matches!(r, Cond::Flag(_)) && !settable.contains(f.as_str()) {
                    out.push(Problem::warning(
                        cp().field("requires").index(ri),
                        format!("flag `{f}` is never set, so this choice is never offered"),
                        "set it with `Set(\"...\")` in an earlier choice or in a variant's `flags`",
                    ));
                }
            }
            for (ei, e) in c.effects.iter().enumerate() {
                let ep = || cp().field("effects").index(ei);
                match e {
                    Effect::Score(o, _) => {
                        scored.insert(o.as_str());
                        if !obj_ids.contains(o.as_str()) {
                            out.push(Problem::error(
                                ep().index(0),
                                format!("unknown objective `{o}`"),
                                known("objectives", cur.objectives.iter().map(|o| o.id.as_str())),
                            ));
                        } else if !declared.contains(o.as_str()) {
                            out.push(Problem::warning(ep().index(0), format!("objective `{o}` is scored but not listed in the scenario's `objectives`"), "add it to `objectives` so the debrief and library show it"));
                        }
                    }
                    Effect::Sop(s, _) => {
                        exercised.insert(s.as_str());
                        if sop.is_some() && !step_ids.contains(s.as_str()) {
                            out.push(Problem::error(
                                ep().index(0),
                                format!("unknown step `{s}` of SOP `{}`", sc.sop),
                                known("steps", sop.unwrap().steps.iter().map(|x| x.id.as_str())),
                            ));
                        } else if sop.is_some() && !focus.contains(s.as_str()) {
                            out.push(Problem::warning(ep().index(0), format!("step `{s}` is exercised but not listed in the scenario's `steps`"), "add it to `steps` so it appears on the debrief checklist"));
                        }
                    }
                    Effect::Set(_) | Effect::Clear(_) => {}
                }
            }
        }
    }
    for (i, o) in sc.objectives.iter().enumerate() {
        if obj_ids.contains(o.as_str()) && !scored.contains(o.as_str()) {
            out.push(Problem::warning(
                root.field("objectives").index(i),
                format!("objective `{o}` is declared but no choice scores it"),
                "add a `Score(\"...\", n)` effect to a choice, or remove the objective",
            ));
        }
    }
    for (i, s) in sc.steps.iter().enumerate() {
        if step_ids.contains(s.as_str()) && !exercised.contains(s.as_str()) {
            out.push(Problem::warning(
                root.field("steps").index(i),
                format!("SOP step `{s}` is listed but no choice exercises it"),
                "add a `Sop(\"...\", Done)` or `Sop(\"...\", Violated)` effect, or remove the step",
            ));
        }
    }
    reachability(&mut out, sc, g, &root);
    out
}

fn reachability(out: &mut Vec<Problem>, sc: &Scenario, g: &Graph, root: &Path) {
    if g.flags_overflow {
        out.push(Problem::warning(
            root.field("nodes"),
            "over 64 flags are used in conditions: analysis ignores conditions",
            "use fewer condition flags",
        ));
    }
    let mut reached = vec![false; g.node_ids.len()];
    let mut trapped: BTreeSet<u32> = BTreeSet::new();
    let mut stuck: BTreeSet<u32> = BTreeSet::new();
    for (s, &(n, _)) in g.states.iter().enumerate() {
        reached[n as usize] = true;
        if !g.can_end[s] {
            trapped.insert(n);
        }
    }
    for &s in &g.stuck {
        stuck.insert(g.states[s as usize].0);
    }
    if g.states.is_empty() {
        return;
    }
    for (i, id) in g.node_ids.iter().enumerate() {
        let np = || root.field("nodes").key(id);
        if !reached[i] {
            out.push(
                Problem::warning(
                    np(),
                    format!("node `{id}` is unreachable from the start"),
                    "link it from a choice, or remove it",
                )
                .at_key(),
            );
        } else if stuck.contains(&(i as u32)) {
            out.push(Problem::error(np(), format!("node `{id}` can be reached with no choice available (every choice's condition fails)"), "add a choice without `requires`, or make the conditions cover every case").at_key());
        } else if trapped.contains(&(i as u32))
            && !sc.nodes[id].choices.is_empty()
            && !missing_target(sc, id)
        {
            out.push(Problem::error(np(), format!("no ending can be reached from node `{id}` (a dead end or a loop with no way out)"), "give some choice on this path a `goto` that leads to an ending").at_key());
        }
    }
    // Loops that change a score could be played for points forever.
    for s in 0..g.states.len() as u32 {
        if !g.scc_cyclic[g.scc[s as usize] as usize] {
            continue;
        }
        for e in g.out(s) {
            if g.scc[e.target as usize] == g.scc[s as usize] {
                let node = &g.node_ids[g.states[s as usize].0 as usize];
                let c = &sc.nodes[node].choices[e.choice as usize];
                if c.effects
                    .iter()
                    .any(|x| matches!(x, Effect::Score(_, p) if *p != 0))
                {
                    out.push(Problem::error(root.field("nodes").key(node).field("choices").index(e.choice as usize).field("effects"), format!("choice `{}` is on a loop and changes a score, so points could be gained without limit", c.id), "move the `Score` effect off the loop, or make the loop's choices score 0"));
                    return;
                }
            }
        }
    }
}

/// Whether a node has a choice leading to a missing node (reported on its own).
fn missing_target(sc: &Scenario, id: &str) -> bool {
    sc.nodes[id]
        .choices
        .iter()
        .any(|c| Scenario::targets(c).any(|t| !sc.nodes.contains_key(t)))
}

/// Every language that appears in a language map anywhere in the scenario.
fn languages(sc: &Scenario) -> BTreeSet<String> {
    let mut langs = BTreeSet::new();
    let mut add = |t: &Text| {
        if let Text::Lang(m) = t {
            langs.extend(m.keys().cloned());
        }
    };
    for t in [&sc.title, &sc.setting, &sc.role, &sc.premise]
        .into_iter()
        .chain(sc.content_note.as_ref())
    {
        add(t);
    }
    for v in sc.variants.values().flatten() {
        v.values.values().for_each(&mut add);
    }
    for n in sc.nodes.values() {
        n.speaker
            .iter()
            .chain([&n.text])
            .chain(n.ending.as_ref().map(|e| &e.summary))
            .for_each(&mut add);
        for c in &n.choices {
            [&c.text]
                .into_iter()
                .chain(c.feedback.as_ref())
                .for_each(&mut add);
        }
    }
    langs
}

fn check_texts(out: &mut Vec<Problem>, langs: &BTreeSet<String>, sc: &Scenario, root: &Path) {
    if langs.iter().all(|l| l == super::text::DEFAULT_LANG) {
        return;
    }
    for_each_text(sc, root, &mut |t, p| {
        let missing: Vec<&str> = langs
            .iter()
            .filter(|l| !t.has(l))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            out.push(Problem::warning(
                p.clone(),
                format!("missing translation: {}", missing.join(", ")),
                "add the missing languages to this text's map (English is used meanwhile)",
            ));
        }
    });
}

/// Calls `f` on every text field of a scenario with its path.
pub fn for_each_text(sc: &Scenario, root: &Path, f: &mut dyn FnMut(&Text, &Path)) {
    f(&sc.title, &root.field("title"));
    f(&sc.setting, &root.field("setting"));
    f(&sc.role, &root.field("role"));
    if !sc.premise.en().is_empty() {
        f(&sc.premise, &root.field("premise"));
    }
    if let Some(c) = &sc.content_note {
        f(c, &root.field("content_note"));
    }
    for (gname, group) in &sc.variants {
        for (i, v) in group.iter().enumerate() {
            for (k, t) in &v.values {
                f(
                    t,
                    &root
                        .field("variants")
                        .key(gname)
                        .index(i)
                        .field("values")
                        .key(k),
                );
            }
        }
    }
    for (nid, n) in &sc.nodes {
        let np = root.field("nodes").key(nid);
        if let Some(s) = &n.speaker {
            f(s, &np.field("speaker"));
        }
        f(&n.text, &np.field("text"));
        if let Some(e) = &n.ending {
            f(&e.summary, &np.field("ending").field("summary"));
        }
        for (ci, c) in n.choices.iter().enumerate() {
            let cp = np.field("choices").index(ci);
            f(&c.text, &cp.field("text"));
            if let Some(fb) = &c.feedback {
                f(fb, &cp.field("feedback"));
            }
        }
    }
}

/// `{group.key}` placeholders in a string (`{{` and `}}` are literal braces).
pub fn placeholders(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            if let Some(j) = s[i + 1..].find('}') {
                out.push(&s[i + 1..i + 1 + j]);
                i += j + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn check_placeholders(out: &mut Vec<Problem>, sc: &Scenario, t: &Text, p: &dyn Fn() -> Path) {
    for s in t.all() {
        for ph in placeholders(s) {
            let ok = ph.split_once('.').is_some_and(|(g, k)| {
                sc.variants.get(g).is_some_and(|grp| {
                    !grp.is_empty() && grp.iter().all(|v| v.values.contains_key(k))
                })
            });
            if !ok {
                out.push(Problem::error(p(), format!("placeholder `{{{ph}}}` does not name a value that every variant of its group has"), format!("write `{{group.key}}` with a group from `variants` ({}); use `{{{{` for a literal brace", sc.variants.keys().cloned().collect::<Vec<_>>().join(", "))));
            }
        }
    }
}

/// "did you mean" for a misspelt node id.
fn suggest<'a>(bad: &str, ids: impl Iterator<Item = &'a String>) -> String {
    let best = ids.map(|id| (edit_distance(bad, id), id)).min();
    match best {
        Some((d, id)) if d <= 3 => format!("did you mean `{id}`?"),
        _ => "name one of the keys of `nodes`".into(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
