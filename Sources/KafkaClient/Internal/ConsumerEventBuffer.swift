import Dispatch
import DequeModule
import Synchronization

/// The bounded hand-off between a consumer's poll thread and the
/// application's `for await` loop over ``KafkaConsumerEvents``.
///
/// Only message batches count against ``capacity``; control events
/// (assignments, revocations) are always accepted, so a rebalance never
/// waits for buffer space. Before each poll the poll thread checks
/// ``isFull``; when full it first blocks in ``waitForSpace(timeout:)``
/// (the application usually takes a batch quickly), and only if that times
/// out pauses fetching, after ``armDrainWakeup()`` asked to be woken
/// (through ``PollWakeup``) once the application drained to ``lowWater``.
///
/// A delivered event is gone from the buffer at once: a batch's messages (and
/// the fetch buffers they pin in librdkafka) live only as long as the
/// application holds the batch.
final class ConsumerEventBuffer: Sendable {
    private struct State {
        var events = Deque<KafkaConsumerEvent>()
        var batchCount = 0
        var waiter: CheckedContinuation<KafkaConsumerEvent?, Never>?
        var drainWakeupArmed = false
        var spaceWaiterArmed = false
        var finished = false

        mutating func popFirst() -> KafkaConsumerEvent? {
            guard let event = events.popFirst() else { return nil }
            if case .messages = event { batchCount -= 1 }
            return event
        }
    }

    let capacity: Int
    let lowWater: Int
    private let wakeup: PollWakeup
    private let state = Mutex(State())
    private let spaceAvailable = DispatchSemaphore(value: 0)

    init(capacity: Int, wakeup: PollWakeup) {
        self.capacity = capacity
        self.lowWater = capacity / 2
        self.wakeup = wakeup
    }

    /// Message batches waiting for the application.
    var batchCount: Int {
        state.withLock { $0.batchCount }
    }

    /// Whether the application is ``capacity`` batches behind.
    var isFull: Bool {
        state.withLock { $0.batchCount >= capacity }
    }

    /// Whether the application has drained the buffer to ``lowWater``.
    var isDrained: Bool {
        state.withLock { $0.batchCount <= lowWater }
    }

    /// Requests a ``PollWakeup/wake()`` when the buffer drains to
    /// ``lowWater``. Returns `false` (nothing armed) if it already has.
    func armDrainWakeup() -> Bool {
        state.withLock { state in
            state.drainWakeupArmed = state.batchCount > lowWater
            return state.drainWakeupArmed
        }
    }

    /// Blocks the calling (poll) thread until a batch slot is free, the wait
    /// is interrupted, or `timeout` passes. Returns whether there is space.
    func waitForSpace(timeout: Duration) -> Bool {
        let mustWait = state.withLock { state -> Bool in
            state.spaceWaiterArmed = state.batchCount >= capacity
            return state.spaceWaiterArmed
        }
        guard mustWait else { return true }
        let milliseconds = Int(clamping: max(0, timeout.int64Milliseconds))
        if spaceAvailable.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut {
            let signalled = state.withLock { state -> Bool in
                defer { state.spaceWaiterArmed = false }
                return !state.spaceWaiterArmed
            }
            // A signal raced with the timeout: consume it so the count stays balanced.
            if signalled { spaceAvailable.wait() }
        }
        return !isFull
    }

    /// Ends a ``waitForSpace(timeout:)`` early (e.g. on close).
    func interruptSpaceWait() {
        let signal = state.withLock { state -> Bool in
            defer { state.spaceWaiterArmed = false }
            return state.spaceWaiterArmed
        }
        if signal { spaceAvailable.signal() }
    }

    /// Appends an event (dropped if the buffer was finished).
    func push(_ event: KafkaConsumerEvent) {
        let waiter = state.withLock { state -> CheckedContinuation<KafkaConsumerEvent?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.events.append(event)
            if case .messages = event { state.batchCount += 1 }
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// Removes not-yet-delivered messages of the partitions in `filter`
    /// (batches left empty are dropped). Returns how many messages went.
    func purge(_ filter: PartitionFilter) -> Int {
        state.withLock { state in
            var removed = 0
            var kept = Deque<KafkaConsumerEvent>()
            for event in state.events {
                if case .messages(let batch) = event {
                    removed += batch.removeMessages(matching: filter)
                    if batch.isEmpty {
                        state.batchCount -= 1
                        continue
                    }
                }
                kept.append(event)
            }
            state.events = kept
            return removed
        }
    }

    /// Ends the stream: buffered events are dropped and the pending and all
    /// future ``next()`` calls return `nil`.
    func finish() {
        let (waiter, dropped) = state.withLock { state in
            defer {
                state.waiter = nil
                state.events = []
                state.batchCount = 0
                state.finished = true
            }
            return (state.waiter, state.events)
        }
        _ = dropped  // released here, outside the lock
        waiter?.resume(returning: nil)
    }

    /// The next event, suspending until one is available; `nil` once the
    /// consumer is closed or the calling task is cancelled.
    func next() async -> KafkaConsumerEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KafkaConsumerEvent?, Never>) in
                let (immediate, wake, space) = state.withLock { state -> (KafkaConsumerEvent??, Bool, Bool) in
                    if let event = state.popFirst() {
                        let wake = state.drainWakeupArmed && state.batchCount <= lowWater
                        if wake { state.drainWakeupArmed = false }
                        let space = state.spaceWaiterArmed && state.batchCount < capacity
                        if space { state.spaceWaiterArmed = false }
                        return (.some(event), wake, space)
                    }
                    if state.finished || Task.isCancelled { return (.some(nil), false, false) }
                    precondition(state.waiter == nil, "KafkaConsumer.events supports a single iterating task")
                    state.waiter = continuation
                    return (nil, false, false)
                }
                if space { spaceAvailable.signal() }
                if wake { wakeup.wake() }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
