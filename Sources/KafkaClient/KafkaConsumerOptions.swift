/// Tuning and hooks of a ``KafkaConsumer`` that are not librdkafka properties.
public struct KafkaConsumerOptions: Sendable {
    /// Maximum messages per ``KafkaMessageBatch``.
    public var maxBatchSize: Int
    /// Back-pressure bound: when this many batches are waiting for the
    /// application, the poll thread stops polling and waits for the
    /// application to take one. Memory therefore stays bounded by
    /// `maxBufferedBatches` batches plus librdkafka's own prefetch
    /// (`queued.max.messages.kbytes`).
    public var maxBufferedBatches: Int
    /// How long the poll thread waits for buffer space before it pauses
    /// fetching of the whole assignment (librdkafka then drops its prefetched
    /// data and fetches it again after resuming) so that rebalance callbacks
    /// are served while the application is slow. Fetching resumes once the
    /// application has drained the buffer to half of ``maxBufferedBatches``.
    /// This also bounds how long a rebalance waits for a busy application.
    public var pauseFetchingAfter: Duration
    /// Upper bound on how long the poll thread waits for the application to
    /// call ``KafkaRevocation/complete()`` before unassigning anyway. Keep it
    /// below `max.poll.interval.ms`.
    public var revocationTimeout: Duration
    /// Receives librdkafka's statistics JSON every `statistics.interval.ms`
    /// (set that property to enable it). Called on the poll thread: keep it short.
    public var onStatistics: (@Sendable (String) -> Void)?
    /// Receives client-level errors from librdkafka's `error_cb` (also
    /// logged), e.g. `_TRANSPORT` or `_ALL_BROKERS_DOWN`; most are transient
    /// and retried by librdkafka. Called on the poll thread: keep it short.
    public var onError: (@Sendable (KafkaError) -> Void)?
    /// Start positions the application already finished past the group's committed offsets,
    /// consulted when partitions are assigned (see ``KafkaStartPositions``).
    public var startPositions: KafkaStartPositions?
    /// How long ``KafkaConsumer/commit(_:)`` waits for the coordinator's answer before it
    /// reports the commit as timed out. librdkafka's synchronous commit has no bound of its own
    /// (it waits while the coordinator is being looked up or does not answer), and the control
    /// thread it occupies also serves the other blocking calls (committed offsets, watermarks).
    public var commitTimeout: Duration

    /// Creates options; every parameter has a production-suitable default.
    public init(
        maxBatchSize: Int = 1000,
        maxBufferedBatches: Int = 4,
        pauseFetchingAfter: Duration = .milliseconds(500),
        revocationTimeout: Duration = .seconds(30),
        onStatistics: (@Sendable (String) -> Void)? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil,
        startPositions: KafkaStartPositions? = nil,
        commitTimeout: Duration = .seconds(15)
    ) {
        precondition(maxBatchSize > 0 && maxBufferedBatches > 0)
        self.maxBatchSize = maxBatchSize
        self.maxBufferedBatches = maxBufferedBatches
        self.pauseFetchingAfter = pauseFetchingAfter
        self.revocationTimeout = revocationTimeout
        self.onStatistics = onStatistics
        self.onError = onError
        self.startPositions = startPositions
        self.commitTimeout = commitTimeout
    }
}
