//! Known token formats, from the rule data of gitleaks, a well-kept open secret scanner:
//! `data/gitleaks/gitleaks.toml` is its default configuration, unchanged, under the MIT
//! licence in `data/gitleaks/LICENSE` (see `data/gitleaks/README.md` for where it comes
//! from and how to update it).
//!
//! The rules are applied as gitleaks applies them to a file: a rule runs only when one of
//! its keywords is in the text (one pass of a keyword automaton finds them all); its
//! regular expression is then matched on the whole text (so a private key spread over
//! several lines is found); the secret is the first capture group that matched, else the
//! whole match; a rule with an entropy threshold skips a secret at or below it; the global
//! and the rule's allow-lists (regular expressions on the secret, the match or the line,
//! stop-words in the secret, with their `AND` condition) drop what they allow. A rule or an
//! allow-list limited to file paths is matched against the file's name.
//!
//! The expressions are compiled without Unicode classes, as Go's RE2 reads them (`\w` is
//! ASCII), on bytes; the regex crate guarantees time linear in the text, so a hostile file
//! cannot make the scan slow. Each rule is compiled the first time one of its keywords
//! is seen, then kept for the process. The rules a file wakes are first run together, as
//! one set, in one pass over the text; only those that match somewhere are run again one
//! by one for their matches (a policy wakes a dozen rules by naming its platforms, and
//! matches none of them).

use std::sync::OnceLock;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aho_corasick::AhoCorasick;
use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;

/// The configuration, as distributed.
pub const DATA: &str = include_str!("../../data/gitleaks/gitleaks.toml");

#[derive(Debug, Deserialize)]
struct Config {
    #[serde(default)]
    allowlist: Option<AllowSpec>,
    #[serde(default)]
    rules: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
struct RuleSpec {
    id: String,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    entropy: f64,
    #[serde(default, rename = "secretGroup")]
    secret_group: usize,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    allowlists: Vec<AllowSpec>,
}

#[derive(Debug, Deserialize)]
struct AllowSpec {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default, rename = "regexTarget")]
    regex_target: Option<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    condition: Option<String>,
}

/// What an allow-list's regular expressions are matched against.
#[derive(Debug, Clone, Copy)]
enum Target {
    Secret,
    Match,
    Line,
}

#[derive(Debug)]
struct Allow {
    target: Target,
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
    paths: Vec<Regex>,
    all: bool,
}

#[derive(Debug)]
struct Rule {
    id: String,
    pattern: String,
    compiled: OnceLock<Option<Regex>>,
    path: Option<Regex>,
    entropy: f64,
    secret_group: usize,
    allow: Vec<Allow>,
}

#[derive(Debug)]
struct Rules {
    rules: Vec<Rule>,
    /// Rules without keywords: they always run.
    always: Vec<usize>,
    keywords: AhoCorasick,
    /// For each keyword of the automaton, the rules it wakes.
    wakes: Vec<Vec<usize>>,
    global: Vec<Allow>,
}

/// One secret found: its byte range in the text, and the rule that found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: &'static str,
}

/// `pattern` as the regex crate reads it: Go's RE2 takes a `{` that does not start a count
/// (`{2}`, `{2,}`, `{2,5}`) as a literal brace, the regex crate wants it escaped.
fn from_go(pattern: &str) -> String {
    let b = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut count_open = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' => {
                let next = pattern[i + 1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&pattern[i..i + 1 + next]);
                i += 1 + next;
                continue;
            }
            b'[' if !in_class => {
                in_class = true;
                out.push('[');
                // `[]...]` and `[^]...]`: a first `]` is a literal.
                let mut j = i + 1;
                if b.get(j) == Some(&b'^') {
                    out.push('^');
                    j += 1;
                }
                if b.get(j) == Some(&b']') {
                    out.push_str("\\]");
                    j += 1;
                }
                i = j;
                continue;
            }
            b']' if in_class => in_class = false,
            b'{' if !in_class => {
                let rest = &pattern[i + 1..];
                let close = rest.find('}');
                let is_count = close.is_some_and(|k| {
                    let inner = &rest[..k];
                    let (lo, hi) = inner.split_once(',').unwrap_or((inner, "0"));
                    !lo.is_empty()
                        && lo.bytes().all(|d| d.is_ascii_digit())
                        && hi.bytes().all(|d| d.is_ascii_digit())
                });
                if is_count {
                    count_open = true;
                    out.push('{');
                } else {
                    out.push_str("\\{");
                }
                i += 1;
                continue;
            }
            b'}' if !in_class => {
                if count_open {
                    count_open = false;
                    out.push('}');
                } else {
                    out.push_str("\\}");
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        let len = pattern[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&pattern[i..i + len]);
        i += len;
    }
    out
}

fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&from_go(pattern))
        .unicode(false)
        .size_limit(64 << 20)
        .build()
        .map_err(|e| e.to_string())
}

fn allow_of(spec: &AllowSpec) -> Result<Allow, String> {
    let many = |list: &[String]| list.iter().map(|r| compile(r)).collect::<Result<_, _>>();
    Ok(Allow {
        target: match spec.regex_target.as_deref() {
            Some("match") => Target::Match,
            Some("line") => Target::Line,
            _ => Target::Secret,
        },
        regexes: many(&spec.regexes)?,
        stopwords: spec.stopwords.iter().map(|w| w.to_lowercase()).collect(),
        paths: many(&spec.paths)?,
        all: spec
            .condition
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("and")),
    })
}

fn load() -> Result<Rules, String> {
    let config: Config = toml::from_str(DATA).map_err(|e| e.to_string())?;
    let mut rules = Vec::new();
    let mut always = Vec::new();
    let mut keyword_list: Vec<String> = Vec::new();
    let mut wakes: Vec<Vec<usize>> = Vec::new();
    for spec in config.rules {
        // A rule with no expression only names files (a `.p12` key store): policies are
        // YAML, so it has nothing to find here.
        let Some(pattern) = spec.regex else {
            continue;
        };
        let index = rules.len();
        if spec.keywords.is_empty() {
            always.push(index);
        }
        for k in spec.keywords {
            let k = k.to_lowercase();
            match keyword_list.iter().position(|x| *x == k) {
                Some(i) => wakes[i].push(index),
                None => {
                    keyword_list.push(k);
                    wakes.push(vec![index]);
                }
            }
        }
        rules.push(Rule {
            id: spec.id,
            pattern,
            compiled: OnceLock::new(),
            path: spec.path.as_deref().map(compile).transpose()?,
            entropy: spec.entropy,
            secret_group: spec.secret_group,
            allow: spec
                .allowlists
                .iter()
                .map(allow_of)
                .collect::<Result<_, _>>()?,
        });
    }
    // A DFA: built once per process, and quicker to run over every file than the default
    // (non-deterministic) automaton.
    let keywords = AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(&keyword_list)
        .map_err(|e| e.to_string())?;
    Ok(Rules {
        rules,
        always,
        keywords,
        wakes,
        global: config
            .allowlist
            .iter()
            .map(allow_of)
            .collect::<Result<_, _>>()?,
    })
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| match load() {
        Ok(r) => r,
        // The file is part of the binary and every rule is compiled by a unit test, so
        // this is a bug in smpolicy, not in the user's input.
        Err(e) => panic!("data/gitleaks/gitleaks.toml cannot be read: {e}"),
    })
}

impl Rule {
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| compile(&self.pattern).ok())
            .as_ref()
    }
}

/// The rules `run` (indices of rules that compile) as one set, built the first time this
/// combination of rules is woken and kept for the process (the platforms a policy names wake
/// the same few combinations again and again). `None` when the set cannot be built: then
/// every rule of `run` is run on its own, as without the set.
fn woken_set(run: &[usize]) -> Option<Arc<RegexSet>> {
    static SETS: OnceLock<Mutex<SetsByRules>> = OnceLock::new();
    if run.is_empty() {
        return None;
    }
    let sets = SETS.get_or_init(Mutex::default);
    let mut sets = sets.lock().ok()?;
    if let Some(found) = sets.get(run) {
        return found.clone();
    }
    // A bound on the sets built: files that wake ever new combinations (a hostile
    // repository) have their rules run one by one, as without sets.
    if sets.len() >= MAX_KEPT_SETS {
        return None;
    }
    let r = rules();
    let set = RegexSetBuilder::new(run.iter().map(|&i| from_go(&r.rules[i].pattern)))
        .unicode(false)
        .size_limit(256 << 20)
        .build()
        .ok()
        .map(Arc::new);
    sets.insert(run.to_vec(), set.clone());
    set
}

/// The sets [`woken_set`] built, by the rules they hold (`None`: the set could not be built).
type SetsByRules = HashMap<Vec<usize>, Option<Arc<RegexSet>>>;

/// How many combinations of woken rules [`woken_set`] keeps.
const MAX_KEPT_SETS: usize = 32;

/// Shannon entropy of the bytes of `s`, in bits per byte.
fn entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// What an allow-list is matched against: one hit of a rule.
struct Found<'t> {
    secret: &'t [u8],
    /// The secret in lower case, for the stop-words.
    secret_lower: String,
    whole: &'t [u8],
    line: &'t [u8],
}

impl Allow {
    fn allows(&self, found: &Found<'_>, file_name: &str) -> bool {
        let target = match self.target {
            Target::Secret => found.secret,
            Target::Match => found.whole,
            Target::Line => found.line,
        };
        let regex = self.regexes.iter().any(|r| r.is_match(target));
        let stopword = self
            .stopwords
            .iter()
            .any(|w| found.secret_lower.contains(w.as_str()));
        let path = self.paths.iter().any(|r| r.is_match(file_name.as_bytes()));
        if self.all {
            let mut checks = Vec::new();
            if !self.paths.is_empty() {
                checks.push(path);
            }
            if !self.regexes.is_empty() {
                checks.push(regex);
            }
            if !self.stopwords.is_empty() {
                checks.push(stopword);
            }
            !checks.is_empty() && checks.iter().all(|&c| c)
        } else {
            regex || stopword || path
        }
    }
}

/// The offsets of the line breaks of `text`.
fn newlines(text: &[u8]) -> Vec<usize> {
    memchr::memchr_iter(b'\n', text).collect()
}

/// The whole lines around `start..end`, found in `newlines` (the offsets of the text's line
/// breaks) by binary search, so that many findings on one long line cost little.
fn lines_around<'t>(text: &'t [u8], newlines: &[usize], start: usize, end: usize) -> &'t [u8] {
    let before = newlines.partition_point(|&n| n < start);
    let from = before.checked_sub(1).map_or(0, |i| newlines[i] + 1);
    let after = newlines.partition_point(|&n| n < end);
    let to = newlines.get(after).copied().unwrap_or(text.len());
    &text[from..to.max(from)]
}

/// The secrets in `text`, a file named `file_name`, in order of position.
pub fn find(text: &str, file_name: &str) -> Vec<Hit> {
    find_with(text, file_name, true)
}

/// [`find`], with the woken rules first run together as a set (`sets`) or each on its own.
fn find_with(text: &str, file_name: &str, sets: bool) -> Vec<Hit> {
    let r = rules();
    let bytes = text.as_bytes();
    let mut woken = vec![false; r.rules.len()];
    for &i in &r.always {
        woken[i] = true;
    }
    for m in r.keywords.find_overlapping_iter(bytes) {
        for &i in &r.wakes[m.pattern().as_usize()] {
            woken[i] = true;
        }
    }
    // Made at the first match that needs them (most files have none).
    let breaks = std::cell::OnceCell::new();
    let mut hits = Vec::new();
    let run: Vec<usize> = (0..r.rules.len())
        .filter(|&i| {
            woken[i]
                && r.rules[i]
                    .path
                    .as_ref()
                    .is_none_or(|p| p.is_match(file_name.as_bytes()))
                && r.rules[i].regex().is_some()
        })
        .collect();
    // One pass of all the woken rules together says which of them match at all; only
    // those are run one by one for their matches (most files match none).
    let set = if sets { woken_set(&run) } else { None };
    let matching = match set {
        Some(set) => set.matches(bytes).into_iter().map(|k| run[k]).collect(),
        None => run,
    };
    for rule in matching.iter().map(|&i| &r.rules[i]) {
        let Some(regex) = rule.regex() else {
            continue;
        };
        for caps in regex.captures_iter(bytes) {
            let Some(whole) = caps.get(0) else {
                continue;
            };
            let secret = if rule.secret_group > 0 {
                caps.get(rule.secret_group)
            } else {
                caps.iter().skip(1).flatten().find(|g| !g.is_empty())
            }
            .unwrap_or(whole);
            if secret.is_empty() {
                continue;
            }
            if rule.entropy != 0.0 && entropy(secret.as_bytes()) <= rule.entropy {
                continue;
            }
            let found = Found {
                secret: secret.as_bytes(),
                secret_lower: String::from_utf8_lossy(secret.as_bytes()).to_lowercase(),
                whole: whole.as_bytes(),
                line: lines_around(
                    bytes,
                    breaks.get_or_init(|| newlines(bytes)),
                    whole.start(),
                    whole.end(),
                ),
            };
            let allowed = r
                .global
                .iter()
                .chain(&rule.allow)
                .any(|a| a.allows(&found, file_name));
            if !allowed {
                hits.push(Hit {
                    start: secret.start(),
                    end: secret.end(),
                    rule: rule.id.as_str(),
                });
            }
        }
    }
    hits.sort_by_key(|h| (h.start, h.end));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_braces_are_read_as_go_reads_them() {
        assert_eq!(from_go(r"a{2,3}b{4}c{5,}"), r"a{2,3}b{4}c{5,}");
        assert_eq!(from_go(r"\$?{{[^}]+}}"), r"\$?\{\{[^}]+\}\}");
        assert_eq!(from_go(r"[{]x\{"), r"[{]x\{");
        assert_eq!(from_go(r"[]{]a{,2}"), r"[\]{]a\{,2\}");
        assert!(compile(r"\$?{{[^}]+}}").is_ok_and(|r| r.is_match(b"${{ secrets.X }}")));
    }

    #[test]
    fn every_rule_and_allow_list_compiles() {
        let r = rules();
        assert!(r.rules.len() > 200, "{} rules", r.rules.len());
        for rule in &r.rules {
            assert!(
                compile(&rule.pattern).is_ok(),
                "rule {} does not compile: {:?}",
                rule.id,
                compile(&rule.pattern).err()
            );
        }
    }

    #[test]
    fn a_few_known_formats() {
        let gitlab = "note: glpat-Ab3dEf6hIj9kLm2nOp5q\n";
        let hits = find(gitlab, "policy.yaml");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(
            &gitlab[hits[0].start..hits[0].end],
            "glpat-Ab3dEf6hIj9kLm2nOp5q"
        );
        let telegram = "canale telegram: 1234567890:AAH8zKx9LmN4pQr7StUv2WxYz3AbCdEfGhI\n";
        let hits = find(telegram, "policy.yaml");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].rule, "telegram-bot-api-token");
        // A rule limited to other files (Terraform) does not run on a policy.
        let tf = "password = \"Ab3dEf6hIj9k\"\n";
        assert!(
            find(tf, "main.tf")
                .iter()
                .any(|h| h.rule == "hashicorp-tf-password")
        );
        assert!(
            !find(tf, "policy.yaml")
                .iter()
                .any(|h| h.rule == "hashicorp-tf-password")
        );
    }

    /// The woken rules run together as a set find what each rule run on its own finds: a
    /// text with secrets of many formats, near the words that wake other rules.
    #[test]
    fn rules_run_as_a_set_find_what_they_find_one_by_one() {
        let text = "facebook: EAACEdEose0cBAFp5ZCZAx7ZBZC0ZBSZCZCZB9ZBZAZBZC1ZBZC\n\
                    twitter api key: Ab3dEf6hIj9kLm2nOp5qRs8tU\n\
                    canale telegram: 1234567890:AAH8zKx9LmN4pQr7StUv2WxYz3AbCdEfGhI\n\
                    note: glpat-Ab3dEf6hIj9kLm2nOp5q\n\
                    linkedin client secret = 'Zx8Yw7Vu6Ts5Rq4P'\n\
                    access_key: AKIAIOSFODNN7EXAMPLE\n\
                    password = \"Ab3dEf6hIj9k\"\n\
                    -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7vG0n2k\n-----END RSA PRIVATE KEY-----\n";
        for name in ["policy.yaml", "main.tf"] {
            let together = find_with(text, name, true);
            let alone = find_with(text, name, false);
            assert_eq!(together, alone, "{name}");
            assert!(together.len() >= 3, "{name}: {together:?}");
        }
        let clean = "organisation:\n  name: Comune di Prova (facebook, twitter, telegram)\n";
        assert_eq!(find_with(clean, "policy.yaml", true), Vec::new());
    }

    /// A file that holds every keyword wakes every rule: the set of them all is built and
    /// finds what the rules find one by one.
    #[test]
    fn a_file_waking_every_rule_is_scanned_as_one_by_one() {
        let r = rules();
        let mut text = String::from("note: glpat-Ab3dEf6hIj9kLm2nOp5q\n");
        for rule in &r.rules {
            text.push_str(&format!("# {}\n", rule.id));
        }
        let data: Config = toml::from_str(DATA).expect("rules");
        for k in data.rules.iter().flat_map(|r| &r.keywords) {
            text.push_str(&format!("{k} = x\n"));
        }
        let together = find_with(&text, "policy.yaml", true);
        assert_eq!(together, find_with(&text, "policy.yaml", false));
        assert!(!together.is_empty());
    }

    #[test]
    fn lines_around_a_match() {
        let text = b"uno\ndue tre\nquattro";
        let nl = newlines(text);
        assert_eq!(lines_around(text, &nl, 4, 7), b"due tre");
        assert_eq!(lines_around(text, &nl, 0, 2), b"uno");
        assert_eq!(lines_around(text, &nl, 2, 9), b"uno\ndue tre");
        assert_eq!(lines_around(text, &nl, 13, 20), b"quattro");
    }

    #[test]
    fn ordinary_policy_text_is_not_a_secret() {
        let text = "organisation:\n  name: Comune di Prova\n  website: https://www.comune.prova.it/\naccess: riservato al personale autorizzato\nkey_dates: 2024-01-01\n";
        assert_eq!(find(text, "policy.yaml"), Vec::new());
    }
}
