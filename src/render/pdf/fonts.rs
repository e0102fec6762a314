//! The embedded typeface (Titillium Web, SIL OFL 1.1) and its metrics.
//!
//! Widths come from the font's own `hmtx` table (read with `skrifa`), so the layout measures
//! exactly what the writers draw. One character maps to one glyph (no shaping: Latin text,
//! no ligatures), which keeps the glyph runs identical for every writer.

use std::collections::HashMap;
use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
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
        let cmap = font
            .charmap()
            .mappings()
            .filter_map(|(cp, gid)| {
                let ch = char::from_u32(cp)?;
                let gid = u16::try_from(gid.to_u32()).ok()?;
                Some((ch, gid))
            })
            .collect();
        Some(FaceMetrics {
            cmap,
            advances,
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

    /// Width in em of a string; characters without a glyph are measured as their replacement.
    pub fn width_em(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph_or_replacement(c)))
            .sum()
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
