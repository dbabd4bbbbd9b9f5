/// The duplicate-key check (contract §3.1 rule 3, §8), run as each object closes.
extension StrictJSONParser {
    /// Returns the byte offset of a key repeated among the keys pushed since `keyBase`.
    ///
    /// Small objects (every request) first drop each key's ``KeyEntry/signature`` into
    /// one of 256 buckets; only when two land together are the pairs compared, and then
    /// only pairs whose signatures agree, so the usual all-distinct case reads nothing
    /// but the key stack, once. Escaped keys carry the signature of their decoded text
    /// and take the same path (contract §8: keys are compared after unescaping).
    mutating func findDuplicateKey(from keyBase: Int, in cursor: Cursor) -> Int? {
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
    func keysEqual(_ a: KeyEntry, _ b: KeyEntry, _ base: UnsafePointer<UInt8>) -> Bool {
        let length = a.length
        guard length == b.length else { return false }
        return memcmpEqual(keyText(a, base), keyText(b, base), length)
    }

    /// The first byte of the decoded text of key `entry`.
    @inline(__always)
    func keyText(_ entry: KeyEntry, _ base: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        entry.decoded == KeyEntry.plain ? base + Int(nodes[Int(entry.node)].start) : UnsafePointer(decodedKeys + Int(entry.decoded))
    }
}
