/// Lifecycle, flush requests and queue-space waiters of a ``KafkaProducer``.
///
/// Pure state held in a `Mutex`; transitions return what the caller must do
/// (which continuations to resume, what the poll thread should do next).
struct ProducerStateMachine {
    enum Lifecycle: Equatable {
        case running
        case closing
        case closed
    }

    /// What the poll thread does next.
    enum PollAction: Equatable {
        /// Serve callbacks (`rd_kafka_poll`).
        case poll
        /// Run `rd_kafka_flush` for at most this long, then report progress.
        case flush(milliseconds: Int32)
        /// Leave the loop and close.
        case close
    }

    typealias FlushContinuation = CheckedContinuation<Result<Void, KafkaError>, Never>

    private struct FlushWaiter {
        var deadline: ContinuousClock.Instant
        var timeoutMilliseconds: Int64
        var continuation: FlushContinuation
    }

    /// Longest single `rd_kafka_flush` slice, so delivery reports are
    /// handed to the application (and space waiters woken) while flushing.
    static let flushSliceMilliseconds: Int64 = 100

    private(set) var lifecycle: Lifecycle = .running
    /// Bursts enqueueing now (``KafkaProducer/withBurst(_:)``): the handle is not destroyed while
    /// any runs, and closing waits for them to end.
    private(set) var activeBursts = 0
    /// Incremented whenever delivery reports were served (queue space freed).
    private(set) var deliveryGeneration: UInt64 = 0
    private var flushWaiters: [FlushWaiter] = []
    private var spaceWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiterID: UInt64 = 0

    var isRunning: Bool { lifecycle == .running }

    func nextAction(now: ContinuousClock.Instant) -> PollAction {
        // A burst that began before the close request still enqueues with the handle; serve
        // callbacks until it ends (``endBurst()`` wakes the poll thread), then flush what it added.
        if lifecycle != .running { return activeBursts == 0 ? .close : .poll }
        guard let nearest = flushWaiters.map(\.deadline).min() else { return .poll }
        let remaining = max(0, (nearest - now).int64Milliseconds)
        return .flush(milliseconds: Int32(clamping: min(remaining, Self.flushSliceMilliseconds)))
    }

    /// Registers a flush; `nil` means it was accepted, otherwise resume with the result.
    mutating func addFlush(
        timeout: Duration, now: ContinuousClock.Instant, continuation: FlushContinuation
    ) -> Result<Void, KafkaError>? {
        guard lifecycle == .running else { return .failure(.closed(operation: "flush")) }
        flushWaiters.append(
            FlushWaiter(deadline: now + timeout, timeoutMilliseconds: timeout.int64Milliseconds, continuation: continuation))
        return nil
    }

    /// After a flush slice: completes waiters whose flush succeeded (queue
    /// empty) or whose deadline passed.
    mutating func flushProgress(
        queueEmpty: Bool, now: ContinuousClock.Instant
    ) -> [(FlushContinuation, Result<Void, KafkaError>)] {
        var completed: [(FlushContinuation, Result<Void, KafkaError>)] = []
        flushWaiters.removeAll { waiter in
            if queueEmpty {
                completed.append((waiter.continuation, .success(())))
                return true
            }
            if waiter.deadline <= now {
                completed.append(
                    (waiter.continuation, .failure(.timedOut(operation: "flush", timeoutMilliseconds: waiter.timeoutMilliseconds))))
                return true
            }
            return false
        }
        return completed
    }

    /// Allocates an id for a queue-space waiter.
    mutating func makeWaiterID() -> UInt64 {
        nextWaiterID += 1
        return nextWaiterID
    }

    /// Parks a task until the next delivery reports. Returns `false` (do not
    /// wait) if reports were served since `observedGeneration` or the
    /// producer is no longer running.
    mutating func addSpaceWaiter(
        id: UInt64, observedGeneration: UInt64, continuation: CheckedContinuation<Void, Never>
    ) -> Bool {
        guard lifecycle == .running, deliveryGeneration == observedGeneration else { return false }
        spaceWaiters[id] = continuation
        return true
    }

    mutating func removeSpaceWaiter(id: UInt64) -> CheckedContinuation<Void, Never>? {
        spaceWaiters.removeValue(forKey: id)
    }

    /// Delivery reports were served: returns the space waiters to resume.
    mutating func deliveriesServed() -> [CheckedContinuation<Void, Never>] {
        deliveryGeneration &+= 1
        defer { spaceWaiters = [:] }
        return Array(spaceWaiters.values)
    }

    /// A burst begins: returns whether it may enqueue (the producer runs; then it counts until
    /// ``endBurst()``) and the delivery generation for its queue-space ticket.
    mutating func beginBurst() -> (admitted: Bool, generation: UInt64) {
        guard lifecycle == .running else { return (false, deliveryGeneration) }
        activeBursts += 1
        return (true, deliveryGeneration)
    }

    /// A burst ended: returns `true` when it was the last one a close was waiting for (wake the
    /// poll thread).
    mutating func endBurst() -> Bool {
        precondition(activeBursts > 0, "endBurst without beginBurst")
        activeBursts -= 1
        return activeBursts == 0 && lifecycle == .closing
    }

    /// Returns `true` for the first request.
    mutating func requestClose() -> Bool {
        guard lifecycle == .running else { return false }
        lifecycle = .closing
        return true
    }

    /// The handle is about to be destroyed: returns every waiter to fail.
    mutating func closed() -> (flushes: [FlushContinuation], spaces: [CheckedContinuation<Void, Never>]) {
        lifecycle = .closed
        defer {
            flushWaiters = []
            spaceWaiters = [:]
        }
        return (flushWaiters.map(\.continuation), Array(spaceWaiters.values))
    }
}
