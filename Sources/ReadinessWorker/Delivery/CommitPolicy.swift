import KafkaClient

/// Decides everything about offset commits that is policy rather than mechanics: whether a
/// periodic round commits or holds, what a failed commit leads to, whether a refused stop commit is
/// made again, and which refusals mean "a rebalance is under way".
///
/// **Hold** (librdkafka issue #4059): a commit answered with a rebalance refusal
/// (``isRebalanceRefusal(_:)``) during a cooperative rebalance can make the member lose its
/// assignment, so its partitions are processed again by their next owner. After such an answer
/// to a periodic commit the committer holds its periodic commits until the next assignment arrives
/// (the rebalance is over), and at most ``maximumHold`` (an assignment event, also an empty one,
/// ends it), then resumes. Final commits (revocation, stop) are never held: they hand the
/// partitions over. Positions are kept in the ledger while held, so nothing is skipped, only
/// committed later (contract §6).
///
/// **Retry**: a periodic commit that failed otherwise puts its positions back and the next round
/// commits them again. A final commit is not retried by the committer.
///
/// **Stop commit**: a stop commit refused because of a rebalance is made again with the generation
/// the rebalance gives this member, at most ``stopCommitAttempts`` times in all
/// (``stopCommitFailed(_:attempt:)``).
struct CommitPolicy {
    /// What the committer must do at a round.
    enum Decision: Equatable {
        /// Commit as usual.
        case commit
        /// Do not commit this round: a rebalance may still be under way.
        case hold
        /// The hold ran for `after` without an assignment: log, then commit again.
        case resume(after: Duration)
    }

    /// What follows from a failed commit (its positions always go back to the ledger).
    enum FailureAction: Equatable {
        /// A final commit (revocation, stop) failed: it is not made again by the committer.
        case final
        /// A periodic commit was refused because of a rebalance: periodic commits hold, for at most `atMost`.
        case hold(atMost: Duration)
        /// A periodic commit failed otherwise (or while already holding): the next round commits again.
        case retry
    }

    /// What follows from a refused stop commit.
    enum StopAction: Equatable {
        /// Commit again once the member has a generation (in a revocation, inside the next
        /// assignment, or after the rejoin).
        case commitAfterRebalance
        /// Give up: the partitions' next owner repeats the uncommitted outputs.
        case giveUp
    }

    /// The answers that mean the member's generation is gone because a rebalance is under way:
    /// a commit refused with one of them is neither lost nor wrong, only too early or too late.
    /// `UNKNOWN_MEMBER_ID` belongs with the other two: the coordinator dropped the member, which
    /// rejoins and gets a new generation, as after `ILLEGAL_GENERATION`.
    static let rebalanceRefusals: Set<KafkaErrorCode> = [.illegalGeneration, .rebalanceInProgress, .unknownMemberID]

    /// Longest hold: commits resume after this even when no assignment arrived.
    static let defaultMaximumHold: Duration = PipelineConfiguration.commitHoldMaximum

    /// Most commits a stop makes: the first, then one after each rebalance that refused the previous one.
    static let stopCommitAttempts = 3

    /// Longest hold.
    let maximumHold: Duration
    /// When the current hold began (`nil`: not holding).
    private(set) var heldSince: ContinuousClock.Instant?

    init(maximumHold: Duration = CommitPolicy.defaultMaximumHold) {
        self.maximumHold = maximumHold
    }

    /// Whether a commit refused with `code` means a rebalance is under way.
    static func isRebalanceRefusal(_ code: KafkaErrorCode?) -> Bool {
        code.map(rebalanceRefusals.contains) ?? false
    }

    /// A commit failed with `code` at `now`. A refusal of a periodic commit begins a hold; a hold
    /// already running keeps its start, so that the bound holds.
    mutating func commitFailed(_ code: KafkaErrorCode?, final: Bool, at now: ContinuousClock.Instant) -> FailureAction {
        if final { return .final }
        guard CommitPolicy.isRebalanceRefusal(code), heldSince == nil else { return .retry }
        heldSince = now
        return .hold(atMost: maximumHold)
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
        guard now - since >= maximumHold else { return .hold }
        heldSince = nil
        return .resume(after: now - since)
    }

    /// The stop's `attempt`th commit (counting from 1) failed with `code`.
    static func stopCommitFailed(_ code: KafkaErrorCode?, attempt: Int) -> StopAction {
        isRebalanceRefusal(code) && attempt < stopCommitAttempts ? .commitAfterRebalance : .giveUp
    }
}
