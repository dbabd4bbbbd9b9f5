import Metrics
import ReadinessContract

/// The pipeline's metrics, created once through the process's `MetricsSystem`
/// (Prometheus in the daemon, no-op elsewhere).
///
/// Hot-path updates are per batch, never per message: a lane's
/// ``ProcessingTally`` is added with one increment per non-zero entry.
/// Labels carry only fixed vocabularies (status, reason, event kind) — never a
/// tenant id or any other request value.
public struct PipelineMetrics: Sendable {
    /// Metric names, shared with the README and the tests.
    public enum Name {
        public static let consumed = "readinessd_requests_consumed_total"
        public static let responses = "readinessd_responses_total"
        public static let rejections = "readinessd_rejections_total"
        public static let cachedResponses = "readinessd_cached_responses_total"
        public static let cacheRests = "readinessd_response_cache_rests_total"
        public static let batchProcessing = "readinessd_batch_processing_seconds"
        public static let inFlight = "readinessd_in_flight_outputs"
        public static let produceErrors = "readinessd_produce_errors_total"
        public static let produceRetries = "readinessd_produce_retries_total"
        public static let rebalances = "readinessd_rebalance_events_total"
        public static let assignedPartitions = "readinessd_assigned_partitions"
        public static let commitFailures = "readinessd_commit_failures_total"
        public static let producerReplacements = "readinessd_producer_replacements_total"
        public static let intakeStalls = "readinessd_intake_stalls_total"
        public static let intakeStalled = "readinessd_intake_stalled"
    }

    let consumed = Counter(label: Name.consumed)
    let responses = ReadinessStatus.allCases.map { Counter(label: Name.responses, dimensions: [("status", $0.description)]) }
    let rejections = RejectionReason.allCases.map { Counter(label: Name.rejections, dimensions: [("reason", $0.rawValue)]) }
    let cachedResponses = Counter(label: Name.cachedResponses)
    let cacheRests = Counter(label: Name.cacheRests)
    let batchProcessing = Metrics.Timer(label: Name.batchProcessing)
    let inFlight = Gauge(label: Name.inFlight)
    let enqueueErrors = Counter(label: Name.produceErrors, dimensions: [("stage", "enqueue")])
    let retries = Counter(label: Name.produceRetries)
    let assignments = Counter(label: Name.rebalances, dimensions: [("event", "assigned")])
    let revocations = Counter(label: Name.rebalances, dimensions: [("event", "revoked")])
    let losses = Counter(label: Name.rebalances, dimensions: [("event", "lost")])
    let assignedPartitions = Gauge(label: Name.assignedPartitions)
    let commitFailures = Counter(label: Name.commitFailures)
    /// Retry rounds that replaced the producer (see ``OutputProducer``).
    let producerReplacements = Counter(label: Name.producerReplacements)
    /// Stalls noticed by the intake watch (``IntakeStallMonitor``).
    let intakeStalls = Counter(label: Name.intakeStalls)
    /// 1 while a stall is being reported, 0 otherwise.
    let intakeStalled = Gauge(label: Name.intakeStalled)

    /// Creates the metrics (registers them with the bootstrapped factory).
    public init() {}

    /// Adds one lane's outcome counts.
    func add(_ tally: ProcessingTally) {
        for (index, count) in tally.responses.enumerated() where count > 0 { responses[index].increment(by: count) }
        for (index, count) in tally.rejections.enumerated() where count > 0 { rejections[index].increment(by: count) }
        if tally.cachedResponses > 0 { cachedResponses.increment(by: tally.cachedResponses) }
        if tally.cacheRests > 0 { cacheRests.increment(by: tally.cacheRests) }
    }
}
