//! Views to Markdown through Tera. The Markdown is the record auditors diff: it is
//! normalised so that template whitespace never shows up as noise.

use serde::Serialize;

use super::templates::TemplateSet;
use crate::diagnostics::Diagnostic;

/// A Tera engine holding every `.tera` template of a set.
pub struct Engine {
    tera: tera::Tera,
    labels: std::collections::BTreeMap<String, serde_json::Value>,
}

impl Engine {
    pub fn new(set: &TemplateSet) -> Result<Engine, Diagnostic> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html.tera"]);
        for (name, content) in &set.files {
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
                let value: serde_json::Value = serde_saphyr::from_str(content).map_err(|e| {
                    Diagnostic::error("template", format!("`{name}` is not valid YAML: {e}"))
                })?;
                labels.insert(lang.to_string(), value);
            }
        }
        Ok(Engine { tera, labels })
    }

    pub fn labels(&self, lang: &str) -> serde_json::Value {
        self.labels
            .get(lang)
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    }

    /// Renders `template` with `view` at the top level, plus `labels` and `meta`.
    pub fn render<V: Serialize, M: Serialize>(
        &self,
        template: &str,
        lang: &str,
        view: &V,
        meta: &M,
    ) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::from_serialize(view).map_err(|e| {
            Diagnostic::error("template", format!("cannot prepare `{template}`: {e}"))
        })?;
        ctx.insert("labels", &self.labels(lang));
        ctx.insert("meta", meta);
        self.tera
            .render(template, &ctx)
            .map_err(|e| render_error(template, &e))
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
