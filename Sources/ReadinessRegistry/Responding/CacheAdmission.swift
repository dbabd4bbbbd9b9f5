/// Decides which answers are worth keeping: only those to questions asked at least twice recently.
///
/// Why: storing an answer costs two or three allocations, a dictionary insertion and, when the
/// cache is full, freeing every entry at once. On traffic where most questions are asked once (a
/// diverse stream of tenants and refs) that cost bought almost no hits and made answering about a
/// third slower than evaluating without a cache. A question asked once is only remembered here, by
/// a 32-bit fingerprint in a direct-mapped table (one write, no allocation); its second asking finds
/// the fingerprint and is admitted, and repeats from the third on are served from the cache. Fleets
/// re-checked over and over lose one extra evaluation per question.
///
/// Fingerprints that share a slot overwrite each other, so under heavy churn a repeated question
/// may be admitted late; it is never admitted wrongly in a way that matters, because admission only
/// decides whether an exact, verified answer is stored.
struct CacheAdmission {
    private var fingerprints: [UInt32]
    private let mask: Int

    /// A table of at least `slots` fingerprints (rounded up to a power of two, at least 1,024).
    init(slots: Int) {
        var size = 1_024
        while size < slots { size <<= 1 }
        fingerprints = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Whether the question with `hash` was seen recently; if not, remembers it.
    mutating func admits(_ hash: UInt64) -> Bool {
        let slot = Int(truncatingIfNeeded: hash) & mask
        // The fingerprint comes from the hash's high half (the slot uses the low bits); `| 1` keeps
        // it distinct from an empty slot.
        let fingerprint = UInt32(truncatingIfNeeded: hash >> 32) | 1
        return fingerprints.withUnsafeMutableBufferPointer { table in
            if table[slot] == fingerprint { return true }
            table[slot] = fingerprint
            return false
        }
    }
}
