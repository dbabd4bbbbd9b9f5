/// A strict, allocation-free (once warm) JSON parser producing a ``JSONTape``.
///
/// Why our own parser: Foundation's readers silently accept duplicate keys
/// (the last one wins), cannot report escaped lone surrogates, and run at
/// about a quarter of the throughput the worker needs. contract §3.1 rule 3 and §8
/// require rejecting all of these, so the hot path uses this scanner.
///
/// Rules enforced (RFC 8259 plus contract §8):
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
    /// The deepest container nesting accepted (contract §3.1: 32).
    public var maximumDepth: Int

    /// The tape of the last successfully parsed document (a copy of the parser's node storage).
    public var tape: JSONTape {
        withTapeNodes { JSONTape(nodes: ContiguousArray($0)) }
    }

    /// Owns the node, key and decoded-key buffers; ``nodes``, ``keys`` and ``decodedKeys`` are its current allocations.
    var storage = ParserStorage()
    /// The tape being written: ``nodeCount`` nodes in ``storage``.
    var nodes: UnsafeMutablePointer<JSONTape.Node>
    private var nodeCount = 0
    private var nodeCapacity: Int
    /// The keys of the open objects (innermost last), for the duplicate-key check.
    var keys: UnsafeMutablePointer<KeyEntry>
    /// The number of live entries in `keys`.
    var keyDepth = 0
    private var keyCapacity: Int
    /// The decoded texts of the escaped keys on the key stack (see ``KeyEntry``).
    var decodedKeys: UnsafeMutablePointer<UInt8>
    /// The number of bytes in use in `decodedKeys`.
    var decodedCount = 0
    /// The decoded length of the escaped key ``parseEscapedKey(_:start:at:)`` just read (its text
    /// starts at `decodedCount`).
    var escapedKeyLength = 0
    var decodedCapacity: Int

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
    mutating func append(_ node: JSONTape.Node) {
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

    static func escapeProblem(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> JSONSyntaxError.Problem {
        if i + 1 < end, base[i + 1] == UInt8(ascii: "u"), let unit = JSONStringDecoder.hex4(base, at: i + 2, end: end),
           (0xD800...0xDFFF).contains(unit) {
            return .loneSurrogate
        }
        return .invalidEscape
    }
}
