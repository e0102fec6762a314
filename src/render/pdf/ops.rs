//! A content-stream encoder for the few operators the tagged writer uses, with numbers
//! rounded to thousandths of a point and glyph codes as hex strings (four digits a glyph,
//! where a literal string with escapes takes up to eight).

/// A content stream being written.
pub(super) struct Ops {
    buf: Vec<u8>,
}

impl Ops {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Ops {
            buf: Vec::with_capacity(capacity),
        }
    }

    pub(super) fn finish(self) -> Vec<u8> {
        self.buf
    }

    /// A number with at most three decimals, without trailing zeros (`12`, `-0.5`, `841.89`).
    pub(super) fn num(&mut self, v: f32) -> &mut Self {
        let milli = (f64::from(v) * 1000.0).round();
        // Out of range or not a number: PDF readers clamp anyway; write 0 rather than garbage.
        let milli = if milli.is_finite() && milli.abs() < 1e15 {
            milli as i64
        } else {
            0
        };
        if milli < 0 {
            self.buf.push(b'-');
        }
        let abs = milli.unsigned_abs();
        self.uint(abs / 1000);
        let frac = abs % 1000;
        if frac != 0 {
            self.buf.push(b'.');
            let digits = [frac / 100, frac / 10 % 10, frac % 10];
            let keep = if frac % 100 == 0 {
                1
            } else if frac % 10 == 0 {
                2
            } else {
                3
            };
            for d in &digits[..keep] {
                self.buf.push(b'0' + *d as u8);
            }
        }
        self.buf.push(b' ');
        self
    }

    fn uint(&mut self, mut v: u64) {
        let mut digits = [0u8; 20];
        let mut n = 0;
        loop {
            digits[n] = b'0' + (v % 10) as u8;
            n += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.buf.extend(digits[..n].iter().rev());
    }

    pub(super) fn int(&mut self, v: u32) -> &mut Self {
        self.uint(u64::from(v));
        self.buf.push(b' ');
        self
    }

    /// An operator or a name (with its slash), followed by a newline or a space.
    pub(super) fn op(&mut self, op: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(op);
        self.buf.push(b'\n');
        self
    }

    pub(super) fn name(&mut self, name: &[u8]) -> &mut Self {
        self.buf.push(b'/');
        self.buf.extend_from_slice(name);
        self.buf.push(b' ');
        self
    }

    pub(super) fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self
    }

    /// Two-byte codes as one hex string: `<0001002A>`.
    pub(super) fn hex_codes(&mut self, codes: &[u16]) -> &mut Self {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.buf.push(b'<');
        for c in codes {
            for shift in [12, 8, 4, 0] {
                self.buf.push(HEX[usize::from((c >> shift) & 0xF)]);
            }
        }
        self.buf.push(b'>');
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f32) -> String {
        let mut o = Ops::with_capacity(8);
        o.num(v);
        String::from_utf8(o.finish()).unwrap_or_default()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_thousandth() {
        assert_eq!(num(12.0), "12 ");
        assert_eq!(num(-0.5), "-0.5 ");
        assert_eq!(num(841.89), "841.89 ");
        assert_eq!(num(0.0004), "0 ");
        assert_eq!(num(62.3601), "62.36 ");
        assert_eq!(num(-1000.125), "-1000.125 ");
        assert_eq!(num(f32::NAN), "0 ");
    }

    #[test]
    fn codes_are_hex() {
        let mut o = Ops::with_capacity(8);
        o.hex_codes(&[1, 0x2A, 0xFFFF]);
        assert_eq!(o.finish(), b"<0001002AFFFF>");
    }
}
