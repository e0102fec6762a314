//! Credentials never belong in the YAML. This scan runs on the raw text of each file before
//! it is parsed, so that it also catches keys the model does not know (`password:`), values
//! inside texts (`"password: abc123"`), comments, and well-known token formats.
//!
//! The secret itself is never echoed: the scan returns a copy of the text with every secret
//! masked (same byte length, so positions do not move), and the findings carry a position
//! and the key's name only.

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

/// Keys that name a credential, compared after lower-casing and removing `_`, `-` and spaces.
const KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "passcode",
    "parolachiave",
    "parolad'ordine",
    "token",
    "accesstoken",
    "authtoken",
    "apitoken",
    "bearertoken",
    "refreshtoken",
    "secret",
    "clientsecret",
    "apisecret",
    "secretkey",
    "apikey",
    "chiaveapi",
    "privatekey",
    "chiaveprivata",
    "otp",
    "otpcode",
    "codiceotp",
    "totp",
    "totpsecret",
    "pin",
    "pincode",
    "codicepin",
    "credentials",
    "credenziali",
    "recoverycodes",
    "backupcodes",
    "codicidirecupero",
    "codicidibackup",
];

/// Endings that make a key a credential (`fb_password`, `instagram_token`).
const KEY_ENDINGS: &[&str] = &["password", "passwd", "token", "secret", "apikey"];

/// Prefixes of well-known access tokens (GitHub, Slack, OpenAI-style, AWS, Meta, Google).
const TOKEN_PREFIXES: &[(&str, usize)] = &[
    ("ghp_", 30),
    ("gho_", 30),
    ("github_pat_", 30),
    ("xoxb-", 20),
    ("xoxp-", 20),
    ("sk-", 24),
    ("AKIA", 20),
    ("EAA", 40),
    ("AIza", 35),
    ("ya29.", 30),
];

fn normalise(key: &str) -> String {
    key.trim()
        .trim_matches(['"', '\''])
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_credential_key(key: &str) -> bool {
    let k = normalise(key);
    !k.is_empty() && (KEYS.contains(&k.as_str()) || KEY_ENDINGS.iter().any(|e| k.ends_with(e)))
}

/// A word that looks like a secret value: no spaces, at least 4 characters, not a sentence.
fn looks_secret(word: &str) -> bool {
    let w = word.trim_matches(['"', '\'', ',', '.', ';', ')', '(']);
    w.chars().count() >= 4 && !w.chars().any(char::is_whitespace)
}

fn token_shaped(word: &str) -> bool {
    let w = word.trim_matches(['"', '\'', ',', ';', ')', '(']);
    TOKEN_PREFIXES.iter().any(|(p, min)| {
        w.starts_with(p)
            && w.len() >= *min
            && w[p.len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    }) || is_jwt(w)
}

fn is_jwt(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| {
            p.len() >= 10
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

fn col_of(line: &str, byte: usize) -> usize {
    line[..byte].chars().count() + 1
}

fn mask(bytes: &mut [u8], from: usize, to: usize) {
    for b in bytes.iter_mut().take(to).skip(from) {
        if !b.is_ascii_whitespace() {
            *b = b'x';
        }
    }
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
        break;
    }
    let rest = &line[start..];
    let end = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(str::len))?;
    let key = &rest[..end];
    if key.is_empty() || key.starts_with('#') || key.contains(['{', '[', '#']) {
        return None;
    }
    Some((start, start + end))
}

/// Scans one file. Returns the text with secrets masked by `x` (same byte length) and the
/// findings, in line order.
pub fn scan(text: &str) -> (String, Vec<Finding>) {
    let mut bytes = text.as_bytes().to_vec();
    let mut findings = Vec::new();
    let mut offset = 0;
    // Indentation of a credential key whose value is a block scalar (`password: |`).
    let mut block_under: Option<usize> = None;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let line_no = i + 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_under {
            if line.trim().is_empty() || indent > parent {
                mask(&mut bytes, offset, offset + line.len());
                offset += raw.len();
                continue;
            }
            block_under = None;
        }
        let mut found_here = false;
        if let Some((ks, ke)) = line_key(line)
            && is_credential_key(&line[ks..ke])
        {
            let key = line[ks..ke].trim().trim_matches(['"', '\'']);
            findings.push(Finding {
                line: line_no,
                column: col_of(line, ks),
                what: format!("the key `{key}`"),
            });
            mask(&mut bytes, offset + ke + 1, offset + line.len());
            let value = line[ke + 1..].trim();
            if value.starts_with('|') || value.starts_with('>') {
                block_under = Some(indent);
            }
            found_here = true;
        }
        if !found_here {
            // `keyword: secret` or `keyword=secret` inside a value or a comment.
            let words: Vec<(usize, &str)> = word_spans(line);
            for (w, &(start, word)) in words.iter().enumerate() {
                let (name, inline) = match word.split_once('=') {
                    Some((n, v)) if !v.is_empty() => (n, Some(v)),
                    _ => (word.strip_suffix(':').unwrap_or(""), None),
                };
                let name = name.trim_start_matches(['"', '\'', '(', '{']);
                if !name.is_empty() && is_credential_key(name) {
                    let secret = match inline {
                        Some(v) => Some((start + word.len() - v.len(), v)),
                        None => words.get(w + 1).map(|&(s, v)| (s, v)),
                    };
                    // The secret must be one word ending the phrase, not a sentence.
                    let alone = inline.is_some()
                        || words.get(w + 2).is_none_or(|(_, n)| n.starts_with('#'));
                    if let Some((s, v)) = secret
                        && looks_secret(v)
                        && alone
                    {
                        findings.push(Finding {
                            line: line_no,
                            column: col_of(line, start),
                            what: format!("`{}` followed by a value", name.trim_end_matches(':')),
                        });
                        mask(&mut bytes, offset + s, offset + s + v.len());
                        found_here = true;
                        break;
                    }
                }
            }
            if !found_here {
                for &(start, word) in &words {
                    let value = word.rsplit_once(':').map_or(word, |(_, v)| v);
                    let vstart = start + word.len() - value.len();
                    if token_shaped(value) {
                        findings.push(Finding {
                            line: line_no,
                            column: col_of(line, vstart),
                            what: "a value shaped like an access token".to_string(),
                        });
                        mask(&mut bytes, offset + vstart, offset + vstart + value.len());
                        break;
                    }
                }
            }
        }
        offset += raw.len();
    }
    // Only ASCII bytes were written over whole characters' bytes... but a masked multi-byte
    // character becomes several `x`, which is still valid UTF-8.
    let masked = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (masked, findings)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<usize> {
        scan(text).1.iter().map(|f| f.line).collect()
    }

    #[test]
    fn keys_are_found_and_masked() {
        let text = "accounts:\n  - id: fb\n    password: hunter2\n    api_key: \"abc def\"\n";
        let (masked, f) = scan(text);
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].line, f[0].column), (3, 5));
        assert!(!masked.contains("hunter2"));
        assert!(!masked.contains("abc def"));
        assert_eq!(masked.len(), text.len());
        assert!(masked.contains("password: xxxxxxx"));
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
        let (masked, f) = scan("secret: |\n  riga uno\n  riga due\nnext: 1\n");
        assert_eq!(f.len(), 1);
        assert!(!masked.contains("riga"));
        assert!(masked.contains("next: 1"));
        assert_eq!(found("pin: 1234\n"), vec![1]);
        assert_eq!(found("  - PIN: 1234\n"), vec![1]);
    }
}
