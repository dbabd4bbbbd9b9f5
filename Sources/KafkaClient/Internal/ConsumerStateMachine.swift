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

    /// How far this consumer got in joining its group, as far as destroying its handle goes.
    enum GroupMembership: Equatable {
        /// Not subscribed (a manual assignment, or nothing yet): no group assignor was chosen.
        case none
        /// Subscribed, but no group assignment arrived yet: librdkafka may have chosen the assignor
        /// (JoinGroup answered) without its state (set by the first SyncGroup answer).
        case joining
        /// A group assignment arrived: the assignor's state exists.
        case assigned
    }

    /// What to do with the librdkafka handle after `rd_kafka_consumer_close`.
    ///
    /// librdkafka 2.0.2 aborts in `rd_kafka_destroy` (`rd_kafka_sticky_assignor_state_destroy:
    /// Assertion 'assignor_state' failed`, librdkafka #4312, fixed in 2.3.0 by #4381) when a
    /// cooperative-sticky member's JoinGroup was answered but its first SyncGroup was not:
    /// `rd_kafka_cgrp_destroy_final` calls the assignor's state destructor without checking that the
    /// state exists. From outside, "a group assignment arrived" is the only sign that it does.
    enum HandleDisposal: Equatable {
        /// Destroy the handle.
        case destroy
        /// Leave it undestroyed (the group was left; the process is about to end): the consumer was
        /// stopped during its first group join, where destroying could abort.
        case abandon
    }

    private(set) var lifecycle: Lifecycle = .running
    private(set) var membership: GroupMembership = .none
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

    /// The consumer subscribed: it joins a group.
    mutating func subscribed() {
        if membership == .none { membership = .joining }
    }

    /// The group gave this member an assignment (possibly empty) through the rebalance callback.
    mutating func groupAssigned() {
        membership = .assigned
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

    /// The poll thread closed the consumer and is about to dispose of the handle: from now on nobody
    /// may call into librdkafka. Returns how to dispose of it.
    mutating func closed() -> HandleDisposal {
        lifecycle = .closed
        assignment = []
        pausedByApplication = []
        deferredFetchActions = []
        return membership == .joining ? .abandon : .destroy
    }
}
