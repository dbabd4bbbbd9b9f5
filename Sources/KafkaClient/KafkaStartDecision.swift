/// What becomes of one ``KafkaStartCandidate`` when its partition is assigned
/// (``KafkaStartPositions/decide(_:current:committed:)``).
public enum KafkaStartDecision: Sendable, Hashable {
    /// Start the partition at the candidate: same cluster, inside the partition's current log, past
    /// the group's committed offset.
    case use
    /// The group's committed offset is at or past the candidate: start there, as without a candidate.
    case committedWins
    /// The candidate is not a position of the partition's current log (or that cannot be told): it is
    /// forgotten, and the partition starts at the committed offset or by `auto.offset.reset`.
    case discard(KafkaStartDiscardReason)
}

/// Why a remembered start position was not a position of the partition's current log.
public enum KafkaStartDiscardReason: Sendable, Hashable, CustomStringConvertible {
    /// The cluster behind the bootstrap address is another one (replaced at the same address).
    case clusterChanged(remembered: String, current: String)
    /// The cluster id of the position or of the cluster now is unknown, so the log cannot be matched.
    case clusterUnknown
    /// The partition's current watermarks could not be read.
    case watermarksUnknown
    /// The position is past the partition's high watermark: the log is shorter than what was answered.
    case beyondHighWatermark(high: Int64)
    /// The position is below the partition's low watermark: those offsets are no longer stored.
    case belowLowWatermark(low: Int64)
    /// A watermark went back since the position was remembered (logs only grow and only drop old
    /// records): the topic was deleted and re-created, or the log was truncated.
    case watermarkWentBack(remembered: KafkaLogOrigin, current: KafkaLogOrigin)

    /// One phrase for the error line.
    public var description: String {
        switch self {
        case .clusterChanged(let remembered, let current):
            "the cluster changed (\(remembered) then, \(current) now)"
        case .clusterUnknown:
            "the cluster id is unknown, so the log cannot be matched"
        case .watermarksUnknown:
            "the partition's watermarks could not be read"
        case .beyondHighWatermark(let high):
            "it is past the partition's high watermark \(high)"
        case .belowLowWatermark(let low):
            "it is below the partition's low watermark \(low)"
        case .watermarkWentBack(let remembered, let current):
            "the partition's watermarks went back (\(remembered) then, \(current) now): the topic was re-created or truncated"
        }
    }
}
