//! The embedded typeface (Titillium Web, SIL OFL 1.1) and its metrics.
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
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Italic, Face::SemiBold, Face::Bold];

    pub fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Italic => 1,
            Face::SemiBold => 2,
            Face::Bold => 3,
        }
    }

    /// PostScript name of the face, used for the embedded font's /BaseFont.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "TitilliumWeb-Regular",
            Face::Italic => "TitilliumWeb-Italic",
            Face::SemiBold => "TitilliumWeb-SemiBold",
            Face::Bold => "TitilliumWeb-Bold",
        }
    }

    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Italic => ITALIC,
            Face::SemiBold => SEMIBOLD,
            Face::Bold => BOLD,
        }
    }
}

static REGULAR: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-Regular.ttf");
static ITALIC: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-Italic.ttf");
static SEMIBOLD: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-SemiBold.ttf");
static BOLD: &[u8] = include_bytes!("../../../fonts/titillium-web/TitilliumWeb-Bold.ttf");

/// Metrics of one face: character to glyph, advances in em, vertical metrics in em.
pub struct FaceMetrics {
    cmap: HashMap<char, u16>,
    advances: Vec<f32>,
    /// Pair kerning from GPOS (in em), for the glyphs of Latin text.
    kerning: Kerning,
    pub ascent: f32,
    pub descent: f32,
}

impl FaceMetrics {
    fn load(data: &[u8]) -> Option<FaceMetrics> {
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
        let kerning = pair_kerning(&font, &latin, upem);
        Some(FaceMetrics {
            cmap,
            advances,
            kerning,
            ascent: metrics.ascent / upem,
            descent: metrics.descent / upem,
        })
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, ch: char) -> Option<u16> {
        self.cmap.get(&ch).copied().filter(|g| *g != 0)
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
        self.glyph(self.drawn_char(ch)).unwrap_or_default()
    }
}

/// Pair kerning from the GPOS pair-positioning lookups, kept in the font's own shape:
/// explicit pairs (format 1) and class matrices (format 2). Expanding the class matrices
/// into every pair of Latin glyphs costs tens of milliseconds per process; a lookup in the
/// matrices costs two hash lookups.
#[derive(Default)]
pub struct Kerning {
    subtables: Vec<KernSubtable>,
}

enum KernSubtable {
    Pairs(HashMap<(u16, u16), f32>),
    Classes {
        /// Class of each covered first glyph (Latin glyphs only).
        first: HashMap<u16, u16>,
        /// Class of each candidate second glyph (Latin glyphs only).
        second: HashMap<u16, u16>,
        class2_count: usize,
        /// x-advance adjustment in em, indexed by `class1 * class2_count + class2`.
        dx: Vec<f32>,
    },
}

impl Kerning {
    /// The adjustment of the first subtable, in lookup order, that has a non-zero one.
    pub fn get(&self, left: u16, right: u16) -> f32 {
        for sub in &self.subtables {
            let v = match sub {
                KernSubtable::Pairs(p) => p.get(&(left, right)).copied().unwrap_or(0.0),
                KernSubtable::Classes {
                    first,
                    second,
                    class2_count,
                    dx,
                } => match (first.get(&left), second.get(&right)) {
                    (Some(c1), Some(c2)) => dx
                        .get(usize::from(*c1) * class2_count + usize::from(*c2))
                        .copied()
                        .unwrap_or(0.0),
                    _ => 0.0,
                },
            };
            if v != 0.0 {
                return v;
            }
        }
        0.0
    }
}

/// Reads the GPOS pair-positioning lookups, for pairs of glyphs in `glyphs`.
fn pair_kerning(font: &FontRef<'_>, glyphs: &BTreeSet<u16>, upem: f32) -> Kerning {
    let mut out = Kerning::default();
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
            match subtable {
                PairPos::Format1(f) => {
                    let Ok(coverage) = f.coverage() else {
                        continue;
                    };
                    let mut pairs = HashMap::new();
                    let sets = f.pair_sets();
                    for (index, first) in coverage.iter().enumerate() {
                        let first = first.to_u16();
                        if !glyphs.contains(&first) {
                            continue;
                        }
                        let Ok(set) = sets.get(index) else {
                            continue;
                        };
                        for rec in set.pair_value_records().iter().flatten() {
                            let second = rec.second_glyph().to_u16();
                            let dx = rec.value_record1().x_advance().unwrap_or(0);
                            if dx != 0 && glyphs.contains(&second) {
                                pairs.entry((first, second)).or_insert(f32::from(dx) / upem);
                            }
                        }
                    }
                    out.subtables.push(KernSubtable::Pairs(pairs));
                }
                PairPos::Format2(f) => {
                    let (Ok(coverage), Ok(cd1), Ok(cd2)) =
                        (f.coverage(), f.class_def1(), f.class_def2())
                    else {
                        continue;
                    };
                    let first: HashMap<u16, u16> = coverage
                        .iter()
                        .map(|g| g.to_u16())
                        .filter(|g| glyphs.contains(g))
                        .map(|g| (g, cd1.get(skrifa::GlyphId16::new(g))))
                        .collect();
                    let second: HashMap<u16, u16> = glyphs
                        .iter()
                        .map(|g| (*g, cd2.get(skrifa::GlyphId16::new(*g))))
                        .collect();
                    let class1_count = usize::from(f.class1_count());
                    let class2_count = usize::from(f.class2_count());
                    let records = f.class1_records();
                    let mut dx = vec![0.0; class1_count * class2_count];
                    for c1 in first.values().copied().collect::<BTreeSet<u16>>() {
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
                                *slot = f32::from(v) / upem;
                            }
                        }
                    }
                    out.subtables.push(KernSubtable::Classes {
                        first,
                        second,
                        class2_count,
                        dx,
                    });
                }
            }
        }
    }
    out
}

static METRICS: OnceLock<Option<[FaceMetrics; 4]>> = OnceLock::new();

/// Metrics of all four faces, parsed once (read-only afterwards, so safe across threads and
/// without influence on the output bytes).
pub fn metrics() -> Option<&'static [FaceMetrics; 4]> {
    METRICS
        .get_or_init(|| {
            let r = FaceMetrics::load(REGULAR)?;
            let i = FaceMetrics::load(ITALIC)?;
            let s = FaceMetrics::load(SEMIBOLD)?;
            let b = FaceMetrics::load(BOLD)?;
            Some([r, i, s, b])
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_tightens_the_usual_pairs() {
        let Some(all) = metrics() else {
            panic!("fonts do not parse");
        };
        for m in all {
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

    #[test]
    fn every_face_has_the_italian_and_typographic_characters() {
        let Some(all) = metrics() else {
            panic!("fonts do not parse");
        };
        for (face, m) in Face::ALL.iter().zip(all.iter()) {
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
