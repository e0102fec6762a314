//! Tagged PDF through krilla 0.8: PDF/A-2a + PDF/UA-1 (default) or PDF/A-2b.
//!
//! Every content item of the display document becomes a marked-content sequence whose
//! identifier is placed in the tag tree under its role; artifacts are marked as such; links
//! become tagged link annotations with alt text; headings feed a nested outline.

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, Validator};
use krilla::destination::{Destination, NamedDestination, XyzDestination};
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node as TagNode,
    TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use super::display::{ArtifactKind, Child, DisplayDocument, Elem, Item, OutlineEntry, Rgb, Role};
use super::fonts::Face;
use super::{DisplayWriter, PdfError, PdfStandard};

pub struct KrillaWriter {
    pub standard: PdfStandard,
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn draw_elems(surface: &mut Surface<'_>, elems: &[Elem], fonts: &[Font]) {
    for e in elems {
        match e {
            Elem::Glyphs(run) => {
                let Some(font) = fonts.get(run.face.index()) else {
                    continue;
                };
                let glyphs: Vec<KrillaGlyph> = run
                    .glyphs
                    .iter()
                    .map(|g| KrillaGlyph {
                        glyph_id: GlyphId::new(u32::from(g.gid)),
                        text_range: g.start..g.end,
                        x_advance: g.advance,
                        x_offset: 0.0,
                        y_offset: 0.0,
                        y_advance: 0.0,
                        location: None,
                    })
                    .collect();
                surface.set_fill(Some(fill(run.color)));
                surface.draw_glyphs(
                    Point::from_xy(run.x, run.y),
                    &glyphs,
                    font.clone(),
                    &run.text,
                    run.size,
                    false,
                );
            }
            Elem::Fill { rect, color } => {
                let Some(r) = krilla::geom::Rect::from_xywh(rect.x, rect.y, rect.w, rect.h) else {
                    continue;
                };
                let mut pb = PathBuilder::new();
                pb.push_rect(r);
                if let Some(path) = pb.finish() {
                    surface.set_fill(Some(fill(*color)));
                    surface.draw_path(&path);
                }
            }
        }
    }
}

fn artifact_type(kind: ArtifactKind) -> ArtifactType {
    match kind {
        // Header/Footer subtypes need PDF 2.0; in 1.7 they are pagination artifacts.
        ArtifactKind::Footer | ArtifactKind::PageNumber | ArtifactKind::Pagination => {
            ArtifactType::PaginationOther
        }
        ArtifactKind::Layout => ArtifactType::Layout,
    }
}

fn tag_for(role: &Role) -> Option<TagKind> {
    Some(match role {
        Role::Document => return None,
        Role::H { level, title } => {
            let level = NonZeroU16::new(u16::from(*level)).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, Some(title.clone())).into()
        }
        Role::P => Tag::P.into(),
        Role::L { ordered } => Tag::L(if *ordered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        Role::LI => Tag::LI.into(),
        Role::Lbl => Tag::Lbl.into(),
        Role::LBody => Tag::LBody.into(),
        Role::Table => Tag::Table.into(),
        Role::THead => Tag::THead.into(),
        Role::TBody => Tag::TBody.into(),
        Role::TR => Tag::TR.into(),
        Role::TH => Tag::TH(TableHeaderScope::Column).into(),
        Role::TD => Tag::TD.into(),
        Role::Link => Tag::Link.into(),
        Role::BlockQuote => Tag::BlockQuote.into(),
    })
}

struct Ids {
    content: BTreeMap<(usize, usize), Identifier>,
    links: BTreeMap<usize, Identifier>,
}

fn build_children(doc: &DisplayDocument, node: usize, ids: &mut Ids, depth: usize) -> Vec<TagNode> {
    let mut out = Vec::new();
    let Some(n) = doc.nodes.get(node) else {
        return out;
    };
    if depth > 256 {
        return out;
    }
    for child in &n.children {
        match child {
            Child::Node(c) => {
                let Some(cn) = doc.nodes.get(*c) else {
                    continue;
                };
                let kids = build_children(doc, *c, ids, depth + 1);
                if kids.is_empty() {
                    continue;
                }
                match tag_for(&cn.role) {
                    Some(tag) => out.push(TagGroup::with_children(tag, kids).into()),
                    None => out.extend(kids),
                }
            }
            Child::Content { page, item } => {
                if let Some(id) = ids.content.remove(&(*page, *item)) {
                    out.push(id.into());
                }
            }
            Child::Link(index) => {
                if let Some(id) = ids.links.remove(index) {
                    out.push(id.into());
                }
            }
        }
    }
    out
}

fn outline(entries: &[OutlineEntry]) -> Outline {
    // Build nested nodes from levels with an explicit stack of open nodes.
    let mut root = Outline::new();
    let mut stack: Vec<(u8, OutlineNode)> = Vec::new();
    fn close(stack: &mut Vec<(u8, OutlineNode)>, root: &mut Outline) {
        if let Some((_, node)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => root.push_child(node),
            }
        }
    }
    for e in entries {
        while stack.last().is_some_and(|(lvl, _)| *lvl >= e.level) {
            close(&mut stack, &mut root);
        }
        let node = OutlineNode::new(
            e.title.clone(),
            XyzDestination::new(e.page, Point::from_xy(0.0, e.y)),
        );
        stack.push((e.level, node));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut root);
    }
    root
}

impl DisplayWriter for KrillaWriter {
    fn write(&self, doc: &DisplayDocument) -> Result<Vec<u8>, PdfError> {
        let builder = ConfigurationBuilder::new();
        let builder = match self.standard {
            PdfStandard::A2b => builder.set_validator(Validator::A(Archival::A2_B)),
            _ => builder
                .with_archival_validator(Archival::A2_A)
                .with_accessibility_validator(Accessibility::UA1),
        };
        let configuration = builder
            .finish()
            .map_err(|e| PdfError::Writer(format!("{e:?}")))?;
        let settings = SerializeSettings {
            configuration,
            enable_tagging: true,
            // The packer compresses content streams at a faster level than krilla's 6.
            compress_content_streams: false,
            ..SerializeSettings::default()
        };
        let mut document = Document::new_with(settings);

        let mut fonts = Vec::new();
        for face in Face::ALL {
            fonts.push(Font::new(face.data().into(), 0).ok_or(PdfError::Font)?);
        }

        let mut ids = Ids {
            content: BTreeMap::new(),
            links: BTreeMap::new(),
        };
        for (index, page) in doc.pages.iter().enumerate() {
            let size = PageSettings::from_wh(doc.width, doc.height)
                .ok_or_else(|| PdfError::Writer("invalid page size".into()))?;
            let mut p = document.start_page_with(size);
            {
                let mut surface = p.surface();
                for (i, item) in page.items.iter().enumerate() {
                    match item {
                        Item::Content { elems, .. } => {
                            let id = surface.start_tagged(ContentTag::Other);
                            draw_elems(&mut surface, elems, &fonts);
                            surface.end_tagged();
                            ids.content.insert((index, i), id);
                        }
                        Item::Artifact { kind, elems } => {
                            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                                artifact_type(*kind),
                            )));
                            draw_elems(&mut surface, elems, &fonts);
                            surface.end_tagged();
                        }
                    }
                }
                surface.finish();
            }
            for (li, link) in doc
                .links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.page == index)
            {
                let Some(rect) = krilla::geom::Rect::from_xywh(
                    link.rect.x,
                    link.rect.y,
                    link.rect.w,
                    link.rect.h,
                ) else {
                    continue;
                };
                let annot = Annotation::new_link(
                    LinkAnnotation::new(
                        rect,
                        match link.target.and_then(|t| doc.anchors.get(t)) {
                            Some(a) => Target::Destination(Destination::Xyz(XyzDestination::new(
                                a.page,
                                Point::from_xy(0.0, a.y),
                            ))),
                            None => Target::Action(Action::Link(LinkAction::new(link.url.clone()))),
                        },
                    ),
                    Some(link.alt.clone()),
                );
                let id = p.add_tagged_annotation(annot);
                ids.links.insert(li, id);
            }
            p.finish();
        }

        let mut tree = TagTree::new().with_lang(Some(doc.info.lang.clone()));
        for child in build_children(doc, 0, &mut ids, 0) {
            tree.push(child);
        }
        document.set_tag_tree(tree);
        document.set_outline(outline(&doc.outline));
        for a in &doc.anchors {
            document
                .register_named_destination(NamedDestination::new(
                    a.name.clone(),
                    XyzDestination::new(a.page, Point::from_xy(0.0, a.y)),
                ))
                .ok_or_else(|| PdfError::Writer(format!("anchor {} given twice", a.name)))?;
        }

        let info = &doc.info;
        let (y, m, d) = info.date;
        let mut keywords = info.keywords.clone();
        if let Some(fp) = &info.fingerprint {
            keywords.push(format!("sha256:{fp}"));
        }
        let mut metadata = Metadata::new()
            .title(info.title.clone())
            .language(info.lang.clone())
            .creator("smpolicy".to_string())
            .producer("smpolicy (krilla)".to_string())
            .creation_date(
                DateTime::new(y)
                    .month(m)
                    .day(d)
                    .hour(0)
                    .minute(0)
                    .second(0)
                    .utc_offset_hour(0)
                    .utc_offset_minute(0),
            );
        if !info.author.is_empty() {
            metadata = metadata.authors(vec![info.author.clone()]);
        }
        if !info.subject.is_empty() {
            metadata = metadata.description(info.subject.clone());
        }
        if !keywords.is_empty() {
            metadata = metadata.keywords(keywords);
        }
        if let Some(fp) = &info.fingerprint {
            metadata = metadata.document_id(fp.clone());
        }
        document.set_metadata(metadata);

        document.finish().map_err(|e| match e {
            krilla::error::KrillaError::Validation(errors) => PdfError::Validation {
                standard: self.standard.to_string(),
                details: errors
                    .iter()
                    .map(|(e, _)| format!("{e:?}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            },
            other => PdfError::Writer(format!("{other:?}")),
        })
    }
}
