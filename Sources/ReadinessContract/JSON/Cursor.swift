/// A read position over the bytes ``StrictJSONParser`` is parsing.
///
/// Why a type of its own: the parser's recursive functions share one position and pass
/// it `inout`, so the base pointer and length travel in registers with it instead of
/// being reloaded from the parser on every byte.
struct Cursor {
    /// The first byte of the document.
    let base: UnsafePointer<UInt8>
    /// The document's length in bytes.
    let count: Int
    /// The offset of the next byte to read.
    var position = 0

    /// The byte at ``position`` (the caller has checked `position < count`).
    var peek: UInt8 { base[position] }

    /// Skips RFC 8259 white space (space, TAB, LF, CR); a hand loop because it runs between every two tokens.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            switch base[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Skips ASCII digits; returns how many.
    @inline(__always)
    mutating func skipDigits() -> Int {
        let start = position
        while position < count, base[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        return position - start
    }
}
