/// The outcome of producing one message, identified by the caller's token.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// Where a delivered message was written.
    public struct Position: Sendable, Hashable {
        /// The partition the message was written to.
        public var partition: Int32
        /// The offset the broker assigned.
        public var offset: Int64

        /// Creates a position.
        public init(partition: Int32, offset: Int64) {
            self.partition = partition
            self.offset = offset
        }
    }

    /// The token passed to ``KafkaProducer/produce(topic:partition:key:value:headers:token:)``.
    public var token: UInt64
    /// The position on success; otherwise the permanent failure (after
    /// librdkafka's own retries, e.g. `_MSG_TIMED_OUT`, or `_PURGE_QUEUE` /
    /// `_PURGE_INFLIGHT` when the producer was closed with messages pending).
    public var result: Result<Position, KafkaError>

    /// Creates a report.
    public init(token: UInt64, result: Result<Position, KafkaError>) {
        self.token = token
        self.result = result
    }
}
