//! Page furniture: the footer with its page number and fingerprint (artifacts).

use super::style::*;
use super::*;

pub(super) fn footer_items(
    l: &Layout<'_>,
    footer: &FooterText<'_>,
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
    let ts = TextStyle {
        size: FOOTER_SIZE,
        leading: 10.0,
        color: MUTED,
        ..BODY
    };
    let mut text_elems = Vec::new();
    let avail = (BODY_WIDTH - label_w - 16.0).max(40.0);
    let toks = l.tokens(
        &[Span {
            text: footer.footer.to_string(),
            style: Style::default(),
            link: None,
            hard_break: false,
        }],
        &ts,
    );
    let lines = l.break_lines(toks, avail);
    // At most two lines; the first sits higher when there are two.
    let count = lines.len().min(2);
    for (i, line) in lines.iter().take(2).enumerate() {
        let text: String = line.iter().map(|p| p.text.as_str()).collect();
        let text = text.trim_end();
        let y = base - (count - 1 - i) as f32 * ts.leading;
        text_elems.push(Elem::Glyphs(l.run(
            text,
            Face::Regular,
            FOOTER_SIZE,
            MARGIN_LEFT,
            y,
            MUTED,
        )));
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
        text_elems.push(Elem::Glyphs(l.run(
            &format!("SHA-256 {fp}"),
            Face::Regular,
            FINGERPRINT_SIZE,
            MARGIN_LEFT,
            base + 9.0,
            MUTED,
        )));
    }
    if !text_elems.is_empty() {
        items.push(Item::Artifact {
            kind: ArtifactKind::Footer,
            elems: text_elems,
        });
    }
    items.push(Item::Artifact {
        kind: ArtifactKind::PageNumber,
        elems: vec![Elem::Glyphs(l.run(
            &label,
            Face::Regular,
            FOOTER_SIZE,
            right - label_w,
            base,
            MUTED,
        ))],
    });
    items
}
