/// Strict UTF-8 scalar validation (RFC 3629): no overlong forms, no encoded
/// surrogates, nothing above U+10FFFF.
enum UTF8Validation {
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Validates the multi-byte scalar starting at `i` (whose lead byte is ≥ 0x80);
    /// returns the index after it, or `nil` when the sequence is invalid.
    @inline(__always)
    static func validateScalar(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int? {
        let lead = base[i]
        switch lead {
        case 0xC2...0xDF:
            guard i + 1 < end, isContinuation(base[i + 1]) else { return nil }
            return i + 2
        case 0xE0...0xEF:
            guard i + 2 < end else { return nil }
            let b1 = base[i + 1]
            switch lead {
            case 0xE0: guard (0xA0...0xBF).contains(b1) else { return nil }
            case 0xED: guard (0x80...0x9F).contains(b1) else { return nil }
            default: guard isContinuation(b1) else { return nil }
            }
            guard isContinuation(base[i + 2]) else { return nil }
            return i + 3
        case 0xF0...0xF4:
            guard i + 3 < end else { return nil }
            let b1 = base[i + 1]
            switch lead {
            case 0xF0: guard (0x90...0xBF).contains(b1) else { return nil }
            case 0xF4: guard (0x80...0x8F).contains(b1) else { return nil }
            default: guard isContinuation(b1) else { return nil }
            }
            guard isContinuation(base[i + 2]), isContinuation(base[i + 3]) else { return nil }
            return i + 4
        default:
            return nil
        }
    }

    /// Decodes the (already validated) scalar starting at `i`; returns it and its length.
    @inline(__always)
    static func decodeScalar(_ base: UnsafePointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let lead = UInt32(base[i])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F), 3)
        }
        return ((lead & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12
                | UInt32(base[i + 2] & 0x3F) << 6 | UInt32(base[i + 3] & 0x3F), 4)
    }

    /// Decodes the (already validated) scalar that ends just before `end`; returns it and its length.
    @inline(__always)
    static func decodeScalar(_ base: UnsafePointer<UInt8>, endingAt end: Int, start: Int) -> (UInt32, Int) {
        var i = end - 1
        while i > start, isContinuation(base[i]) { i -= 1 }
        let (scalar, length) = decodeScalar(base, at: i)
        return (scalar, length)
    }

    /// The UTF-8 encoding of `scalar`: its bytes packed first byte lowest, and how many there are.
    @inline(__always)
    static func encode(_ scalar: UInt32) -> (packed: UInt32, count: Int) {
        switch scalar {
        case 0..<0x80:
            return (scalar, 1)
        case 0x80..<0x800:
            return ((0xC0 | scalar >> 6) | (0x80 | scalar & 0x3F) << 8, 2)
        case 0x800..<0x10000:
            return ((0xE0 | scalar >> 12) | (0x80 | scalar >> 6 & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16, 3)
        default:
            return ((0xF0 | scalar >> 18) | (0x80 | scalar >> 12 & 0x3F) << 8 | (0x80 | scalar >> 6 & 0x3F) << 16
                    | (0x80 | scalar & 0x3F) << 24, 4)
        }
    }

    /// Appends the UTF-8 encoding of `scalar` to `buffer`.
    @inline(__always)
    static func append(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            buffer.append(UInt8(scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | scalar >> 6))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | scalar >> 12))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | scalar >> 18))
            buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
