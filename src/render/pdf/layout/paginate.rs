//! Pagination: places flow items on pages, splits an item that does not fit, repeats
//! table headers, and attaches the role tree in reading order.

use super::style::*;
use super::*;

/// Places flow items on pages and builds the role tree in reading order.
pub(super) struct Paginator<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) pages: Vec<Page>,
    pub(super) links: Vec<LinkArea>,
    pub(super) outline: Vec<OutlineEntry>,
    pub(super) anchors: Vec<Anchor>,
    pub(super) y: f32,
    /// Where the body stops: [`BODY_BOTTOM`], higher when the footer needs more than two
    /// lines.
    pub(super) bottom: f32,
}

impl Paginator<'_> {
    pub(super) fn attach(&mut self, node: NodeId) {
        let mut chain = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            let Some(slot) = self.layout.nodes.get(n) else {
                break;
            };
            if slot.attached {
                break;
            }
            chain.push(n);
            cur = slot.parent;
        }
        for n in chain.into_iter().rev() {
            if let Some(p) = self.layout.nodes[n].parent {
                self.layout.nodes[p].node.children.push(Child::Node(n));
            }
            self.layout.nodes[n].attached = true;
        }
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    pub(super) fn place(&mut self, item: FlowItem, top: f32) {
        let page = self.pages.len() - 1;
        if let Some((level, title)) = item.outline {
            self.outline.push(OutlineEntry {
                level,
                title,
                page,
                y: top,
            });
        }
        if let Some(name) = item.anchor
            && !self.anchors.iter().any(|a| a.name == name)
        {
            self.anchors.push(Anchor { name, page, y: top });
        }
        for part in item.parts {
            let mut elems = part.elems;
            for e in &mut elems {
                shift_elem(e, 0.0, top);
            }
            match part.owner {
                Owner::Artifact(kind) => {
                    if !elems.is_empty() {
                        self.pages[page].items.push(Item::Artifact { kind, elems });
                    }
                }
                Owner::Node(owner) => {
                    self.attach(owner);
                    if let Some(link) = &part.link {
                        let md = &self.layout.md.links;
                        let (url, alt) = md
                            .get(link.md_link)
                            .map(|l| (l.url.clone(), l.alt.clone()))
                            .unwrap_or_default();
                        let mut rect = link.rect;
                        rect.y += top;
                        self.links.push(LinkArea {
                            page,
                            rect,
                            owner: link.node,
                            url,
                            alt,
                            target: None,
                        });
                        let index = self.links.len() - 1;
                        self.layout.nodes[link.node]
                            .node
                            .children
                            .push(Child::Link(index));
                    }
                    let index = self.pages[page].items.len();
                    self.pages[page].items.push(Item::Content { owner, elems });
                    self.layout.nodes[owner]
                        .node
                        .children
                        .push(Child::Content { page, item: index });
                }
            }
        }
    }

    pub(super) fn run(&mut self, mut items: Vec<FlowItem>, repeats: &[FlowItem]) {
        self.new_page();
        let body = self.bottom - MARGIN_TOP;
        for i in 0..items.len() {
            // Placed items are moved out; only the ones after `i` are looked at again.
            let item = std::mem::take(&mut items[i]);
            let at_top = self.y <= MARGIN_TOP;
            let before = if at_top { 0.0 } else { item.space_before };
            let mut fits = self.y + before + item.height <= self.bottom;
            if fits && item.keep_with_next && !at_top {
                // The item and the ones it must stay with.
                let mut need = before + item.height;
                let mut j = i;
                let mut keep = item.keep_with_next;
                while j + 1 < items.len() && keep {
                    j += 1;
                    need += items[j].space_before + items[j].height;
                    keep = items[j].keep_with_next;
                }
                if need <= body * 0.5 && self.y + need > self.bottom {
                    fits = false;
                }
                // Too much to keep whole: the item still never ends a page alone (a table
                // header with a tall first row): the next item, or a line of it when it is
                // taller than a page, comes with it.
                if let Some(next) = items.get(i + 1) {
                    let next_min = if next.height > body {
                        SPLIT_ROOM
                    } else {
                        next.height
                    };
                    if self.y + before + item.height + next.space_before + next_min > self.bottom {
                        fits = false;
                    }
                }
            }
            // An item taller than a page is split anyway: it starts where it is when a few
            // lines of it fit, rather than after a blank page foot.
            let splits_here = item.height > body && self.bottom - (self.y + before) >= SPLIT_ROOM;
            if !fits && !at_top && !splits_here {
                self.new_page();
                if let Some(h) = item.repeat.and_then(|h| repeats.get(h)) {
                    self.place(h.clone(), self.y);
                    self.y += h.height;
                }
            }
            let before = if self.y <= MARGIN_TOP {
                0.0
            } else {
                item.space_before
            };
            let top = self.y + before;
            if top + item.height <= self.bottom {
                self.y = top + item.height;
                self.place(item, top);
                continue;
            }
            // Taller than a whole page (a huge table row): split it between lines.
            let mut rest = item;
            let mut top = top;
            loop {
                let avail = self.bottom - top;
                if rest.height <= avail {
                    self.y = top + rest.height;
                    self.place(rest, top);
                    break;
                }
                let (head, tail) = split_item(&rest, avail);
                self.place(head, top);
                self.new_page();
                if let Some(h) = rest.repeat.and_then(|h| repeats.get(h)) {
                    self.place(h.clone(), self.y);
                    self.y += h.height;
                }
                top = self.y;
                rest = tail;
            }
        }
    }
}

/// The least room in which an item taller than a page starts (two lines of text).
const SPLIT_ROOM: f32 = 2.0 * BODY_LEADING;

/// Splits a flow item at a line boundary at or above `avail` (relative to its top).
pub(super) fn split_item(item: &FlowItem, avail: f32) -> (FlowItem, FlowItem) {
    let cut = cut_line(item, avail);
    let mut head = FlowItem {
        height: cut,
        outline: item.outline.clone(),
        anchor: item.anchor.clone(),
        repeat: item.repeat,
        baseline: item.baseline,
        ..FlowItem::default()
    };
    let mut tail = FlowItem {
        height: (item.height - cut).max(0.0),
        keep_with_next: item.keep_with_next,
        repeat: item.repeat,
        ..FlowItem::default()
    };
    for part in &item.parts {
        let (h, t) = split_part(part, cut);
        for (p, target) in [(h, &mut head), (t, &mut tail)] {
            if !p.elems.is_empty() {
                target.parts.push(p);
            }
        }
    }
    (head, tail)
}

/// Where to cut `item`: the lowest line top that fits in `avail`, provided no line
/// straddles it; else `avail` itself.
fn cut_line(item: &FlowItem, avail: f32) -> f32 {
    let extent = |run: &GlyphRun| (run.y - run.size * 0.95, run.y + run.size * 0.35);
    let runs: Vec<(f32, f32)> = item
        .parts
        .iter()
        .flat_map(|p| p.elems.iter())
        .filter_map(|e| match e {
            Elem::Glyphs(run) => Some(extent(run)),
            Elem::Fill { .. } => None,
        })
        .collect();
    let cut = runs
        .iter()
        .map(|(top, _)| *top)
        .filter(|t| *t <= avail && *t > 1.0)
        .fold(0.0f32, f32::max);
    let straddles = |c: f32| runs.iter().any(|(t, b)| *t < c - 0.01 && *b > c + 0.01);
    if cut <= 1.0 || straddles(cut) {
        avail.max(1.0)
    } else {
        cut
    }
}

/// One part cut at `cut`: what lies above stays, what lies below moves up by `cut` (a
/// fill across the cut is split in two; a link goes with its middle).
fn split_part(part: &Part, cut: f32) -> (Part, Part) {
    let mut h = Part {
        owner: part.owner,
        elems: Vec::new(),
        link: None,
    };
    let mut t = h.clone();
    let below = |e: &Elem| {
        let mut e = e.clone();
        shift_elem(&mut e, 0.0, -cut);
        e
    };
    for e in &part.elems {
        match e {
            Elem::Glyphs(run) if run.y < cut => h.elems.push(e.clone()),
            Elem::Glyphs(_) => t.elems.push(below(e)),
            Elem::Fill { rect, .. } if rect.y + rect.h <= cut => h.elems.push(e.clone()),
            Elem::Fill { rect, .. } if rect.y >= cut => t.elems.push(below(e)),
            Elem::Fill { rect, color } => {
                h.elems.push(Elem::Fill {
                    rect: Rect {
                        h: cut - rect.y,
                        ..*rect
                    },
                    color: *color,
                });
                t.elems.push(Elem::Fill {
                    rect: Rect {
                        y: 0.0,
                        h: rect.y + rect.h - cut,
                        ..*rect
                    },
                    color: *color,
                });
            }
        }
    }
    if let Some(link) = &part.link {
        if link.rect.y + link.rect.h / 2.0 < cut {
            h.link = Some(link.clone());
        } else {
            let mut l = link.clone();
            l.rect.y -= cut;
            t.link = Some(l);
        }
    }
    (h, t)
}
