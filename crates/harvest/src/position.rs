//! Byte offsets to 1-based line and column (columns count characters).

/// Turns offsets into positions; the cost of a lookup is the distance from the previous one.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineIndex { text, offset: 0, line: 1, line_start: 0 }
    }

    /// Line and column of the byte at `offset` (clamped to the text).
    pub(crate) fn position(&mut self, offset: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        if offset < self.line_start {
            // Back to an earlier line: walk back from here, not forward from the start.
            let run = &bytes[offset..self.line_start];
            self.line -= run.iter().filter(|b| **b == b'\n').count();
            self.line_start = bytes[..offset].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            self.offset = offset;
        } else if offset < self.offset {
            self.offset = offset;
        }
        let run = &bytes[self.offset..offset];
        // Counting is vectorized; only the last newline's place matters.
        let newlines = run.iter().filter(|b| **b == b'\n').count();
        if newlines > 0 {
            self.line += newlines;
            self.line_start = self.offset + run.iter().rposition(|b| *b == b'\n').unwrap_or(0) + 1;
        }
        self.offset = offset;
        let col = count_chars(&bytes[self.line_start..offset]) + 1;
        (self.line, col)
    }
}

/// Characters in a byte run that may end inside a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// Line and column of `offset` in raw bytes that may not be valid UTF-8.
pub(crate) fn byte_position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    (line, count_chars(&before[start..]) + 1)
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, byte_position};

    /// Lookups in any order agree with a fresh count from the start.
    #[test]
    fn any_order_matches_a_fresh_count() {
        let text = "ab\ncdé\n\nfg\nh";
        let mut index = LineIndex::new(text);
        let order = [5, 12, 0, 3, 9, 2, 8, 7, 11, 1, 6, 4, 10, 12, 0];
        for offset in order {
            assert_eq!(index.position(offset), byte_position(text.as_bytes(), offset), "offset {offset}");
        }
    }
}
