//! The account kit: for each official account, the texts an officer posts on it, in
//! `out/<organisation>/public/accounts/<id>.md` (the profile text linking the published
//! policy, a pinned post with the house rules, and one short reply per moderation rule
//! citing it with its anchor, `.../policy#M-03`).
//!
//! The wording is the template `<lang>/account_kit.md.tera` of the main language (a project
//! may override it like the others): it is rendered once per text (`part` is `bio`, `pinned`
//! or `reply`) and then once for the file (`part` is `file`), which gets every text with its
//! count and the platform's limit. Each text is counted the way its platform counts
//! (`data/platforms.yaml`); `check` refuses a text over the limit (`kit-too-long`). Only the
//! public part of the policy is seen, so the kit holds nothing of the staff part.

use std::path::PathBuf;

use serde::Serialize;

use super::markdown::Engine;
use super::output::Artifact;
use super::templates::TemplateSet;
use crate::diagnostics::Diagnostic;
use crate::labels::{Labels, fill};
use crate::model::{Public, PublicAccount};
use crate::platforms::{self, Counting};

/// The folder of `public/` that holds the kits.
pub const KIT_DIR: &str = "accounts";

/// The template of the kit, in `lang`.
pub fn template_name(lang: &str) -> String {
    format!("{lang}/account_kit.md.tera")
}

/// Which text of a kit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Bio,
    Pinned,
    /// The reply citing the rule with this id.
    Reply(String),
}

/// One text of a kit, counted.
#[derive(Debug, Clone, Serialize)]
pub struct KitText {
    /// The text, as it is to be posted.
    pub text: String,
    /// Its length as the platform counts it.
    pub count: usize,
    /// The platform's limit for this kind of text, when known.
    pub limit: Option<usize>,
    /// How the platform counts, in words (`labels.kit.counting`; characters when the
    /// platform has no known limit).
    pub counting: String,
    /// Whether it fits (true when there is no known limit).
    pub fits: bool,
    /// The rule a reply cites.
    pub rule: Option<String>,
    /// A code fence longer than any run of backticks in the text, so that the text cannot
    /// close its block in the kit file.
    pub fence: String,
    /// What the text is, in words (`biografia`, `risposta per la regola M-03`).
    #[serde(skip)]
    pub what: String,
    #[serde(skip)]
    pub part: Option<Part>,
    #[serde(skip)]
    pub counting_kind: Option<Counting>,
}

/// The kit of one account: its texts and the Markdown file.
#[derive(Debug, Clone)]
pub struct AccountKit {
    pub account: String,
    pub texts: Vec<KitText>,
    /// The kit file; `None` when only the texts were asked for ([`Made::Texts`]).
    pub markdown: Option<String>,
}

/// What [`account_kits`] makes: the texts alone (what `check` counts), or the files too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    Texts,
    Files,
}

#[derive(Debug, Serialize)]
struct OrgView {
    name: String,
    /// "il Comune di Valdoria".
    the: String,
    /// "del Comune di Valdoria".
    of: String,
    /// `of`, escaped for the Markdown of the kit file.
    of_md: String,
}

#[derive(Debug, Serialize)]
struct AccountView {
    id: String,
    platform: String,
    platform_label: String,
    name: String,
    handle: String,
    url: String,
    /// `name` and `handle` escaped for the Markdown of the kit file (the texts themselves
    /// are in code blocks, as written).
    name_md: String,
    handle_md: String,
    /// The platform's limits for the bio and for a post (`data/platforms.yaml`), so that the
    /// wording can be shorter where a platform allows little (TikTok's 80 characters).
    bio_limit: Option<usize>,
    post_limit: Option<usize>,
}

#[derive(Debug, Serialize)]
struct RuleView {
    id: String,
    /// The title as plain text, as it is to be posted.
    title: String,
    /// The title escaped for the Markdown of the kit file.
    title_md: String,
    /// The published policy's address with the rule's anchor, when the policy says where it
    /// is published.
    url: Option<String>,
}

#[derive(Debug, Serialize)]
struct Texts<'a> {
    bio: &'a KitText,
    pinned: &'a KitText,
    replies: &'a [KitText],
}

/// What every text of one account's kit sees; each render adds `part`, `short`, `rule` and,
/// for the file, `texts`.
#[derive(Debug, Serialize)]
struct KitView<'a> {
    organisation: &'a OrgView,
    account: &'a AccountView,
    /// `adoption.publication.url`: where the policy is published.
    policy_url: Option<&'a str>,
    version: Option<String>,
    /// `version` escaped for the Markdown of the kit file.
    version_md: Option<String>,
}

/// The rules, as the templates see them: made once for an organisation and shared by the
/// contexts of all its accounts (a Tera value is counted by reference, so no copy is made).
struct RuleValues {
    all: tera::Value,
    each: Vec<tera::Value>,
}

/// How many shorter wordings a template may offer for one text (`short` = 0, 1, 2, ...): the
/// kit uses the first that fits its platform, and the shortest of them when none does.
const SHORTER_WORDINGS: usize = 4;

/// The kits of every official account of `public`, in the order of the accounts, when the
/// main language has the kit template; none otherwise.
pub fn account_kits(
    public: &Public,
    templates: &TemplateSet,
    engine: &Engine,
    made: Made,
) -> Result<Vec<AccountKit>, Diagnostic> {
    let lang = public.main_language().as_str();
    let template = template_name(lang);
    if templates.get(&template).is_none() {
        return Ok(Vec::new());
    }
    let words = engine.words_or_error(lang)?;
    let org = org_view(public, words);
    let policy_url = policy_url(public);
    let rules = rule_views(public, policy_url.as_deref());
    let rule_values = RuleValues {
        all: tera::Value::from_serializable(&rules),
        each: rules.iter().map(tera::Value::from_serializable).collect(),
    };
    let mut kits = Vec::with_capacity(public.accounts.len());
    for account in &public.accounts {
        kits.push(account_kit(
            public,
            account,
            &org,
            &rules,
            &rule_values,
            policy_url.as_deref(),
            engine,
            &template,
            words,
            made,
        )?);
    }
    Ok(kits)
}

/// The kit files of `public`, under `<slug>/public/accounts/`.
pub fn kit_artifacts(
    slug: &str,
    public: &Public,
    templates: &TemplateSet,
    engine: &Engine,
) -> Result<Vec<Artifact>, Diagnostic> {
    let dir = PathBuf::from(slug).join(super::PUBLIC_DIR).join(KIT_DIR);
    account_kits(public, templates, engine, Made::Files)?
        .into_iter()
        .map(|kit| {
            if !file_name_ok(&kit.account) {
                return Err(bad_id_error(&kit.account));
            }
            let Some(markdown) = kit.markdown else {
                return Err(Diagnostic::error(
                    "kit-template",
                    format!("the kit of `{}` was not written", kit.account),
                ));
            };
            Ok(Artifact {
                path: dir.join(format!("{}.md", kit.account)),
                bytes: markdown.into_bytes(),
            })
        })
        .collect()
}

/// Whether an account id can name its kit file: ASCII letters, digits, `-` and `_`, starting
/// with a letter or digit, at most 64 characters. No dot, slash or backslash, so no path.
pub fn file_name_ok(id: &str) -> bool {
    id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn bad_id_error(id: &str) -> Diagnostic {
    Diagnostic::error(
        "bad-account-id",
        format!("the account id `{id}` cannot name the file of its kit (accounts/<id>.md)"),
    )
    .hint("usa solo lettere, cifre, trattini e trattini bassi, senza spazi né punti, per esempio `fb-comune` (al massimo 64 caratteri)")
}

/// What `check` says about the kits of `public`: an account id that cannot name a file, two
/// ids that differ only in upper and lower case (one file on Windows and macOS), and every
/// text longer than its platform allows. Nothing when the templates cannot be read (the
/// build says why).
pub fn check(
    public: &Public,
    templates: &TemplateSet,
    sources: &crate::diagnostics::SourceSet,
    diags: &mut Vec<Diagnostic>,
) {
    let mut bad_id = false;
    let mut seen: std::collections::BTreeMap<String, &PublicAccount> = Default::default();
    for a in &public.accounts {
        if !file_name_ok(&a.id.value) {
            diags.push(bad_id_error(&a.id.value).at(sources.locate(a.id.pos)));
            bad_id = true;
            continue;
        }
        let folded = a.id.value.to_ascii_lowercase();
        if let Some(first) = seen.get(&folded) {
            if first.id.value != a.id.value {
                diags.push(
                    Diagnostic::error(
                        "account-id-case",
                        format!(
                            "the account ids `{}` and `{}` differ only in upper and lower case",
                            first.id.value, a.id.value
                        ),
                    )
                    .at(sources.locate(a.id.pos))
                    .related(sources.locate(first.id.pos), "the other one")
                    .hint("i loro kit finirebbero nello stesso file su Windows e macOS: rinomina uno dei due"),
                );
                bad_id = true;
            }
        } else {
            seen.insert(folded, a);
        }
    }
    if bad_id {
        return;
    }
    // The set's engine, parsed once for the process, not once for each organisation.
    let Some(engine) = templates.engine() else {
        return;
    };
    // Only the texts: the files are the build's.
    let kits = match account_kits(public, templates, &engine, Made::Texts) {
        Ok(k) => k,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    let rules = public.moderation.as_ref().map(|m| &m.rules);
    for (kit, account) in kits.iter().zip(&public.accounts) {
        let label = platforms::get(account.platform.value)
            .map(|f| f.label.as_str())
            .unwrap_or(account.platform.value.key());
        for t in kit.texts.iter().filter(|t| !t.fits) {
            let (Some(limit), Some(counting)) = (t.limit, t.counting_kind) else {
                continue;
            };
            let pos = match &t.part {
                Some(Part::Reply(id)) => rules
                    .and_then(|r| r.iter().find(|r| r.id.value == *id))
                    .map_or(account.id.pos, |r| r.id.pos),
                _ => account.id.pos,
            };
            diags.push(
                Diagnostic::error(
                    "kit-too-long",
                    format!(
                        "the {} of the account `{}` ({label}) is {} long; {label} allows {limit} {}",
                        english(t.part.as_ref()),
                        account.id.value,
                        t.count,
                        counting.describe()
                    ),
                )
                .at(sources.locate(pos))
                .hint(format!(
                    "il testo «{}» ({}), già nella forma più breve che il modello account_kit.md.tera prevede, conta {} {} e {label} ne ammette {limit}: accorcia di {} l'indirizzo della policy (adoption.publication.url){}, o scrivi una forma più breve in un tuo templates/{}",
                    t.text.replace('\n', " "),
                    t.what,
                    t.count,
                    t.counting,
                    t.count - limit,
                    if matches!(t.part, Some(Part::Reply(_))) { " o il codice della regola" } else { "" },
                    template_name(public.main_language().as_str())
                )),
            );
        }
    }
}

fn english(part: Option<&Part>) -> String {
    match part {
        Some(Part::Bio) => "bio".to_string(),
        Some(Part::Pinned) => "pinned post".to_string(),
        Some(Part::Reply(id)) => format!("reply for rule {id}"),
        None => "text".to_string(),
    }
}

fn org_view(public: &Public, words: &Labels) -> OrgView {
    let name = public.organisation.name.value.clone();
    let (article, _) = crate::org_kinds::article(&public.organisation.value);
    let forms = words.name_forms(article, &name);
    OrgView {
        the: forms.the,
        of_md: crate::view::md_inline(&forms.of),
        of: forms.of,
        name,
    }
}

/// Where the policy is published, as the adoption section says (`publication.url`).
fn policy_url(public: &Public) -> Option<String> {
    public
        .adoption
        .publication
        .as_ref()
        .and_then(|p| p.value.url.as_ref())
        .map(|u| u.value.as_str().to_string())
}

fn rule_views(public: &Public, policy_url: Option<&str>) -> Vec<RuleView> {
    let lang = public.main_language();
    public
        .moderation
        .iter()
        .flat_map(|m| &m.rules)
        .map(|r| RuleView {
            id: r.id.value.clone(),
            // A title is plain text (the policy prints it as written): posted the same.
            title: plain(r.title.get(lang).unwrap_or("")),
            title_md: crate::view::md_inline(r.title.get(lang).unwrap_or("")),
            url: policy_url.map(|u| with_anchor(u, &r.id.value)),
        })
        .collect()
}

/// `url` with `#anchor` in place of any fragment it had.
fn with_anchor(url: &str, anchor: &str) -> String {
    let base = url.split('#').next().unwrap_or(url);
    format!("{base}#{anchor}")
}

/// A value as one line of plain text: whitespace collapsed.
fn plain(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[allow(clippy::too_many_arguments)]
fn account_kit(
    public: &Public,
    account: &PublicAccount,
    org: &OrgView,
    rules: &[RuleView],
    rule_values: &RuleValues,
    policy_url: Option<&str>,
    engine: &Engine,
    template: &str,
    words: &Labels,
    made: Made,
) -> Result<AccountKit, Diagnostic> {
    let lang = public.main_language().as_str();
    let platform = account.platform.value;
    let facts = platforms::get(platform);
    let account_view = AccountView {
        id: account.id.value.clone(),
        platform: platform.key().to_string(),
        platform_label: facts
            .map(|f| f.label.clone())
            .unwrap_or_else(|| platform.key().to_string()),
        name: plain(&account.name.value),
        handle: plain(&account.handle.value),
        url: account.url.value.as_str().to_string(),
        name_md: crate::view::md_inline(&account.name.value),
        handle_md: crate::view::md_inline(&account.handle.value),
        bio_limit: facts.and_then(|f| f.bio.as_ref()).map(|l| l.limit),
        post_limit: facts.and_then(|f| f.post.as_ref()).map(|l| l.limit),
    };
    // One context for the account, made once; each text adds what is its own.
    let mut base = engine.context(
        template,
        lang,
        &KitView {
            organisation: org,
            account: &account_view,
            policy_url,
            version: public.adoption.version.as_ref().map(|v| plain(&v.value)),
            version_md: public
                .adoption
                .version
                .as_ref()
                .map(|v| crate::view::md_inline(&plain(&v.value))),
        },
        &(),
    )?;
    base.insert_value("rules", rule_values.all.clone());
    base.insert_value("rule", tera::Value::none());
    base.insert_value("texts", tera::Value::none());
    // Each text sets what is its own in the one context (a copy of it for each text copied
    // every rule, for each of an organisation's hundreds of texts).
    let mut render_text = |part: Part, rule: Option<&tera::Value>| -> Result<KitText, Diagnostic> {
        let (name, limit) = match &part {
            Part::Bio => ("bio", facts.and_then(|f| f.bio.as_ref())),
            // A pinned post and a reply are posts.
            Part::Pinned => ("pinned", facts.and_then(|f| f.post.as_ref())),
            Part::Reply(_) => ("reply", facts.and_then(|f| f.post.as_ref())),
        };
        let what = match &part {
            Part::Bio => words.kit.bio.clone(),
            Part::Pinned => words.kit.pinned.clone(),
            Part::Reply(id) => fill(&words.kit.reply, &[("rule", id)]),
        };
        let ctx = &mut base;
        ctx.insert("part", name);
        ctx.insert_value("rule", rule.cloned().unwrap_or_else(tera::Value::none));
        // The fullest wording that fits; the shortest one the template has when none does
        // (and `check` says by how much it is over).
        let mut best: Option<KitText> = None;
        for short in 0..SHORTER_WORDINGS {
            ctx.insert("short", &short);
            let text = engine.render_context(template, ctx)?.trim().to_string();
            if best.as_ref().is_some_and(|b| b.text == text) {
                continue;
            }
            let counted = counted(text, what.clone(), part.clone(), limit, words);
            if counted.fits {
                return Ok(counted);
            }
            if best.as_ref().is_none_or(|b| counted.count < b.count) {
                best = Some(counted);
            }
        }
        best.ok_or_else(|| {
            Diagnostic::error("kit-template", "the account kit template wrote no text")
        })
    };
    let bio = render_text(Part::Bio, None)?;
    let pinned = render_text(Part::Pinned, None)?;
    let replies = rules
        .iter()
        .zip(&rule_values.each)
        .map(|(r, v)| render_text(Part::Reply(r.id.clone()), Some(v)))
        .collect::<Result<Vec<_>, _>>()?;
    let markdown = match made {
        Made::Texts => None,
        Made::Files => {
            let mut file = base;
            file.insert("part", "file");
            file.insert_value("rule", tera::Value::none());
            file.insert("short", &0);
            file.insert(
                "texts",
                &Texts {
                    bio: &bio,
                    pinned: &pinned,
                    replies: &replies,
                },
            );
            Some(super::markdown::normalise(
                &engine.render_context(template, &file)?,
            ))
        }
    };
    let mut texts = vec![bio, pinned];
    texts.extend(replies);
    Ok(AccountKit {
        account: account.id.value.clone(),
        texts,
        markdown,
    })
}

fn counted(
    text: String,
    what: String,
    part: Part,
    limit: Option<&platforms::Limit>,
    words: &Labels,
) -> KitText {
    let counting_kind = limit.map(|l| l.counting);
    let count = counting_kind.unwrap_or(Counting::Chars).count(&text);
    let c = &words.kit.counting;
    KitText {
        fence: fence_for(&text),
        count,
        limit: limit.map(|l| l.limit),
        counting: match counting_kind.unwrap_or(Counting::Chars) {
            Counting::Chars => &c.chars,
            Counting::Graphemes => &c.graphemes,
            Counting::Utf16 => &c.utf16,
            Counting::XWeighted => &c.x_weighted,
        }
        .clone(),
        fits: limit.is_none_or(|l| count <= l.limit),
        rule: match &part {
            Part::Reply(id) => Some(id.clone()),
            _ => None,
        },
        what,
        part: Some(part),
        counting_kind,
        text,
    }
}

/// Backticks enough to fence `text`: at least three, one more than its longest run.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kit_file_names_cannot_leave_the_folder() {
        assert!(file_name_ok("fb-comune"));
        assert!(file_name_ok("X_2"));
        for bad in [
            "",
            "../x",
            "a/b",
            "a\\b",
            ".hidden",
            "a.b",
            "-x",
            "con spazio",
            "città",
        ] {
            assert!(!file_name_ok(bad), "{bad:?}");
        }
        assert!(!file_name_ok(&"a".repeat(65)));
    }

    #[test]
    fn fences_are_longer_than_any_run_of_backticks() {
        assert_eq!(fence_for("testo"), "```");
        assert_eq!(fence_for("a ``` b ```` c"), "`````");
    }

    #[test]
    fn titles_are_posted_as_written_on_one_line() {
        assert_eq!(
            plain("Dati *personali*\n e [link](https://e.it)  <b>"),
            "Dati *personali* e [link](https://e.it) <b>"
        );
    }

    #[test]
    fn anchors_replace_a_fragment() {
        assert_eq!(
            with_anchor("https://e.it/policy#top", "M-03"),
            "https://e.it/policy#M-03"
        );
        assert_eq!(with_anchor("https://e.it/p", "M-03"), "https://e.it/p#M-03");
    }
}
