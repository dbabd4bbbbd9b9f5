import KafkaClient
import Synchronization

/// What the pipeline is doing, for liveness checks and status lines.
///
/// Intake marks when it starts waiting for consumer events and when it has
/// handled one. The pipeline is healthy while it is waiting (nothing to do)
/// or has handled an event recently; a pipeline stuck inside a batch — a
/// produce that never returns, a drain that never ends — stops being healthy.
public final class PipelineHealth: Sendable {
    /// Assigned partitions with requests waiting on them while intake consumes nothing
    /// (reported by the pipeline's intake watch, see ``IntakeStallMonitor``).
    public struct IntakeStall: Sendable, Equatable {
        /// When intake last handled a consumer event.
        public var since: ContinuousClock.Instant
        /// The silent partitions.
        public var partitions: [TopicPartition]
        /// Requests waiting on them, by the watermarks at detection.
        public var waiting: Int64

        /// Creates a stall record.
        public init(since: ContinuousClock.Instant, partitions: [TopicPartition], waiting: Int64) {
            self.since = since
            self.partitions = partitions
            self.waiting = waiting
        }
    }

    struct State {
        var waitingSince: ContinuousClock.Instant?
        var lastEvent = ContinuousClock.now
        var processed = 0
        var assigned = Set<TopicPartition>()
        var joined = false
        var produceFailingSince: ContinuousClock.Instant?
        var intakeStall: IntakeStall?
        var kafkaUnreachableSince: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Creates a health record.
    public init() {}

    func beganWaiting() { state.withLock { $0.waitingSince = .now } }

    func handledEvent(processed: Int = 0) {
        state.withLock {
            $0.waitingSince = nil
            $0.lastEvent = .now
            $0.processed += processed
        }
    }

    func assigned(_ partitions: [TopicPartition]) {
        state.withLock {
            $0.assigned.formUnion(partitions)
            $0.joined = true
        }
    }

    func revoked(_ partitions: [TopicPartition]) {
        state.withLock { $0.assigned.subtract(partitions) }
    }

    /// `true` when intake is waiting for events or handled one within `window`.
    public func isMakingProgress(within window: Duration) -> Bool {
        state.withLock { state in
            state.waitingSince != nil || ContinuousClock.now - state.lastEvent < window
        }
    }

    /// Records that outputs stopped being delivered at `instant` (the first failure of the
    /// oldest undelivered output); a later call keeps the earlier instant. `/readyz`
    /// reports not ready once it has run for long enough.
    public func produceFailed(at instant: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if state.produceFailingSince == nil { state.produceFailingSince = instant }
        }
    }

    /// Records that every failed output has since been delivered (stops the "failing since" clock).
    public func produceSucceeded() {
        state.withLock { $0.produceFailingSince = nil }
    }

    /// Since when at least one output keeps failing to be delivered; `nil` while the produce path works.
    ///
    /// Commits never pass an undelivered output, so while this is set the committed
    /// positions stay behind the oldest unanswered request.
    public var produceFailingSince: ContinuousClock.Instant? { state.withLock { $0.produceFailingSince } }

    /// When intake last handled a consumer event (a batch, an assignment or a revocation).
    public var lastEvent: ContinuousClock.Instant { state.withLock { $0.lastEvent } }

    /// Records a stall of intake; `/readyz` reports not ready until ``intakeRecovered()``.
    public func intakeStalled(_ stall: IntakeStall) {
        state.withLock { $0.intakeStall = stall }
    }

    /// Records that intake consumes again (or nothing waits any more).
    public func intakeRecovered() {
        state.withLock { $0.intakeStall = nil }
    }

    /// The stall being reported, `nil` while intake is consuming or has nothing to consume.
    public var intakeStall: IntakeStall? { state.withLock { $0.intakeStall } }

    /// Records that no Kafka broker answers since `instant` (the daemon's reachability watch);
    /// `/readyz` reports not ready until ``kafkaReachable()``.
    public func kafkaUnreachable(since instant: ContinuousClock.Instant) {
        state.withLock { $0.kafkaUnreachableSince = instant }
    }

    /// Records that a broker answers again.
    public func kafkaReachable() {
        state.withLock { $0.kafkaUnreachableSince = nil }
    }

    /// Since when no Kafka broker answers; `nil` while one does.
    public var kafkaUnreachableSince: ContinuousClock.Instant? { state.withLock { $0.kafkaUnreachableSince } }

    /// `true` once the consumer received its first assignment (it joined the group).
    public var hasJoined: Bool { state.withLock { $0.joined } }

    /// Currently assigned input partitions.
    public var assignedCount: Int { state.withLock { $0.assigned.count } }

    /// Messages processed since start.
    public var processedCount: Int { state.withLock { $0.processed } }
}
