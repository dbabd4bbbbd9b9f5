/// The lifecycle and fetch-control state of a ``KafkaConsumer``.
///
/// Pure state: every transition returns the action the caller must perform
/// against librdkafka. Held in a `Mutex`. Fetch actions (pause/resume) are
/// executed only by the poll thread, between two bulk consume calls
/// (librdkafka 2.0.2 can skip offsets when a partition is paused or resumed
/// while `rd_kafka_consume_batch_queue` runs): the application's
/// ``pause(_:)`` / ``resume(_:)`` actions wait in ``deferFetch(_:)``'s queue,
/// which the poll thread empties, in order, before it executes an action of
/// its own, with the lock held throughout, so librdkafka sees them in the
/// same order as this state.
struct ConsumerStateMachine {
    enum Lifecycle: Equatable {
        /// Polling and delivering events.
        case running
        /// `close()` was requested; the poll thread is leaving the group.
        case closing
        /// The librdkafka handle is gone.
        case closed
    }

    /// A pause or resume to apply to librdkafka.
    enum FetchAction: Equatable {
        case none
        case pause([TopicPartition])
        case resume([TopicPartition])
    }

    /// What the rebalance callback must do with a revocation.
    enum RevocationAction {
        /// Deliver the event and wait for the application to complete it.
        case awaitApplication
        /// The consumer is closing: unassign without waiting.
        case proceed
    }

    /// What `close()` must do.
    enum CloseAction {
        /// First request: wake the poll thread; complete the revocation it
        /// may be waiting for (the application is shutting down).
        case startClosing(pendingRevocation: KafkaRevocation?)
        /// Closing is underway or done; just wait for (or return) completion.
        case alreadyRequested
    }

    private(set) var lifecycle: Lifecycle = .running
    private(set) var assignment: Set<TopicPartition> = []
    /// Assignments served so far (rebalances included when they assigned nothing new).
    private(set) var assignmentCount = 0
    private(set) var pausedByApplication: Set<TopicPartition> = []
    /// Fetching of the whole assignment is paused for back-pressure.
    private(set) var isThrottled = false
    private var pendingRevocation: KafkaRevocation?
    /// Application pauses/resumes waiting for the poll thread, oldest first.
    private(set) var deferredFetchActions: [FetchAction] = []

    var isRunning: Bool { lifecycle == .running }

    mutating func pause(_ partitions: [TopicPartition]) -> FetchAction {
        let assigned = partitions.filter { assignment.contains($0) }
        pausedByApplication.formUnion(assigned)
        return assigned.isEmpty || isThrottled ? .none : .pause(assigned)
    }

    mutating func resume(_ partitions: [TopicPartition]) -> FetchAction {
        let resumed = partitions.filter { pausedByApplication.remove($0) != nil }
        return resumed.isEmpty || isThrottled ? .none : .resume(resumed)
    }

    /// Resumes, in librdkafka, those of `partitions` that this state says are fetching (assigned,
    /// not paused by the application, not throttled): a repair for a librdkafka pause that outlived
    /// the state that asked for it. Changes nothing here; resuming a fetching partition is harmless.
    func refetch(_ partitions: [TopicPartition]) -> FetchAction {
        guard !isThrottled else { return .none }
        let fetching = partitions.filter { assignment.contains($0) && !pausedByApplication.contains($0) }
        return fetching.isEmpty ? .none : .resume(fetching)
    }

    /// Queues an application action for the poll thread.
    mutating func deferFetch(_ action: FetchAction) {
        if action != .none { deferredFetchActions.append(action) }
    }

    /// Takes the queued application actions (oldest first).
    mutating func takeDeferredFetchActions() -> [FetchAction] {
        defer { deferredFetchActions = [] }
        return deferredFetchActions
    }

    mutating func throttle() -> FetchAction {
        guard !isThrottled else { return .none }
        isThrottled = true
        let flowing = assignment.subtracting(pausedByApplication)
        return flowing.isEmpty ? .none : .pause(Array(flowing))
    }

    mutating func unthrottle() -> FetchAction {
        guard isThrottled else { return .none }
        isThrottled = false
        let flowing = assignment.subtracting(pausedByApplication)
        return flowing.isEmpty ? .none : .resume(Array(flowing))
    }

    /// Partitions were added (after `assign` / `incremental_assign`).
    mutating func assigned(_ partitions: [TopicPartition]) -> FetchAction {
        assignment.formUnion(partitions)
        assignmentCount += 1
        return isThrottled && !partitions.isEmpty ? .pause(partitions) : .none
    }

    /// A revocation starts (before the application is told).
    mutating func revoking(_ revocation: KafkaRevocation) -> RevocationAction {
        guard lifecycle == .running else { return .proceed }
        pendingRevocation = revocation
        return .awaitApplication
    }

    /// The revocation is done; the partitions are about to be unassigned.
    /// Their application-level pause is forgotten, and so must librdkafka's: it keeps a
    /// partition's pause across unassign and a later assign (librdkafka #1849), so a
    /// partition revoked or lost while paused (for back-pressure or by the application)
    /// and assigned back after the throttle lifted would never fetch again. Returns the
    /// resume of those partitions, to run before they are unassigned.
    mutating func revoked(_ partitions: [TopicPartition]) -> FetchAction {
        pendingRevocation = nil
        let paused = partitions.filter { assignment.contains($0) && (isThrottled || pausedByApplication.contains($0)) }
        assignment.subtract(partitions)
        pausedByApplication.subtract(partitions)
        return paused.isEmpty ? .none : .resume(paused)
    }

    mutating func requestClose() -> CloseAction {
        guard lifecycle == .running else { return .alreadyRequested }
        lifecycle = .closing
        defer { pendingRevocation = nil }
        return .startClosing(pendingRevocation: pendingRevocation)
    }

    /// The poll thread is about to destroy the handle: from now on nobody
    /// may call into librdkafka.
    mutating func closed() {
        lifecycle = .closed
        assignment = []
        pausedByApplication = []
        deferredFetchActions = []
    }
}
