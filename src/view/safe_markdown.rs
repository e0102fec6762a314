//! Officers' texts, rewritten as Markdown that cannot change the document around them.
//!
//! A text is parsed on its own with the document's dialect, and written back from the parse
//! with only the constructs a text may use: paragraphs, lists, block quotes, emphasis, strong,
//! strikethrough, code spans, hard breaks and links to allowed targets. Every piece of text is
//! escaped, every link is written inline with an encoded destination, and no line may start
//! with a character that opens a block. So whatever the template puts around it (a list item,
//! a table cell, a paragraph), the text stays inside its place: it cannot close a fence, add a
//! heading, a thematic break or a table row, define a reference for another text, or carry
//! raw HTML. `check` refuses those constructs with a message first (see
//! [`crate::model::values::check_markdown`]); this is the second wall, for whatever reaches
//! the renderer.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::model::values::{link_allowed, markdown_dialect};

/// Characters escaped wherever they appear in text: each one can start or end an inline
/// construct (emphasis, link, code, HTML, entity, table cell, heading attribute).
const ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!', '{', '}', '~', '&',
];

/// One block of a text.
enum Block {
    Para(String),
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
}

/// The text as safe Markdown blocks, separated by blank lines.
pub fn block(s: &str) -> String {
    let blocks = parse(s, false);
    render_blocks(&blocks, false).join("\n")
}

/// The text on one line, for a table cell: blocks joined by spaces.
pub fn cell(s: &str) -> String {
    let blocks = parse(s, true);
    render_blocks(&blocks, true)
        .iter()
        // A hard break (`\` at the end of a line) has no meaning inside a cell.
        .map(|l| l.trim().strip_suffix('\\').unwrap_or(l.trim()).trim_end())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes a one-line value (a name, a handle) so that it prints as written.
pub fn inline(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len() + 8);
    push_text(&mut out, &one_line, true);
    out
}

/// `in_cell`: the text goes into a table cell, where a `|` even inside code ends the cell
/// unless escaped.
fn parse(s: &str, in_cell: bool) -> Vec<Block> {
    let mut stack: Vec<Frame> = vec![Frame::Root(Vec::new())];
    let mut inline = InlineWriter {
        in_cell,
        ..InlineWriter::default()
    };
    for event in Parser::new_ext(s, markdown_dialect()) {
        match event {
            Event::Start(Tag::Paragraph) => {
                // A paragraph straight inside an item makes its list loose.
                if let [.., Frame::List { tight, .. }, Frame::Item(_)] = stack.as_mut_slice() {
                    *tight = false;
                }
                inline.start();
            }
            Event::End(TagEnd::Paragraph) => {
                let text = inline.finish();
                push_block(&mut stack, Block::Para(text));
            }
            Event::Start(Tag::List(start)) => {
                flush_tight(&mut stack, &mut inline);
                stack.push(Frame::List {
                    start,
                    tight: true,
                    items: Vec::new(),
                });
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(Frame::List {
                    start,
                    tight,
                    items,
                }) = stack.pop()
                {
                    push_block(
                        &mut stack,
                        Block::List {
                            start,
                            tight,
                            items,
                        },
                    );
                }
            }
            Event::Start(Tag::Item) => {
                stack.push(Frame::Item(Vec::new()));
                inline.start();
            }
            Event::End(TagEnd::Item) => {
                flush_tight(&mut stack, &mut inline);
                if let Some(Frame::Item(blocks)) = stack.pop()
                    && let Some(Frame::List { items, .. }) = stack.last_mut()
                {
                    items.push(blocks);
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush_tight(&mut stack, &mut inline);
                stack.push(Frame::Quote(Vec::new()));
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(Frame::Quote(blocks)) = stack.pop() {
                    push_block(&mut stack, Block::Quote(blocks));
                }
            }
            // Anything else that makes a block (headings, code blocks, tables, rules, HTML
            // blocks) is refused by `check`; should one arrive, its text is kept as a
            // paragraph of plain text, so that nothing of it acts as structure.
            Event::Start(
                Tag::Heading { .. }
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::TableRow
                | Tag::TableHead,
            ) => {
                flush_tight(&mut stack, &mut inline);
                inline.start();
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::Table
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => {
                let text = inline.finish();
                if !text.trim().is_empty() {
                    push_block(&mut stack, Block::Para(text));
                }
            }
            Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) => inline.text(" "),
            Event::Rule => {}
            other => inline.event(other),
        }
    }
    flush_tight(&mut stack, &mut inline);
    match stack.into_iter().next() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

enum Frame {
    Root(Vec<Block>),
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Quote(Vec<Block>),
}

fn push_block(stack: &mut [Frame], block: Block) {
    match stack.last_mut() {
        Some(Frame::Root(b) | Frame::Item(b) | Frame::Quote(b)) => b.push(block),
        // A block straight inside a list cannot happen; keep it in the last item.
        Some(Frame::List { items, .. }) => match items.last_mut() {
            Some(item) => item.push(block),
            None => items.push(vec![block]),
        },
        None => {}
    }
}

/// The text of a tight list item arrives without a paragraph around it.
fn flush_tight(stack: &mut [Frame], inline: &mut InlineWriter) {
    if inline.open && !inline.out.trim().is_empty() {
        let text = inline.finish();
        push_block(stack, Block::Para(text));
    } else {
        inline.open = false;
        inline.out.clear();
    }
}

/// Writes inline events as escaped Markdown; soft breaks become `\n`.
#[derive(Default)]
struct InlineWriter {
    out: String,
    open: bool,
    line_start: bool,
    /// For each open link: whether it was kept (an allowed target) and its destination.
    links: Vec<Option<String>>,
    /// Written into a table cell (see [`parse`]).
    in_cell: bool,
}

impl InlineWriter {
    fn start(&mut self) {
        self.out.clear();
        self.open = true;
        self.line_start = true;
    }

    fn finish(&mut self) -> String {
        self.open = false;
        self.links.clear();
        std::mem::take(&mut self.out)
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    fn text(&mut self, t: &str) {
        if !self.open {
            self.start();
        }
        let t = if self.line_start { t.trim_start() } else { t };
        if t.is_empty() {
            return;
        }
        push_text(&mut self.out, t, self.line_start);
        self.line_start = false;
    }

    fn mark(&mut self, m: &str) {
        if !self.open {
            self.start();
        }
        self.out.push_str(m);
        self.line_start = false;
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::Code(t) => {
                if !self.open {
                    self.start();
                }
                let longest = longest_run(&t, '`');
                let fence = "`".repeat(longest + 1);
                self.out.push_str(&fence);
                self.out.push(' ');
                if self.in_cell {
                    // GFM splits a table row at every `|` not escaped, code spans included,
                    // and gives the code a plain `|` for `\|`.
                    self.out.push_str(&t.replace('|', "\\|"));
                } else {
                    self.out.push_str(&t);
                }
                self.out.push(' ');
                self.out.push_str(&fence);
                self.line_start = false;
            }
            Event::SoftBreak => {
                self.out.push('\n');
                self.line_start = true;
            }
            Event::HardBreak => {
                self.out.push_str("\\\n");
                self.line_start = true;
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => self.mark("*"),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => self.mark("**"),
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {
                self.mark("~~");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if link_allowed(&dest_url) {
                    self.mark("[");
                    self.links.push(Some(destination(&dest_url)));
                } else {
                    self.links.push(None);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(dest)) = self.links.pop() {
                    if dest.contains(['(', ')', '%']) {
                        self.mark(&format!("](<{dest}>)"));
                    } else {
                        self.mark(&format!("]({dest})"));
                    }
                }
            }
            // Images are refused by `check`; only their alternative text would remain.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            _ => {}
        }
    }
}

/// A link destination: no space, no angle bracket, no line end, no backslash, no `|` (each
/// is percent-encoded). Written in `<...>` when it holds parentheses or an encoded character.
fn destination(dest: &str) -> String {
    let mut out = String::with_capacity(dest.len());
    for c in dest.trim().chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            // A `|` would end a table cell; encoded it is the same address.
            '|' => out.push_str("%7C"),
            ' ' => out.push_str("%20"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == ch {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Appends `t` escaped. At the start of a line, what would open a block (`- `, `+ `, `1. `,
/// `1) `, a line of only `-` or `=`) is escaped too; `2.0` or `+39` stay as they are.
fn push_text(out: &mut String, t: &str, line_start: bool) {
    let mut rest = t;
    if line_start {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let after = |n: usize| t[n..].chars().next();
        let ends_marker = |n: usize| t[n..].chars().nth(1).is_none_or(char::is_whitespace);
        if digits > 0 && matches!(after(digits), Some('.' | ')')) && ends_marker(digits) {
            out.push_str(&t[..digits]);
            out.push('\\');
            rest = &t[digits..];
        } else if matches!(after(0), Some('-' | '+')) && ends_marker(0)
            || t.chars().all(|c| matches!(c, '-' | '=' | ' '))
        {
            out.push('\\');
        }
    }
    for c in rest.chars() {
        if ALWAYS.contains(&c) {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
}

fn render_blocks(blocks: &[Block], tight: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 && !tight {
            lines.push(String::new());
        }
        match b {
            Block::Para(text) => lines.extend(text.lines().map(str::to_string)),
            Block::List {
                start,
                tight,
                items,
            } => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 && !tight {
                        lines.push(String::new());
                    }
                    let marker = match start {
                        Some(s) => format!("{}.", s.saturating_add(n as u64)),
                        None => "-".to_string(),
                    };
                    let pad = " ".repeat(marker.len() + 1);
                    let inner = render_blocks(item, *tight);
                    if inner.is_empty() {
                        lines.push(marker.clone());
                    }
                    for (k, l) in inner.into_iter().enumerate() {
                        if k == 0 {
                            lines.push(format!("{marker} {l}"));
                        } else if l.is_empty() {
                            lines.push(l);
                        } else {
                            lines.push(format!("{pad}{l}"));
                        }
                    }
                }
            }
            Block::Quote(inner) => {
                for l in render_blocks(inner, false) {
                    if l.is_empty() {
                        lines.push(">".to_string());
                    } else {
                        lines.push(format!("> {l}"));
                    }
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(md: &str) -> Vec<String> {
        let opts = markdown_dialect();
        Parser::new_ext(md, opts)
            .filter_map(|e| match e {
                Event::Start(t) => Some(format!("{t:?}").chars().take(12).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(
            block("Una frase.\nUn'altra, con *enfasi* e un [link](https://example.it)."),
            "Una frase.\nUn'altra, con *enfasi* e un [link](https://example.it)."
        );
        assert_eq!(block("- uno\n- due"), "- uno\n- due");
        assert_eq!(block("1. uno\n2. due"), "1. uno\n2. due");
    }

    #[test]
    fn structure_cannot_escape() {
        // An unclosed fence, a thematic break, a setext underline, a table and raw HTML
        // are written as text.
        for hostile in [
            "```\ncodice",
            "- voce\n---",
            "testo\n===",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<script>alert(1)</script>",
            "\\<javascript:alert(1)>",
            "[regole]: javascript:alert(1)\n\n[regole]",
            "## titolo {#x onfocus=alert(1)}",
            "    indentato",
            "testo\r| forged | row |",
        ] {
            let md = block(hostile);
            let wrapped = format!("- voce\n  {}\n\n## Dopo\n", md.replace('\n', "\n  "));
            let tags = outline(&wrapped);
            for t in &tags {
                assert!(
                    t.starts_with("List")
                        || t.starts_with("Item")
                        || t.starts_with("Paragraph")
                        || t.starts_with("Heading")
                        || t.starts_with("Emphasis")
                        || t.starts_with("Strong"),
                    "{hostile:?} -> {md:?} made {t}"
                );
            }
            assert_eq!(
                tags.iter().filter(|t| t.starts_with("Heading")).count(),
                1,
                "{hostile:?} -> {md:?}"
            );
        }
    }

    #[test]
    fn cells_stay_on_one_line() {
        assert_eq!(cell("uno\n\ndue | tre"), "uno due \\| tre");
        assert!(!cell("a\r| x | y |").contains('\r'));
        assert_eq!(cell("riga  \nriga"), "riga riga");
        // A `|` in a link's address or in code would end the cell too.
        assert_eq!(
            cell("Vedi [testo](https://a.example.it/x|y) e `a|b`"),
            "Vedi [testo](<https://a.example.it/x%7Cy>) e ` a\\|b `"
        );
        // Outside a table the code keeps its `|` as it is.
        assert_eq!(block("`a|b`"), "` a|b `");
    }

    #[test]
    fn inline_values_cannot_open_blocks() {
        assert_eq!(inline("- Comune"), "\\- Comune");
        assert_eq!(inline("2026. Anno"), "2026\\. Anno");
        assert_eq!(inline("2.0"), "2.0");
        assert_eq!(inline("+39 0123"), "+39 0123");
        assert_eq!(inline("---"), "\\---");
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("<script>"), "\\<script\\>");
    }
}
