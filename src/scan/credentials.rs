//! Credentials never belong in the YAML. This scan runs on the raw text of each file before
//! it is parsed, so that it also catches keys the model does not know (`password:`, `pw:`,
//! a key in a flow mapping `{pw: x}`, a quoted or escaped key `"pass\x77ord":`), values
//! inside texts (`"la password è Valdoria2026!"`), comments, passwords in links
//! (`https://user:pass@host/`, `?key=...`), `Authorization: Bearer ...` and well-known token
//! formats anywhere in a line.
//!
//! The rules are data: `data/credentials.yaml`, embedded in the binary.
//!
//! The secret itself is never echoed: the scan returns a copy of the text with every secret
//! masked (same byte length, so positions do not move), and the findings carry a position
//! and the key's name only.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

/// The rules, as written in `data/credentials.yaml`.
pub const DATA: &str = include_str!("../../data/credentials.yaml");

#[derive(Debug, Deserialize)]
struct Rules {
    keys: Vec<String>,
    key_endings: Vec<String>,
    phrases: Vec<String>,
    digits_after: Vec<String>,
    auth_schemes: Vec<String>,
    query_parameters: Vec<String>,
    tokens: Vec<TokenRule>,
}

#[derive(Debug, Deserialize)]
struct TokenRule {
    name: String,
    parts: Vec<Part>,
    #[serde(default)]
    block_until: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Part {
    Text {
        text: String,
    },
    Chars {
        chars: Class,
        min: usize,
        max: usize,
    },
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Class {
    Digit,
    Alnum,
    UpperAlnum,
    Hex,
    B64url,
    B64,
    UpperSpace,
}

impl Class {
    fn has(self, b: u8) -> bool {
        match self {
            Class::Digit => b.is_ascii_digit(),
            Class::Alnum => b.is_ascii_alphanumeric(),
            Class::UpperAlnum => b.is_ascii_uppercase() || b.is_ascii_digit(),
            Class::Hex => b.is_ascii_hexdigit(),
            Class::B64url => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
            Class::B64 => b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='),
            Class::UpperSpace => b.is_ascii_uppercase() || b == b' ',
        }
    }
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| match serde_saphyr::from_str::<Rules>(DATA) {
        Ok(r) => r,
        // The file is part of the binary and parsed by a unit test, so this is a bug in
        // smpolicy, not in the user's input.
        Err(e) => panic!("data/credentials.yaml is invalid: {e}"),
    })
}

/// One place where a credential seems to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) of the key or of the secret.
    pub column: usize,
    /// What was recognised, without the secret: "the key `password`".
    pub what: String,
}

fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A key as YAML reads it: quotes removed, escapes of double-quoted keys decoded.
fn unquote(key: &str) -> String {
    let k = key.trim();
    if let Some(inner) = k.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    let Some(inner) = k.strip_prefix('"').and_then(|k| k.strip_suffix('"')) else {
        return k.to_string();
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| {
            let h: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&h, 16).ok().and_then(char::from_u32)
        };
        match chars.next() {
            Some('x') => out.extend(hex(2, &mut chars)),
            Some('u') => out.extend(hex(4, &mut chars)),
            Some('U') => out.extend(hex(8, &mut chars)),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn is_credential_key(key: &str) -> bool {
    // A key with no quote and no escape (most) is read as it is written.
    let k = if key.contains(['"', '\'', '\\']) {
        normalise(&unquote(key))
    } else {
        normalise(key.trim())
    };
    let r = rules();
    static KEYS: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| r.keys.iter().map(String::as_str).collect());
    // A plain key of several words is more likely a sentence with a colon in it ("Gestione
    // delle password: ...") than a key: only the exact names count for it.
    let plain_words = !key.trim().starts_with(['"', '\'']) && key.split_whitespace().count() > 1;
    !k.is_empty()
        && (keys.contains(k.as_str())
            || (!plain_words && r.key_endings.iter().any(|e| k.ends_with(e.as_str()))))
}

fn col_of(line: &str, byte: usize) -> usize {
    line[..byte].chars().count() + 1
}

/// The YAML key at the start of a line (after indentation and `- `), with its byte range.
fn line_key(line: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    let bytes = line.as_bytes();
    loop {
        while start < bytes.len() && bytes[start] == b' ' {
            start += 1;
        }
        if start + 1 < bytes.len() && bytes[start] == b'-' && bytes[start + 1] == b' ' {
            start += 2;
            continue;
        }
        if start < bytes.len() && bytes[start] == b'?' {
            start += 1;
            continue;
        }
        break;
    }
    let rest = &line[start..];
    let end = key_end(rest)?;
    let key = &rest[..end];
    if key.is_empty() || key.starts_with('#') || key.starts_with(['{', '[']) {
        return None;
    }
    Some((start, start + end))
}

/// Where the key of `rest` ends (the `:` after it): a quoted key ends at its closing quote.
fn key_end(rest: &str) -> Option<usize> {
    let colon_after = |from: usize| {
        rest[from..]
            .find(':')
            .map(|i| from + i)
            .filter(|&i| matches!(rest.as_bytes().get(i + 1), None | Some(b' ' | b',' | b'}')))
    };
    match rest.as_bytes().first() {
        Some(q @ (b'"' | b'\'')) => {
            let mut i = 1;
            let b = rest.as_bytes();
            while i < b.len() {
                if b[i] == b'\\' && *q == b'"' {
                    i += 2;
                    continue;
                }
                if b[i] == *q {
                    break;
                }
                i += 1;
            }
            let close = (i + 1).min(rest.len());
            rest[close..]
                .trim_start()
                .starts_with(':')
                .then(|| rest[close..].find(':').map(|j| close + j))
                .flatten()
        }
        _ => {
            let mut from = 0;
            loop {
                let i = rest[from..].find(':').map(|i| from + i)?;
                if colon_after(i) == Some(i) {
                    return Some(i);
                }
                from = i + 1;
            }
        }
    }
}

/// Disjoint byte ranges, merged as they are added: a line of 2 MiB holding tens of
/// thousands of tokens is handled in n log n, not n squared.
#[derive(Default)]
struct Ranges(std::collections::BTreeMap<usize, usize>);

impl Ranges {
    /// Adds `from..to`; returns whether it overlapped a range already there.
    fn add(&mut self, mut from: usize, mut to: usize) -> bool {
        let mut overlapped = false;
        while let Some((&a, &b)) = self.0.range(..to).next_back() {
            if b <= from {
                break;
            }
            overlapped = true;
            self.0.remove(&a);
            from = from.min(a);
            to = to.max(b);
        }
        self.0.insert(from, to);
        overlapped
    }
}

/// What the scan of one line found: secret byte ranges (in the line) and findings.
struct LineScan<'a> {
    line: &'a str,
    /// Where the line starts in the file.
    offset: usize,
    /// `line` in lower case ([`lower_same_len`]), cut from the lower-case copy of the file.
    lower: &'a str,
    /// Which literals of the rules occur anywhere in the file.
    present: &'a Present,
    line_no: usize,
    ranges: Ranges,
    findings: Vec<Finding>,
}

impl LineScan<'_> {
    /// Where the lower-case literal `name` of the rules starts in the line, left to right,
    /// each after the end of the one before: what `find` gives when each search starts at
    /// the end of the last match. Read from the places [`Present`] found in the whole file
    /// (a search of every line for every literal the file holds was most of the scan).
    fn starts(&self, name: &str, id: usize) -> Vec<usize> {
        let all = &self.present.lower_at[id];
        let end = self.offset + self.line.len();
        let first = all.partition_point(|&a| a < self.offset);
        let mut next = 0;
        all[first..]
            .iter()
            .take_while(|&&a| a + name.len() <= end)
            .map(|&a| a - self.offset)
            .filter(|&a| {
                let fresh = a >= next;
                if fresh {
                    next = a + name.len();
                }
                fresh
            })
            .collect()
    }

    fn found(&mut self, at: usize, from: usize, to: usize, what: String) {
        if to <= from {
            return;
        }
        if self.ranges.add(from, to) {
            return;
        }
        self.findings.push(Finding {
            line: self.line_no,
            column: col_of(self.line, at.min(self.line.len())),
            what,
        });
    }
}

/// Which literals of the rules occur anywhere in a file, and where: each is looked for once
/// in the whole text, and a line is searched only for those that do (a search per rule and
/// line made checking thousands of organisations slow). Phrases, schemes and parameters are
/// looked for in the lower-case text, as on each line.
struct Present {
    /// For each literal of the lower-case automaton, where it starts in the lower-case
    /// text, in order (none: not in the file).
    lower_at: Vec<Vec<usize>>,
    /// For each token rule, whether its literal start is in the file.
    tokens: Vec<bool>,
}

impl Present {
    /// `lower` is [`lower_same_len`] of `text`. Every literal is looked for in one pass of
    /// an automaton over each text, not in one pass per literal.
    fn of(text: &str, lower: &str) -> Present {
        let r = rules();
        let l = literals();
        let mut lower_at = vec![Vec::new(); l.lower_names.len()];
        // Reported in the order of their ends: for one literal, the order of their starts.
        for m in l.lower.find_overlapping_iter(lower) {
            lower_at[m.pattern().as_usize()].push(m.start());
        }
        let mut seen_cased = vec![false; l.cased_names.len()];
        for m in l.cased.find_overlapping_iter(text) {
            seen_cased[m.pattern().as_usize()] = true;
        }
        Present {
            lower_at,
            tokens: r
                .tokens
                .iter()
                .map(|rule| match rule.parts.first() {
                    Some(Part::Text { text: t }) => {
                        t.is_empty() || l.cased_names.get(t).is_some_and(|&i| seen_cased[i])
                    }
                    _ => true,
                })
                .collect(),
        }
    }
}

/// The literals of the rules, each once, in two automata: those looked for in the
/// lower-case text (parameters, schemes, phrases) and the literal starts of the token
/// formats, looked for as written.
struct Literals {
    lower: AhoCorasick,
    lower_names: HashMap<String, usize>,
    /// The number in `lower` of each query parameter, auth scheme, phrase and digits
    /// phrase of the rules, in their order.
    query_ids: Vec<usize>,
    auth_ids: Vec<usize>,
    phrase_ids: Vec<usize>,
    digits_ids: Vec<usize>,
    cased: AhoCorasick,
    cased_names: HashMap<String, usize>,
}

fn literals() -> &'static Literals {
    static LITERALS: OnceLock<Literals> = OnceLock::new();
    LITERALS.get_or_init(|| {
        let r = rules();
        let distinct = |list: Vec<&String>| {
            let mut names: HashMap<String, usize> = HashMap::new();
            let mut order: Vec<&str> = Vec::new();
            for p in list.into_iter().filter(|p| !p.is_empty()) {
                if !names.contains_key(p.as_str()) {
                    names.insert(p.clone(), order.len());
                    order.push(p);
                }
            }
            // Plain literals of a few bytes each: the automaton is always built.
            let automaton = AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&order)
                .unwrap_or_else(|e| {
                    panic!("data/credentials.yaml: the literals cannot be searched: {e}")
                });
            (automaton, names)
        };
        let (lower, lower_names) = distinct(
            r.query_parameters
                .iter()
                .chain(&r.auth_schemes)
                .chain(&r.phrases)
                .chain(&r.digits_after)
                .collect(),
        );
        let (cased, cased_names) = distinct(
            r.tokens
                .iter()
                .filter_map(|rule| match rule.parts.first() {
                    Some(Part::Text { text }) => Some(text),
                    _ => None,
                })
                .collect(),
        );
        // An empty one would be found everywhere (a search of each line for it never ended).
        let ids = |list: &[String]| {
            list.iter()
                .map(|p| match lower_names.get(p) {
                    Some(&i) => i,
                    None => {
                        panic!("data/credentials.yaml: a phrase, scheme or link parameter is empty")
                    }
                })
                .collect()
        };
        Literals {
            query_ids: ids(&r.query_parameters),
            auth_ids: ids(&r.auth_schemes),
            phrase_ids: ids(&r.phrases),
            digits_ids: ids(&r.digits_after),
            lower,
            lower_names,
            cased,
            cased_names,
        }
    })
}

/// The lower-case literals of `list` that are in the file (`present`), each with its number
/// in the automaton (`ids`, in the order of `list`).
fn lower_in_file<'a>(
    list: &'a [String],
    ids: &'a [usize],
    present: &'a Present,
) -> impl Iterator<Item = (&'a str, usize)> + 'a {
    list.iter()
        .zip(ids)
        .filter(|(_, id)| !present.lower_at[**id].is_empty())
        .map(|(p, id)| (p.as_str(), *id))
}

/// The rules of `list` whose literal [`Present`] found in the file (`found`, in the same
/// order).
fn in_file<'a, 'b, T>(list: &'a [T], found: &'b [bool]) -> impl Iterator<Item = &'a T> + 'b
where
    'a: 'b,
{
    list.iter().zip(found).filter(|(_, f)| **f).map(|(r, _)| r)
}

/// Scans one file, named `file_name`. Returns the text with secrets masked by `x` (same
/// byte length) and the findings, in line order.
pub fn scan(text: &str, file_name: &str) -> (String, Vec<Finding>) {
    let lower = lower_same_len(text);
    let present = Present::of(text, &lower);
    let mut bytes = text.as_bytes().to_vec();
    // The known token formats of the scanner's rule data, found on the whole text (a
    // private key spans lines): masked whole, reported at the line where each starts.
    let known = super::known_tokens::find(text, file_name);
    for hit in &known {
        mask(&mut bytes, hit.start, hit.end);
    }
    let mut known = known.iter().peekable();
    let mut findings = Vec::new();
    let mut offset = 0;
    // Indentation of a credential key whose value is a block scalar (`password: |`).
    let mut block_under: Option<usize> = None;
    // The end marker of a multi-line secret (a private key).
    let mut block_until: Option<&'static str> = None;
    // A complex key `? password` was seen: its value is on the next line.
    let mut complex_key = false;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(end) = block_until {
            mask(&mut bytes, offset, offset + line.len());
            if line.contains(end) {
                block_until = None;
            }
            // A known format inside the block is part of the secret already reported.
            while known.next_if(|h| h.start < offset + raw.len()).is_some() {}
            offset += raw.len();
            continue;
        }
        if let Some(parent) = block_under {
            if line.trim().is_empty() || indent > parent {
                mask(&mut bytes, offset, offset + line.len());
                while known.next_if(|h| h.start < offset + raw.len()).is_some() {}
                offset += raw.len();
                continue;
            }
            block_under = None;
        }
        let mut s = LineScan {
            line,
            offset,
            lower: &lower[offset..offset + line.len()],
            present: &present,
            line_no: i + 1,
            ranges: Ranges::default(),
            findings: Vec::new(),
        };
        if complex_key {
            // The value of `? password` is on the line that starts with `:`.
            complex_key = false;
            if let Some(colon) = line.trim_start().strip_prefix(':') {
                let from = line.len() - colon.len();
                s.ranges.add(from, line.len());
            }
        }
        if let Some(key) = line.trim_start().strip_prefix("? ")
            && !key.contains(": ")
            && is_credential_key(key)
        {
            complex_key = true;
            s.findings.push(Finding {
                line: s.line_no,
                column: indent + 1,
                what: format!("the key `{}`", crate::diagnostics::printable(&unquote(key))),
            });
        }
        if let Some(block) = keys(&mut s) {
            block_under = Some(block.min(indent));
        }
        block_until = tokens(&mut s);
        userinfo(&mut s);
        query(&mut s);
        auth(&mut s);
        phrases(&mut s);
        // Last, so that a secret our own rules name (`the key password`) is reported as
        // they name it.
        while let Some(hit) = known.next_if(|h| h.start < offset + raw.len()) {
            let from = hit.start.saturating_sub(offset).min(line.len());
            let to = hit.end.saturating_sub(offset).min(line.len());
            s.found(from, from, to.max(from + 1), rule_words(hit.rule));
        }
        for (&from, &to) in &s.ranges.0 {
            mask(&mut bytes, offset + from, offset + to);
        }
        findings.extend(s.findings);
        offset += raw.len();
    }
    let masked = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (masked, findings)
}

/// How a finding of the scanner's rule data is named: by its rule (`generic-api-key`).
fn rule_words(rule: &str) -> String {
    format!("a value that the rule `{rule}` of the secret scanner gitleaks recognises")
}

/// `line` in lower case, byte for byte: a letter whose lower case is longer or shorter in
/// UTF-8 is kept as it is, so that offsets in the copy are offsets in the line.
fn lower_same_len(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut l = c.to_lowercase();
        out.push(match (l.next(), l.next()) {
            (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
            _ => c,
        });
    }
    out
}

fn mask(bytes: &mut [u8], from: usize, to: usize) {
    for b in bytes.iter_mut().take(to).skip(from) {
        if !b.is_ascii_whitespace() {
            *b = b'x';
        }
    }
}

/// Credential keys: at the start of the line, and in flow mappings (`{pw: x, login: y}`).
/// Returns the indentation under which a block scalar value is secret, if the value is one.
fn keys(s: &mut LineScan<'_>) -> Option<usize> {
    let line = s.line;
    let mut block = None;
    // Keys after `{` or `,` in a flow mapping (read as they are needed: no list per line).
    let flow = memchr::memchr(b'{', line.as_bytes())
        .into_iter()
        .flat_map(|open| {
            memchr::memchr2_iter(b'{', b',', &line.as_bytes()[open..])
                .map(move |i| open + i + 1)
                .map(|i| i + (line[i..].len() - line[i..].trim_start().len()))
        });
    for ks in line_key(line).map(|(ks, _)| ks).into_iter().chain(flow) {
        let rest = &line[ks..];
        let Some(ke) = key_end(rest).map(|e| ks + e) else {
            continue;
        };
        let key = &line[ks..ke];
        if key.len() > 60 || !is_credential_key(key) {
            continue;
        }
        let in_flow = line[..ks].contains('{');
        let value_end = if in_flow {
            line[ke + 1..]
                .find([',', '}'])
                .map_or(line.len(), |j| ke + 1 + j)
        } else {
            line.len()
        };
        let value = line[ke + 1..value_end].trim();
        if !in_flow && (value.starts_with('|') || value.starts_with('>')) {
            block = Some(line.len() - line.trim_start_matches(' ').len());
        }
        let shown = crate::diagnostics::printable(&unquote(key));
        let what = format!("the key `{shown}`");
        if value.is_empty() && block.is_none() {
            // `password:` with nothing after it still names a credential.
            s.findings.push(Finding {
                line: s.line_no,
                column: col_of(line, ks),
                what,
            });
            continue;
        }
        s.found(ks, ke + 1, value_end, what);
    }
    block
}

/// For each character class, where the run of that class starting at each byte of a line
/// ends: computed once per line and class, so that a long line of token-like characters is
/// scanned in linear time, not once per starting position.
struct Runs<'a> {
    b: &'a [u8],
    ends: [Option<Vec<usize>>; 7],
}

impl<'a> Runs<'a> {
    fn new(b: &'a [u8]) -> Self {
        Runs {
            b,
            ends: Default::default(),
        }
    }

    /// How many bytes of class `c` start at `i`.
    fn len(&mut self, c: Class, i: usize) -> usize {
        let b = self.b;
        let ends = self.ends[c as usize].get_or_insert_with(|| {
            let mut e = vec![b.len(); b.len() + 1];
            for j in (0..b.len()).rev() {
                e[j] = if c.has(b[j]) { e[j + 1] } else { j };
            }
            e
        });
        ends.get(i).map_or(0, |e| e - i)
    }
}

/// Does the pattern `parts` match at byte `i`? Returns the end of the match. Character
/// classes take as many as they can; they give back one at a time only when the text that
/// follows could start inside the run.
fn match_parts(runs: &mut Runs<'_>, i: usize, parts: &[Part]) -> Option<usize> {
    let Some((first, rest)) = parts.split_first() else {
        return Some(i);
    };
    let b = runs.b;
    match first {
        Part::Text { text } => {
            let t = text.as_bytes();
            (b.len() >= i + t.len() && &b[i..i + t.len()] == t)
                .then(|| match_parts(runs, i + t.len(), rest))
                .flatten()
        }
        Part::Chars { chars, min, max } => {
            let n = runs.len(*chars, i).min(*max);
            if n < *min {
                return None;
            }
            let gives_back = match rest.first() {
                None => false,
                Some(Part::Text { text }) => text.bytes().next().is_some_and(|t| chars.has(t)),
                Some(Part::Chars { .. }) => true,
            };
            if gives_back {
                (*min..=n)
                    .rev()
                    .find_map(|k| match_parts(runs, i + k, rest))
            } else {
                match_parts(runs, i + n, rest)
            }
        }
    }
}

/// Known token formats anywhere in the line. Returns the end marker of a multi-line secret.
fn tokens(s: &mut LineScan<'_>) -> Option<&'static str> {
    let line = s.line;
    let b = line.as_bytes();
    let mut runs = Runs::new(b);
    let mut block = None;
    for rule in in_file(&rules().tokens, &s.present.tokens) {
        let mut i = 0;
        while i < b.len() {
            // The next place the pattern could start: found with `find` for a literal start,
            // byte by byte for a character class.
            let next = match rule.parts.first() {
                Some(Part::Text { text }) => line.get(i..).and_then(|r| r.find(text.as_str())),
                Some(Part::Chars { chars, .. }) => b[i..].iter().position(|c| chars.has(*c)),
                None => None,
            };
            let Some(next) = next else {
                break;
            };
            i += next;
            let start_ok = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            if start_ok && let Some(end) = match_parts(&mut runs, i, &rule.parts) {
                s.found(i, i, end, format!("a value shaped like a {}", rule.name));
                if let Some(until) = &rule.block_until
                    && !line[end..].contains(until.as_str())
                {
                    block = Some(until.as_str());
                }
                i = end.max(i + 1);
                continue;
            }
            i += 1;
        }
    }
    block
}

/// `scheme://user:password@host`: the user and password.
fn userinfo(s: &mut LineScan<'_>) {
    let line = s.line;
    // Both forms need an `@` (most lines have none).
    if memchr::memchr(b'@', line.as_bytes()).is_none() {
        return;
    }
    let mut from = 0;
    while let Some(j) = line[from..].find("://") {
        let start = from + j + 3;
        let authority_end = line[start..]
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '>' | ')') || c.is_whitespace()
            })
            .map_or(line.len(), |k| start + k);
        if let Some(at) = line[start..authority_end].rfind('@') {
            let info = &line[start..start + at];
            if info.contains(':') || info.len() >= 16 {
                s.found(
                    start,
                    start,
                    start + at,
                    "a user name and password in a link".into(),
                );
            }
        }
        from = start;
    }
    // `user:password@host` without a scheme (`mailto:x@y` and the like are addresses).
    for (start, word) in word_spans(line) {
        let Some(at) = word.find('@') else {
            continue;
        };
        let Some(colon) = word[..at].rfind(':') else {
            continue;
        };
        let user_start = word[..colon]
            .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
            .map_or(0, |i| i + 1);
        let user = word[user_start..colon].to_ascii_lowercase();
        let host = &word[at + 1..];
        let address_scheme = matches!(
            user.as_str(),
            "mailto" | "tel" | "sip" | "sips" | "xmpp" | "im" | "geo" | "urn" | "news"
        );
        if !word.contains("://")
            && !address_scheme
            && !user.is_empty()
            && colon + 1 < at
            && !word[colon + 1..at].contains('/')
            && host.contains('.')
        {
            s.found(
                start + user_start,
                start + user_start,
                start + at,
                "a user name and password before a host name".into(),
            );
        }
    }
}

/// Words of a line (split on spaces), with their byte offsets.
fn word_spans(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `?key=...` and `&access_token=...` in links.
fn query(s: &mut LineScan<'_>) {
    let lower = s.lower;
    // Only lines with a `name=` after a `?`, `&` or `;` can hold one.
    if !lower.contains('=') {
        return;
    }
    let l = literals();
    for (name, id) in lower_in_file(&rules().query_parameters, &l.query_ids, s.present) {
        for at in s.starts(name, id) {
            let from = at + name.len();
            let after_sep = at > 0 && matches!(lower.as_bytes()[at - 1], b'?' | b'&' | b';');
            if !after_sep || !lower[from..].starts_with('=') {
                continue;
            }
            let v = from + 1;
            let end = lower[v..]
                .find(|c: char| {
                    matches!(c, '&' | '#' | '"' | '\'' | ')' | '>') || c.is_whitespace()
                })
                .map_or(lower.len(), |k| v + k);
            if end > v {
                s.found(v, v, end, format!("the link parameter `{name}`"));
            }
        }
    }
}

/// `Authorization: Bearer <token>`, `Basic <base64>`.
fn auth(s: &mut LineScan<'_>) {
    let lower = s.lower;
    let b = lower.as_bytes();
    let l = literals();
    for (scheme, id) in lower_in_file(&rules().auth_schemes, &l.auth_ids, s.present) {
        for at in s.starts(scheme, id) {
            let from = at + scheme.len();
            let before_ok = at == 0 || !is_word_byte(b[at - 1]);
            let gap = lower[from..].len() - lower[from..].trim_start_matches(' ').len();
            if !before_ok || gap == 0 {
                continue;
            }
            let v = from + gap;
            let end = lower[v..]
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ')'))
                .map_or(lower.len(), |k| v + k);
            let value = &s.line[v..end];
            let tokenish = value.len() >= 8
                && value.bytes().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, b'-' | b'_' | b'.' | b'~' | b'+' | b'/' | b'=')
                })
                && (value.bytes().any(|c| c.is_ascii_digit())
                    || (value.bytes().any(|c| c.is_ascii_uppercase())
                        && value.bytes().any(|c| c.is_ascii_lowercase())));
            if tokenish {
                s.found(at, v, end, format!("an `{scheme}` credential"));
            }
        }
    }
}

/// Does `word` look like a password: 6 characters or more with a digit or a symbol in it?
fn strong(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',', ';', ')', '"', '\'']);
    w.chars().count() >= 6
        && w.chars().any(char::is_alphanumeric)
        && w.chars()
            .any(|c| c.is_ascii_digit() || (!c.is_alphanumeric() && !matches!(c, '\'' | '’')))
}

/// The phrases of the rules followed by `:`, `=`, `è`, `is`... and a value.
fn phrases(s: &mut LineScan<'_>) {
    let lower = s.lower;
    let b = lower.as_bytes();
    let r = rules();
    let present = s.present;
    let l = literals();
    let candidates = lower_in_file(&r.phrases, &l.phrase_ids, present)
        .map(|p| (p, false))
        .chain(lower_in_file(&r.digits_after, &l.digits_ids, present).map(|p| (p, true)));
    for ((phrase, id), digits) in candidates {
        for at in s.starts(phrase, id) {
            let from = at + phrase.len();
            let before_ok = at == 0 || !b[at - 1].is_ascii_alphanumeric() && b[at - 1] < 0x80;
            let after_ok = b
                .get(from)
                .is_none_or(|c| !c.is_ascii_alphanumeric() && *c < 0x80);
            if !before_ok || !after_ok {
                continue;
            }
            // The separator, then the value.
            let rest = &lower[from..];
            let trimmed = rest.trim_start_matches([' ', '"', '\'', '*', '_']);
            let mut v = from + (rest.len() - trimmed.len());
            let mut sep = "";
            for cand in [":", "=", "è ", "e' ", "is ", "sono ", "are "] {
                if lower[v..].starts_with(cand) {
                    sep = cand;
                    v += cand.len();
                    break;
                }
            }
            let skip = lower[v..].len()
                - lower[v..]
                    .trim_start_matches([' ', '"', '\'', '`', '*', '_', '«'])
                    .len();
            v += skip;
            let end = lower[v..]
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '`' | '»'))
                .map_or(lower.len(), |k| v + k);
            if end <= v {
                continue;
            }
            let value = &s.line[v..end];
            let core = value.trim_end_matches(['.', ',', ';', ')', '\'', '*', '_']);
            let last = s.line[end..]
                .trim_start()
                .trim_start_matches(['"', '\'', '`', '»'])
                .trim()
                .is_empty()
                || s.line[end..].trim_start().starts_with('#');
            let is_digits =
                (4..=8).contains(&core.len()) && core.bytes().all(|c| c.is_ascii_digit());
            let hit = if digits {
                is_digits
            } else if sep.is_empty() {
                false
            } else if sep == ":" || sep == "=" {
                strong(value) || (last && core.chars().count() >= 4)
            } else {
                strong(value)
            };
            if hit {
                let what = format!("`{phrase}` followed by a value");
                s.found(at, v, v + core.len(), what);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every place of every lower-case literal in each line, as the places found once in
    /// the whole file give them, and as a search of the line from the end of the last match
    /// gives them (how each line was searched before): on seeded lines of literals run
    /// together (`pinpin`, `tokentoken`), next to accented and upper-case
    /// letters, at the ends of lines, with CRLF and lone CR.
    #[test]
    fn places_from_the_whole_file_are_the_places_in_each_line() {
        let r = rules();
        let names: Vec<&String> = r
            .query_parameters
            .iter()
            .chain(&r.auth_schemes)
            .chain(&r.phrases)
            .chain(&r.digits_after)
            .collect();
        let pieces = [
            " ", "  ", "È", "è", "À", "ẞ", "İ", "x", "=", ":", "?", "&", "\r", "\r\n", "\n", "pi",
            "n", "PIN", "Otp", "tok", "en", "pass", "word",
        ];
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..rng.usize(1..80) {
                if rng.bool() {
                    text.push_str(names[rng.usize(..names.len())]);
                } else {
                    text.push_str(pieces[rng.usize(..pieces.len())]);
                }
            }
            let lower = lower_same_len(&text);
            let present = Present::of(&text, &lower);
            let l = literals();
            let mut offset = 0;
            for raw in text.split_inclusive('\n') {
                let line = raw.trim_end_matches(['\n', '\r']);
                let s = LineScan {
                    line,
                    offset,
                    lower: &lower[offset..offset + line.len()],
                    present: &present,
                    line_no: 1,
                    ranges: Ranges::default(),
                    findings: Vec::new(),
                };
                for name in &names {
                    let mut expected = Vec::new();
                    let mut from = 0;
                    while let Some(j) = s.lower[from..].find(name.as_str()) {
                        expected.push(from + j);
                        from += j + name.len();
                    }
                    assert_eq!(
                        s.starts(name, l.lower_names[name.as_str()]),
                        expected,
                        "{name:?} in {line:?}"
                    );
                }
                offset += raw.len();
            }
        }
    }

    fn found(text: &str) -> Vec<usize> {
        scan(text, "policy.yaml").1.iter().map(|f| f.line).collect()
    }

    #[test]
    fn keys_are_found_and_masked() {
        let text = "accounts:\n  - id: fb\n    password: hunter2\n    api_key: \"abc def\"\n";
        let (masked, f) = scan(text, "policy.yaml");
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].line, f[0].column), (3, 5));
        assert!(!masked.contains("hunter2"));
        assert!(!masked.contains("abc def"));
        assert_eq!(masked.len(), text.len());
        assert!(masked.contains("password: xxxxxxx"));
    }

    #[test]
    fn keys_are_read_as_yaml_reads_them() {
        // Plain keys with separators and capitals, quoted keys, escaped keys, keys in flow
        // mappings after other keys.
        for line in [
            "Pass_Word: x1\n",
            "  - API-Key: x1\n",
            "'pass word': x1\n",
            "\"pass\\x77ord\": x1\n",
            "\"pass\\u0077ord\": x1\n",
            "a: {b: 1, c: 2, pw: x1}\n",
            "- {id: x, name: y, handle: z, Secret: x1}\n",
        ] {
            let (masked, f) = scan(line, "policy.yaml");
            assert_eq!(f.len(), 1, "{line}");
            assert!(!masked.contains("x1"), "{line}");
        }
        for line in ["compass: 1\n", "a: {b: 1, c: 2}, pw\n", "passatempo: x\n"] {
            assert_eq!(found(line), Vec::<usize>::new(), "{line}");
        }
    }

    #[test]
    fn legitimate_keys_and_texts_pass() {
        let text = "internal:\n  account_lifecycle:\n    credentials_custodian: smm\n    credentials_storage: Gestore di password dell'ente.\n    two_factor: true\n# Non scrivere mai qui password o codici di accesso.\n    note: \"Gestione delle password: usare il gestore dell'ente\"\n";
        assert_eq!(found(text), Vec::<usize>::new());
    }

    #[test]
    fn secrets_in_values_comments_and_blocks() {
        assert_eq!(found("note: \"la password: Valdoria2026!\"\n"), vec![1]);
        assert_eq!(found("# token=abcdef123456\n"), vec![1]);
        assert_eq!(
            found("x: ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"),
            vec![1]
        );
        let (masked, f) = scan(
            "secret: |\n  riga uno\n  riga due\nnext: 1\n",
            "policy.yaml",
        );
        assert_eq!(f.len(), 1);
        assert!(!masked.contains("riga"));
        assert!(masked.contains("next: 1"));
        assert_eq!(found("pin: 1234\n"), vec![1]);
        assert_eq!(found("  - PIN: 1234\n"), vec![1]);
    }

    #[test]
    fn a_known_format_is_reported_on_its_own_line() {
        let text = "a: 1\nsecret: |\n  ghp_0123456789abcdefghijABCDEFGHIJ012345\nb: 2\nnote: 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\n";
        let (masked, f) = scan(text, "policy.yaml");
        let at: Vec<(usize, usize)> = f.iter().map(|f| (f.line, f.column)).collect();
        assert_eq!(at, vec![(2, 1), (5, 7)]);
        assert!(!masked.contains("QwErTy") && !masked.contains("abcdefghij"));
    }

    #[test]
    fn a_line_of_many_tokens_is_scanned_in_one_pass() {
        // 2 MiB on one line (the largest file the loader reads), about 48,000 tokens of
        // known formats: each is found and masked, and none is looked up against all the
        // others (with a list of ranges, this took minutes).
        let token = "glpat-Ab3dEf6hIj9kLm2nOp5q ghp_0123456789abcdefghijABCDEFGHIJ012345 ";
        let line = format!("x: {}\n", token.repeat(2 * 1024 * 1024 / token.len()));
        let (masked, f) = scan(&line, "policy.yaml");
        assert_eq!(f.len(), 2 * (2 * 1024 * 1024 / token.len()));
        assert!(!masked.contains("Ab3dEf6hIj9kLm2nOp5q"));
        assert!(!masked.contains("abcdefghijABCDEFGHIJ"));
    }

    #[test]
    fn long_runs_of_token_characters_are_scanned_once() {
        // 600,000 starts of a JWT, none complete: each run of characters is measured once
        // per class, not once per start (this took minutes before).
        let line = format!("x: {}\n", "eyJ".repeat(200_000));
        assert_eq!(found(&line), Vec::<usize>::new());
        let jwt = format!(
            "x: {} eyJhbGciOi.eyJzdWIiOiIx.abcdefghijklmnop\n",
            "a".repeat(100_000)
        );
        let (masked, f) = scan(&jwt, "policy.yaml");
        assert_eq!(f.len(), 1);
        assert!(!masked.contains("abcdefghijklmnop"));
    }
}
