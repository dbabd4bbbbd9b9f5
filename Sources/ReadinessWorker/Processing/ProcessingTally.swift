import ReadinessContract

/// Outcome counts of one processing lane, kept in plain arrays so counting a
/// message costs one array increment; the pipeline hands them to
/// ``PipelineMetrics`` once per batch and resets them.
public struct ProcessingTally: Sendable, Equatable {
    /// Responses by readiness status, indexed by `ReadinessStatus.rawValue`.
    public private(set) var responses = [Int](repeating: 0, count: ReadinessStatus.allCases.count)
    /// Rejections by reason, indexed like `RejectionReason.allCases`.
    public private(set) var rejections = [Int](repeating: 0, count: RejectionReason.allCases.count)

    /// Responses answered from the response cache (a subset of ``responses``).
    public internal(set) var cachedResponses = 0
    /// Times the response cache went to rest because too few lookups hit (see `CacheRest`).
    public internal(set) var cacheRests = 0

    /// An empty tally.
    public init() {}

    /// Counts one response of `status`.
    public mutating func countResponse(_ status: ReadinessStatus) {
        responses[Int(status.rawValue)] += 1
    }

    /// Counts one rejection for `reason`.
    public mutating func countRejection(_ reason: RejectionReason) {
        rejections[ProcessingTally.reasonIndex[reason] ?? 0] += 1
    }

    /// Rejections for `reason`.
    public func rejections(_ reason: RejectionReason) -> Int { rejections[ProcessingTally.reasonIndex[reason] ?? 0] }

    private static let reasonIndex: [RejectionReason: Int] = Dictionary(
        uniqueKeysWithValues: RejectionReason.allCases.enumerated().map { ($1, $0) })
}
