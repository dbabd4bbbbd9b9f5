/// A strict, allocation-free (once warm) JSON parser producing a ``JSONTape``.
///
/// Why our own parser: Foundation's readers silently accept duplicate keys
/// (the last one wins), cannot report escaped lone surrogates, and run at
/// about a quarter of the throughput the worker needs. SPEC §3.1 rule 3 and §8
/// require rejecting all of these, so the hot path uses this scanner.
///
/// Rules enforced (RFC 8259 plus SPEC §8):
/// - the input is valid UTF-8 (no overlongs, no encoded surrogates, ≤ U+10FFFF);
///   a leading byte-order mark is refused;
/// - no raw control characters (U+0000–U+001F) inside strings; only the RFC
///   escapes; `\uD800`–`\uDFFF` only as a correct high/low pair;
/// - numbers follow the RFC grammar (any length; they are never interpreted here);
/// - no duplicate keys in an object, compared after unescaping;
/// - containers nest at most ``maximumDepth`` deep (the top level is depth 1);
/// - the top level is an object, surrounded only by RFC white space.
///
/// A parser instance keeps its buffers between documents; reuse one per thread.
public struct StrictJSONParser {
    /// The deepest container nesting accepted (SPEC §3.1: 32).
    public var maximumDepth: Int

    /// The tape of the last successfully parsed document (a copy of the parser's node storage).
    public var tape: JSONTape {
        withTapeNodes { JSONTape(nodes: ContiguousArray($0)) }
    }

    /// Owns the node and key buffers; ``nodes`` and ``keys`` are its current allocations.
    private var storage = ParserStorage()
    /// The tape being written: ``nodeCount`` nodes in ``storage``.
    private var nodes: UnsafeMutablePointer<JSONTape.Node>
    private var nodeCount = 0
    private var nodeCapacity: Int
    /// The keys of the open objects (innermost last), for the duplicate-key check.
    private var keys: UnsafeMutablePointer<KeyEntry>
    /// The number of live entries in `keys`.
    private var keyDepth = 0
    private var keyCapacity: Int
    /// The decoded texts of the escaped keys on the key stack (see ``KeyEntry``).
    private var decodedKeys: UnsafeMutablePointer<UInt8>
    /// The number of bytes in use in `decodedKeys`.
    private var decodedCount = 0
    /// The decoded length of the escaped key ``parseEscapedKey(_:start:at:)`` just read (its text
    /// starts at `decodedCount`).
    private var escapedKeyLength = 0
    private var decodedCapacity: Int

    /// Creates a parser accepting containers up to `maximumDepth` deep.
    public init(maximumDepth: Int = 32) {
        self.maximumDepth = maximumDepth
        nodes = storage.nodes
        nodeCapacity = storage.nodeCapacity
        keys = storage.keys
        keyCapacity = storage.keyCapacity
        decodedKeys = storage.decodedKeys
        decodedCapacity = storage.decodedCapacity
    }

    /// Calls `body` with the nodes of the last parsed document, read in place.
    func withTapeNodes<R>(_ body: (UnsafeBufferPointer<JSONTape.Node>) -> R) -> R {
        withExtendedLifetime(storage) { body(UnsafeBufferPointer(start: nodes, count: nodeCount)) }
    }

    /// The nodes of the last parsed document, read in place without a closure: valid only
    /// while this parser is neither mutated nor destroyed. (``withTapeNodes(_:)`` called from
    /// a closure that mutates the parser's owner makes Swift copy the whole parser — four
    /// retains and releases per document.)
    var unsafeTapeNodes: UnsafeBufferPointer<JSONTape.Node> {
        UnsafeBufferPointer(start: nodes, count: nodeCount)
    }

    /// Appends `node` to the tape (the hot path: one capacity test and one store).
    @inline(__always)
    private mutating func append(_ node: JSONTape.Node) {
        if nodeCount == nodeCapacity {
            storage.growNodes(keeping: nodeCount)
            nodes = storage.nodes
            nodeCapacity = storage.nodeCapacity
        }
        (nodes + nodeCount).initialize(to: node)
        nodeCount += 1
    }

    /// Pushes `entry` on the key stack.
    @inline(__always)
    private mutating func pushKey(_ entry: KeyEntry) {
        if keyDepth == keyCapacity {
            storage.growKeys(keeping: keyDepth)
            keys = storage.keys
            keyCapacity = storage.keyCapacity
        }
        (keys + keyDepth).initialize(to: entry)
        keyDepth += 1
    }

    /// The key-stack entry for the key at tape index `index` of the document at `base`; an escaped
    /// key's decoded text was left at the top of the decoded-key buffer by ``parseEscapedKey(_:start:at:)``.
    @inline(__always)
    private mutating func keyEntry(_ index: Int, base: UnsafePointer<UInt8>) -> KeyEntry {
        let node = nodes[index]
        guard node.hasEscapes else { return KeyEntry(node: Int32(truncatingIfNeeded: index), node: node, base: base) }
        let entry = KeyEntry(node: Int32(truncatingIfNeeded: index), decodedAt: decodedCount,
                             text: decodedKeys + decodedCount, count: escapedKeyLength)
        decodedCount += escapedKeyLength
        return entry
    }

    /// Makes room for `count` more bytes after the first `used` bytes of the decoded-key buffer.
    @inline(__always)
    private mutating func reserveDecoded(_ count: Int, after used: Int) {
        guard used + count > decodedCapacity else { return }
        storage.growDecodedKeys(keeping: used, minimum: used + count)
        decodedKeys = storage.decodedKeys
        decodedCapacity = storage.decodedCapacity
    }

    /// Makes sure this parser does not write into storage a copy of it still uses.
    private mutating func ensureUniqueStorage() {
        guard !isKnownUniquelyReferenced(&storage) else { return }
        storage = ParserStorage(nodeCapacity: nodeCapacity, keyCapacity: keyCapacity, decodedCapacity: decodedCapacity)
        nodes = storage.nodes
        keys = storage.keys
        decodedKeys = storage.decodedKeys
    }

    /// Parses `bytes` into ``tape``; returns `nil` on success or the first problem found.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> JSONSyntaxError? {
        ensureUniqueStorage()
        nodeCount = 0
        keyDepth = 0
        decodedCount = 0
        // Positions and node counts (at most one node per byte) then fit in Int32, so the
        // tape stores them with Int32(truncatingIfNeeded:) and no range checks.
        guard bytes.count < Int(Int32.max) else { return JSONSyntaxError(.tooLarge, at: 0) }
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
            return JSONSyntaxError(.notJSON, at: 0)
        }
        if bytes.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            return JSONSyntaxError(.byteOrderMark, at: 0)
        }
        var cursor = Cursor(base: base, count: bytes.count)
        cursor.skipWhitespace()
        guard cursor.position < cursor.count else { return JSONSyntaxError(.notJSON, at: cursor.position) }
        guard cursor.peek == UInt8(ascii: "{") else {
            // Distinguish "valid JSON, wrong top level" from garbage only for the message.
            return JSONSyntaxError(.topLevelNotObject, at: cursor.position)
        }
        if let error = parseValue(&cursor, depth: 1) { return error }
        cursor.skipWhitespace()
        guard cursor.position == cursor.count else {
            return JSONSyntaxError(.trailingGarbage, at: cursor.position)
        }
        return nil
    }

    // MARK: Values

    private mutating func parseValue(_ cursor: inout Cursor, depth: Int) -> JSONSyntaxError? {
        guard cursor.position < cursor.count else { return JSONSyntaxError(.notJSON, at: cursor.position) }
        switch cursor.peek {
        case UInt8(ascii: "{"): return parseObject(&cursor, depth: depth)
        case UInt8(ascii: "["): return parseArray(&cursor, depth: depth)
        case UInt8(ascii: "\""): return parseString(&cursor, isKey: false)
        case UInt8(ascii: "t"): return parseLiteral(&cursor, "true", kind: .true)
        case UInt8(ascii: "f"): return parseLiteral(&cursor, "false", kind: .false)
        case UInt8(ascii: "n"): return parseLiteral(&cursor, "null", kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return parseNumber(&cursor)
        default:
            return JSONSyntaxError(cursor.peek >= 0x80 ? .invalidUTF8 : .notJSON, at: cursor.position)
        }
    }

    private mutating func parseObject(_ cursor: inout Cursor, depth: Int) -> JSONSyntaxError? {
        guard depth <= maximumDepth else { return JSONSyntaxError(.tooDeep, at: cursor.position) }
        let index = nodeCount
        append(.init(kind: .object, hasEscapes: false, isKey: false,
                                start: Int32(truncatingIfNeeded: cursor.position), end: 0, count: 0))
        let keyBase = keyDepth
        let decodedBase = decodedCount
        cursor.position += 1
        cursor.skipWhitespace()
        var count: Int32 = 0
        if cursor.position < cursor.count, cursor.peek == UInt8(ascii: "}") {
            cursor.position += 1
        } else {
            while true {
                guard cursor.position < cursor.count, cursor.peek == UInt8(ascii: "\"") else {
                    return JSONSyntaxError(.notJSON, at: cursor.position)
                }
                let keyNode = nodeCount
                if let error = parseString(&cursor, isKey: true) { return error }
                pushKey(keyEntry(keyNode, base: cursor.base))
                cursor.skipWhitespace()
                guard cursor.position < cursor.count, cursor.peek == UInt8(ascii: ":") else {
                    return JSONSyntaxError(.notJSON, at: cursor.position)
                }
                cursor.position += 1
                cursor.skipWhitespace()
                if let error = parseValue(&cursor, depth: depth + 1) { return error }
                count += 1
                cursor.skipWhitespace()
                guard cursor.position < cursor.count else { return JSONSyntaxError(.notJSON, at: cursor.position) }
                let byte = cursor.peek
                cursor.position += 1
                if byte == UInt8(ascii: "}") { break }
                guard byte == UInt8(ascii: ",") else { return JSONSyntaxError(.notJSON, at: cursor.position - 1) }
                cursor.skipWhitespace()
            }
        }
        if count > 1, let duplicate = findDuplicateKey(from: keyBase, in: cursor) {
            return JSONSyntaxError(.duplicateKey, at: duplicate)
        }
        keyDepth = keyBase
        decodedCount = decodedBase
        nodes[index].end = Int32(truncatingIfNeeded: nodeCount)
        nodes[index].count = count
        return nil
    }

    private mutating func parseArray(_ cursor: inout Cursor, depth: Int) -> JSONSyntaxError? {
        guard depth <= maximumDepth else { return JSONSyntaxError(.tooDeep, at: cursor.position) }
        let index = nodeCount
        append(.init(kind: .array, hasEscapes: false, isKey: false,
                                start: Int32(truncatingIfNeeded: cursor.position), end: 0, count: 0))
        cursor.position += 1
        cursor.skipWhitespace()
        var count: Int32 = 0
        if cursor.position < cursor.count, cursor.peek == UInt8(ascii: "]") {
            cursor.position += 1
        } else {
            while true {
                if let error = parseValue(&cursor, depth: depth + 1) { return error }
                count += 1
                cursor.skipWhitespace()
                guard cursor.position < cursor.count else { return JSONSyntaxError(.notJSON, at: cursor.position) }
                let byte = cursor.peek
                cursor.position += 1
                if byte == UInt8(ascii: "]") { break }
                guard byte == UInt8(ascii: ",") else { return JSONSyntaxError(.notJSON, at: cursor.position - 1) }
                cursor.skipWhitespace()
            }
        }
        nodes[index].end = Int32(truncatingIfNeeded: nodeCount)
        nodes[index].count = count
        return nil
    }

    private mutating func parseLiteral(_ cursor: inout Cursor, _ word: StaticString, kind: JSONTape.Kind) -> JSONSyntaxError? {
        let length = word.utf8CodeUnitCount
        guard cursor.count - cursor.position >= length else { return JSONSyntaxError(.notJSON, at: cursor.position) }
        let expected = word.utf8Start
        for offset in 0..<length where cursor.base[cursor.position + offset] != expected[offset] {
            return JSONSyntaxError(.notJSON, at: cursor.position + offset)
        }
        append(.init(kind: kind, hasEscapes: false, isKey: false,
                                start: Int32(truncatingIfNeeded: cursor.position), end: Int32(truncatingIfNeeded: cursor.position + length), count: 0))
        cursor.position += length
        return nil
    }

    private mutating func parseNumber(_ cursor: inout Cursor) -> JSONSyntaxError? {
        let start = cursor.position
        if cursor.peek == UInt8(ascii: "-") { cursor.position += 1 }
        guard cursor.position < cursor.count else { return JSONSyntaxError(.notJSON, at: cursor.position) }
        if cursor.peek == UInt8(ascii: "0") {
            cursor.position += 1
        } else if cursor.skipDigits() == 0 {
            return JSONSyntaxError(.notJSON, at: cursor.position)
        }
        if cursor.position < cursor.count, cursor.peek == UInt8(ascii: ".") {
            cursor.position += 1
            guard cursor.skipDigits() > 0 else { return JSONSyntaxError(.notJSON, at: cursor.position) }
        }
        if cursor.position < cursor.count, cursor.peek | 0x20 == UInt8(ascii: "e") {
            cursor.position += 1
            if cursor.position < cursor.count, cursor.peek == UInt8(ascii: "+") || cursor.peek == UInt8(ascii: "-") {
                cursor.position += 1
            }
            guard cursor.skipDigits() > 0 else { return JSONSyntaxError(.notJSON, at: cursor.position) }
        }
        append(.init(kind: .number, hasEscapes: false, isKey: false,
                                start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: cursor.position), count: 0))
        return nil
    }

    // MARK: Strings

    @inline(__always)  // called once per string from two places; the call and its seven saved registers cost more than the copy
    private mutating func parseString(_ cursor: inout Cursor, isKey: Bool) -> JSONSyntaxError? {
        cursor.position += 1  // opening quote
        let start = cursor.position
        var hasEscapes = false
        let base = cursor.base
        var i = cursor.position
        let end = cursor.count
        while true {
            // Skip plain ASCII bytes eight at a time, landing on the first byte that needs a look
            // (quote, backslash, control or non-ASCII). Reads stay inside the document.
            while i + 8 <= end {
                let special = StrictJSONParser.specialBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                if special == 0 { i += 8; continue }
                i += special.trailingZeroBitCount >> 3
                break
            }
            guard i < end else { return JSONSyntaxError(.notJSON, at: i) }
            let byte = base[i]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { return JSONSyntaxError(.controlCharacterInString, at: i) }
            if byte == UInt8(ascii: "\\") {
                // A key is decoded as it is read, for the duplicate-key check (see KeyEntry).
                if isKey { return parseEscapedKey(&cursor, start: start, at: i) }
                hasEscapes = true
                guard let next = StrictJSONParser.validateEscape(base, at: i, end: end) else {
                    return JSONSyntaxError(StrictJSONParser.escapeProblem(base, at: i, end: end), at: i)
                }
                i = next
                continue
            }
            if byte < 0x80 { i += 1; continue }
            guard let next = UTF8Validation.validateScalar(base, at: i, end: end) else {
                return JSONSyntaxError(.invalidUTF8, at: i)
            }
            i = next
        }
        append(.init(kind: .string, hasEscapes: hasEscapes, isKey: isKey,
                                start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: i), count: 0))
        cursor.position = i + 1
        return nil
    }

    /// Finishes reading the key that starts at `start` and has its first escape at `firstEscape`:
    /// validates the rest as ``parseString(_:isKey:)`` does and, in the same pass, writes its
    /// decoded text at the top of the decoded-key buffer (its length in `escapedKeyLength`).
    ///
    /// Why in the same pass: decoding an escaped key afterwards read it a second time and cost
    /// more than the rest of the parse of a small object (issue 22: escaped keys must cost at
    /// most 1.5 times plain ones).
    @inline(never)  // the rare case, kept out of the string loop
    private mutating func parseEscapedKey(_ cursor: inout Cursor, start: Int, at firstEscape: Int) -> JSONSyntaxError? {
        let base = cursor.base
        let end = cursor.count
        // The decoded key is never longer than the rest of the document, so one reservation covers
        // it and the loop writes through a local pointer (the buffer grows to the document size at
        // most once in a parser's life, then is reused).
        reserveDecoded(end - start + 8, after: decodedCount)
        let text = decodedKeys + decodedCount
        let readable = base + end
        StrictJSONParser.copyRun(base + start, count: firstEscape - start, to: text, readable: readable)
        var out = firstEscape - start
        var i = firstEscape
        while true {
            let run = i
            while i + 8 <= end {
                let special = StrictJSONParser.specialBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                if special == 0 { i += 8; continue }
                i += special.trailingZeroBitCount >> 3
                break
            }
            guard i < end else { return JSONSyntaxError(.notJSON, at: i) }
            StrictJSONParser.copyRun(base + run, count: i - run, to: text + out, readable: readable)
            out += i - run
            let byte = base[i]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { return JSONSyntaxError(.controlCharacterInString, at: i) }
            if byte == UInt8(ascii: "\\") {
                guard let (scalar, next) = StrictJSONParser.decodeEscape(base, at: i, end: end) else {
                    return JSONSyntaxError(StrictJSONParser.escapeProblem(base, at: i, end: end), at: i)
                }
                if scalar < 0x80 {
                    text[out] = UInt8(truncatingIfNeeded: scalar)
                    out += 1
                } else {
                    let (packed, count) = UTF8Validation.encode(scalar)
                    UnsafeMutableRawPointer(text + out).storeBytes(of: packed.littleEndian, as: UInt32.self)
                    out += count
                }
                i = next
                continue
            }
            let next: Int
            if byte < 0x80 {
                next = i + 1
            } else {
                guard let scalarEnd = UTF8Validation.validateScalar(base, at: i, end: end) else {
                    return JSONSyntaxError(.invalidUTF8, at: i)
                }
                next = scalarEnd
            }
            StrictJSONParser.copyRun(base + i, count: next - i, to: text + out, readable: readable)
            out += next - i
            i = next
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
    private static func decodeEscape(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> (UInt32, Int)? {
        guard i + 1 < end else { return nil }
        switch base[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return (UInt32(base[i + 1]), i + 2)
        case UInt8(ascii: "b"): return (0x08, i + 2)
        case UInt8(ascii: "f"): return (0x0C, i + 2)
        case UInt8(ascii: "n"): return (0x0A, i + 2)
        case UInt8(ascii: "r"): return (0x0D, i + 2)
        case UInt8(ascii: "t"): return (0x09, i + 2)
        case UInt8(ascii: "u"):
            guard let unit = JSONStringDecoder.hex4(base, at: i + 2, end: end) else { return nil }
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 7 < end, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u"),
                      let low = JSONStringDecoder.hex4(base, at: i + 8, end: end), (0xDC00...0xDFFF).contains(low)
                else { return nil }
                return (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), i + 12)
            case 0xDC00...0xDFFF:
                return nil
            default:
                return (unit, i + 6)
            }
        default:
            return nil
        }
    }

    /// Copies `count` bytes from `source` to `target` (a `memmove` call costs more than these short
    /// key runs), eight bytes at a time while `source` may be read that far (up to `readable`);
    /// `target` has room for 8 bytes past `count`, so a last partial word is stored whole.
    @inline(__always)
    private static func copyRun(_ source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<UInt8>,
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

    /// High bit set in each byte of `word` (little-endian) that is `"`, `\\`, below 0x20 or above
    /// 0x7F (SWAR). Exact for the lowest flagged byte; higher bytes may be false alarms.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | (word &- ones &* 0x20) | word
        return special & highs
    }

    /// Validates the escape at `i` (pointing at the backslash); returns the index after it.
    @inline(__always)
    private static func validateEscape(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        switch base[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            guard let unit = JSONStringDecoder.hex4(base, at: i + 2, end: end) else { return nil }
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 7 < end, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u"),
                      let low = JSONStringDecoder.hex4(base, at: i + 8, end: end), (0xDC00...0xDFFF).contains(low)
                else { return nil }
                return i + 12
            case 0xDC00...0xDFFF:
                return nil
            default:
                return i + 6
            }
        default:
            return nil
        }
    }

    private static func escapeProblem(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> JSONSyntaxError.Problem {
        if i + 1 < end, base[i + 1] == UInt8(ascii: "u"), let unit = JSONStringDecoder.hex4(base, at: i + 2, end: end),
           (0xD800...0xDFFF).contains(unit) {
            return .loneSurrogate
        }
        return .invalidEscape
    }

    // MARK: Duplicate keys

    /// Returns the byte offset of a key repeated among the keys pushed since `keyBase`.
    ///
    /// Small objects (every request) first drop each key's ``KeyEntry/signature`` into
    /// one of 256 buckets; only when two land together are the pairs compared, and then
    /// only pairs whose signatures agree, so the usual all-distinct case reads nothing
    /// but the key stack, once. Escaped keys carry the signature of their decoded text
    /// and take the same path (contract §8: keys are compared after unescaping).
    private mutating func findDuplicateKey(from keyBase: Int, in cursor: Cursor) -> Int? {
        let keyCount = keyDepth - keyBase
        if keyCount <= 24 {
            // Fast path: no two signatures agree. Each signature marks one of 256 buckets; only
            // a key landing in a marked bucket sends the object to the pair comparisons below,
            // so the usual all-distinct object costs one pass over its keys.
            var buckets: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            var anyCandidate = false
            for k in keyBase..<keyDepth {
                let signature = keys[k].signature
                let bucket = Int(truncatingIfNeeded: (signature &* 0x9E37_79B9_7F4A_7C15) >> 56)
                let bit: UInt64 = 1 << UInt64(bucket & 63)
                let marked: Bool
                switch bucket >> 6 {
                case 0: marked = buckets.0 & bit != 0; buckets.0 |= bit
                case 1: marked = buckets.1 & bit != 0; buckets.1 |= bit
                case 2: marked = buckets.2 & bit != 0; buckets.2 |= bit
                default: marked = buckets.3 & bit != 0; buckets.3 |= bit
                }
                if marked { anyCandidate = true; break }
            }
            guard anyCandidate else { return nil }
            for a in keyBase..<(keyDepth - 1) {
                let left = keys[a]
                for b in (a + 1)..<keyDepth where left.mayEqual(keys[b]) {
                    if keysEqual(left, keys[b], cursor.base) {
                        return Int(nodes[Int(keys[b].node)].start)
                    }
                }
            }
            return nil
        }
        // Large objects (registry snapshots): hash the decoded keys.
        var seen = Set<[UInt8]>(minimumCapacity: keyCount)
        for k in keyBase..<keyDepth {
            let node = nodes[Int(keys[k].node)]
            let decoded = JSONStringDecoder.decode(node, base: cursor.base)
            if !seen.insert(decoded).inserted { return Int(node.start) }
        }
        return nil
    }

    /// `true` when the keys of entries `a` and `b` decode to the same text: both are read as
    /// plain bytes, in the document or in the decoded-key buffer.
    @inline(__always)
    private func keysEqual(_ a: KeyEntry, _ b: KeyEntry, _ base: UnsafePointer<UInt8>) -> Bool {
        let length = a.length
        guard length == b.length else { return false }
        return memcmpEqual(keyText(a, base), keyText(b, base), length)
    }

    /// The first byte of the decoded text of key `entry`.
    @inline(__always)
    private func keyText(_ entry: KeyEntry, _ base: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        entry.decoded == KeyEntry.plain ? base + Int(nodes[Int(entry.node)].start) : UnsafePointer(decodedKeys + Int(entry.decoded))
    }
}
