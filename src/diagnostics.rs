//! One error type for everything the officer can get wrong, rendered in one place.
//!
//! A [`Diagnostic`] says what is wrong, where (file:line:column), and how to fix it. It is
//! printed for people through miette (source snippet, label, hint) or as JSON for CI.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// A warning the policy acknowledges with a reason (`acknowledged:` in the YAML): shown,
    /// never counted by `--deny-warnings`.
    Acknowledged,
}

/// Whose problem a diagnostic is, which decides the exit code of a command: the policy's
/// (the officer fixes the YAML) or the run's (a file that cannot be read or written, a
/// locked output folder, a name on the command line that is not there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Class {
    #[default]
    Policy,
    Environment,
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
    #[serde(skip)]
    pub class: Class,
    /// What the diagnostic is about, when it is one item (the id of an account), so that an
    /// acknowledgement can name it.
    #[serde(skip)]
    pub subject: Option<String>,
    /// The source lines, as [`render_human`] prints them in this style, rendered while the
    /// source was at hand ([`keep_snippets`]): a check of thousands of organisations keeps
    /// these few lines, not the files they come from.
    #[serde(skip)]
    pub snippet: Option<(Style, String)>,
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
            class: Class::Policy,
            subject: None,
            snippet: None,
        }
    }

    /// An input/output error (code `io`): a file or folder that cannot be read or written.
    pub fn io(message: impl Into<String>) -> Self {
        Diagnostic::error("io", message).environment()
    }

    /// Says what item the diagnostic is about (see [`Diagnostic::subject`]).
    pub fn about(mut self, subject: &str) -> Self {
        self.subject = Some(subject.to_string());
        self
    }

    /// Marks the diagnostic as the run's problem, not the policy's (see [`Class`]).
    pub fn environment(mut self) -> Self {
        self.class = Class::Environment;
        self
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
            Severity::Acknowledged => "acknowledged",
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
    /// Byte offset of the start of every line, per file: computed once when the file is
    /// added, so that placing a diagnostic is a binary search, not a scan of the file.
    line_starts: Vec<Vec<usize>>,
    /// Where each path is in `files`: finding a file's text is a look-up, not a scan of every
    /// file (a check of thousands of organisations would otherwise be quadratic).
    index: std::collections::HashMap<PathBuf, usize>,
}

/// Byte offsets at which the lines of `text` start (the first is 0).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl SourceSet {
    pub fn add(&mut self, path: PathBuf, text: String) -> crate::model::FileId {
        self.line_starts.push(line_starts(&text));
        // The first file of a path keeps it, as the scan this replaces found the first.
        self.index.entry(path.clone()).or_insert(self.files.len());
        self.files.push((path, text));
        crate::model::FileId(self.files.len() - 1)
    }

    /// The text of the file `id`.
    pub fn text(&self, id: crate::model::FileId) -> &str {
        self.files.get(id.0).map_or("", |(_, t)| t.as_str())
    }

    /// The text of `path` and the starts of its lines.
    fn text_and_lines(&self, path: &Path) -> Option<(&str, &[usize])> {
        let i = *self.index.get(path)?;
        Some((self.files[i].1.as_str(), self.line_starts[i].as_slice()))
    }

    pub fn path(&self, id: crate::model::FileId) -> &Path {
        self.files
            .get(id.0)
            .map(|(p, _)| p.as_path())
            .unwrap_or(Path::new("?"))
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
        for (i, (path, _)) in other.files.iter().enumerate() {
            self.index.entry(path.clone()).or_insert(base + i);
        }
        self.files.extend(other.files);
        self.line_starts.extend(other.line_starts);
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
    /// Colours only on a terminal, and never when `NO_COLOR` is set, unless `--color`
    /// says otherwise (see [`crate::term`]).
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        if crate::term::colors_on(std::io::stderr().is_terminal()) {
            Style::Color
        } else {
            Style::Plain
        }
    }
}

/// Renders diagnostics for people: a header with file:line:column, the source line with the
/// value underlined, and the hint.
pub fn render_human(diags: &[Diagnostic], sources: &SourceSet, style: Style) -> String {
    let handler = report_handler(style);
    let mut out = String::new();
    for d in diags {
        render_one(&mut out, d, sources, style, &handler);
    }
    out
}

/// [`render_human`] written to `out` one diagnostic at a time: the whole text of thousands
/// of diagnostics is never held in memory at once.
pub fn write_human(
    out: &mut impl std::io::Write,
    diags: &[Diagnostic],
    sources: &SourceSet,
    style: Style,
) -> std::io::Result<()> {
    let handler = report_handler(style);
    let mut one = String::new();
    for d in diags {
        one.clear();
        render_one(&mut one, d, sources, style, &handler);
        out.write_all(one.as_bytes())?;
    }
    Ok(())
}

fn render_one(
    out: &mut String,
    d: &Diagnostic,
    sources: &SourceSet,
    style: Style,
    handler: &miette::GraphicalReportHandler,
) {
    out.push_str(&d.to_string());
    out.push('\n');
    match &d.snippet {
        Some((kept, body)) if *kept == style => out.push_str(body),
        _ => match snippet(d, sources, handler) {
            Some(body) => out.push_str(&body),
            None => {
                if let Some(h) = &d.hint {
                    out.push_str(&format!("  help: {h}\n"));
                }
            }
        },
    }
    for (loc, what) in &d.related {
        out.push_str(&format!("  note: {what} at {loc}\n"));
    }
    out.push('\n');
}

/// Renders, in `style`, the source lines of each of `diags` that has a place in `sources`
/// and keeps them in the diagnostic, so that `sources` can be dropped before the
/// diagnostics are printed.
pub fn keep_snippets(diags: &mut [Diagnostic], sources: &SourceSet, style: Style) {
    let handler = report_handler(style);
    for d in diags {
        if d.snippet.is_none()
            && let Some(body) = snippet(d, sources, &handler)
        {
            d.snippet = Some((style, body));
        }
    }
}

fn report_handler(style: Style) -> miette::GraphicalReportHandler {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let theme = match style {
        Style::Color => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_context_lines(1)
}

/// The source lines of `d` with the value underlined and the hint under them, or `None`
/// when `d` has no place in `sources` to show.
fn snippet(
    d: &Diagnostic,
    sources: &SourceSet,
    handler: &miette::GraphicalReportHandler,
) -> Option<String> {
    let report = MietteView::new(d, sources);
    let mut body = String::new();
    if handler.render_report(&mut body, &report).is_err() || !report.has_snippet() {
        return None;
    }
    let mut out = String::new();
    for line in body.lines().skip(1) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Some(out)
}

/// Renders diagnostics as a JSON array, one object per diagnostic.
pub fn render_json(diags: &[Diagnostic]) -> String {
    let mut s = serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// [`render_json`] written to `out` as it is made: the same bytes, never held whole.
pub fn write_json(out: &mut impl std::io::Write, diags: &[Diagnostic]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diags)?;
    out.write_all(b"\n")
}

/// Counts errors, warnings and acknowledged warnings, for the summary line.
pub fn summary(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Acknowledged),
    )
}

/// "2 error(s), 1 warning(s)", with the acknowledged warnings when there are any.
pub fn summary_line(diags: &[Diagnostic]) -> String {
    match summary(diags) {
        (errors, warnings, 0) => format!("{errors} error(s), {warnings} warning(s)"),
        (errors, warnings, acknowledged) => format!(
            "{errors} error(s), {warnings} warning(s), {acknowledged} acknowledged warning(s)"
        ),
    }
}

struct MietteView<'a> {
    diag: &'a Diagnostic,
    source: Option<Window<'a>>,
    span: Option<miette::SourceSpan>,
}

/// The few lines of a file around a diagnostic, handed to miette instead of the whole file:
/// miette counts lines from the start of what it is given, so giving it the whole file made
/// every diagnostic cost as much as the file is long.
struct Window<'a> {
    name: String,
    /// The lines shown, from the start of the first to the end of the last, with invisible
    /// characters made visible (same length in bytes): a snippet never acts on a terminal.
    text: std::borrow::Cow<'a, str>,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// 0-based number of the first line of `text` in the file.
    line: usize,
}

impl<'a> Window<'a> {
    /// Lines `line - 2 ..= line + 2` (0-based `line`) of the file whose lines start at `starts`.
    fn around(name: String, text: &'a str, starts: &[usize], line: usize) -> Self {
        let first = line.saturating_sub(2);
        let start = starts.get(first).copied().unwrap_or(text.len());
        let end = starts.get(line + 3).copied().unwrap_or(text.len());
        Window {
            name,
            text: visible_same_len(&text[start..end.max(start)]),
            offset: start,
            line: first,
        }
    }
}

impl miette::SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let local =
            miette::SourceSpan::new(span.offset().saturating_sub(self.offset).into(), span.len());
        let inner = miette::SourceCode::read_span(
            self.text.as_ref(),
            &local,
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            miette::SourceSpan::new(
                (inner.span().offset() + self.offset).into(),
                inner.span().len(),
            ),
            inner.line() + self.line,
            inner.column(),
            inner.line_count() + self.line,
        )))
    }
}

impl<'a> MietteView<'a> {
    fn new(diag: &'a Diagnostic, sources: &'a SourceSet) -> Self {
        let mut source = None;
        let mut span = None;
        if let Some(loc) = &diag.location
            && !diag.redact
            && loc.line > 0
            && let Some((text, starts)) = sources.text_and_lines(&loc.file)
        {
            let offset = if loc.offset > 0 || loc.line == 1 {
                loc.offset
            } else {
                offset_of(text, starts, loc.line, loc.column)
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
            // The line that holds `offset` (0-based): the last line start at or before it.
            let line = starts.partition_point(|s| *s <= offset).saturating_sub(1);
            source = Some(Window::around(
                loc.file.display().to_string(),
                text,
                starts,
                line,
            ));
            span = Some(miette::SourceSpan::new(offset.into(), len));
        }
        MietteView { diag, source, span }
    }

    fn has_snippet(&self) -> bool {
        self.source.is_some()
    }
}

/// Byte offset of 1-based `line` and `column` (in characters).
fn offset_of(text: &str, starts: &[usize], line: usize, column: usize) -> usize {
    let Some(&start) = starts.get(line.saturating_sub(1)) else {
        return text.len();
    };
    let end = starts.get(line).copied().unwrap_or(text.len());
    let l = &text[start..end];
    start
        + l.char_indices()
            .nth(column.saturating_sub(1))
            .map(|(b, _)| b)
            .unwrap_or(l.len())
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
            Severity::Acknowledged => miette::Severity::Advice,
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

/// `s` with everything that could act on a terminal written as a visible escape: control
/// characters (ESC, BEL, carriage return, ...), bidi overrides and isolates, and other
/// invisible format characters. For text read from a file the user did not write.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if invisible(c) || c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that act on a terminal or reorder text instead of showing: those no checked
/// value may hold (line ends and tabs aside), the zero-width joiners, and the interlinear
/// annotation marks.
fn invisible(c: char) -> bool {
    (crate::model::values::forbidden_char(c) && c != '\n' && c != '\t')
        || matches!(c, '\u{200c}' | '\u{200d}' | '\u{fff9}'..='\u{fffb}')
}

/// `s` with each invisible character replaced by a visible one of the same length in bytes
/// (`?`, `¿` or `\u{fffd}`), so that the byte offsets of a snippet stay right. The carriage
/// return of a Windows line end (`\r\n`) is a line end, not a stray character: it becomes a
/// space, which shows nothing at the end of the line.
fn visible_same_len(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(invisible) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(' ');
        } else if invisible(c) {
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push('¿'),
                3 => out.push('\u{fffd}'),
                n => out.push_str(&"?".repeat(n)),
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_line(file: &str, line: usize, column: usize) -> Diagnostic {
        Diagnostic::error("unknown-key", "unknown field").at(Location {
            file: PathBuf::from(file),
            line,
            column,
            offset: 0,
            len: 3,
        })
    }

    #[test]
    fn a_snippet_deep_in_a_file_shows_its_own_line_numbers_and_neighbours() {
        let text: String = (1..=1000).map(|i| format!("key{i}: value\n")).collect();
        let mut sources = SourceSet::default();
        sources.add(PathBuf::from("big.yaml"), text);
        let out = render_human(&[at_line("big.yaml", 500, 1)], &sources, Style::Plain);
        assert!(out.contains("big.yaml:500:1: error[unknown-key]"), "{out}");
        assert!(out.contains(" 499 │ key499: value"), "{out}");
        assert!(out.contains(" 500 │ key500: value"), "{out}");
        assert!(out.contains(" 501 │ key501: value"), "{out}");
        assert!(!out.contains("key498") && !out.contains("key502"), "{out}");
        // The first and the last line too.
        let out = render_human(&[at_line("big.yaml", 1, 1)], &sources, Style::Plain);
        assert!(out.contains(" 1 │ key1: value"), "{out}");
        let out = render_human(&[at_line("big.yaml", 1000, 8)], &sources, Style::Plain);
        assert!(out.contains(" 1000 │ key1000: value"), "{out}");
    }

    #[test]
    fn a_kept_snippet_prints_as_the_source_did_once_the_source_is_gone() {
        let text: String = (1..=1000).map(|i| format!("key{i}: value\n")).collect();
        let mut sources = SourceSet::default();
        sources.add(PathBuf::from("big.yaml"), text);
        let mut diags = vec![at_line("big.yaml", 500, 1), at_line("big.yaml", 7, 3)];
        let with_source = render_human(&diags, &sources, Style::Plain);
        keep_snippets(&mut diags, &sources, Style::Plain);
        let kept = render_human(&diags, &SourceSet::default(), Style::Plain);
        assert_eq!(kept, with_source);
        assert!(kept.contains(" 500 │ key500: value"), "{kept}");
        // A snippet kept in one style is not printed in another: without the source, the
        // other style shows the header and the hint only.
        let other = render_human(&diags, &SourceSet::default(), Style::Color);
        assert!(!other.contains("key500: value"), "{other}");
        // Without the kept lines the source is needed: the test is not vacuous.
        let bare = render_human(
            &[at_line("big.yaml", 500, 1)],
            &SourceSet::default(),
            Style::Plain,
        );
        assert!(!bare.contains("key500: value"), "{bare}");
    }

    #[test]
    fn printable_escapes_what_acts_on_a_terminal() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{202e}y\u{7}"), "x\\u{202e}y\\u{7}");
        assert_eq!(printable("Città è «bella»"), "Città è «bella»");
        assert_eq!(visible_same_len("a\u{202e}b\u{1b}c"), "a\u{fffd}b?c");
        assert_eq!(visible_same_len("a\u{85}b").len(), "a\u{85}b".len());
        assert_eq!(visible_same_len("a\r\nb\r\n"), "a \nb \n");
        assert_eq!(visible_same_len("a\rb\r\r\n"), "a?b? \n");
    }

    #[test]
    fn diagnostics_written_as_made_are_the_bytes_rendered_whole() {
        let mut sources = SourceSet::default();
        let id = sources.add(PathBuf::from("p.yaml"), "a: 1\nb: 2\nc: 3\n".to_string());
        let diags: Vec<Diagnostic> = (0..3)
            .map(|i| {
                Diagnostic::warning("w", format!("warning {i}"))
                    .at(sources.locate(crate::model::Pos {
                        file: id,
                        line: i + 1,
                        column: 1,
                        offset: i * 5,
                        len: 1,
                    }))
                    .hint("a hint")
            })
            .collect();
        let mut human = Vec::new();
        write_human(&mut human, &diags, &sources, Style::Plain).unwrap();
        assert_eq!(
            String::from_utf8(human).unwrap(),
            render_human(&diags, &sources, Style::Plain)
        );
        let mut json = Vec::new();
        write_json(&mut json, &diags).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), render_json(&diags));
    }
}
