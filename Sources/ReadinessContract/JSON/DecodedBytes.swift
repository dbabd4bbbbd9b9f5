/// The unescaped UTF-8 bytes of a string the parser has validated, handed out one at a
/// time with no buffer.
///
/// Why: the duplicate-key check (contract §3.1 rule 3, §8) compares keys after
/// unescaping. Decoding both keys of every compared pair into arrays made objects
/// with escaped keys several times as expensive as plain ones; reading the decoded
/// bytes in place keeps the comparison and the key signature allocation-free and
/// proportional to the keys' length.
struct DecodedBytes {
    private let base: UnsafePointer<UInt8>
    private var position: Int
    private let end: Int
    /// The bytes of the current escape not handed out yet, next one lowest.
    private var pending: UInt32 = 0
    /// How many bytes `pending` holds.
    private var pendingCount = 0

    /// The decoded bytes of string `node` of the document at `base`.
    @inline(__always)
    init(_ node: JSONTape.Node, base: UnsafePointer<UInt8>) {
        self.base = base
        position = Int(node.start)
        end = Int(node.end)
    }

    /// The next decoded byte, or `nil` after the last.
    @inline(__always)
    mutating func next() -> UInt8? {
        if pendingCount > 0 {
            let byte = UInt8(truncatingIfNeeded: pending)
            pending >>= 8
            pendingCount -= 1
            return byte
        }
        guard position < end else { return nil }
        let byte = base[position]
        guard byte == UInt8(ascii: "\\") else {
            position += 1
            return byte
        }
        let (scalar, next) = JSONStringDecoder.unescape(base, at: position, end: end)
        position = next
        let (packed, count) = UTF8Validation.encode(scalar)
        pending = packed >> 8
        pendingCount = count - 1
        return UInt8(truncatingIfNeeded: packed)
    }

    /// `true` when strings `a` and `b` of the document at `base` decode to the same bytes.
    static func equal(_ a: JSONTape.Node, _ b: JSONTape.Node, base: UnsafePointer<UInt8>) -> Bool {
        var left = DecodedBytes(a, base: base), right = DecodedBytes(b, base: base)
        while true {
            let byte = left.next()
            guard byte == right.next() else { return false }
            if byte == nil { return true }
        }
    }
}
