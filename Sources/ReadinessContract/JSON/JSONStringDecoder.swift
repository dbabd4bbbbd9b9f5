/// Unescapes JSON string content that ``StrictJSONParser`` has already validated.
enum JSONStringDecoder {
    /// Reads four hex digits at `i`; `nil` if they are not all hex or run past `end`.
    ///
    /// All four are checked at once (SWAR): each byte must be ASCII and in `0`–`9`, or in
    /// `a`–`f` once ASCII upper case is folded to lower case.
    @inline(__always)
    static func hex4(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self).littleEndian
        let ones: UInt32 = 0x0101_0101, highs: UInt32 = 0x8080_8080
        /// High bit of each byte lane set when that (ASCII) byte is in `low...high`.
        func inRange(_ word: UInt32, _ low: UInt32, _ high: UInt32) -> UInt32 {
            (word &+ ones &* (0x80 - low)) & ~(word &+ ones &* (0x7F - high)) & highs
        }
        guard word & highs == 0,
              inRange(word, 0x30, 0x39) | inRange(word | 0x2020_2020, 0x61, 0x66) == highs
        else { return nil }
        return hexValue(word)
    }

    /// The value of the four hex digits in `word` (first digit in the lowest byte): `0`–`9` is
    /// 0x30–0x39, `a`–`f`/`A`–`F` have bit 6 set and low nibble 1–6.
    @inline(__always)
    static func hexValue(_ word: UInt32) -> UInt32 {
        let digits = (word & 0x0F0F_0F0F) &+ ((word >> 6) & 0x0101_0101) &* 9
        return (digits & 0xFF) << 12 | (digits >> 8 & 0xFF) << 8 | (digits >> 16 & 0xFF) << 4 | digits >> 24
    }

    /// Reads the four hex digits at `i`, which the parser has already validated (no checks).
    @inline(__always)
    static func validatedHex4(_ base: UnsafePointer<UInt8>, at i: Int) -> UInt32 {
        hexValue(UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self).littleEndian)
    }

    /// Replaces `buffer` with the unescaped UTF-8 content of the string `node`.
    static func decode(_ node: JSONTape.Node, base: UnsafePointer<UInt8>, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        let end = Int(node.end)
        var i = Int(node.start)
        guard node.hasEscapes else {
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + i, count: end - i))
            return
        }
        while i < end {
            let byte = base[i]
            guard byte == UInt8(ascii: "\\") else {
                buffer.append(byte)
                i += 1
                continue
            }
            let (scalar, next) = unescape(base, at: i, end: end)
            UTF8Validation.append(scalar, to: &buffer)
            i = next
        }
    }

    /// The bytes of slack ``decode(_:base:readable:to:)`` needs in `out` beyond the raw length.
    static let decodeSlack = 8

    /// Writes the unescaped UTF-8 content of the string `node` to `out`, which has room for the
    /// node's raw length plus ``decodeSlack`` bytes; returns how many bytes it wrote (never more
    /// than the raw length: every escape is longer than what it stands for). Bytes of the
    /// document up to `readable` may be read (eight at a time), only the string's are used.
    static func decode(_ node: JSONTape.Node, base: UnsafePointer<UInt8>, readable: Int,
                       to out: UnsafeMutablePointer<UInt8>) -> Int {
        let end = Int(node.end)
        var i = Int(node.start)
        var count = 0
        while i < end {
            // Plain bytes eight at a time, up to the next backslash or the string's end (the word
            // lands in the slack at worst; the lowest flagged byte is exact).
            if i + 8 <= readable {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let flags = (backslash &- 0x0101_0101_0101_0101) & ~backslash & 0x8080_8080_8080_8080
                UnsafeMutableRawPointer(out + count).storeBytes(of: word, as: UInt64.self)
                let run = min(flags == 0 ? 8 : flags.trailingZeroBitCount >> 3, end - i)
                count += run
                i += run
                if run > 0 { continue }
            }
            let byte = base[i]
            guard byte == UInt8(ascii: "\\") else {
                out[count] = byte
                count += 1
                i += 1
                continue
            }
            let (scalar, next) = unescape(base, at: i, end: end)
            let (packed, length) = UTF8Validation.encode(scalar)
            // Four bytes stored at once (the slack covers the unused ones); only `length` count.
            UnsafeMutableRawPointer(out + count).storeBytes(of: packed.littleEndian, as: UInt32.self)
            count += length
            i = next
        }
        return count
    }

    /// Decodes the validated escape sequence at `i` (its backslash) of a string ending
    /// at `end`; returns the scalar it stands for and the index after it (a surrogate
    /// pair is one scalar and twelve bytes).
    @inline(__always)
    static func unescape(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> (scalar: UInt32, next: Int) {
        switch base[i + 1] {
        case UInt8(ascii: "b"): return (0x08, i + 2)
        case UInt8(ascii: "f"): return (0x0C, i + 2)
        case UInt8(ascii: "n"): return (0x0A, i + 2)
        case UInt8(ascii: "r"): return (0x0D, i + 2)
        case UInt8(ascii: "t"): return (0x09, i + 2)
        case UInt8(ascii: "u"):
            let unit = validatedHex4(base, at: i + 2)
            if unit & 0xFC00 == 0xD800 {  // a validated high surrogate is always followed by its low half
                return (0x10000 + ((unit - 0xD800) << 10) + (validatedHex4(base, at: i + 8) - 0xDC00), i + 12)
            }
            return (unit, i + 6)
        default: return (UInt32(base[i + 1]), i + 2)  // \" \\ \/
        }
    }

    /// The unescaped UTF-8 content of the string `node` as a new array.
    static func decode(_ node: JSONTape.Node, base: UnsafePointer<UInt8>) -> [UInt8] {
        var buffer: [UInt8] = []
        decode(node, base: base, into: &buffer)
        return buffer
    }
}
