//! Page furniture: the footer with its page number and fingerprint (artifacts).

use super::style::*;
use super::*;

/// The footer text broken into lines, every line of it: as wide as the body less the widest
/// page label the document can have ("Pagina 9999 di 9999"), so the lines are the same on
/// every page and known before the pages are.
pub(super) fn footer_lines(l: &Layout<'_>, footer: &FooterText<'_>) -> Vec<String> {
    let widest = footer
        .page_label
        .replace("{n}", "9999")
        .replace("{N}", "9999");
    let avail = (BODY_WIDTH - l.width(Face::Regular, FOOTER_SIZE, &widest) - 16.0).max(40.0);
    let toks = l.tokens(
        &[Span {
            text: footer.footer.to_string(),
            style: Style::default(),
            link: None,
            hard_break: false,
        }],
        &footer_style(),
    );
    l.break_lines(toks, avail)
        .iter()
        .map(|line| {
            let text: String = line.iter().map(|p| p.text.as_ref()).collect();
            text.trim_end().to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn footer_style() -> TextStyle {
    TextStyle {
        size: FOOTER_SIZE,
        leading: FOOTER_LEADING,
        color: MUTED,
        ..BODY
    }
}

pub(super) fn footer_items(
    l: &Layout<'_>,
    footer: &FooterText<'_>,
    lines: &[String],
    n: usize,
    total: usize,
) -> Vec<Item> {
    let label = footer
        .page_label
        .replace("{n}", &n.to_string())
        .replace("{N}", &total.to_string());
    let label_w = l.width(Face::Regular, FOOTER_SIZE, &label);
    let right = PAGE_WIDTH - MARGIN_RIGHT;
    let base = PAGE_HEIGHT - 44.0;
    let ts = footer_style();
    let mut text_elems = Vec::new();
    // The last line on the base line, the others above it.
    let count = lines.len();
    for (i, text) in lines.iter().enumerate() {
        let y = base - (count - 1 - i) as f32 * ts.leading;
        text_elems.extend(l.run(text, Face::Regular, FOOTER_SIZE, MARGIN_LEFT, y, MUTED));
    }
    let top_rule = base - (count.max(1) - 1) as f32 * ts.leading - 12.0;
    let mut items = vec![Item::Artifact {
        kind: ArtifactKind::Layout,
        elems: vec![Elem::Fill {
            rect: Rect {
                x: MARGIN_LEFT,
                y: top_rule,
                w: BODY_WIDTH,
                h: 0.5,
            },
            color: LIGHT_RULE,
        }],
    }];
    if let Some(fp) = footer.fingerprint {
        text_elems.extend(l.run(
            &format!("SHA-256 {fp}"),
            Face::Regular,
            FINGERPRINT_SIZE,
            MARGIN_LEFT,
            base + 9.0,
            MUTED,
        ));
    }
    if !text_elems.is_empty() {
        items.push(Item::Artifact {
            kind: ArtifactKind::Footer,
            elems: text_elems,
        });
    }
    items.push(Item::Artifact {
        kind: ArtifactKind::PageNumber,
        elems: l.run(
            &label,
            Face::Regular,
            FOOTER_SIZE,
            right - label_w,
            base,
            MUTED,
        ),
    });
    items
}
