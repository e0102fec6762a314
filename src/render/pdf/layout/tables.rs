//! Tables: column widths, rows and cells.

use super::style::*;
use super::*;

/// A cell as the line breaker sees it (see [`Layout::cell_words`]).
type CellWords = Vec<Option<(f32, f32)>>;

impl<'a> Layout<'a> {
    /// A cell as the line breaker sees it: each word's width with the width of the space
    /// before it (0 at the start of a line), and hard breaks as `None`.
    pub(super) fn cell_words(&self, spans: &[Span], ts: &TextStyle) -> CellWords {
        let mut out = Vec::new();
        let mut space = 0.0f32;
        for t in self.tokens(spans, ts) {
            match t {
                Tok::Word(ps) => {
                    out.push(Some((ps.iter().map(|p| p.width).sum(), space)));
                    space = 0.0;
                }
                Tok::Space(p) => space = p.width,
                Tok::Break(_) => {
                    out.push(None);
                    space = 0.0;
                }
            }
        }
        out
    }

    /// Natural (one-line) width and minimum width of a cell: its widest piece that cannot
    /// break, where a web address may break after `/`, `-`, `.` and the like (as
    /// [`Layout::break_lines`] breaks it), so an address does not make its column wide.
    pub(super) fn cell_widths(&self, spans: &[Span], ts: &TextStyle) -> (f32, f32) {
        let toks = self.tokens(spans, ts);
        let mut natural = 0.0f32;
        let mut line = 0.0f32;
        let mut longest = 0.0f32;
        for t in &toks {
            match t {
                Tok::Word(ps) => {
                    let w: f32 = ps.iter().map(|p| p.width).sum();
                    line += w;
                    // Pieces of at least a few characters: a break after the "@" of a
                    // handle would leave it alone on its line.
                    let mut piece = 0.0f32;
                    let mut chars = 0;
                    for p in ps {
                        let mut start = 0;
                        for (i, ch) in p.text.char_indices() {
                            chars += 1;
                            if chars >= MIN_PIECE
                                && matches!(ch, '/' | '-' | '.' | '?' | '&' | '=' | '_' | '@')
                            {
                                let end = i + ch.len_utf8();
                                piece += self.width(p.face, p.size, &p.text[start..end]);
                                longest = longest.max(piece);
                                piece = 0.0;
                                chars = 0;
                                start = end;
                            }
                        }
                        piece += self.width(p.face, p.size, &p.text[start..]);
                    }
                    longest = longest.max(piece);
                }
                Tok::Space(p) => line += p.width,
                Tok::Break(_) => {
                    natural = natural.max(line);
                    line = 0.0;
                }
            }
        }
        (natural.max(line), longest)
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
        let head_cells: Vec<(&[Span], &TextStyle)> =
            head.iter().map(|c| (c.as_slice(), &head_ts)).collect();
        let mut columns: Vec<Vec<(&[Span], &TextStyle)>> = vec![Vec::new(); ncols];
        for (c, cell) in head_cells.into_iter().enumerate() {
            columns[c].push(cell);
        }
        for row in rows {
            for (c, cell) in row.iter().enumerate().take(ncols) {
                columns[c].push((cell.as_slice(), &cell_ts));
            }
        }
        let widths = self.column_widths(&columns, width);
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
                // As a list's items: the first row does not stay alone at a page foot, nor
                // the last alone at the top of the next.
                item.keep_with_next = rows.len() >= 2 && (r == 0 || r + 2 == rows.len());
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

impl Layout<'_> {
    /// Column widths from content: natural widths when they fit; else every column gets its
    /// minimum (its widest unbreakable piece), and the room left goes, a slice at a time, to
    /// the column where it makes the table shortest (rows are as tall as their tallest cell),
    /// then where it saves the most wrapped lines of the column's own cells (ties: the
    /// column furthest from its natural width). No column is wider than 60% of the table.
    pub(super) fn column_widths(
        &self,
        columns: &[Vec<(&[Span], &TextStyle)>],
        width: f32,
    ) -> Vec<f32> {
        let ncols = columns.len();
        let pad = 2.0 * CELL_PAD_X;
        let cap = width * 0.6;
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        let mut words: Vec<Vec<CellWords>> = vec![Vec::new(); ncols];
        for (c, cells) in columns.iter().enumerate() {
            for (spans, ts) in cells {
                let (n, m) = self.cell_widths(spans, ts);
                natural[c] = natural[c].max(n);
                minimum[c] = minimum[c].max(m);
                words[c].push(self.cell_words(spans, ts));
            }
        }
        let natural: Vec<f32> = natural.iter().map(|w| (w + pad).min(cap)).collect();
        let total_nat: f32 = natural.iter().sum();
        if total_nat <= width {
            // Spread the spare room in proportion to content.
            let extra = width - total_nat;
            return natural
                .iter()
                .map(|w| w + extra * w / total_nat.max(1.0))
                .collect();
        }
        let floor = (width / ncols as f32).min(60.0);
        let minimum: Vec<f32> = minimum
            .iter()
            .zip(&natural)
            .map(|(m, n)| (m + pad).min(cap).max(floor.min(*n)))
            .collect();
        let total_min: f32 = minimum.iter().sum();
        if total_min >= width {
            // Not even the minimums fit: the widest minimums are cut down to one cap, so
            // that only the columns holding the longest words break them between
            // characters, and the ordinary words of the others stay whole.
            return capped(&minimum, width);
        }
        let mut widths = minimum;
        const SLICES: usize = 24;
        let slice = (width - total_min) / SLICES as f32;
        let cell_lines = |c: usize, w: f32| -> Vec<usize> {
            words[c]
                .iter()
                .map(|cell| wrapped_lines(cell, w - pad))
                .collect()
        };
        let rows = words.iter().map(Vec::len).max().unwrap_or(0);
        // The table's height in lines: each row as tall as its tallest cell, with column
        // `c` at `col` instead of its lines in `lines`.
        let height = |lines: &[Vec<usize>], c: usize, col: &[usize]| -> usize {
            (0..rows)
                .map(|r| {
                    (0..ncols)
                        .map(|k| {
                            let cells = if k == c { col } else { &lines[k] };
                            cells.get(r).copied().unwrap_or(1)
                        })
                        .max()
                        .unwrap_or(1)
                })
                .sum()
        };
        let mut lines: Vec<Vec<usize>> = (0..ncols).map(|c| cell_lines(c, widths[c])).collect();
        let mut left = SLICES;
        while left > 0 {
            // The column where room saves the most: first the table's height (lines of the
            // rows), then the lines of the column's own cells, per slice of room, looking as
            // far as the room left; ties go to the column furthest from its natural width.
            let now = height(&lines, 0, &lines[0]);
            let mut best: Option<((f32, f32), usize, f32, usize)> = None;
            for c in 0..ncols {
                let want = natural[c] - widths[c];
                if want <= 0.0 {
                    continue;
                }
                let own: usize = lines[c].iter().sum();
                let mut found = ((0.0f32, 0.0f32), 1usize);
                for k in 1..=left {
                    let w = (widths[c] + slice * k as f32).min(natural[c]);
                    let col = cell_lines(c, w);
                    let rows_saved = now.saturating_sub(height(&lines, c, &col)) as f32;
                    let own_saved = own.saturating_sub(col.iter().sum()) as f32;
                    let rate = (rows_saved / k as f32, own_saved / k as f32);
                    if rate > found.0 {
                        found = (rate, k);
                    }
                    if w >= natural[c] {
                        break;
                    }
                }
                let better = match best {
                    None => true,
                    Some((rate, _, w, _)) => found.0 > rate || (found.0 == rate && want > w),
                };
                if better {
                    best = Some((found.0, found.1, want, c));
                }
            }
            let Some((_, k, _, c)) = best else { break };
            widths[c] = (widths[c] + slice * k as f32).min(natural[c]);
            lines[c] = cell_lines(c, widths[c]);
            left -= k;
        }
        // Room no column wants (all at their natural width) goes to all, by content.
        let used: f32 = widths.iter().sum();
        if used < width {
            let extra = width - used;
            let total: f32 = widths.iter().sum();
            for w in &mut widths {
                *w += extra * *w / total.max(1.0);
            }
        }
        widths
    }
}

/// `minimum` cut down to fit `width`: every column above a cap gets the cap, the others
/// keep their minimum; the cap is the largest that fits. When even equal columns would not
/// fit, every column gets its share in proportion to its minimum.
fn capped(minimum: &[f32], width: f32) -> Vec<f32> {
    let mut sorted = minimum.to_vec();
    sorted.sort_by(f32::total_cmp);
    // Columns below the cap keep their minimum; the `rest` above share what is left.
    let mut below = 0.0f32;
    for (i, m) in sorted.iter().enumerate() {
        let rest = (sorted.len() - i) as f32;
        let cap = (width - below) / rest;
        if *m >= cap {
            return minimum.iter().map(|w| w.min(cap)).collect();
        }
        below += m;
    }
    let total: f32 = minimum.iter().sum();
    minimum
        .iter()
        .map(|m| m * width / total.max(0.001))
        .collect()
}

/// The fewest characters before a break point that counts in a cell's minimum width.
const MIN_PIECE: usize = 4;

/// How many lines a cell's words take at `width`, broken greedily as the line breaker does
/// (a word wider than the line takes as many lines as its width asks).
fn wrapped_lines(words: &[Option<(f32, f32)>], width: f32) -> usize {
    let width = width.max(1.0);
    let mut lines = 1usize;
    let mut line = 0.0f32;
    for w in words {
        match w {
            None => {
                lines += 1;
                line = 0.0;
            }
            Some((ww, sp)) => {
                if line > 0.0 && line + sp + ww <= width {
                    line += sp + ww;
                } else {
                    if line > 0.0 {
                        lines += 1;
                    }
                    if *ww > width {
                        let extra = (ww / width).ceil() as usize;
                        lines += extra.saturating_sub(1);
                        line = ww - (extra.saturating_sub(1)) as f32 * width;
                    } else {
                        line = *ww;
                    }
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{capped, wrapped_lines};

    #[test]
    fn only_the_widest_minimums_are_cut_when_minimums_do_not_fit() {
        let widths = capped(&[40.0, 50.0, 400.0, 45.0], 300.0);
        assert_eq!(widths[0], 40.0);
        assert_eq!(widths[1], 50.0);
        assert_eq!(widths[3], 45.0);
        assert!(
            (widths.iter().sum::<f32>() - 300.0).abs() < 0.01,
            "{widths:?}"
        );
        // Two long words share what is left alike.
        let widths = capped(&[40.0, 400.0, 300.0], 300.0);
        assert_eq!(widths[0], 40.0);
        assert!((widths[1] - 130.0).abs() < 0.01 && (widths[2] - 130.0).abs() < 0.01);
    }

    #[test]
    fn wrapped_lines_counts_like_a_greedy_breaker() {
        let words = [Some((30.0, 0.0)), Some((30.0, 5.0)), Some((30.0, 5.0))];
        assert_eq!(wrapped_lines(&words, 100.0), 1);
        assert_eq!(wrapped_lines(&words, 65.0), 2);
        assert_eq!(wrapped_lines(&words, 40.0), 3);
        assert_eq!(wrapped_lines(&[Some((250.0, 0.0))], 100.0), 3);
        assert_eq!(
            wrapped_lines(&[Some((10.0, 0.0)), None, Some((10.0, 0.0))], 100.0),
            2
        );
    }
}
