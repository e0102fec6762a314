//! Text: measuring pieces, breaking them into lines, placing the glyph runs of a line,
//! and the links and paragraphs made of lines.

use super::style::*;
use super::*;

/// A measured piece of text in one style.
#[derive(Clone, Debug)]
pub(super) struct Piece {
    /// The text: borrowed for the spaces between words (a third of all pieces), owned for
    /// words.
    pub(super) text: std::borrow::Cow<'static, str>,
    pub(super) face: Face,
    pub(super) size: f32,
    pub(super) color: Rgb,
    pub(super) style: Style,
    pub(super) link: Option<usize>,
    pub(super) width: f32,
}

/// A stretch of text drawn in one face.
pub(super) struct Segment {
    pub(super) face: Face,
    /// No face has these characters: drawn as a replacement, read as themselves.
    pub(super) placeholder: bool,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The [`Segment`]s of a text, made as they are read (see [`Layout::segments`]).
pub(super) struct Segments<'t> {
    metrics: &'t [FaceMetrics; fonts::FACES],
    face: Face,
    /// The whole text as one segment, when it is known to be one (then `chars` is empty).
    whole: Option<Segment>,
    chars: std::iter::Peekable<std::str::CharIndices<'t>>,
}

impl Segments<'_> {
    fn class(&self, ch: char) -> (Face, bool) {
        match fonts::face_for_char(self.metrics, self.face, ch) {
            Some(f) => (f, false),
            None if ch.is_whitespace() => (self.face, false),
            None => (self.face, true),
        }
    }
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        if let Some(whole) = self.whole.take() {
            return Some(whole);
        }
        let (start, ch) = self.chars.next()?;
        let (face, placeholder) = self.class(ch);
        let mut end = start + ch.len_utf8();
        while let Some(&(i, next)) = self.chars.peek() {
            if self.class(next) != (face, placeholder) {
                break;
            }
            end = i + next.len_utf8();
            self.chars.next();
        }
        Some(Segment {
            face,
            placeholder,
            start,
            end,
        })
    }
}

pub(super) enum Tok {
    Word(Vec<Piece>),
    Space(Piece),
    /// A hard line break, with the space the tagged text reads there.
    Break(Piece),
}

impl<'a> Layout<'a> {
    pub(super) fn m(&self, face: Face) -> &FaceMetrics {
        &self.metrics[face.index()]
    }

    /// Width of `text` set in `face`, each character measured in the face that draws it
    /// (see [`Layout::segments`]).
    pub(super) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.segments(face, text).fold(0.0, |w, seg| {
            w + self.m(seg.face).width_em(&text[seg.start..seg.end])
        }) * size
    }

    /// `text` cut where the face that draws it changes: characters `face` lacks go to the
    /// fallback face; those no face has stay in `face`, drawn as its replacement glyph and
    /// marked as placeholders (their run carries the real text as /ActualText).
    pub(super) fn segments<'t>(&'t self, face: Face, text: &'t str) -> Segments<'t> {
        // Printable ASCII in a face that has all of it (most text): one segment.
        let whole = self.m(face).printable_ascii
            && !text.is_empty()
            && text.bytes().all(|b| (0x20..0x7f).contains(&b));
        Segments {
            metrics: self.metrics,
            face,
            whole: whole.then_some(Segment {
                face,
                placeholder: false,
                start: 0,
                end: text.len(),
            }),
            chars: if whole { "" } else { text }.char_indices().peekable(),
        }
    }

    pub(super) fn piece(&self, text: &str, ts: &TextStyle, span: &Span) -> Piece {
        self.piece_of(text.to_string().into(), ts, span)
    }

    /// The piece of one space between words.
    fn space(&self, ts: &TextStyle, span: &Span) -> Piece {
        self.piece_of(" ".into(), ts, span)
    }

    fn piece_of(&self, text: std::borrow::Cow<'static, str>, ts: &TextStyle, span: &Span) -> Piece {
        let face = face_for(ts, span.style);
        let color = if span.link.is_some() { LINK } else { ts.color };
        let size = if face == Face::Mono && ts.plain != Face::Mono {
            ts.size * CODE_SCALE
        } else {
            ts.size
        };
        Piece {
            width: self.width(face, size, &text),
            text,
            face,
            size,
            color,
            style: span.style,
            link: span.link,
        }
    }

    pub(super) fn tokens(&self, spans: &[Span], ts: &TextStyle) -> Vec<Tok> {
        let mut toks = Vec::new();
        let mut word: Vec<Piece> = Vec::new();
        for span in spans {
            if span.hard_break {
                if !word.is_empty() {
                    toks.push(Tok::Word(std::mem::take(&mut word)));
                }
                toks.push(Tok::Break(self.space(ts, span)));
                continue;
            }
            let mut rest = span.text.as_str();
            while !rest.is_empty() {
                if let Some(pos) = rest.find(' ') {
                    let (head, tail) = rest.split_at(pos);
                    if !head.is_empty() {
                        word.push(self.piece(head, ts, span));
                    }
                    if !word.is_empty() {
                        toks.push(Tok::Word(std::mem::take(&mut word)));
                    }
                    toks.push(Tok::Space(self.space(ts, span)));
                    rest = &tail[1..];
                } else {
                    word.push(self.piece(rest, ts, span));
                    rest = "";
                }
            }
        }
        if !word.is_empty() {
            toks.push(Tok::Word(word));
        }
        toks
    }

    /// Greedy line breaking on measured widths; words longer than a line break by characters.
    pub(super) fn break_lines(&self, toks: Vec<Tok>, width: f32) -> Vec<Vec<Piece>> {
        let mut lines: Vec<Vec<Piece>> = Vec::new();
        let mut cur: Vec<Piece> = Vec::new();
        let mut cur_w = 0.0f32;
        let mut space: Option<Piece> = None;
        for tok in toks {
            match tok {
                Tok::Break(sp) => {
                    // The line keeps a space at its end: drawn after the last word (it
                    // shows nothing), so the tagged text does not glue the two lines.
                    if !cur.is_empty() {
                        cur.push(sp);
                    }
                    lines.push(std::mem::take(&mut cur));
                    cur_w = 0.0;
                    space = None;
                }
                Tok::Space(p) => {
                    if !cur.is_empty() {
                        space = Some(p);
                    }
                }
                Tok::Word(pieces) => {
                    let ww: f32 = pieces.iter().map(|p| p.width).sum();
                    let sw = space.as_ref().map_or(0.0, |s| s.width);
                    if !cur.is_empty() && cur_w + sw + ww <= width {
                        if let Some(s) = space.take() {
                            cur.push(s);
                        }
                        cur_w += sw + ww;
                        cur.extend(pieces);
                        continue;
                    }
                    if !cur.is_empty() {
                        // The line ends at a space: keep it (see `Tok::Break`).
                        if let Some(s) = space.take() {
                            cur.push(s);
                        }
                        lines.push(std::mem::take(&mut cur));
                        cur_w = 0.0;
                    }
                    space = None;
                    if ww <= width {
                        cur_w = ww;
                        cur = pieces;
                        continue;
                    }
                    // Over-long word (a URL, say): break it after a '/', '-', '.', '?', '&',
                    // '=', '_' or '@' when there is one on the line, else between characters.
                    for p in pieces {
                        let mut buf = String::new();
                        let mut buf_w = 0.0f32;
                        // Last place in `buf` after which a break reads well: (byte, width).
                        let mut soft: Option<(usize, f32)> = None;
                        // The previous character's face and glyph (kerning within a face).
                        let mut prev: Option<(Face, u16)> = None;
                        for ch in p.text.chars() {
                            let f =
                                fonts::face_for_char(self.metrics, p.face, ch).unwrap_or(p.face);
                            let m = self.m(f);
                            let g = m.glyph_or_replacement(ch);
                            let kern = match prev {
                                Some((pf, pg)) if pf == f => m.kern(pg, g),
                                _ => 0.0,
                            };
                            let cw = (m.advance(g) + kern) * p.size;
                            if cur_w + buf_w + cw > width && (cur_w > 0.0 || !buf.is_empty()) {
                                let (head, head_w, tail) = match soft {
                                    Some((at, w)) if at > 0 && at < buf.len() => {
                                        (buf[..at].to_string(), w, buf[at..].to_string())
                                    }
                                    _ => (std::mem::take(&mut buf), buf_w, String::new()),
                                };
                                if !head.is_empty() {
                                    cur.push(Piece {
                                        text: head.into(),
                                        width: head_w,
                                        ..p.clone()
                                    });
                                }
                                lines.push(std::mem::take(&mut cur));
                                cur_w = 0.0;
                                buf_w = self.width(p.face, p.size, &tail);
                                prev = tail.chars().last().map(|c| {
                                    let tf = fonts::face_for_char(self.metrics, p.face, c)
                                        .unwrap_or(p.face);
                                    (tf, self.m(tf).glyph_or_replacement(c))
                                });
                                buf = tail;
                                soft = None;
                            }
                            let kern = match prev {
                                Some((pf, pg)) if pf == f && !buf.is_empty() => m.kern(pg, g),
                                _ => 0.0,
                            };
                            buf.push(ch);
                            buf_w += (m.advance(g) + kern) * p.size;
                            prev = Some((f, g));
                            if matches!(ch, '/' | '-' | '.' | '?' | '&' | '=' | '_' | '@') {
                                soft = Some((buf.len(), buf_w));
                            }
                        }
                        if !buf.is_empty() {
                            cur.push(Piece {
                                text: buf.into(),
                                width: buf_w,
                                ..p.clone()
                            });
                            cur_w += buf_w;
                        }
                    }
                }
            }
        }
        if !cur.is_empty() {
            lines.push(cur);
        }
        lines
    }

    pub(super) fn run(
        &self,
        text: &str,
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        color: Rgb,
    ) -> Vec<Elem> {
        self.run_pieces(&[text], face, size, x, y, color)
            .into_iter()
            .map(Elem::Glyphs)
            .collect()
    }

    /// Glyph runs from consecutive pieces of text: kerned within each piece, as measured; a
    /// new run where the face changes (fallback characters) and around placeholders.
    pub(super) fn run_pieces(
        &self,
        pieces: &[&str],
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        color: Rgb,
    ) -> Vec<GlyphRun> {
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut x = x;
        for piece in pieces {
            for seg in self.segments(face, piece) {
                let text = &piece[seg.start..seg.end];
                let m = self.m(seg.face);
                let same = runs.last().is_some_and(|r| {
                    r.face == seg.face && r.actual_text.is_none() && !seg.placeholder
                });
                if !same {
                    if let Some(last) = runs.last() {
                        x = last.x + last.width();
                    }
                    runs.push(GlyphRun {
                        face: seg.face,
                        size,
                        x,
                        y,
                        color,
                        text: String::new(),
                        glyphs: Vec::new(),
                        actual_text: seg.placeholder.then(String::new),
                    });
                }
                let Some(run) = runs.last_mut() else {
                    continue;
                };
                if let Some(actual) = &mut run.actual_text {
                    actual.push_str(text);
                }
                run.text.reserve(text.len());
                run.glyphs.reserve(text.len());
                // Kerning within the piece only, as `width` measures it.
                let mut prev: Option<usize> = None;
                for ch in text.chars() {
                    // A character the faces lack becomes its nearest plain cousin or `?`,
                    // with the real text as /ActualText.
                    let (ch, gid) = m.drawn(ch);
                    if let Some(p) = prev
                        && let Some(g) = run.glyphs.get_mut(p)
                    {
                        g.advance += m.kern(g.gid, gid);
                    }
                    let start = run.text.len();
                    run.text.push(ch);
                    run.glyphs.push(PlacedGlyph {
                        gid,
                        advance: m.advance(gid),
                        start,
                        end: run.text.len(),
                    });
                    prev = Some(run.glyphs.len() - 1);
                }
            }
        }
        runs
    }

    /// Lays out inline content as lines at `x`, `width` wide, owned by `owner`.
    pub(super) fn inline_lines(
        &mut self,
        spans: &[Span],
        ts: &TextStyle,
        x: f32,
        width: f32,
        owner: NodeId,
    ) -> Vec<FlowItem> {
        let toks = self.tokens(spans, ts);
        let lines = self.break_lines(toks, width);
        let ascent = self.m(ts.plain).ascent * ts.size;
        let descent = -self.m(ts.plain).descent * ts.size;
        // Baseline so that the line's ink is centred in its leading.
        // (The ink never rises above the line's top, so nothing pokes above the top margin.)
        let baseline = ((ts.leading - (ascent + descent)) / 2.0).max(0.0) + ascent;
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            let mut parts: Vec<Part> = Vec::new();
            let mut cx = x;
            let mut i = 0;
            while i < line.len() {
                // A segment: consecutive pieces with the same link.
                let link = line[i].link;
                let mut j = i;
                while j < line.len() && line[j].link == link {
                    j += 1;
                }
                let seg = &line[i..j];
                let seg_owner = match link {
                    Some(l) => self.link_node(l, owner),
                    None => owner,
                };
                let seg_x = cx;
                let mut elems = Vec::new();
                let mut backgrounds = Vec::new();
                let mut k = 0;
                while k < seg.len() {
                    let p = &seg[k];
                    let mut texts: Vec<&str> = vec![p.text.as_ref()];
                    let mut w = p.width;
                    let mut l = k + 1;
                    while l < seg.len()
                        && seg[l].face == p.face
                        && seg[l].color == p.color
                        && seg[l].style == p.style
                    {
                        texts.push(seg[l].text.as_ref());
                        w += seg[l].width;
                        l += 1;
                    }
                    // Trailing spaces at the end of the line take no width; one of them is
                    // still drawn after the last glyph (where it shows nothing) so that the
                    // text of the line ends in a space, as ISO 32000-1 14.8.2.5 asks.
                    let at_line_end = i + l >= line.len() && j == line.len();
                    let mut end_space = false;
                    if at_line_end {
                        while let Some(last) = texts.pop() {
                            let trimmed = last.trim_end_matches(' ');
                            end_space |= trimmed.len() < last.len();
                            if !trimmed.is_empty() {
                                texts.push(trimmed);
                                break;
                            }
                        }
                        w = texts.iter().map(|t| self.width(p.face, p.size, t)).sum();
                    }
                    let ink = !texts.is_empty();
                    // A link's area is its ink: a space alone stays out of it.
                    if end_space && (ink || link.is_none()) {
                        texts.push(" ");
                    }
                    if !texts.is_empty() {
                        let runs = self.run_pieces(&texts, p.face, p.size, cx, baseline, p.color);
                        let ink_w = w;
                        if p.style.code && ink {
                            backgrounds.push(Elem::Fill {
                                rect: Rect {
                                    x: cx - 1.0,
                                    y: baseline - ascent * 0.95,
                                    w: ink_w + 2.0,
                                    h: (ascent + descent) * 0.95,
                                },
                                color: CODE_BG,
                            });
                        }
                        elems.extend(runs.into_iter().map(Elem::Glyphs));
                        if p.link.is_some() && ink {
                            elems.push(Elem::Fill {
                                rect: Rect {
                                    x: cx,
                                    y: baseline + p.size * 0.12,
                                    w: ink_w,
                                    h: 0.5,
                                },
                                color: LINK,
                            });
                        }
                        if p.style.strike && ink {
                            elems.push(Elem::Fill {
                                rect: Rect {
                                    x: cx,
                                    y: baseline - p.size * 0.28,
                                    w: ink_w,
                                    h: 0.6,
                                },
                                color: p.color,
                            });
                        }
                    }
                    cx += w;
                    k = l;
                }
                if !backgrounds.is_empty() {
                    parts.push(Part {
                        owner: Owner::Artifact(ArtifactKind::Layout),
                        elems: backgrounds,
                        link: None,
                    });
                }
                if !elems.is_empty() {
                    let link = link.map(|l| LinkRef {
                        node: seg_owner,
                        md_link: l,
                        rect: Rect {
                            x: seg_x,
                            y: 0.0,
                            w: cx - seg_x,
                            h: ts.leading,
                        },
                    });
                    parts.push(Part {
                        owner: Owner::Node(seg_owner),
                        elems,
                        link,
                    });
                }
                i = j;
            }
            out.push(FlowItem {
                height: ts.leading,
                parts,
                baseline,
                ..FlowItem::default()
            });
        }
        out
    }

    pub(super) fn link_node(&mut self, md_link: usize, parent: NodeId) -> NodeId {
        if let Some(Some(id)) = self.link_nodes.get(md_link) {
            return *id;
        }
        let id = self.node(Role::Link, parent);
        if md_link >= self.link_nodes.len() {
            self.link_nodes.resize(md_link + 1, None);
        }
        self.link_nodes[md_link] = Some(id);
        id
    }

    pub(super) fn paragraph(
        &mut self,
        spans: &[Span],
        ts: &TextStyle,
        x: f32,
        width: f32,
        parent: NodeId,
        space_before: f32,
    ) -> Vec<FlowItem> {
        let p = self.node(Role::P, parent);
        let mut lines = self.inline_lines(spans, ts, x, width, p);
        let n = lines.len();
        if let Some(first) = lines.first_mut() {
            first.space_before = space_before;
        }
        // No orphans (a lone first line at a page bottom) and no widows (a lone last line).
        if n >= 2 {
            lines[0].keep_with_next = true;
            lines[n - 2].keep_with_next = true;
        }
        lines
    }
}
