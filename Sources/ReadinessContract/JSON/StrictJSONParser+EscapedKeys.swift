/// Escaped keys (contract §3.1 rule 3, §8: keys are compared after unescaping): each is
/// decoded while it is read onto the parser's decoded-key buffer, so that the duplicate-key
/// check (``KeyEntry``) treats it like a plain key.
extension StrictJSONParser {
    /// The key-stack entry for the key at tape index `index` of the document at `base`; an escaped
    /// key's decoded text was left at the top of the decoded-key buffer by ``parseEscapedKey(_:start:at:)``.
    @inline(__always)
    mutating func keyEntry(_ index: Int, base: UnsafePointer<UInt8>) -> KeyEntry {
        let node = nodes[index]
        guard node.hasEscapes else { return KeyEntry(node: Int32(truncatingIfNeeded: index), node: node, base: base) }
        let entry = KeyEntry(node: Int32(truncatingIfNeeded: index), decodedAt: decodedCount,
                             text: decodedKeys + decodedCount, count: escapedKeyLength)
        decodedCount += escapedKeyLength
        return entry
    }

    /// Makes room for `count` more bytes after the first `used` bytes of the decoded-key buffer.
    @inline(__always)
    mutating func reserveDecoded(_ count: Int, after used: Int) {
        guard used + count > decodedCapacity else { return }
        storage.growDecodedKeys(keeping: used, minimum: used + count)
        decodedKeys = storage.decodedKeys
        decodedCapacity = storage.decodedCapacity
    }

    /// Finishes reading the key that starts at `start` and has its first escape at `firstEscape`:
    /// validates the rest as ``parseString(_:isKey:)`` does and, in the same pass, writes its
    /// decoded text at the top of the decoded-key buffer (its length in `escapedKeyLength`).
    ///
    /// Why one pass with a loop of its own: a document of small objects whose every key is
    /// escaped must not cost much more than its plain twin (the escaped-keys benchmark of
    /// `readinessd-bench`); reading the key once and writing its decoded text as it goes keeps
    /// the extra cost to the escapes themselves, and the plain-string loop stays as it was.
    @inline(never)  // the rare case, kept out of the string loop
    mutating func parseEscapedKey(_ cursor: inout Cursor, start: Int, at firstEscape: Int) -> JSONSyntaxError? {
        let base = cursor.base
        let end = cursor.count
        // The decoded key is never longer than the rest of the document, so one reservation covers
        // it and the loop writes through a local pointer (the buffer grows to the document size at
        // most once in a parser's life, then is reused).
        reserveDecoded(end &- start &+ 8, after: decodedCount)
        let text = decodedKeys + decodedCount
        let readable = base + end
        StrictJSONParser.copyRun(base + start, count: firstEscape - start, to: text, readable: readable)
        var out = firstEscape &- start
        var i = firstEscape
        // Index arithmetic below uses wrapping operators: every index stays within the document
        // (`i <= end`) and `out <= i - start`, so none can overflow, and the trap checks were a
        // visible part of this loop's cost in the profile.
        //
        // The plain-string loop stopped at the backslash at `firstEscape`, so the loop starts by
        // decoding that escape rather than scanning to it again; each turn then handles the byte
        // at `i` and scans to the next byte that needs attention.
        var byte = UInt8(ascii: "\\")
        while true {
            if byte == UInt8(ascii: "\\") {
                // Fast path for `\uXXXX` outside the surrogate range, the usual escape in a key:
                // one check of the four hex digits (SWAR, ``JSONStringDecoder/hex4``) and a direct
                // store, without the general decoder's optional tuple and switch.
                if i &+ 6 <= end, base[i &+ 1] == UInt8(ascii: "u"),
                   let unit = JSONStringDecoder.hex4(base, at: i &+ 2, end: end), unit & 0xF800 != 0xD800 {
                    if unit < 0x80 {
                        text[out] = UInt8(truncatingIfNeeded: unit)
                        out &+= 1
                    } else {
                        let (packed, count) = UTF8Validation.encode(unit)
                        UnsafeMutableRawPointer(text + out).storeBytes(of: packed.littleEndian, as: UInt32.self)
                        out &+= count
                    }
                    i &+= 6
                } else {
                    guard let (scalar, next) = StrictJSONParser.decodeEscape(base, at: i, end: end) else {
                        return JSONSyntaxError(StrictJSONParser.escapeProblem(base, at: i, end: end), at: i)
                    }
                    if scalar < 0x80 {
                        text[out] = UInt8(truncatingIfNeeded: scalar)
                        out &+= 1
                    } else {
                        let (packed, count) = UTF8Validation.encode(scalar)
                        UnsafeMutableRawPointer(text + out).storeBytes(of: packed.littleEndian, as: UInt32.self)
                        out &+= count
                    }
                    i = next
                }
            } else if byte == UInt8(ascii: "\"") {
                break
            } else if byte < 0x20 {
                return JSONSyntaxError(.controlCharacterInString, at: i)
            } else {
                // Non-ASCII (validated here), or an ASCII byte of the last few that the word loop
                // below does not reach.
                let next: Int
                if byte < 0x80 {
                    next = i &+ 1
                } else {
                    guard let scalarEnd = UTF8Validation.validateScalar(base, at: i, end: end) else {
                        return JSONSyntaxError(.invalidUTF8, at: i)
                    }
                    next = scalarEnd
                }
                StrictJSONParser.copyRun(base + i, count: next &- i, to: text + out, readable: readable)
                out &+= next &- i
                i = next
            }
            // Scan and copy in one step: each word is stored at `text + out` before it is tested,
            // so unescaped runs are read once (no second pass by `copyRun`). The store is always
            // in bounds: `out <= i - start` and `i + 8 <= end`, within the `end - start + 8`
            // bytes reserved above; bytes stored past the run are overwritten or lie past the key.
            while i &+ 8 <= end {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                UnsafeMutableRawPointer(text + out).storeBytes(of: word, as: UInt64.self)
                let special = StrictJSONParser.specialBytes(word)
                if special == 0 { i &+= 8; out &+= 8; continue }
                let skip = special.trailingZeroBitCount &>> 3
                i &+= skip
                out &+= skip
                break
            }
            guard i < end else { return JSONSyntaxError(.notJSON, at: i) }
            byte = base[i]
        }
        append(.init(kind: .string, hasEscapes: true, isKey: true,
                     start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: i), count: 0))
        escapedKeyLength = out
        cursor.position = i + 1
        return nil
    }

    /// Validates and decodes the escape at `i` (its backslash) in one step: the scalar it stands
    /// for and the index after it, or `nil` when it is not a valid escape (as ``validateEscape``).
    @inline(__always)
    static func decodeEscape(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> (UInt32, Int)? {
        guard i + 1 < end else { return nil }
        let kind = base[i + 1]
        // `\u` first, with compares rather than the switch's jump table below.
        if kind == UInt8(ascii: "u") {
            guard let unit = JSONStringDecoder.hex4(base, at: i + 2, end: end) else { return nil }
            guard unit & 0xF800 == 0xD800 else { return (unit, i + 6) }  // not a surrogate
            guard unit < 0xDC00, i + 7 < end, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u"),
                  let low = JSONStringDecoder.hex4(base, at: i + 8, end: end), low & 0xFC00 == 0xDC00
            else { return nil }  // a lone low surrogate, or a high one without its low half
            return (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), i + 12)
        }
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return (UInt32(kind), i + 2)
        case UInt8(ascii: "b"): return (0x08, i + 2)
        case UInt8(ascii: "f"): return (0x0C, i + 2)
        case UInt8(ascii: "n"): return (0x0A, i + 2)
        case UInt8(ascii: "r"): return (0x0D, i + 2)
        case UInt8(ascii: "t"): return (0x09, i + 2)
        default: return nil
        }
    }

    /// Copies `count` bytes from `source` to `target` (a `memmove` call costs more than these short
    /// key runs), eight bytes at a time while `source` may be read that far (up to `readable`);
    /// `target` has room for 8 bytes past `count`, so a last partial word is stored whole.
    @inline(__always)
    static func copyRun(_ source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<UInt8>,
                                readable: UnsafePointer<UInt8>) {
        var k = 0
        while k < count {
            if source + k + 8 <= readable {
                UnsafeMutableRawPointer(target + k).storeBytes(of: UnsafeRawPointer(source + k).loadUnaligned(as: UInt64.self),
                                                               as: UInt64.self)
                k += 8
            } else {
                target[k] = source[k]
                k += 1
            }
        }
    }
}
