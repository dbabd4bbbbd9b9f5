/// Unescapes JSON string content that ``StrictJSONParser`` has already validated.
enum JSONStringDecoder {
    /// Reads four hex digits at `i`; `nil` if they are not all hex or run past `end`.
    @inline(__always)
    static func hex4(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = base[i + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
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

    /// Writes the unescaped UTF-8 content of the string `node` to `out`, which has room for the
    /// node's raw length plus 4 bytes; returns how many bytes it wrote (never more than the raw length:
    /// every escape is longer than what it stands for).
    static func decode(_ node: JSONTape.Node, base: UnsafePointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let end = Int(node.end)
        var i = Int(node.start)
        var count = 0
        while i < end {
            // Plain bytes eight at a time, up to the next backslash (the word stays inside the raw
            // length, so inside `out`; the lowest flagged byte is exact).
            if i + 8 <= end {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let flags = (backslash &- 0x0101_0101_0101_0101) & ~backslash & 0x8080_8080_8080_8080
                UnsafeMutableRawPointer(out + count).storeBytes(of: word, as: UInt64.self)
                let run = flags == 0 ? 8 : flags.trailingZeroBitCount >> 3
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
            let unit = hex4(base, at: i + 2, end: end) ?? 0xFFFD
            if (0xD800...0xDBFF).contains(unit), let low = hex4(base, at: i + 8, end: end) {
                return (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), i + 12)
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
