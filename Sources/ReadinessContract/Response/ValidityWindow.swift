/// The span of evaluation times over which an evaluation's result stays the
/// same: `[from, until)` in attoseconds since the epoch.
///
/// Every time comparison an evaluation makes ("stale after", "expires at")
/// narrows the window to the side of its flip point that `now` is on, so a
/// cached answer can be reused exactly while `now` stays inside.
public struct ValidityWindow: Sendable, Equatable {
    /// Earliest instant (inclusive) with the same result.
    public var from: Int128 = .min
    /// First instant (exclusive) at which the result may differ.
    public var until: Int128 = .max

    /// An unbounded window.
    public init() {}

    /// Records a condition that is false before `flip` and true from `flip` on.
    @inline(__always)
    public mutating func record(flip: Int128, now: Int128) {
        if now < flip { until = min(until, flip) } else { from = max(from, flip) }
    }

    /// `true` when `now` lies inside the window.
    @inline(__always)
    public func contains(_ now: Timestamp) -> Bool {
        now.attoseconds >= from && now.attoseconds < until
    }
}
