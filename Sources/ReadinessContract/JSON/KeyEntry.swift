/// One object key on ``StrictJSONParser``'s key stack: its tape index and a
/// cheap signature of its decoded text.
///
/// Why: every request object has a handful of keys and each pair must be
/// checked for equality (contract §3.1 rule 3). Two keys can only be equal when
/// the length, first byte and last byte of their decoded texts agree, so the
/// parser compares signatures first and reads key bytes only for the rare pair
/// that agrees. An unescaped key's signature is read from its raw bytes; a key
/// with escapes (`"\u0061"`, `"a\nb"`) gets the signature of its decoded text,
/// so it takes the same fast path and equal keys, however written, always
/// share a signature.
struct KeyEntry {
    /// The key's index on the tape.
    var node: Int32
    /// Length, first and last byte of the key's decoded text (0 for the empty key).
    var signature: UInt64

    /// The entry for key `node` (at tape index `index`) of the document at `base`.
    @inline(__always)
    init(node index: Int32, node: JSONTape.Node, base: UnsafePointer<UInt8>) {
        self.node = index
        if node.hasEscapes {
            signature = KeyEntry.decodedSignature(node, base: base)
            return
        }
        let length = Int(node.end - node.start)
        signature = length == 0 ? 0 : KeyEntry.signature(length: length, first: base[Int(node.start)], last: base[Int(node.end) - 1])
    }

    /// The signature of a non-empty text of `length` bytes from `first` to `last`.
    @inline(__always)
    static func signature(length: Int, first: UInt8, last: UInt8) -> UInt64 {
        UInt64(length) | UInt64(first) << 32 | UInt64(last) << 40
    }

    /// The signature of the decoded text of the escaped key `node`, read without a buffer.
    @inline(never)  // the rare case: kept out of the parser's key loop
    static func decodedSignature(_ node: JSONTape.Node, base: UnsafePointer<UInt8>) -> UInt64 {
        var bytes = DecodedBytes(node, base: base)
        guard let first = bytes.next() else { return 0 }
        var length = 1
        var last = first
        while let byte = bytes.next() {
            length += 1
            last = byte
        }
        return signature(length: length, first: first, last: last)
    }

    /// `false` only when the two keys certainly decode to different texts.
    @inline(__always)
    func mayEqual(_ other: KeyEntry) -> Bool {
        signature == other.signature
    }
}
