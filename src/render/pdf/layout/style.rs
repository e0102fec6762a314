//! Page geometry, colours, sizes and the text styles of blocks and headings.

use super::{Face, Rgb, Style};

/// A4 portrait, in points.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;
/// Margins of the text area (35 mm left and right, 20 mm top): with the body at 11 pt, a
/// line holds about 85-90 characters, a comfortable measure (it was 110-117 at 22 mm).
pub const MARGIN_LEFT: f32 = 99.21;
pub const MARGIN_RIGHT: f32 = 99.21;
pub const MARGIN_TOP: f32 = 56.69;
/// Body text stops 27 mm above the bottom edge; the footer lives below it.
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 76.54;
/// Nothing, footer included, is drawn within 10 mm of the bottom edge (a test checks it).
pub const MARGIN_BOTTOM: f32 = 28.35;

pub(super) const BODY_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

pub(super) const TEXT: Rgb = Rgb(26, 26, 26);
pub(super) const MUTED: Rgb = Rgb(77, 77, 77);
pub(super) const HEADING: Rgb = Rgb(0, 51, 102);
pub(super) const LINK: Rgb = Rgb(0, 82, 155);
pub(super) const RULE: Rgb = Rgb(160, 160, 160);
pub(super) const LIGHT_RULE: Rgb = Rgb(205, 205, 205);
pub(super) const HEADER_BG: Rgb = Rgb(228, 234, 242);
pub(super) const CODE_BG: Rgb = Rgb(236, 236, 236);

pub(super) const BODY_SIZE: f32 = 11.0;
pub(super) const BODY_LEADING: f32 = 15.5;
pub(super) const PARA_GAP: f32 = 6.0;
pub(super) const LIST_INDENT: f32 = 16.0;
pub(super) const QUOTE_INDENT: f32 = 14.0;
/// Nested lists and quotes indent no further than this: the text keeps 40% of the measure
/// at any depth (deeper levels then stand at the same place, their labels still shown).
pub(super) const MIN_NEST_WIDTH: f32 = BODY_WIDTH * 0.4;

/// The indent a nested block may take out of `width`: `indent`, less what would leave the
/// text narrower than [`MIN_NEST_WIDTH`].
pub(super) fn nest_indent(width: f32, indent: f32) -> f32 {
    indent.min((width - MIN_NEST_WIDTH).max(0.0))
}
pub(super) const TABLE_SIZE: f32 = 9.5;
pub(super) const TABLE_LEADING: f32 = 13.0;
pub(super) const CELL_PAD_X: f32 = 4.0;
pub(super) const CELL_PAD_Y: f32 = 3.5;
pub(super) const FOOTER_SIZE: f32 = 8.0;
pub(super) const FINGERPRINT_SIZE: f32 = 6.5;
pub(super) const FOOTER_LEADING: f32 = 10.0;
/// The most room the footer may take from the body beyond its two lines (ten more lines).
pub(super) const FOOTER_MAX_EXTRA: f32 = 10.0 * FOOTER_LEADING;

/// The text style of a block: faces for plain / bold / italic text, size, leading, colour.
#[derive(Clone, Copy)]
pub(super) struct TextStyle {
    pub(super) plain: Face,
    pub(super) bold: Face,
    pub(super) italic: Face,
    pub(super) size: f32,
    pub(super) leading: f32,
    pub(super) color: Rgb,
}

pub(super) const BODY: TextStyle = TextStyle {
    plain: Face::Regular,
    bold: Face::Bold,
    italic: Face::Italic,
    size: BODY_SIZE,
    leading: BODY_LEADING,
    color: TEXT,
};

pub(super) fn heading_style(level: u8) -> (TextStyle, f32, f32) {
    // (style, space before, space after)
    let (face, size, leading, before, after) = match level {
        1 => (Face::Bold, 22.0, 27.0, 22.0, 6.0),
        2 => (Face::SemiBold, 15.0, 19.0, 16.0, 4.0),
        3 => (Face::SemiBold, 12.5, 16.0, 12.0, 3.0),
        _ => (Face::Bold, 11.0, 15.0, 10.0, 2.0),
    };
    (
        TextStyle {
            plain: face,
            bold: Face::Bold,
            italic: if face == Face::Bold {
                Face::Bold
            } else {
                Face::Italic
            },
            size,
            leading,
            color: HEADING,
        },
        before,
        after,
    )
}

/// Code is set smaller than the text around it: the monospace face is wider and taller.
pub(super) const CODE_SCALE: f32 = 0.88;

pub(super) fn face_for(ts: &TextStyle, style: Style) -> Face {
    if style.code {
        Face::Mono
    } else if style.bold {
        ts.bold
    } else if style.italic {
        ts.italic
    } else {
        ts.plain
    }
}
