import KafkaClient

/// Pauses the periodic commits while a consumer-group rebalance is under way.
///
/// librdkafka issue #4059: a commit answered `ILLEGAL_GENERATION` or `REBALANCE_IN_PROGRESS`
/// during a cooperative rebalance can make the member lose its assignment, so its partitions are
/// processed again by their next owner. After such an answer the committer holds its periodic
/// commits until the next assignment arrives (the rebalance is over), and at most ``maximum``
/// (an assignment event, also an empty one, ends it), then resumes. Final commits (revocation,
/// stop) are never held: they hand the partitions over. Positions are kept in the ledger while
/// held, so nothing is skipped, only committed later.
struct CommitHold {
    /// What the committer must do at a round.
    enum Decision: Equatable {
        /// Commit as usual.
        case commit
        /// Do not commit this round: a rebalance may still be under way.
        case hold
        /// The hold ran for `after` without an assignment: log, then commit again.
        case resume(after: Duration)
    }

    /// Longest hold: commits resume after this even when no assignment arrived.
    static let defaultMaximum: Duration = .seconds(10)

    /// Longest hold.
    let maximum: Duration
    /// When the current hold began (`nil`: not holding).
    private(set) var heldSince: ContinuousClock.Instant?

    init(maximum: Duration = CommitHold.defaultMaximum) {
        self.maximum = maximum
    }

    /// Whether a commit refused with `code` means a rebalance is under way.
    static func isRebalanceRefusal(_ code: KafkaErrorCode?) -> Bool {
        code == .illegalGeneration || code == .rebalanceInProgress
    }

    /// A periodic commit failed with `code` at `now`; returns `true` when this begins a hold.
    /// A hold already running keeps its start, so that the bound holds.
    mutating func commitFailed(_ code: KafkaErrorCode?, at now: ContinuousClock.Instant) -> Bool {
        guard CommitHold.isRebalanceRefusal(code), heldSince == nil else { return false }
        heldSince = now
        return true
    }

    /// An assignment arrived: the rebalance is over. Returns how long commits were held (`nil`: not holding).
    mutating func assigned(at now: ContinuousClock.Instant) -> Duration? {
        guard let since = heldSince else { return nil }
        heldSince = nil
        return now - since
    }

    /// Whether the committer may commit at `now`.
    mutating func decide(at now: ContinuousClock.Instant) -> Decision {
        guard let since = heldSince else { return .commit }
        guard now - since >= maximum else { return .hold }
        heldSince = nil
        return .resume(after: now - since)
    }
}
