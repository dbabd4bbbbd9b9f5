/// A partition together with an offset.
///
/// For commits the offset is the **next offset to read**, i.e. the offset of
/// the last processed message + 1 (Kafka's convention).
public struct TopicPartitionOffset: Hashable, Sendable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition number.
    public var partition: Int32
    /// The offset; negative values are librdkafka's logical offsets
    /// (e.g. `-1001` = invalid / no committed offset).
    public var offset: Int64

    /// Creates a partition-offset triple.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    /// The partition without the offset.
    public var topicPartition: TopicPartition {
        TopicPartition(topic: topic, partition: partition)
    }

    /// librdkafka's logical "no offset" value (`RD_KAFKA_OFFSET_INVALID`).
    public static let invalidOffset: Int64 = -1001

    /// `topic[partition]@offset`.
    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}
