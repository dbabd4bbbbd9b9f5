/// Where a rejected input came from (contract §3.3 `source`).
public enum RejectionSource: Sendable, Equatable {
    /// A Kafka message: its topic, partition, offset and timestamp (ms, `nil` when unavailable).
    case kafka(topic: String, partition: Int32, offset: Int64, timestampMilliseconds: Int64?)
    /// A line of an offline input file (1-based).
    case line(Int)
}
