/// What the cluster reports about one topic.
public struct KafkaTopicMetadata: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// Number of partitions.
    public var partitionCount: Int
    /// The broker's per-topic error, if any (e.g. `UNKNOWN_TOPIC_OR_PART`).
    public var error: KafkaErrorCode?

    /// Creates a metadata record.
    public init(name: String, partitionCount: Int, error: KafkaErrorCode?) {
        self.name = name
        self.partitionCount = partitionCount
        self.error = error
    }
}
