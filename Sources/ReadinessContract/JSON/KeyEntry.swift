/// One object key on ``StrictJSONParser``'s key stack: its tape index, where its
/// decoded text is, and a cheap signature of that text.
///
/// Why: every request object has a handful of keys and each pair must be
/// checked for equality (contract §3.1 rule 3). Two keys can only be equal when
/// the length, first byte and last byte of their decoded texts agree, so the
/// parser compares signatures first and reads key bytes only for the rare pair
/// that agrees. An unescaped key is its own decoded text, read in place. A key
/// with escapes (`"\u0061"`, `"a\nb"`) is decoded once into the parser's
/// decoded-key buffer, so it gets the signature of its decoded text and is
/// compared with `memcmp` like any other: keys equal after unescaping always
/// share a signature, however each is written.
struct KeyEntry {
    /// The key's index on the tape.
    var node: Int32
    /// Offset of the decoded text in the parser's decoded-key buffer; ``plain`` for an unescaped key.
    var decoded: Int32
    /// Length (low 32 bits), first and last byte of the key's decoded text (0 for the empty key).
    var signature: UInt64

    /// ``decoded`` of a key without escapes (its raw bytes are its text).
    static let plain: Int32 = -1

    /// The entry for the unescaped key `node` (at tape index `index`) of the document at `base`.
    @inline(__always)
    init(node index: Int32, node: JSONTape.Node, base: UnsafePointer<UInt8>) {
        self.node = index
        decoded = KeyEntry.plain
        let length = Int(node.end - node.start)
        signature = length == 0 ? 0 : KeyEntry.signature(length: length, first: base[Int(node.start)], last: base[Int(node.end) - 1])
    }

    /// The entry for the escaped key at tape index `index` whose decoded text is the `count`
    /// bytes at `text`, at `offset` in the decoded-key buffer.
    @inline(__always)
    init(node index: Int32, decodedAt offset: Int, text: UnsafePointer<UInt8>, count: Int) {
        node = index
        decoded = Int32(truncatingIfNeeded: offset)
        signature = count == 0 ? 0 : KeyEntry.signature(length: count, first: text[0], last: text[count - 1])
    }

    /// The signature of a non-empty text of `length` bytes from `first` to `last`.
    @inline(__always)
    static func signature(length: Int, first: UInt8, last: UInt8) -> UInt64 {
        UInt64(length) | UInt64(first) << 32 | UInt64(last) << 40
    }

    /// The length in bytes of the key's decoded text.
    @inline(__always)
    var length: Int { Int(truncatingIfNeeded: signature & 0xFFFF_FFFF) }

    /// `false` only when the two keys certainly decode to different texts.
    @inline(__always)
    func mayEqual(_ other: KeyEntry) -> Bool {
        signature == other.signature
    }
}
