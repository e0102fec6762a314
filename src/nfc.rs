//! Unicode normalisation (NFC) of the text read from the policy sources: text typed or pasted
//! in decomposed form (NFD, common from macOS) becomes the composed characters the fonts
//! draw, so "perché" is one "é" and not an "e" followed by a lone accent.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `text` in NFC; borrowed when it already is (the common case, checked in one quick pass).
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => {
            let normalised: String = text.nfc().collect();
            if normalised == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(normalised)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_text_is_composed_and_nfc_text_is_borrowed() {
        let nfd = "perche\u{301} citta\u{300}";
        assert_eq!(nfc(nfd), "perch\u{E9} citt\u{E0}");
        assert!(matches!(nfc("perché"), Cow::Borrowed(_)));
        assert!(matches!(nfc("plain ascii"), Cow::Borrowed(_)));
    }
}
