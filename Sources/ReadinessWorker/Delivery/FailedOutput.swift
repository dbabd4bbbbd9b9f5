import KafkaClient

/// An output whose delivery failed, to be produced again.
public struct FailedOutput: Sendable {
    /// The delivery token to produce it with (the same ledger entry).
    public var token: UInt64
    /// The batch holding the output's bytes.
    public var batch: OutputBatch
    /// The output's index in `batch`.
    public var index: Int
    /// How many times it has been produced, counting the coming attempt.
    public var attempts: Int
    /// The error its last delivery failed with (`nil` when not known).
    public var error: KafkaError?

    /// The input partition of the request this output answers.
    public var source: TopicPartition { batch.source(of: index) }

    /// The input offset of the request this output answers.
    public var sourceOffset: Int64 { batch.records[index].sourceOffset }

    /// `outputs` sorted by input partition (topic, then partition number), then input offset:
    /// the order in which they must be produced again to keep every input partition's order.
    public static func inInputOrder(_ outputs: [FailedOutput]) -> [FailedOutput] {
        outputs.sorted { left, right in
            let (a, b) = (left.source, right.source)
            if a.topic != b.topic { return a.topic < b.topic }
            if a.partition != b.partition { return a.partition < b.partition }
            return left.sourceOffset < right.sourceOffset
        }
    }
}
