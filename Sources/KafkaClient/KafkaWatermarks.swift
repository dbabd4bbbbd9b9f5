/// The low and high watermark offsets of one partition, as its leader reports them.
///
/// `high` is the offset the next message produced to the partition will get,
/// so assigning a consumer at `high` reads exactly what is produced after the
/// query; `low` is the oldest offset the broker still keeps.
public struct KafkaWatermarks: Sendable, Hashable, CustomStringConvertible {
    /// The partition.
    public var partition: TopicPartition
    /// The oldest offset still stored.
    public var low: Int64
    /// The offset of the next message to be appended.
    public var high: Int64

    /// Creates a watermark record.
    public init(partition: TopicPartition, low: Int64, high: Int64) {
        self.partition = partition
        self.low = low
        self.high = high
    }

    /// The position just after the last stored message, for ``KafkaConsumer/assign(_:)``.
    public var end: TopicPartitionOffset {
        TopicPartitionOffset(topic: partition.topic, partition: partition.partition, offset: high)
    }

    /// `topic[partition] low..high`.
    public var description: String { "\(partition) \(low)..\(high)" }
}
