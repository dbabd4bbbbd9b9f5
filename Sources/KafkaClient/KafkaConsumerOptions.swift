/// Tuning and hooks of a ``KafkaConsumer`` that are not librdkafka properties.
public struct KafkaConsumerOptions: Sendable {
    /// Maximum messages per ``KafkaMessageBatch``.
    public var maxBatchSize: Int
    /// Back-pressure bound: when this many batches are waiting for the
    /// application, the poll thread pauses fetching for the whole assignment
    /// (librdkafka discards its prefetched data) and resumes once the
    /// application has drained the buffer to half of it. Memory therefore
    /// stays bounded by about `maxBufferedBatches + 1` batches plus
    /// librdkafka's own `queued.max.messages.kbytes`.
    public var maxBufferedBatches: Int
    /// Upper bound on how long the poll thread waits for the application to
    /// call ``KafkaRevocation/complete()`` before unassigning anyway. Keep it
    /// below `max.poll.interval.ms`.
    public var revocationTimeout: Duration
    /// Receives librdkafka's statistics JSON every `statistics.interval.ms`
    /// (set that property to enable it). Called on the poll thread: keep it short.
    public var onStatistics: (@Sendable (String) -> Void)?
    /// Receives client-level errors from librdkafka's `error_cb` (also logged).
    /// Called on a librdkafka thread: keep it short.
    public var onError: (@Sendable (KafkaError) -> Void)?

    /// Creates options; every parameter has a production-suitable default.
    public init(
        maxBatchSize: Int = 1000,
        maxBufferedBatches: Int = 4,
        revocationTimeout: Duration = .seconds(30),
        onStatistics: (@Sendable (String) -> Void)? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) {
        precondition(maxBatchSize > 0 && maxBufferedBatches > 0)
        self.maxBatchSize = maxBatchSize
        self.maxBufferedBatches = maxBufferedBatches
        self.revocationTimeout = revocationTimeout
        self.onStatistics = onStatistics
        self.onError = onError
    }
}
