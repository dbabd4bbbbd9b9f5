/// The evaluated answer to one request (contract §4), ready to encode.
///
/// The evaluator fills one instance per request; reuse it across requests (one
/// per worker thread) so that its storage is kept.
public final class ReadinessResponse {
    /// One required check's result.
    public struct CheckResult: Sendable, Equatable {
        /// Which check.
        public var check: ReadinessCheck
        /// The worst status among its findings, `ready` if none.
        public var status: ReadinessStatus
        /// Indices of its findings in ``ReadinessResponse/findings``.
        public var findings: Range<Int>

        /// Creates a check result.
        public init(check: ReadinessCheck, status: ReadinessStatus, findings: Range<Int>) {
            self.check = check
            self.status = status
            self.findings = findings
        }
    }

    /// The blockers list holds at most this many entries (contract §4).
    public static let maximumBlockers = 50

    /// The trimmed `tenant_id`.
    public var tenantID = ""
    /// The trimmed `correlation_id`.
    public var correlationID = ""
    /// The aggregate of the required checks.
    public var readinessStatus = ReadinessStatus.ready
    /// The status of `catalog_freshness`, evaluated always.
    public var catalogStatus = ReadinessStatus.ready
    /// The scope's catalog version, when the scope exists.
    public var latestCatalogVersion: String?
    /// The length of the scope's catalog `packs` list as written (0 if none).
    public var policyPackCount = 0
    /// The evaluation time.
    public var checkedAt = Timestamp(attoseconds: 0)
    /// The registry revision evaluated against.
    public var registryRevision = ""
    /// Whether a revision needs no JSON escaping, remembered for the last one asked about:
    /// one snapshot answers many requests, and the revision is written twice in each.
    var revisionPlainness: (revision: String, isPlain: Bool)?
    /// One entry per required check, in request order.
    public var checks: [CheckResult] = []
    /// The finding texts of all required checks, in check order then pack order.
    public let findings = FindingList()
    /// The evaluation times over which this result stays the same.
    public var validity = ValidityWindow()

    /// Creates an empty response.
    public init() {}

    /// Clears the per-request state, keeping storage.
    public func reset() {
        checks.removeAll(keepingCapacity: true)
        findings.removeAll()
        latestCatalogVersion = nil
        policyPackCount = 0
        readinessStatus = .ready
        catalogStatus = .ready
        validity = ValidityWindow()
    }

    /// Scratch storage for ``uniqueFindings()``, kept between requests.
    private var uniqueScratch: [Int] = []

    /// The finding indices that make up `blockers`: every finding once, first occurrence kept.
    public func uniqueFindings() -> [Int] {
        withUniqueFindings { Array($0) }
    }

    /// Calls `body` with the finding indices that make up `blockers` (every finding once, first
    /// occurrence kept), held in storage reused across requests: no allocation once warm.
    public func withUniqueFindings<R>(_ body: (UnsafeBufferPointer<Int>) -> R) -> R {
        let count = findings.count
        uniqueScratch.removeAll(keepingCapacity: true)
        if count <= 32 {
            for index in 0..<count where !uniqueScratch.contains(where: { findings.equal($0, index) }) {
                uniqueScratch.append(index)
            }
        } else {
            var seen = Set<[UInt8]>(minimumCapacity: count)
            for index in 0..<count where seen.insert(findings.key(index)).inserted {
                uniqueScratch.append(index)
            }
        }
        return uniqueScratch.withUnsafeBufferPointer(body)
    }

    /// The `blockers` list as strings (contract §4: de-duplicated, then capped at 50).
    public func blockers() -> [String] {
        let unique = uniqueFindings()
        guard unique.count > ReadinessResponse.maximumBlockers else { return unique.map { findings.finding($0) } }
        let kept = ReadinessResponse.maximumBlockers - 1
        return unique[..<kept].map { findings.finding($0) } + ["\(unique.count - kept) more blockers"]
    }
}
