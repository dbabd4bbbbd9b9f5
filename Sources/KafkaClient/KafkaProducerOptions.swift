/// Tuning and hooks of a ``KafkaProducer`` that are not librdkafka properties.
public struct KafkaProducerOptions: Sendable {
    /// How long ``KafkaProducer/close()`` waits for outstanding deliveries
    /// before purging the rest (their reports then fail with `_PURGE_*`).
    public var closeFlushTimeout: Duration
    /// Receives librdkafka's statistics JSON every `statistics.interval.ms`
    /// (set that property to enable it). Called on the poll thread: keep it short.
    public var onStatistics: (@Sendable (String) -> Void)?
    /// Receives client-level errors from librdkafka's `error_cb` (also
    /// logged), including fatal idempotence errors. Called on the poll thread.
    public var onError: (@Sendable (KafkaError) -> Void)?

    /// Creates options; every parameter has a production-suitable default.
    public init(
        closeFlushTimeout: Duration = .seconds(10),
        onStatistics: (@Sendable (String) -> Void)? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) {
        self.closeFlushTimeout = closeFlushTimeout
        self.onStatistics = onStatistics
        self.onError = onError
    }
}
