/// Turns the response cache off for a while when it does not pay for itself.
///
/// Why: even with ``CacheAdmission``, every request answered through the cache costs its key, a
/// hash and a lookup — about 650 instructions, against some 8,000 that a hit saves. On a stream of
/// mostly one-off questions (hit rate under about 8 %) the cache therefore slows answering down.
/// The responder counts hits over windows of ``window`` lookups; after a window with fewer than
/// one hit in ``minimumHitShare``, the cache rests for ``restLength`` requests (answered without
/// key, lookup or storing), then judges a fresh window. Kept answers stay valid while it rests.
/// A workload of repeated questions (fleet re-checks) never rests; a diverse one pays the cache's
/// cost for one window in nine.
struct CacheRest {
    /// Lookups per judging window.
    static let window = 8_192
    /// A window pays when at least `window / minimumHitShare` of its lookups hit.
    static let minimumHitShare = 16
    /// Requests answered without the cache after a window that did not pay.
    static let restLength = 8 * window

    private var lookups = 0
    private var hits = 0
    private var remainingRest = 0
    /// Windows after which the cache rested.
    private(set) var rests = 0

    /// Whether the cache is resting; counts the request against the rest when it is.
    mutating func isResting() -> Bool {
        guard remainingRest > 0 else { return false }
        remainingRest -= 1
        return true
    }

    /// Records one lookup; ends the window (and starts a rest when it did not pay) after ``window`` lookups.
    mutating func record(hit: Bool) {
        lookups += 1
        if hit { hits += 1 }
        guard lookups == Self.window else { return }
        if hits * Self.minimumHitShare < Self.window {
            remainingRest = Self.restLength
            rests += 1
        }
        lookups = 0
        hits = 0
    }
}
