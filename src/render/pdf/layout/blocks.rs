//! Blocks: headings, paragraphs, quotes, lists and the title block, as flow items.

use super::style::*;
use super::*;

impl<'a> Layout<'a> {
    pub(super) fn blocks(
        &mut self,
        blocks: &[Block],
        x: f32,
        width: f32,
        parent: NodeId,
    ) -> Vec<FlowItem> {
        let mut out = Vec::new();
        for (k, block) in blocks.iter().enumerate() {
            let mut items = self.block(block, x, width, parent);
            if leads_in(blocks, k)
                && let Some(last) = items.last_mut()
            {
                last.keep_with_next = true;
            }
            out.extend(items);
        }
        out
    }

    pub(super) fn block(
        &mut self,
        block: &Block,
        x: f32,
        width: f32,
        parent: NodeId,
    ) -> Vec<FlowItem> {
        match block {
            Block::Heading { level, id, spans } => {
                // Never skip a level: "# A" then "#### B" makes B a level-2 heading.
                let level = (*level).min(self.last_heading + 1).clamp(1, 6);
                self.last_heading = level;
                let title = parse::plain_text(spans);
                let h = self.node(
                    Role::H {
                        level,
                        title: title.clone(),
                    },
                    parent,
                );
                let (ts, before, after) = heading_style(level);
                let mut lines = self.inline_lines(spans, &ts, x, width, h);
                let n = lines.len();
                for (i, line) in lines.iter_mut().enumerate() {
                    line.keep_with_next = true;
                    if i == 0 {
                        line.space_before = before;
                        line.outline = Some((level, title.clone()));
                        line.anchor = id.clone();
                    }
                    if i + 1 == n {
                        line.height += after;
                    }
                }
                lines
            }
            Block::Para(spans) => self.paragraph(spans, &BODY, x, width, parent, PARA_GAP),
            Block::Code(text) => {
                let p = self.node(Role::P, parent);
                let ts = TextStyle {
                    plain: Face::Mono,
                    bold: Face::Mono,
                    italic: Face::Mono,
                    size: 9.0,
                    leading: 13.0,
                    color: TEXT,
                };
                let mut out: Vec<FlowItem> = Vec::new();
                let source_lines: Vec<&str> = text.trim_end_matches('\n').split('\n').collect();
                let last = source_lines.len().saturating_sub(1);
                for (n, l) in source_lines.into_iter().enumerate() {
                    // Keep the indentation: leading spaces become no-break spaces.
                    let l = l.replace('\t', "    ");
                    let body = l.trim_start_matches(' ');
                    let indent = "\u{A0}".repeat(l.len() - body.len());
                    let mut spans = vec![Span {
                        text: format!("{indent}{body}"),
                        style: Style::default(),
                        link: None,
                        hard_break: false,
                    }];
                    // A line break, so the line's text ends in a space (ISO 32000-1 14.8.2.5).
                    if n < last {
                        spans.push(Span {
                            text: String::new(),
                            style: Style::default(),
                            link: None,
                            hard_break: true,
                        });
                    }
                    let mut items = self.inline_lines(&spans, &ts, x + 6.0, width - 12.0, p);
                    if items.is_empty() {
                        items.push(FlowItem {
                            height: ts.leading,
                            ..FlowItem::default()
                        });
                    }
                    out.extend(items);
                }
                // Padding above the first and below the last line, inside the grey box.
                const PAD: f32 = 4.0;
                if let Some(first) = out.first_mut() {
                    first.space_before = PARA_GAP;
                    first.height += PAD;
                    first.baseline += PAD;
                    for part in &mut first.parts {
                        shift_part(part, PAD);
                    }
                }
                if let Some(last) = out.last_mut() {
                    last.height += PAD;
                }
                let n = out.len();
                for (i, item) in out.iter_mut().enumerate() {
                    item.keep_with_next = i == 0 || i + 2 == n;
                    item.parts.insert(
                        0,
                        Part {
                            owner: Owner::Artifact(ArtifactKind::Layout),
                            elems: vec![Elem::Fill {
                                rect: Rect {
                                    x,
                                    y: 0.0,
                                    w: width,
                                    h: item.height,
                                },
                                color: CODE_BG,
                            }],
                            link: None,
                        },
                    );
                }
                out
            }
            Block::Rule => vec![FlowItem {
                height: 12.0,
                space_before: 6.0,
                keep_with_next: true,
                parts: vec![Part {
                    owner: Owner::Artifact(ArtifactKind::Layout),
                    elems: vec![Elem::Fill {
                        rect: Rect {
                            x,
                            y: 6.0,
                            w: width,
                            h: 0.6,
                        },
                        color: RULE,
                    }],
                    link: None,
                }],
                ..FlowItem::default()
            }],
            Block::Quote(blocks) => {
                let q = self.node(Role::BlockQuote, parent);
                let indent = nest_indent(width, QUOTE_INDENT);
                let mut items = self.blocks(blocks, x + indent, width - indent, q);
                for item in &mut items {
                    item.parts.insert(
                        0,
                        Part {
                            owner: Owner::Artifact(ArtifactKind::Layout),
                            elems: vec![Elem::Fill {
                                rect: Rect {
                                    x: x + 2.0,
                                    y: -item.space_before.min(PARA_GAP),
                                    w: 2.0,
                                    h: item.height + item.space_before.min(PARA_GAP),
                                },
                                color: LIGHT_RULE,
                            }],
                            link: None,
                        },
                    );
                }
                items
            }
            Block::List { start, items } => self.list(*start, items, x, width, parent),
            Block::Table { align, head, rows } => self.table(align, head, rows, x, width, parent),
        }
    }

    /// The title block under the title: organisation, version, adopting act; then a rule.
    /// A line the document says itself right after (the metadata list under the title:
    /// "Ente: ...", "Versione: ..."; `following` are the blocks after the title, and a
    /// notice set in a quote may stand before the list) is not printed twice; the rule stays.
    pub(super) fn title_block(&mut self, lines: &[String], following: &[Block]) -> Vec<FlowItem> {
        let mut items = Vec::new();
        if lines.is_empty() {
            return items;
        }
        let said = following
            .iter()
            .find(|b| !matches!(b, Block::Quote(_)))
            .map(block_words)
            .unwrap_or_default();
        let lines: Vec<&String> = lines
            .iter()
            .filter(|line| !words(line).iter().all(|w| said.contains(w)))
            .collect();
        let ts = TextStyle {
            size: 11.0,
            leading: 15.0,
            color: MUTED,
            ..BODY
        };
        for (k, line) in lines.iter().enumerate() {
            let span = Span {
                text: line.to_string(),
                style: Style::default(),
                link: None,
                hard_break: false,
            };
            let mut p = self.paragraph(&[span], &ts, MARGIN_LEFT, BODY_WIDTH, 0, 0.0);
            for it in &mut p {
                it.keep_with_next = true;
            }
            if k == 0
                && let Some(first) = p.first_mut()
            {
                first.space_before = 2.0;
            }
            items.extend(p);
        }
        items.push(FlowItem {
            height: 14.0,
            parts: vec![Part {
                owner: Owner::Artifact(ArtifactKind::Layout),
                elems: vec![Elem::Fill {
                    rect: Rect {
                        x: MARGIN_LEFT,
                        y: 8.0,
                        w: BODY_WIDTH,
                        h: 1.0,
                    },
                    color: HEADING,
                }],
                link: None,
            }],
            ..FlowItem::default()
        });
        items
    }

    pub(super) fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        x: f32,
        width: f32,
        parent: NodeId,
    ) -> Vec<FlowItem> {
        let l = self.node(
            Role::L {
                ordered: start.is_some(),
            },
            parent,
        );
        let depth = self.list_depth(parent);
        let labels: Vec<String> = (0..items.len())
            .map(|i| match start {
                Some(s) => format!("{}.", s.saturating_add(i as u64)),
                None => match depth % 3 {
                    0 => "•".to_string(),
                    1 => "–".to_string(),
                    _ => "·".to_string(),
                },
            })
            .collect();
        let label_w = labels
            .iter()
            .map(|s| self.width(Face::Regular, BODY_SIZE, s))
            .fold(0.0f32, f32::max);
        let indent = nest_indent(width, LIST_INDENT.max(label_w + 6.0));
        let mut out = Vec::new();
        for (i, blocks) in items.iter().enumerate() {
            let li = self.node(Role::LI, l);
            let lbl = self.node(Role::Lbl, li);
            let body = self.node(Role::LBody, li);
            let mut flow = self.blocks(blocks, x + indent, width - indent, body);
            if flow.is_empty() {
                flow.push(FlowItem {
                    height: BODY_LEADING,
                    baseline: BODY_LEADING * 0.72,
                    ..FlowItem::default()
                });
            }
            let label = &labels[i];
            let lw = self.width(Face::Regular, BODY_SIZE, label);
            let first = &mut flow[0];
            let runs = self.run(
                label,
                Face::Regular,
                BODY_SIZE,
                x + indent - 5.0 - lw,
                first.baseline,
                TEXT,
            );
            first.parts.insert(
                0,
                Part {
                    owner: Owner::Node(lbl),
                    elems: runs,
                    link: None,
                },
            );
            // Tight spacing between items of a list, a paragraph gap before the list.
            first.space_before = if i == 0 && depth == 0 { PARA_GAP } else { 3.0 };
            // No item alone at a page foot or top: the first item stays with the second,
            // the last with the one before it.
            if items.len() >= 2
                && (i == 0 || i + 2 == items.len())
                && let Some(last) = flow.last_mut()
            {
                last.keep_with_next = true;
            }
            out.extend(flow);
        }
        out
    }

    pub(super) fn list_depth(&self, mut node: NodeId) -> usize {
        let mut depth = 0;
        while let Some(slot) = self.nodes.get(node) {
            if matches!(slot.node.role, Role::L { .. }) {
                depth += 1;
            }
            match slot.parent {
                Some(p) => node = p,
                None => break,
            }
        }
        depth
    }
}

/// The words of a text, lower case, without the punctuation around them.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of a list's items (the metadata list under a title); none for other blocks.
fn block_words(block: &Block) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    if let Block::List { items, .. } = block {
        for b in items.iter().flatten() {
            if let Block::Para(spans) = b {
                out.extend(words(&parse::plain_text(spans)));
            }
        }
    }
    out
}

/// Whether block `k` is a lead-in: a paragraph ending in ":" before a list or a table, which
/// it stays with.
pub(super) fn leads_in(blocks: &[Block], k: usize) -> bool {
    matches!(
        blocks.get(k + 1),
        Some(Block::List { .. } | Block::Table { .. })
    ) && matches!(blocks.get(k), Some(Block::Para(spans)) if parse::plain_text(spans).ends_with(':'))
}
