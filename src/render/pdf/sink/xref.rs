//! The cross-reference entries: which object is where, as a cross-reference stream lists
//! them (ISO 32000-1 7.5.8), and the numbering of the objects.

use pdf_writer::Ref;

use super::{PdfError, error};

/// Bytes per field of a row: type, offset or object stream, generation or index.
pub(super) const WIDTHS: [i32; 3] = [1, 4, 2];

/// Where an object is.
#[derive(Clone, Copy)]
pub(super) enum Entry {
    /// At this offset in the file.
    At(usize),
    /// In object stream `stream`, at `index`.
    InStream { stream: Ref, index: u16 },
}

/// Every object number given out, with its entry once the object is written.
#[derive(Default)]
pub(super) struct Xref {
    /// Entry of object n + 1.
    entries: Vec<Option<Entry>>,
}

impl Xref {
    /// The next object number.
    pub(super) fn next_ref(&mut self) -> Result<Ref, PdfError> {
        let n = i32::try_from(self.entries.len() + 1).map_err(|_| error("too many objects"))?;
        self.entries.push(None);
        Ok(Ref::new(n))
    }

    /// Records where object `id` is; it must have been numbered and not yet written.
    pub(super) fn set(&mut self, id: Ref, entry: Entry) -> Result<(), PdfError> {
        let slot = usize::try_from(id.get() - 1)
            .ok()
            .and_then(|i| self.entries.get_mut(i))
            .ok_or_else(|| error(&format!("object {} was never numbered", id.get())))?;
        if slot.is_some() {
            return Err(error(&format!("object {} written twice", id.get())));
        }
        *slot = Some(entry);
        Ok(())
    }

    pub(super) fn is_written(&self, id: Ref) -> bool {
        usize::try_from(id.get() - 1)
            .ok()
            .and_then(|i| self.entries.get(i))
            .is_some_and(Option::is_some)
    }

    /// /Size: object 0 and every number given out.
    pub(super) fn size(&self) -> Result<i32, PdfError> {
        i32::try_from(self.entries.len() + 1).map_err(|_| error("too many objects"))
    }

    /// The rows of the cross-reference stream, from object 0. A number given out but
    /// never written is free, as object 0 is; the free entries form the linked list of
    /// ISO 32000-1 7.5.4, ending at object 0.
    pub(super) fn rows(&self) -> Result<Vec<u8>, PdfError> {
        let free: Vec<u32> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_none())
            .map(|(i, _)| u32::try_from(i + 1).map_err(|_| error("too many objects")))
            .collect::<Result<_, _>>()?;
        let mut next_free = free.iter().copied();
        let mut rows = Vec::with_capacity((self.entries.len() + 1) * 7);
        push_row(&mut rows, 0, next_free.next().unwrap_or(0), 65535);
        for entry in &self.entries {
            match entry {
                None => push_row(&mut rows, 0, next_free.next().unwrap_or(0), 0),
                Some(Entry::At(offset)) => {
                    let offset = u32::try_from(*offset).map_err(|_| error("file over 4 GiB"))?;
                    push_row(&mut rows, 1, offset, 0);
                }
                Some(Entry::InStream { stream, index }) => {
                    let stream =
                        u32::try_from(stream.get()).map_err(|_| error("bad object stream"))?;
                    push_row(&mut rows, 2, stream, *index);
                }
            }
        }
        Ok(rows)
    }
}

fn push_row(rows: &mut Vec<u8>, kind: u8, field2: u32, field3: u16) {
    rows.push(kind);
    rows.extend_from_slice(&field2.to_be_bytes());
    rows.extend_from_slice(&field3.to_be_bytes());
}
