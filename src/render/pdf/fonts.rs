//! The embedded typefaces and their metrics: Titillium Web (SIL OFL 1.1) for the text, and
//! a fallback face, DejaVu Sans cut down to Greek, Cyrillic, combining marks and common
//! symbols (Bitstream Vera licence, `fonts/dejavu/`), for the characters Titillium lacks;
//! and DejaVu Sans Mono, cut down to Latin and punctuation, for code.
//!
//! Widths come from the font's own `hmtx` table (read with `skrifa`), so the layout measures
//! exactly what the writers draw. One character maps to one glyph (no shaping: Latin text,
//! no ligatures), which keeps the glyph runs identical for every writer.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::raw::tables::gpos::{PairPos, PositionSubtables};
use skrifa::{FontRef, MetadataProvider};

/// The four faces the layout uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Italic,
    SemiBold,
    Bold,
    /// The fallback face: characters no Titillium face has (Greek, Cyrillic, symbols).
    Fallback,
    /// The monospace face of code: DejaVu Sans Mono, cut down to Latin and punctuation.
    Mono,
}

/// How many faces there are.
pub const FACES: usize = 6;

impl Face {
    pub const ALL: [Face; FACES] = [
        Face::Regular,
        Face::Italic,
        Face::SemiBold,
        Face::Bold,
        Face::Fallback,
        Face::Mono,
    ];

    pub fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Italic => 1,
            Face::SemiBold => 2,
            Face::Bold => 3,
            Face::Fallback => 4,
            Face::Mono => 5,
        }
    }

    /// The face's name in a page's /Font resources.
    pub fn resource_name(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Italic => "F2",
            Face::SemiBold => "F3",
            Face::Bold => "F4",
            Face::Fallback => "F5",
            Face::Mono => "F6",
        }
    }

    /// PostScript name of the face, used for the embedded font's /BaseFont.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "TitilliumWeb-Regular",
            Face::Italic => "TitilliumWeb-Italic",
            Face::SemiBold => "TitilliumWeb-SemiBold",
            Face::Bold => "TitilliumWeb-Bold",
            Face::Fallback => "DejaVuSans",
            Face::Mono => "DejaVuSansMono",
        }
    }

    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Italic => ITALIC,
            Face::SemiBold => SEMIBOLD,
            Face::Bold => BOLD,
            Face::Fallback => FALLBACK,
            Face::Mono => MONO,
        }
    }
}

static REGULAR: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-Regular.ttf");
static ITALIC: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-Italic.ttf");
static SEMIBOLD: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-SemiBold.ttf");
static BOLD: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-Bold.ttf");
static FALLBACK: &[u8] = include_bytes!("../../../fonts/dejavu/DejaVuSans-Fallback.ttf");
static MONO: &[u8] = include_bytes!("../../../fonts/dejavu/DejaVuSansMono-Subset.ttf");

/// Metrics of one face: character to glyph, advances in em, vertical metrics in em.
pub struct FaceMetrics {
    cmap: HashMap<char, u16>,
    /// The same mapping for the first code points (Latin, punctuation, €), as an array:
    /// the layout asks for a glyph for every character it measures.
    cmap_dense: Vec<u16>,
    advances: Vec<f32>,
    /// Pair kerning from GPOS (in em), for the glyphs of Latin text.
    kerning: Kerning,
    pub ascent: f32,
    pub descent: f32,
    /// Whether the face has a glyph for every printable ASCII character (the layout then
    /// draws ASCII text in it without asking character by character).
    pub printable_ascii: bool,
}

impl FaceMetrics {
    fn load(data: &[u8], kern: bool) -> Option<FaceMetrics> {
        let font = FontRef::new(data).ok()?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let upem = f32::from(metrics.units_per_em.max(1));
        let glyph_metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let count = glyph_metrics.glyph_count();
        let advances = (0..count)
            .map(|g| {
                glyph_metrics
                    .advance_width(skrifa::GlyphId::new(g))
                    .unwrap_or(0.0)
                    / upem
            })
            .collect();
        let cmap: HashMap<char, u16> = font
            .charmap()
            .mappings()
            .filter_map(|(cp, gid)| {
                let ch = char::from_u32(cp)?;
                let gid = u16::try_from(gid.to_u32()).ok()?;
                Some((ch, gid))
            })
            .collect();
        // Kerning only among the glyphs of Latin text and punctuation, to keep the table small.
        let latin: BTreeSet<u16> = cmap
            .iter()
            .filter(|(c, _)| matches!(**c as u32, 0x20..=0x24F | 0x2010..=0x20CF))
            .map(|(_, g)| *g)
            .collect();
        // The fallback face draws no Latin text (Titillium has it): no kerning table.
        let mut kerning = if kern {
            pair_kerning(
                &font,
                &latin,
                latin.last().map_or(0, |g| usize::from(*g) + 1),
                upem,
            )
        } else {
            Kerning::default()
        };
        // Titillium kerns "//" so tight that the two slashes of a web address read as one:
        // the pairs of [`UNKERNED`] are set as they are.
        for (a, b) in UNKERNED {
            if let (Some(l), Some(r)) = (cmap.get(&a), cmap.get(&b)) {
                kerning.unkern(*l, *r);
            }
        }
        let mut cmap_dense = vec![0u16; DENSE_CHARS];
        for (ch, gid) in &cmap {
            if let Some(slot) = cmap_dense.get_mut(*ch as usize) {
                *slot = *gid;
            }
        }
        let printable_ascii = (0x20u8..0x7f).all(|b| cmap_dense[usize::from(b)] != 0);
        Some(FaceMetrics {
            printable_ascii,
            cmap_dense,
            cmap,
            advances,
            kerning,
            ascent: metrics.ascent / upem,
            descent: metrics.descent / upem,
        })
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, ch: char) -> Option<u16> {
        match self.cmap_dense.get(ch as usize) {
            Some(g) => Some(*g),
            None => self.cmap.get(&ch).copied(),
        }
        .filter(|g| *g != 0)
    }

    /// Advance of a glyph in em.
    pub fn advance(&self, gid: u16) -> f32 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0.0)
    }

    /// Kerning between two glyphs, in em (negative: closer).
    pub fn kern(&self, left: u16, right: u16) -> f32 {
        self.kerning.get(left, right)
    }

    /// Width in em of a string, kerned; characters without a glyph are measured as their
    /// replacement.
    pub fn width_em(&self, text: &str) -> f32 {
        let mut w = 0.0;
        let mut prev: Option<u16> = None;
        for c in text.chars() {
            let g = self.glyph_or_replacement(c);
            if let Some(p) = prev {
                w += self.kern(p, g);
            }
            w += self.advance(g);
            prev = Some(g);
        }
        w
    }

    /// The character actually drawn for `ch`: itself when the face has it, else its nearest
    /// plain cousin (a space for spaces, a hyphen for dashes) or `?`.
    pub fn drawn_char(&self, ch: char) -> char {
        if self.glyph(ch).is_some() {
            ch
        } else if ch.is_whitespace() {
            ' '
        } else if matches!(ch, '\u{2010}'..='\u{2015}' | '\u{2212}') {
            '-'
        } else {
            '?'
        }
    }

    /// The glyph drawn for a character (see [`FaceMetrics::drawn_char`]).
    pub fn glyph_or_replacement(&self, ch: char) -> u16 {
        self.drawn(ch).1
    }

    /// The character drawn for `ch` and its glyph (one lookup when the face has it).
    pub fn drawn(&self, ch: char) -> (char, u16) {
        match self.glyph(ch) {
            Some(g) => (ch, g),
            None => {
                let d = self.drawn_char(ch);
                (d, self.glyph(d).unwrap_or_default())
            }
        }
    }
}

/// Pair kerning from the GPOS pair-positioning lookups (explicit pairs and class matrices),
/// flattened when the font is loaded into one table over the glyphs of Latin text: the
/// layout asks for a pair at every character it measures, and a lookup is one index.
#[derive(Default)]
pub struct Kerning {
    /// Every pair of glyphs, `left * glyphs + right`, in font units: the value of the first
    /// subtable (in lookup order) that has a non-zero one for the pair.
    dense: Vec<i16>,
    glyphs: usize,
    upem: f32,
}

/// Pairs of characters never kerned: "//" (in web addresses) would draw as one slash.
pub const UNKERNED: [(char, char); 1] = [('/', '/')];

/// Code points below this have their glyph in an array.
const DENSE_CHARS: usize = 0x2200;

/// No class: the glyph is not covered (or not a Latin glyph).
const NO_CLASS: u16 = u16::MAX;

#[cfg(test)]
fn class_of(classes: &[u16], gid: u16) -> Option<u16> {
    classes
        .get(usize::from(gid))
        .copied()
        .filter(|c| *c != NO_CLASS)
}

enum KernSubtable {
    /// Explicit pairs (left, right, adjustment in font units), in the font's order; a pair
    /// listed twice counts with its first value.
    Pairs(Vec<(u16, u16, i16)>),
    Classes {
        /// Class of each covered first glyph, indexed by glyph id (Latin glyphs only).
        first: Vec<u16>,
        /// Class of each candidate second glyph, indexed by glyph id (Latin glyphs only).
        second: Vec<u16>,
        class2_count: usize,
        /// x-advance adjustment in font units, indexed by `class1 * class2_count + class2`.
        dx: Vec<i16>,
    },
}

impl Kerning {
    /// The adjustment of the first subtable, in lookup order, that has a non-zero one.
    pub fn get(&self, left: u16, right: u16) -> f32 {
        let (l, r) = (usize::from(left), usize::from(right));
        if l >= self.glyphs || r >= self.glyphs {
            return 0.0;
        }
        match self.dense.get(l * self.glyphs + r) {
            Some(v) if *v != 0 => f32::from(*v) / self.upem,
            _ => 0.0,
        }
    }

    /// Drops the pair `left right`: drawn as the characters are, with no adjustment.
    fn unkern(&mut self, left: u16, right: u16) {
        let (l, r) = (usize::from(left), usize::from(right));
        if l < self.glyphs
            && r < self.glyphs
            && let Some(v) = self.dense.get_mut(l * self.glyphs + r)
        {
            *v = 0;
        }
    }

    /// Flattens the subtables into one table: a few hundred glyphs make a table of a few
    /// hundred kilobytes, read with one index per pair where a walk through the subtables
    /// costs a lookup in each.
    fn flatten(subtables: &[KernSubtable], glyphs: usize, upem: f32) -> Kerning {
        let mut dense = vec![0i16; glyphs * glyphs];
        for sub in subtables {
            match sub {
                KernSubtable::Pairs(pairs) => {
                    // In order, and only into empty slots: the first value of a pair wins,
                    // within the subtable as across subtables.
                    for (l, r, v) in pairs {
                        let (l, r) = (usize::from(*l), usize::from(*r));
                        if l < glyphs
                            && r < glyphs
                            && let Some(slot) = dense.get_mut(l * glyphs + r)
                            && *slot == 0
                        {
                            *slot = *v;
                        }
                    }
                }
                KernSubtable::Classes {
                    first,
                    second,
                    class2_count,
                    dx,
                } => {
                    let rights: Vec<(usize, usize)> = second
                        .iter()
                        .enumerate()
                        .filter(|(g, c)| **c != NO_CLASS && *g < glyphs)
                        .map(|(g, c)| (g, usize::from(*c)))
                        .collect();
                    for (l, c1) in first.iter().enumerate() {
                        if *c1 == NO_CLASS || l >= glyphs {
                            continue;
                        }
                        let row = usize::from(*c1) * class2_count;
                        for (r, c2) in &rights {
                            let v = dx.get(row + c2).copied().unwrap_or(0);
                            if v != 0
                                && let Some(slot) = dense.get_mut(l * glyphs + r)
                                && *slot == 0
                            {
                                *slot = v;
                            }
                        }
                    }
                }
            }
        }
        Kerning {
            dense,
            glyphs,
            upem,
        }
    }
}

/// Reads the GPOS pair-positioning lookups, for pairs of glyphs in `glyphs`.
fn pair_kerning(font: &FontRef<'_>, glyphs: &BTreeSet<u16>, count: usize, upem: f32) -> Kerning {
    Kerning::flatten(&kern_subtables(font, glyphs), count, upem)
}

/// The pair-positioning subtables of GPOS, in lookup order, for pairs of glyphs in `glyphs`.
fn kern_subtables(font: &FontRef<'_>, glyphs: &BTreeSet<u16>) -> Vec<KernSubtable> {
    let mut out: Vec<KernSubtable> = Vec::new();
    // Membership by index: GPOS lists thousands of pairs to filter.
    let mut wanted = vec![false; glyphs.last().map_or(0, |g| usize::from(*g) + 1)];
    for g in glyphs {
        wanted[usize::from(*g)] = true;
    }
    let wanted = |g: u16| wanted.get(usize::from(g)).copied().unwrap_or(false);
    let Ok(gpos) = font.gpos() else {
        return out;
    };
    let Ok(lookups) = gpos.lookup_list() else {
        return out;
    };
    for lookup in lookups.lookups().iter().flatten() {
        let Ok(PositionSubtables::Pair(subtables)) = lookup.subtables() else {
            continue;
        };
        for subtable in subtables.iter().flatten() {
            let table = match subtable {
                PairPos::Format1(f) => glyph_pairs(&f, &wanted),
                PairPos::Format2(f) => class_pairs(&f, glyphs, &wanted),
            };
            out.extend(table);
        }
    }
    out
}

/// A format 1 subtable: the listed pairs whose glyphs are both wanted.
fn glyph_pairs(
    f: &skrifa::raw::tables::gpos::PairPosFormat1<'_>,
    wanted: &dyn Fn(u16) -> bool,
) -> Option<KernSubtable> {
    let coverage = f.coverage().ok()?;
    let mut pairs = Vec::new();
    let sets = f.pair_sets();
    for (index, first) in coverage.iter().enumerate() {
        let first = first.to_u16();
        if !wanted(first) {
            continue;
        }
        let Ok(set) = sets.get(index) else {
            continue;
        };
        for rec in set.pair_value_records().iter().flatten() {
            let second = rec.second_glyph().to_u16();
            let dx = rec.value_record1().x_advance().unwrap_or(0);
            if dx != 0 && wanted(second) {
                pairs.push((first, second, dx));
            }
        }
    }
    Some(KernSubtable::Pairs(pairs))
}

/// A format 2 subtable: the classes of the wanted glyphs and the adjustment of each pair of
/// classes that a wanted first glyph can start.
fn class_pairs(
    f: &skrifa::raw::tables::gpos::PairPosFormat2<'_>,
    glyphs: &BTreeSet<u16>,
    wanted: &dyn Fn(u16) -> bool,
) -> Option<KernSubtable> {
    let (coverage, cd1, cd2) = (
        f.coverage().ok()?,
        f.class_def1().ok()?,
        f.class_def2().ok()?,
    );
    let size = glyphs.last().map_or(0, |g| usize::from(*g) + 1);
    let mut first = vec![NO_CLASS; size];
    for g in coverage.iter().map(|g| g.to_u16()) {
        if wanted(g)
            && let Some(slot) = first.get_mut(usize::from(g))
        {
            *slot = cd1.get(skrifa::GlyphId16::new(g));
        }
    }
    let mut second = vec![NO_CLASS; size];
    for g in glyphs {
        if let Some(slot) = second.get_mut(usize::from(*g)) {
            *slot = cd2.get(skrifa::GlyphId16::new(*g));
        }
    }
    let class2_count = usize::from(f.class2_count());
    let records = f.class1_records();
    let mut dx = vec![0i16; usize::from(f.class1_count()) * class2_count];
    let classes1: BTreeSet<u16> = first.iter().copied().filter(|c| *c != NO_CLASS).collect();
    for c1 in classes1 {
        let Ok(rec1) = records.get(usize::from(c1)) else {
            continue;
        };
        let class2 = rec1.class2_records();
        for c2 in 0..class2_count {
            let Ok(rec2) = class2.get(c2) else {
                continue;
            };
            let v = rec2.value_record1().x_advance().unwrap_or(0);
            if let Some(slot) = dx.get_mut(usize::from(c1) * class2_count + c2) {
                *slot = v;
            }
        }
    }
    Some(KernSubtable::Classes {
        first,
        second,
        class2_count,
        dx,
    })
}

static METRICS: OnceLock<Option<[FaceMetrics; FACES]>> = OnceLock::new();

/// Metrics of all faces, parsed once (read-only afterwards, so safe across threads and
/// without influence on the output bytes).
pub fn metrics() -> Option<&'static [FaceMetrics; FACES]> {
    METRICS
        .get_or_init(|| {
            let r = FaceMetrics::load(REGULAR, true)?;
            let i = FaceMetrics::load(ITALIC, true)?;
            let s = FaceMetrics::load(SEMIBOLD, true)?;
            let b = FaceMetrics::load(BOLD, true)?;
            let f = FaceMetrics::load(FALLBACK, false)?;
            // Code is set as written: no kerning in the monospace face.
            let m = FaceMetrics::load(MONO, false)?;
            Some([r, i, s, b, f, m])
        })
        .as_ref()
}

/// The face that draws `ch` in text set in `face`: `face` itself when it has the character,
/// else the fallback face when that has it, else `None` (no face can draw it).
pub fn face_for_char(all: &[FaceMetrics; FACES], face: Face, ch: char) -> Option<Face> {
    if all[face.index()].glyph(ch).is_some() {
        Some(face)
    } else if face == Face::Mono && all[Face::Regular.index()].glyph(ch).is_some() {
        // Code with a character the monospace cut lacks: the text face draws it.
        Some(Face::Regular)
    } else if all[Face::Fallback.index()].glyph(ch).is_some() {
        Some(Face::Fallback)
    } else {
        None
    }
}

/// Whether some face can draw `ch` (whitespace and the characters the PDF drops count as
/// drawable: they need no glyph).
pub fn drawable(ch: char) -> bool {
    if ch.is_whitespace() || ch.is_control() || is_invisible(ch) {
        return true;
    }
    static COVERAGE: OnceLock<std::collections::HashSet<char>> = OnceLock::new();
    // The characters of the text face and of the fallback face, read from their cmaps only
    // (`check` needs no metrics).
    COVERAGE
        .get_or_init(|| {
            [REGULAR, FALLBACK]
                .iter()
                .filter_map(|data| FontRef::new(data).ok())
                .flat_map(|font| {
                    font.charmap()
                        .mappings()
                        .filter(|(_, gid)| gid.to_u32() != 0)
                        .filter_map(|(cp, _)| char::from_u32(cp))
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .contains(&ch)
}

/// Characters that draw nothing and are left out of the PDF's text: soft hyphens, zero-width
/// and bidi controls, the byte order mark.
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_tightens_the_usual_pairs() {
        let Some(all) = metrics() else {
            panic!("fonts do not parse");
        };
        for m in all.iter().take(4) {
            let pairs = ["To", "Te", "AV", "Va", "P.", "r."];
            let kerned = pairs.iter().filter(|p| {
                let plain: f32 = p
                    .chars()
                    .map(|c| m.advance(m.glyph_or_replacement(c)))
                    .sum();
                m.width_em(p) < plain - 0.001
            });
            assert!(kerned.count() >= 3, "too few kerned pairs");
        }
    }

    /// The flattened table gives, for every pair of Latin glyphs, what a walk through the
    /// subtables gives: the first non-zero adjustment in lookup order.
    #[test]
    fn flattened_kerning_matches_the_subtables() {
        let Some(all) = metrics() else {
            panic!("fonts do not parse");
        };
        for (face, m) in Face::ALL.iter().zip(all.iter()).take(4) {
            let Ok(font) = FontRef::new(face.data()) else {
                panic!("{face:?} does not parse");
            };
            let upem = f32::from(font.head().map(|h| h.units_per_em()).unwrap_or(1000));
            let latin: BTreeSet<u16> = (0x20u32..=0x24F)
                .chain(0x2010..=0x20CF)
                .filter_map(char::from_u32)
                .filter_map(|c| m.glyph(c))
                .collect();
            let subtables = kern_subtables(&font, &latin);
            // Each pair subtable as a map, keeping the first value of a pair listed twice.
            let pair_maps: Vec<HashMap<(u16, u16), i16>> = subtables
                .iter()
                .map(|sub| {
                    let mut map = HashMap::new();
                    if let KernSubtable::Pairs(p) = sub {
                        for (l, r, v) in p {
                            map.entry((*l, *r)).or_insert(*v);
                        }
                    }
                    map
                })
                .collect();
            let unkerned: Vec<(u16, u16)> = UNKERNED
                .iter()
                .filter_map(|(a, b)| Some((m.glyph(*a)?, m.glyph(*b)?)))
                .collect();
            let walk = |l: u16, r: u16| -> f32 {
                if unkerned.contains(&(l, r)) {
                    return 0.0;
                }
                for (sub, pairs) in subtables.iter().zip(&pair_maps) {
                    let v = match sub {
                        KernSubtable::Pairs(_) => pairs.get(&(l, r)).copied().unwrap_or(0),
                        KernSubtable::Classes {
                            first,
                            second,
                            class2_count,
                            dx,
                        } => match (class_of(first, l), class_of(second, r)) {
                            (Some(c1), Some(c2)) => dx
                                .get(usize::from(c1) * class2_count + usize::from(c2))
                                .copied()
                                .unwrap_or(0),
                            _ => 0,
                        },
                    };
                    if v != 0 {
                        return f32::from(v) / upem;
                    }
                }
                0.0
            };
            let mut kerned = 0;
            for l in &latin {
                for r in &latin {
                    let expected = walk(*l, *r);
                    assert_eq!(
                        m.kern(*l, *r).to_bits(),
                        expected.to_bits(),
                        "{face:?} {l} {r}"
                    );
                    kerned += usize::from(expected != 0.0);
                }
            }
            assert!(kerned > 100, "{face:?}: only {kerned} kerned pairs");
            // "//" is set as two slashes, with the room of two.
            let two = 2.0 * m.advance(m.glyph_or_replacement('/'));
            assert_eq!(
                m.width_em("//").to_bits(),
                two.to_bits(),
                "{face:?} kerns //"
            );
        }
    }

    #[test]
    fn every_face_has_the_italian_and_typographic_characters() {
        let Some(all) = metrics() else {
            panic!("fonts do not parse");
        };
        for (face, m) in Face::ALL.iter().zip(all.iter()).take(4) {
            for ch in "àèéìòùÀÈÉÌÒÙ‘’“”«»€–—…•·°§@ \u{A0}".chars()
            {
                assert!(m.glyph(ch).is_some(), "{face:?} lacks {ch:?}");
                assert!(
                    m.advance(m.glyph_or_replacement(ch)) > 0.0,
                    "{face:?} {ch:?}"
                );
            }
        }
    }
}
