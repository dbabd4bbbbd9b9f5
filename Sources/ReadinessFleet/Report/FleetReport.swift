import ReadinessContract

/// The result of one fleet run: a row per request and a summary, rendered by
/// ``FleetTableRenderer``, ``FleetJSONRenderer`` and ``FleetCSVRenderer``.
public struct FleetReport: Sendable {
    /// One request and what became of it.
    public struct Row: Sendable, Hashable {
        /// The tenant and scope asked about.
        public var target: FleetTarget
        /// The request's correlation id.
        public var correlationID: String
        /// Answer, rejection, or none.
        public var outcome: FleetOutcome
    }

    /// A blocker text and how many requests reported it.
    public struct BlockerCount: Sendable, Hashable {
        /// The blocker, with the tenant's own id replaced by `*` (`tenant * is not registered`).
        public var text: String
        /// Number of requests whose blockers include it.
        public var count: Int
    }

    /// The batch id.
    public let batch: FleetBatchID
    /// When sending started, UTC.
    public let startedAt: String
    /// When the run ended, UTC.
    public let finishedAt: String
    /// Wall time of the run, seconds.
    public let durationSeconds: Double
    /// How the run ended.
    public let completion: FleetCollector.Completion
    /// One row per request, in sending order.
    public let rows: [Row]
    /// Answers seen twice (at-least-once delivery), ignored.
    public let duplicateAnswers: Int
    /// Answers on the topics that were not for this batch, ignored.
    public let foreignAnswers: Int

    /// Requests per outcome word (`answered`, `rejected`, `unanswered`, `not_sent`).
    public let outcomeCounts: [String: Int]
    /// Answered requests per readiness status.
    public let statusCounts: [ReadinessStatus: Int]
    /// Answered requests per catalog status.
    public let catalogStatusCounts: [ReadinessStatus: Int]
    /// The most frequent blockers, most frequent first (ties by text), at most ``topBlockerLimit``.
    public let topBlockers: [BlockerCount]
    /// Registry revisions the answers were evaluated against, sorted.
    public let registryRevisions: [String]
    /// The exit status this report calls for.
    public let exitStatus: FleetExitStatus

    /// How many blockers the summary lists.
    public static let topBlockerLimit = 10

    /// Builds the report from the plan and the collector's final state.
    public init(plan: FleetPlan, collector: FleetCollector, startedAt: Int64, finishedAt: Int64, durationSeconds: Double) {
        precondition(plan.count == collector.count)
        batch = plan.batch
        self.startedAt = UTCClock.iso(secondsSinceEpoch: startedAt)
        self.finishedAt = UTCClock.iso(secondsSinceEpoch: finishedAt)
        self.durationSeconds = durationSeconds
        completion = collector.completion ?? .interrupted
        duplicateAnswers = collector.duplicateCount
        foreignAnswers = collector.foreignCount
        var rows: [Row] = []
        rows.reserveCapacity(plan.count)
        var outcomes: [String: Int] = [:]
        var statuses: [ReadinessStatus: Int] = [:]
        var catalogs: [ReadinessStatus: Int] = [:]
        var blockers: [String: Int] = [:]
        var revisions = Set<String>()
        for (index, target) in plan.targets.enumerated() {
            let outcome = collector.outcomes[index]
            rows.append(Row(target: target, correlationID: plan.batch.correlationID(index), outcome: outcome))
            outcomes[outcome.word, default: 0] += 1
            guard case .answered(let response) = outcome else { continue }
            statuses[response.readinessStatus, default: 0] += 1
            catalogs[response.catalogStatus, default: 0] += 1
            revisions.insert(response.registryRevision)
            for blocker in Set(response.blockers.compactMap { Self.pattern(of: $0, tenant: target.tenantID) }) {
                blockers[blocker, default: 0] += 1
            }
        }
        self.rows = rows
        outcomeCounts = outcomes
        statusCounts = statuses
        catalogStatusCounts = catalogs
        topBlockers = blockers.map { BlockerCount(text: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text }
            .prefix(Self.topBlockerLimit).map { $0 }
        registryRevisions = revisions.sorted()
        exitStatus = FleetExitStatus.of(collector.outcomes)
    }

    /// Rows whose request got no answer (unanswered or not sent).
    public var unansweredRows: [Row] {
        rows.filter { if case .unanswered = $0.outcome { true } else if case .notSent = $0.outcome { true } else { false } }
    }

    /// Rows whose request was rejected.
    public var rejectedRows: [Row] {
        rows.filter { if case .rejected = $0.outcome { true } else { false } }
    }

    /// Number of requests with outcome `word`.
    public func count(_ word: String) -> Int { outcomeCounts[word] ?? 0 }

    /// Statuses in the order reports list them.
    public static let statusOrder: [ReadinessStatus] = [.ready, .degraded, .blocked, .unknown]

    /// The blocker as counted in the summary: the tenant's own id replaced by
    /// `*` so that tenant-level blockers add up across tenants; the
    /// `"<N> more blockers"` cap line is not a blocker.
    static func pattern(of blocker: String, tenant: String) -> String? {
        if blocker.hasSuffix(" more blockers"), blocker.dropLast(" more blockers".count).allSatisfy(\.isNumber) {
            return nil
        }
        return blocker.replacing("tenant " + tenant, with: "tenant *")
    }
}
