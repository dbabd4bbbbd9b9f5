/// One object key on ``StrictJSONParser``'s key stack: its tape index and a
/// cheap signature of its raw bytes.
///
/// Why: every request object has a handful of keys and each pair must be
/// checked for equality (SPEC §3.1 rule 3). Two unescaped keys can only be
/// equal when their length, first byte and last byte agree, so the parser
/// compares signatures first and reads key bytes only for the rare pair
/// that agrees. A key containing escapes has no usable raw signature
/// (its decoded text differs from its bytes) and is always compared in full.
struct KeyEntry {
    /// The key's index on the tape.
    var node: Int32
    /// Length, first and last raw byte of an unescaped key; ``escaped`` for keys with escapes.
    var signature: UInt64

    /// The signature of keys that contain an escape sequence.
    static let escaped: UInt64 = .max

    /// The entry for key `node` (at tape index `index`) of the document at `base`.
    @inline(__always)
    init(node index: Int32, node: JSONTape.Node, base: UnsafePointer<UInt8>) {
        self.node = index
        let length = Int(node.end - node.start)
        if node.hasEscapes {
            signature = KeyEntry.escaped
        } else if length == 0 {
            signature = 0
        } else {
            let first = base[Int(node.start)], last = base[Int(node.end) - 1]
            signature = UInt64(length) | UInt64(first) << 32 | UInt64(last) << 40
        }
    }

    /// `false` only when the two keys certainly decode to different texts.
    @inline(__always)
    func mayEqual(_ other: KeyEntry) -> Bool {
        signature == other.signature || signature == KeyEntry.escaped || other.signature == KeyEntry.escaped
    }
}
