/// Lets the application start newly assigned partitions past the group's committed offsets, at
/// positions it has itself already finished.
///
/// Use case: a member whose commit was refused during a rebalance loses its partitions
/// (librdkafka issue #4059) and is often given the same partitions back at once. Without this
/// hook it would re-read them from the last committed offset and redo work it already finished.
///
/// While partitions are being assigned (on the poll thread, inside the rebalance), the consumer
/// asks ``candidates`` for start positions. When any are returned it reads the cluster id, the
/// candidates' partitions' watermarks and the group's committed offsets, and decides each
/// candidate with ``decide(_:current:committed:)``: a candidate remembered in another log (another
/// cluster, a re-created topic, outside the partition's watermarks) is discarded with one error
/// line naming the partition, the remembered position and where the partition starts instead; a
/// candidate at or behind the committed offset loses to it, so another member's later progress is
/// never re-read because of a stale candidate. The candidates used are then reported through
/// ``applied``. When the committed offsets cannot be fetched (timeout) no candidate is used.
///
/// Only return positions up to which every message is finished: the consumer skips everything
/// before them.
public struct KafkaStartPositions: Sendable {
    /// Start positions (next offset to read) for some of the partitions being assigned, each with the
    /// log it was remembered in; called on the poll thread during a rebalance, so keep it short.
    /// Usually empty. A candidate returned is consumed: whatever is decided, it is not asked again.
    public var candidates: @Sendable (_ assigned: [TopicPartition]) -> [KafkaStartCandidate]
    /// The candidates that became the partitions' start positions, called on the poll thread
    /// before the ``KafkaConsumerEvent/partitionsAssigned(_:)`` event is delivered.
    public var applied: @Sendable (_ positions: [TopicPartitionOffset]) -> Void
    /// Bound on each of the reads made when there are candidates (metadata, watermarks, committed offsets).
    public var committedTimeout: Duration

    /// Creates the hook.
    public init(
        committedTimeout: Duration = .seconds(5),
        candidates: @escaping @Sendable (_ assigned: [TopicPartition]) -> [KafkaStartCandidate],
        applied: @escaping @Sendable (_ positions: [TopicPartitionOffset]) -> Void
    ) {
        self.candidates = candidates
        self.applied = applied
        self.committedTimeout = committedTimeout
    }

    /// Decides `candidate` given its partition's `current` log origin (cluster id and watermarks read
    /// now) and the group's `committed` offset (negative where nothing is committed).
    ///
    /// Discarded: another or an unknown cluster id; unknown current watermarks; a position outside
    /// the current watermarks; a watermark lower than when the position was remembered (a log never
    /// loses its end and never gets back records it dropped, so the log is another one). Otherwise
    /// the candidate is used when it is past the committed offset (or nothing is committed).
    ///
    /// Not detectable: a topic re-created on the same cluster that has since grown past the
    /// remembered watermarks (librdkafka 2.0.2 does not expose topic ids).
    public static func decide(
        _ candidate: KafkaStartCandidate, current: KafkaLogOrigin, committed: Int64
    ) -> KafkaStartDecision {
        let remembered = candidate.origin
        let offset = candidate.position.offset
        guard let then = remembered.clusterID, let now = current.clusterID else { return .discard(.clusterUnknown) }
        guard then == now else { return .discard(.clusterChanged(remembered: then, current: now)) }
        guard let low = current.low, let high = current.high else { return .discard(.watermarksUnknown) }
        if offset > high { return .discard(.beyondHighWatermark(high: high)) }
        if offset < low { return .discard(.belowLowWatermark(low: low)) }
        if let rememberedHigh = remembered.high, high < rememberedHigh {
            return .discard(.watermarkWentBack(remembered: remembered, current: current))
        }
        if let rememberedLow = remembered.low, low < rememberedLow {
            return .discard(.watermarkWentBack(remembered: remembered, current: current))
        }
        return committed < 0 || offset > committed ? .use : .committedWins
    }
}
