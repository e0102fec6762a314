//! Tables: column widths, rows and cells.

use super::style::*;
use super::*;

impl<'a> Layout<'a> {
    /// Natural (one-line) width and longest-word width of a cell.
    pub(super) fn cell_widths(&self, spans: &[Span], ts: &TextStyle) -> (f32, f32) {
        let toks = self.tokens(spans, ts);
        let mut natural = 0.0f32;
        let mut longest = 0.0f32;
        for t in &toks {
            match t {
                Tok::Word(ps) => {
                    let w: f32 = ps.iter().map(|p| p.width).sum();
                    natural += w;
                    longest = longest.max(w);
                }
                Tok::Space(p) => natural += p.width,
                Tok::Break(_) => {}
            }
        }
        (natural, longest)
    }

    pub(super) fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        x: f32,
        width: f32,
        parent: NodeId,
    ) -> Vec<FlowItem> {
        let ncols = head
            .len()
            .max(rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if ncols == 0 {
            return Vec::new();
        }
        let cell_ts = TextStyle {
            size: TABLE_SIZE,
            leading: TABLE_LEADING,
            ..BODY
        };
        let head_ts = TextStyle {
            plain: Face::SemiBold,
            italic: Face::SemiBold,
            ..cell_ts
        };
        // Column widths from content: natural widths when they fit, else shrink the wide
        // columns towards their longest word; no column wider than 60% of the table.
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        for (c, cell) in head.iter().enumerate() {
            let (n, m) = self.cell_widths(cell, &head_ts);
            natural[c] = natural[c].max(n);
            minimum[c] = minimum[c].max(m);
        }
        for row in rows {
            for (c, cell) in row.iter().enumerate().take(ncols) {
                let (n, m) = self.cell_widths(cell, &cell_ts);
                natural[c] = natural[c].max(n);
                minimum[c] = minimum[c].max(m);
            }
        }
        let pad = 2.0 * CELL_PAD_X;
        let cap = width * 0.6;
        let natural: Vec<f32> = natural.iter().map(|w| (w + pad).min(cap)).collect();
        let floor = (width / ncols as f32).min(60.0);
        let minimum: Vec<f32> = minimum
            .iter()
            .zip(&natural)
            .map(|(m, n)| (m + pad).min(cap).max(floor.min(*n)))
            .collect();
        let total_nat: f32 = natural.iter().sum();
        let total_min: f32 = minimum.iter().sum();
        let widths: Vec<f32> = if total_nat <= width {
            // Spread the spare room in proportion to content.
            let extra = width - total_nat;
            natural
                .iter()
                .map(|w| w + extra * w / total_nat.max(1.0))
                .collect()
        } else if total_min < width {
            let room = width - total_min;
            let want: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
            natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| m + room * (n - m) / want.max(0.001))
                .collect()
        } else {
            vec![width / ncols as f32; ncols]
        };

        let t = self.node(Role::Table, parent);
        let mut out = Vec::new();
        let mut header_index = None;
        if !head.is_empty() {
            // A header row with no body under it is a plain row of header cells: a THead
            // without a TBody is not a table PDF/UA-1 accepts (ISO 14289-1 7.2:14).
            let row_parent = if rows.is_empty() {
                t
            } else {
                self.node(Role::THead, t)
            };
            let tr = self.node(Role::TR, row_parent);
            let mut item = self.row(head, &widths, align, x, &head_ts, tr, Role::TH, true);
            item.keep_with_next = true;
            item.space_before = PARA_GAP + 2.0;
            let mut repeat = item.clone();
            repeat.space_before = 0.0;
            for part in &mut repeat.parts {
                part.owner = Owner::Artifact(ArtifactKind::Pagination);
                part.link = None;
            }
            self.repeats.push(repeat);
            header_index = Some(self.repeats.len() - 1);
            out.push(item);
        }
        if !rows.is_empty() {
            let tbody = self.node(Role::TBody, t);
            for (r, row) in rows.iter().enumerate() {
                let tr = self.node(Role::TR, tbody);
                let mut item = self.row(row, &widths, align, x, &cell_ts, tr, Role::TD, false);
                item.repeat = header_index;
                if r == 0 && head.is_empty() {
                    item.space_before = PARA_GAP + 2.0;
                }
                out.push(item);
            }
        }
        // A little air after the table.
        if let Some(last) = out.last_mut() {
            last.height += 4.0;
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn row(
        &mut self,
        cells: &[Vec<Span>],
        widths: &[f32],
        align: &[Align],
        x: f32,
        ts: &TextStyle,
        tr: NodeId,
        role: Role,
        header: bool,
    ) -> FlowItem {
        let mut cx = x;
        let mut cell_parts: Vec<Part> = Vec::new();
        let mut height = 0.0f32;
        let empty = Vec::new();
        for (c, w) in widths.iter().enumerate() {
            let cell = cells.get(c).unwrap_or(&empty);
            let node = self.node(role.clone(), tr);
            let mut lines =
                self.inline_lines(cell, ts, cx + CELL_PAD_X, w - 2.0 * CELL_PAD_X, node);
            if lines.is_empty() {
                // An empty cell still gets a (blank) content sequence, so the table stays
                // regular in the structure tree.
                let runs = self.run(
                    " ",
                    ts.plain,
                    ts.size,
                    cx + CELL_PAD_X,
                    ts.leading * 0.75,
                    ts.color,
                );
                lines.push(FlowItem {
                    height: ts.leading,
                    parts: vec![Part {
                        owner: Owner::Node(node),
                        elems: runs,
                        link: None,
                    }],
                    ..FlowItem::default()
                });
            }
            let inner = w - 2.0 * CELL_PAD_X;
            let mut y = CELL_PAD_Y;
            for mut line in lines {
                // Centre or right-align the line in its cell, as the delimiter row asks.
                let used = line_right(&line) - (cx + CELL_PAD_X);
                let dx = match align.get(c) {
                    Some(Align::Right) => (inner - used).max(0.0),
                    Some(Align::Center) => ((inner - used) / 2.0).max(0.0),
                    _ => 0.0,
                };
                if dx > 0.0 {
                    for part in &mut line.parts {
                        for e in &mut part.elems {
                            shift_elem(e, dx, 0.0);
                        }
                        if let Some(l) = &mut part.link {
                            l.rect.x += dx;
                        }
                    }
                }
                for mut part in line.parts {
                    shift_part(&mut part, y);
                    cell_parts.push(part);
                }
                y += line.height;
            }
            height = height.max(y + CELL_PAD_Y);
            cx += w;
        }
        let total_w: f32 = widths.iter().sum();
        let mut deco = Vec::new();
        if header {
            deco.push(Elem::Fill {
                rect: Rect {
                    x,
                    y: 0.0,
                    w: total_w,
                    h: height,
                },
                color: HEADER_BG,
            });
            deco.push(Elem::Fill {
                rect: Rect {
                    x,
                    y: height - 0.8,
                    w: total_w,
                    h: 0.8,
                },
                color: RULE,
            });
        } else {
            deco.push(Elem::Fill {
                rect: Rect {
                    x,
                    y: height - 0.5,
                    w: total_w,
                    h: 0.5,
                },
                color: LIGHT_RULE,
            });
        }
        let mut parts = vec![Part {
            owner: Owner::Artifact(ArtifactKind::Layout),
            elems: deco,
            link: None,
        }];
        parts.extend(cell_parts);
        let ascent = self.m(ts.plain).ascent * ts.size;
        let descent = -self.m(ts.plain).descent * ts.size;
        FlowItem {
            height,
            parts,
            // Baseline of the first line of text, for a list label beside the row.
            baseline: CELL_PAD_Y + ((ts.leading - (ascent + descent)) / 2.0).max(0.0) + ascent,
            ..FlowItem::default()
        }
    }
}
