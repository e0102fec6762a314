//! One error type for everything the officer can get wrong, rendered in one place.
//!
//! A [`Diagnostic`] says what is wrong, where (file:line:column), and how to fix it. It is
//! printed for people through miette (source snippet, label, hint) or as JSON for CI.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file, resolved to a path for printing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based; 0 when only the file is known.
    pub line: usize,
    /// 1-based; 0 when only the file is known.
    pub column: usize,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub len: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file.display())
        } else {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, such as `unknown-role` or `yaml-syntax`.
    pub code: String,
    pub message: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Other places that matter (the first definition of a duplicate).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<(Location, String)>,
    /// The line holds a secret: never show it (no source snippet, only file:line:column).
    #[serde(skip)]
    pub redact: bool,
}

impl Diagnostic {
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.to_string(),
            message: message.into(),
            location: None,
            hint: None,
            related: Vec::new(),
            redact: false,
        }
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn in_file(self, file: &Path) -> Self {
        self.at(Location {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            offset: 0,
            len: 0,
        })
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn related(mut self, location: Location, what: impl Into<String>) -> Self {
        self.related.push((location, what.into()));
        self
    }

    /// Never show the source line of this diagnostic: it may hold a secret.
    pub fn redacted(mut self) -> Self {
        self.redact = true;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{sev}[{}]: {}", self.code, self.message)
    }
}

/// The text of every file read, so that diagnostics can show the line they point at.
#[derive(Debug, Default)]
pub struct SourceSet {
    files: Vec<(PathBuf, String)>,
}

impl SourceSet {
    pub fn add(&mut self, path: PathBuf, text: String) -> crate::model::FileId {
        self.files.push((path, text));
        crate::model::FileId(self.files.len() - 1)
    }

    pub fn path(&self, id: crate::model::FileId) -> &Path {
        self.files
            .get(id.0)
            .map(|(p, _)| p.as_path())
            .unwrap_or(Path::new("?"))
    }

    pub fn text_of(&self, path: &Path) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
    }

    pub fn files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(p, t)| (p.as_path(), t.as_str()))
    }

    /// Resolves a model position to a printable location.
    pub fn locate(&self, pos: Pos) -> Location {
        Location {
            file: self.path(pos.file).to_path_buf(),
            line: pos.line,
            column: pos.column,
            offset: pos.offset,
            len: pos.len,
        }
    }

    pub fn merge(&mut self, other: SourceSet) -> usize {
        let base = self.files.len();
        self.files.extend(other.files);
        base
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Color,
}

impl Style {
    /// Colours only on a terminal, and never when `NO_COLOR` is set.
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if !no_color && std::io::stderr().is_terminal() {
            Style::Color
        } else {
            Style::Plain
        }
    }
}

/// Renders diagnostics for people: a header with file:line:column, the source line with the
/// value underlined, and the hint.
pub fn render_human(diags: &[Diagnostic], sources: &SourceSet, style: Style) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let theme = match style {
        Style::Color => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_context_lines(1);
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.to_string());
        out.push('\n');
        let report = MietteView::new(d, sources);
        let mut body = String::new();
        if handler.render_report(&mut body, &report).is_ok() && report.has_snippet() {
            for line in body.lines().skip(1) {
                out.push_str(line.trim_end());
                out.push('\n');
            }
        } else if let Some(h) = &d.hint {
            out.push_str(&format!("  help: {h}\n"));
        }
        for (loc, what) in &d.related {
            out.push_str(&format!("  note: {what} at {loc}\n"));
        }
        out.push('\n');
    }
    out
}

/// Renders diagnostics as a JSON array, one object per diagnostic.
pub fn render_json(diags: &[Diagnostic]) -> String {
    let mut s = serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Counts errors and warnings, for the summary line.
pub fn summary(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

struct MietteView<'a> {
    diag: &'a Diagnostic,
    source: Option<miette::NamedSource<String>>,
    span: Option<miette::SourceSpan>,
}

impl<'a> MietteView<'a> {
    fn new(diag: &'a Diagnostic, sources: &SourceSet) -> Self {
        let mut source = None;
        let mut span = None;
        if let Some(loc) = &diag.location
            && !diag.redact
            && loc.line > 0
            && let Some(text) = sources.text_of(&loc.file)
        {
            let offset = if loc.offset > 0 || loc.line == 1 {
                loc.offset
            } else {
                offset_of(text, loc.line, loc.column)
            };
            let offset = floor_char_boundary(text, offset.min(text.len()));
            // A very long line (minified or generated text) would flood the terminal:
            // show the header and hint only.
            if line_len_at(text, offset) > MAX_SNIPPET_LINE {
                return MietteView {
                    diag,
                    source: None,
                    span: None,
                };
            }
            let len = loc
                .len
                .min(text.len() - offset)
                .min(line_rest(text, offset));
            source = Some(miette::NamedSource::new(
                loc.file.display().to_string(),
                text.to_string(),
            ));
            span = Some(miette::SourceSpan::new(offset.into(), len));
        }
        MietteView { diag, source, span }
    }

    fn has_snippet(&self) -> bool {
        self.source.is_some()
    }
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col: usize = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(b, _)| b)
                .unwrap_or(l.len());
            return off + col;
        }
        off += l.len();
    }
    text.len()
}

/// Lines longer than this (in bytes) are not shown in snippets.
const MAX_SNIPPET_LINE: usize = 400;

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Length of the line that holds byte `offset`, and of its neighbours shown as context.
fn line_len_at(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prev = text[..start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let next_end = text
        .get(end + 1..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |i| end + 1 + i);
    text[prev..start]
        .len()
        .max(end - start)
        .max(next_end.min(text.len()).saturating_sub(end + 1))
}

fn line_rest(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').unwrap_or(text.len() - offset)
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diag)
    }
}

/// The message is printed on our own header line; miette draws only the snippet and hint.
impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.code)
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .hint
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".to_string()), span),
        )))
    }
}

/// Groups diagnostics by file, in the order of the files, then by position.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        key(a).cmp(&key(b)).then(a.code.cmp(&b.code))
    });
}

/// Count of diagnostics per code, used by `check --format json` summaries.
pub fn by_code(diags: &[Diagnostic]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for d in diags {
        *m.entry(d.code.as_str()).or_insert(0) += 1;
    }
    m
}
