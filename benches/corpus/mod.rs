//! A corpus of generated organisations for the scale benchmark and tests: N varied, valid
//! organisations of every kind of body the model supports (each kind of
//! `data/org_kinds.yaml`: comune, unione di comuni, ministero, scuola, ...), seeded, so that anyone can repeat
//! the figures of `benches/scale.sh`.
//!
//! Each organisation starts from the example (`policy-src/comune-di-valdoria`), with its
//! place renamed, its kind, name and adopting act set, 1-20 accounts drawn from the
//! example's platforms (institutional, topic and temporary ones, with their topic pages),
//! and 3-30 moderation rules. The same `(n, seed)` always gives the same bytes.
#![allow(dead_code)]

use std::path::Path;

use serde_json::{Value, json};

const EXAMPLE: [(&str, &str); 4] = [
    (
        "policy.yaml",
        include_str!("../../policy-src/comune-di-valdoria/policy.yaml"),
    ),
    (
        "accounts.yaml",
        include_str!("../../policy-src/comune-di-valdoria/accounts.yaml"),
    ),
    (
        "moderation.yaml",
        include_str!("../../policy-src/comune-di-valdoria/moderation.yaml"),
    ),
    (
        "internal.yaml",
        include_str!("../../policy-src/comune-di-valdoria/internal.yaml"),
    ),
];

/// Every kind of body the model supports, as `data/org_kinds.yaml` lists them (a test of the
/// crate checks that file names every `OrgKind`): its example name, adopting body and act
/// give each generated organisation of that kind its name, body and act.
const KINDS_DATA: &str = include_str!("../../data/org_kinds.yaml");

/// One kind of body: (kind, example name with `Esempio` for the place, adopting body, act
/// without its number, elected bodies).
#[derive(Clone)]
struct Kind {
    name: String,
    example: String,
    body: String,
    act: String,
    elected: bool,
}

/// The names of the kinds, as `organisation.kind` spells them.
pub(crate) fn kind_names() -> Vec<String> {
    kinds().into_iter().map(|k| k.name).collect()
}

fn kinds() -> Vec<Kind> {
    let data: Value =
        serde_saphyr::from_str(KINDS_DATA).expect("data/org_kinds.yaml is valid YAML");
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    data["kinds"]
        .as_object()
        .expect("data/org_kinds.yaml lists the kinds")
        .iter()
        .map(|(name, v)| Kind {
            name: name.clone(),
            example: text(v, "example"),
            body: text(v, "body"),
            act: text(v, "act").trim_end_matches(" n. 000").to_string(),
            elected: v["elected"].as_bool().unwrap_or(false),
        })
        .collect()
}

const SYLLABLES: [&str; 24] = [
    "val", "mon", "ter", "ca", "sa", "ro", "li", "no", "ve", "gra", "po", "bel", "fio", "ran",
    "cor", "te", "mar", "ri", "sel", "do", "ga", "lu", "pie", "sta",
];

/// A place name (`Monterica`) for organisation `i`: unique, because the index is spelled in
/// its last syllables.
fn place(rng: &mut fastrand::Rng, i: usize) -> String {
    let mut name = String::new();
    for _ in 0..rng.usize(1..3) {
        name.push_str(SYLLABLES[rng.usize(..SYLLABLES.len())]);
    }
    let mut k = i;
    loop {
        name.push_str(SYLLABLES[k % SYLLABLES.len()]);
        k /= SYLLABLES.len();
        if k == 0 {
            break;
        }
    }
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn parse(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("the example is valid YAML")
}

/// The handle `handle` in place of the account's own, in its `handle` and `url`
/// (`@ComuneX` -> `@x3`, `comunex.bsky.social` -> `x3.bsky.social`).
fn set_handle(account: &mut Value, handle: &str) {
    let Some(own) = account["handle"].as_str() else {
        return;
    };
    let core = own.trim_start_matches('@');
    let core = core.split('.').next().unwrap_or(core).to_string();
    for field in ["handle", "url"] {
        if let Some(s) = account[field].as_str() {
            account[field] = json!(s.replacen(&core, handle, 1));
        }
    }
}

/// One organisation's files: (file name, YAML text).
pub(crate) fn organisation(i: usize, seed: u64) -> (String, Vec<(&'static str, String)>) {
    let mut rng = fastrand::Rng::with_seed(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let place = place(&mut rng, i);
    let lower = place.to_lowercase();
    // The first ones are one of each kind; then four in five are comuni.
    let kinds = kinds();
    let kind = if i < kinds.len() || rng.u8(..5) == 0 {
        kinds[i % kinds.len()].clone()
    } else {
        kinds[0].clone()
    };
    let slug = format!("{}-{}-{i:05}", kind.name.replace('_', "-"), lower);
    let mut files: Vec<(&'static str, Value)> = EXAMPLE
        .iter()
        .map(|(name, text)| {
            (
                *name,
                parse(&text.replace("Valdoria", &place).replace("valdoria", &lower)),
            )
        })
        .collect();

    // policy.yaml: who the body is and how it adopted the policy.
    let policy = &mut files[0].1;
    let org_name = kind.example.replace("Esempio", &place);
    policy["organisation"]["name"] = json!(org_name);
    policy["organisation"]["kind"] = json!(kind.name);
    policy["organisation"]["elected_bodies"] = json!(kind.elected);
    policy["adoption"]["body"] = json!(kind.body);
    policy["adoption"]["act"] = json!(format!("{} n. {}", kind.act, rng.u32(1..400)));
    policy["adoption"]["version"] = json!(format!("{}.{}", rng.u8(1..4), rng.u8(0..10)));

    // accounts.yaml: 1-20 accounts on the example's platforms.
    let templates = files[1].1["accounts"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let count = rng.usize(1..=20);
    let mut accounts = Vec::new();
    let mut topic_pages = Vec::new();
    let compact: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    for k in 0..count {
        // The first account is the institutional one; the others are any of the example's.
        let mut a = if k == 0 {
            templates[0].clone()
        } else {
            templates[rng.usize(..templates.len())].clone()
        };
        let id = format!("{}-{k:02}", a["id"].as_str().unwrap_or("acc"));
        // At most 12 characters: every platform takes it (X at most 15).
        let handle = format!("{}{k}", &compact[..compact.len().min(10)]);
        a["id"] = json!(id);
        set_handle(&mut a, &handle);
        if a["scope"] == "institutional" {
            a["name"] = json!(org_name);
        } else {
            topic_pages.push(json!({
                "department": format!("Servizio {} {k}", a["platform"].as_str().unwrap_or("")),
                "accounts": [id],
            }));
        }
        accounts.push(a);
    }
    files[1].1["accounts"] = Value::Array(accounts);
    if topic_pages.is_empty() {
        if let Some(org) = files[0].1["organisation"].as_object_mut() {
            org.remove("topic_pages");
        }
    } else {
        files[0].1["organisation"]["topic_pages"] = Value::Array(topic_pages);
    }

    // moderation.yaml: 3-30 rules, the example's cycled under new numbers. M-07 stays:
    // the election period's text links to it.
    let policy_rules = files[2].1["moderation"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let n = rng.usize(3..=30);
    let mut rules = Vec::new();
    for r in 0..n {
        let number = if n < 7 && r == n - 1 { 7 } else { r + 1 };
        let mut rule = policy_rules[(number - 1) % policy_rules.len()].clone();
        rule["id"] = json!(format!("M-{number:02}"));
        if number > policy_rules.len() {
            let title = rule["title"].as_str().unwrap_or("Regola").to_string();
            rule["title"] = json!(format!("{title} ({number})"));
        }
        rules.push(rule);
    }
    files[2].1["moderation"]["rules"] = Value::Array(rules);

    let texts = files
        .into_iter()
        .map(|(name, v)| {
            (
                name,
                serde_saphyr::to_string(&v).expect("a generated policy serialises"),
            )
        })
        .collect();
    (slug, texts)
}

/// Writes `n` organisations into `root` (one folder each) and returns their folder names.
pub(crate) fn generate(root: &Path, n: usize, seed: u64) -> std::io::Result<Vec<String>> {
    let mut slugs = Vec::with_capacity(n);
    for i in 0..n {
        let (slug, files) = organisation(i, seed);
        let dir = root.join(&slug);
        std::fs::create_dir_all(&dir)?;
        for (name, text) in files {
            std::fs::write(dir.join(name), text)?;
        }
        slugs.push(slug);
    }
    Ok(slugs)
}
