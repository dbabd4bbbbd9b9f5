/// A position the application offers as a partition's start (see ``KafkaStartPositions``): the
/// next offset to read, and the log it was remembered in.
public struct KafkaStartCandidate: Sendable, Hashable, CustomStringConvertible {
    /// The partition and its next offset to read.
    public var position: TopicPartitionOffset
    /// The log the position was remembered in (``KafkaRevocation/origins`` of the revocation
    /// that took the partition away).
    public var origin: KafkaLogOrigin

    /// Creates a candidate.
    public init(position: TopicPartitionOffset, origin: KafkaLogOrigin) {
        self.position = position
        self.origin = origin
    }

    /// `topic[partition]@offset (cluster X, log 0..15000)`.
    public var description: String { "\(position) (\(origin))" }
}
