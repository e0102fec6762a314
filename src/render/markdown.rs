//! Views to Markdown through Tera. The Markdown is the record auditors diff: it is
//! normalised so that template whitespace never shows up as noise.

use serde::Serialize;

use super::templates::TemplateSet;
use crate::diagnostics::Diagnostic;
use crate::labels::Labels;

/// A Tera engine holding every `.tera` template of a set, and the labels of each language
/// (read and checked once, when the engine is made).
pub struct Engine {
    tera: tera::Tera,
    /// The labels of each language, typed and as the templates' value (made once: a
    /// template value is shared, not copied, by every render that uses it).
    labels: std::collections::BTreeMap<String, (Labels, tera::Value)>,
    /// The stylesheets of the set (`style.css`, `page.css`), by name.
    stylesheets: std::collections::BTreeMap<String, String>,
}

impl Engine {
    pub fn new(set: &TemplateSet) -> Result<Engine, Diagnostic> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html.tera"]);
        tera.register_filter("date_text", date_text);
        // Files of components first: a template is checked, when added, against the
        // components already known.
        let (components, documents): (Vec<_>, Vec<_>) = set
            .files
            .iter()
            .partition(|(name, _)| name.ends_with("components.tera"));
        for (name, content) in components.into_iter().chain(documents) {
            if name.ends_with(".tera") {
                tera.add_raw_template(name, content).map_err(|e| {
                    Diagnostic::error(
                        "template",
                        format!("the template `{name}` cannot be read: {e}"),
                    )
                    .hint("check the template's {% %} and {{ }} tags")
                })?;
            }
        }
        let mut labels = std::collections::BTreeMap::new();
        for (name, content) in &set.files {
            if let Some(lang) = name.strip_suffix("/labels.yaml") {
                let typed = Labels::parse(name, content)?;
                // What the templates see as `labels`: the typed struct, so a template and
                // the code read the same checked words.
                let value = tera::Value::try_from_serializable(&typed).map_err(|e| {
                    Diagnostic::error("template", format!("`{name}` cannot be used: {e}"))
                })?;
                labels.insert(lang.to_string(), (typed, value));
            }
        }
        let stylesheets = set
            .files
            .iter()
            .filter(|(name, _)| name.ends_with(".css"))
            .cloned()
            .collect();
        Ok(Engine {
            tera,
            labels,
            stylesheets,
        })
    }

    /// A stylesheet of the template set (`page.css`), empty when the set has none.
    pub fn stylesheet(&self, name: &str) -> &str {
        self.stylesheets.get(name).map_or("", String::as_str)
    }

    /// The labels of `lang` as the templates see them (a shared value: cloning it is cheap).
    pub fn labels(&self, lang: &str) -> tera::Value {
        self.labels
            .get(lang)
            .map_or_else(tera::Value::none, |(_, v)| v.clone())
    }

    /// The labels of `lang`, typed, when the template set has them.
    pub fn words(&self, lang: &str) -> Option<&Labels> {
        self.labels.get(lang).map(|(l, _)| l)
    }

    /// [`Engine::words`], or an error naming the missing file.
    pub fn words_or_error(&self, lang: &str) -> Result<&Labels, Diagnostic> {
        self.words(lang).ok_or_else(|| {
            Diagnostic::error(
                "template",
                format!("there is no `{lang}/labels.yaml` among the templates"),
            )
            .hint(format!("add templates/{lang}/labels.yaml to your project, copying the built-in templates/it/labels.yaml and translating it"))
        })
    }

    /// Renders `template` with `view` at the top level, plus `labels` and `meta`.
    pub fn render<V: Serialize, M: Serialize>(
        &self,
        template: &str,
        lang: &str,
        view: &V,
        meta: &M,
    ) -> Result<String, Diagnostic> {
        let ctx = self.context(template, lang, view, meta)?;
        self.tera
            .render(template, &ctx)
            .map_err(|e| render_error(template, &e))
    }

    /// The context `render` gives `template`: the view's fields, `labels` of `lang` and
    /// `meta`; for a caller that renders one template several times with small changes.
    pub fn context<V: Serialize, M: Serialize>(
        &self,
        template: &str,
        lang: &str,
        view: &V,
        meta: &M,
    ) -> Result<tera::Context, Diagnostic> {
        let mut ctx = tera::Context::from_serialize(view).map_err(|e| {
            Diagnostic::error("template", format!("cannot prepare `{template}`: {e}"))
        })?;
        ctx.insert_value("labels", self.labels(lang));
        ctx.insert("meta", meta);
        Ok(ctx)
    }

    /// Renders an HTML page template with a context built by the caller.
    pub fn render_context(
        &self,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| render_error(template, &e))
    }
}

/// The Tera filter `date_text`: a date (`2026-03-12`, or a date of a view, which has an
/// `iso`) written in the language's format, `labels.date_format`:
/// `{{ a.date | date_text }}` (or with another pattern: `date_text(format="{yyyy}")`).
fn date_text(
    value: tera::Value,
    kwargs: tera::Kwargs,
    state: &tera::State,
) -> tera::TeraResult<String> {
    let iso = value
        .get_from_path("iso")
        .unwrap_or(&value)
        .as_str()
        .ok_or_else(|| tera::Error::message("date_text: the value is not a date"))?;
    let labels: Option<tera::Value> = state.get("labels")?;
    let format = match kwargs.get::<&str>("format")? {
        Some(f) => f.to_string(),
        None => labels
            .as_ref()
            .and_then(|l| l.get_from_path("date_format"))
            .and_then(tera::Value::as_str)
            .map(String::from)
            .ok_or_else(|| tera::Error::message("date_text: there is no labels.date_format"))?,
    };
    // Read as numbers, not checked again as a date of the source: a computed date (a review
    // due far in the future) may lie beyond what a source may write.
    let mut parts = iso.splitn(3, '-');
    let date = match (
        parts.next().and_then(|y| y.parse().ok()),
        parts.next().and_then(|m| m.parse().ok()),
        parts.next().and_then(|d| d.parse().ok()),
    ) {
        (Some(year), Some(month), Some(day)) => crate::model::Date { year, month, day },
        _ => {
            return Err(tera::Error::message(format!(
                "date_text: `{iso}` is not a date (YYYY-MM-DD)"
            )));
        }
    };
    Ok(crate::labels::format_date(&date, &format))
}

fn render_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error("template", format!("the template `{template}` failed: {msg}"))
        .hint("if you override templates in your project's templates/ folder, compare yours with the built-in one")
}

/// Normalises Markdown: LF line ends, no trailing spaces, at most one blank line in a row,
/// no blank lines at the start, exactly one newline at the end.
pub fn normalise(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = true;
    for line in md.replace("\r\n", "\n").lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalise_removes_noise() {
        assert_eq!(normalise("\n\n# A  \n\n\n\ntext\t\n\n"), "# A\n\ntext\n");
    }
}
