/// Lets the application start newly assigned partitions past the group's committed offsets, at
/// positions it has itself already finished.
///
/// Use case: a member whose commit was refused during a rebalance loses its partitions
/// (librdkafka issue #4059) and is often given the same partitions back at once. Without this
/// hook it would re-read them from the last committed offset and redo work it already finished.
///
/// While partitions are being assigned (on the poll thread, inside the rebalance), the consumer
/// asks ``candidates`` for start positions. When any are returned it fetches the group's
/// committed offsets for those partitions and starts a partition at its candidate only when the
/// candidate is **past** the committed offset (or nothing is committed); otherwise the committed
/// offset wins, so another member's later progress is never re-read because of a stale candidate.
/// The candidates used are then reported through ``applied``. When the committed offsets cannot
/// be fetched (timeout) no candidate is used.
///
/// Only return positions up to which every message is finished: the consumer skips everything
/// before them.
public struct KafkaStartPositions: Sendable {
    /// Start positions (next offset to read) for some of the partitions being assigned; called on
    /// the poll thread during a rebalance, so keep it short. Usually empty.
    public var candidates: @Sendable (_ assigned: [TopicPartition]) -> [TopicPartitionOffset]
    /// The candidates that became the partitions' start positions, called on the poll thread
    /// before the ``KafkaConsumerEvent/partitionsAssigned(_:)`` event is delivered.
    public var applied: @Sendable (_ positions: [TopicPartitionOffset]) -> Void
    /// Bound on the committed-offset fetch made when there are candidates.
    public var committedTimeout: Duration

    /// Creates the hook.
    public init(
        committedTimeout: Duration = .seconds(5),
        candidates: @escaping @Sendable (_ assigned: [TopicPartition]) -> [TopicPartitionOffset],
        applied: @escaping @Sendable (_ positions: [TopicPartitionOffset]) -> Void
    ) {
        self.candidates = candidates
        self.applied = applied
        self.committedTimeout = committedTimeout
    }

    /// The candidates to use, given the group's `committed` offsets (``TopicPartitionOffset/invalidOffset``
    /// or another negative value where nothing is committed): those past their partition's committed offset.
    static func usable(_ candidates: [TopicPartitionOffset], committed: [TopicPartitionOffset]) -> [TopicPartitionOffset] {
        var committedOffsets: [TopicPartition: Int64] = [:]
        for entry in committed { committedOffsets[entry.topicPartition] = entry.offset }
        return candidates.filter { candidate in
            guard candidate.offset >= 0 else { return false }
            guard let committed = committedOffsets[candidate.topicPartition] else { return false }
            return committed < 0 || candidate.offset > committed
        }
    }
}
