import Synchronization

/// Holds back new produce calls while the output producer is replaced, so that no output
/// overtakes an older failed output of its input partition (see ``OutputProducer``).
///
/// Processing lanes bracket every produce call with ``enter()`` and ``leave()``. The retrier
/// calls ``close()`` — which returns once the calls under way have left — produces the failed
/// outputs again, and calls ``open()``, which lets the waiting lanes through.
///
/// All state sits behind one mutex; waiting is done with continuations resumed outside the lock.
public final class OutputProducerGate: Sendable {
    struct State {
        var isOpen = true
        /// Produce calls between ``enter()`` and ``leave()``.
        var active = 0
        var entryWaiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var closeWaiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiterID = 0
    }

    private let state = Mutex(State())

    /// Creates an open gate.
    public init() {}

    /// `true` while new produce calls may start.
    public var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Produce calls under way (entered, not yet left).
    public var activeCount: Int { state.withLock { $0.active } }

    /// Produce calls waiting for the gate to open.
    public var waitingCount: Int { state.withLock { $0.entryWaiters.count } }

    /// Calls of ``close()`` waiting for produce calls under way (for tests).
    var closeWaiterCount: Int { state.withLock { $0.closeWaiters.count } }

    /// Waits until the gate is open and counts the caller as producing until it calls ``leave()``.
    ///
    /// - Returns: `false` (and the caller must not produce nor call ``leave()``) when the task was
    ///   cancelled while the gate was closed: a stop must not wait for a replacement to finish.
    public func enter() async -> Bool {
        let id = state.withLock { state -> Int? in
            if state.isOpen {
                state.active += 1
                return nil
            }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        guard let id else { return true }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    if Task.isCancelled { return false }
                    if state.isOpen {
                        state.active += 1
                        return true
                    }
                    state.entryWaiters.append((id, continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.entryWaiters.firstIndex { $0.id == id }.map { state.entryWaiters.remove(at: $0).continuation }
            }
            waiter?.resume(returning: false)
        }
    }

    /// Ends a produce call begun with a successful ``enter()``.
    public func leave() {
        let resume = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            precondition(state.active > 0, "OutputProducerGate.leave() without enter()")
            state.active -= 1
            guard state.active == 0 else { return [] }
            defer { state.closeWaiters.removeAll() }
            return state.closeWaiters.map(\.continuation)
        }
        for continuation in resume { continuation.resume() }
    }

    /// Closes the gate and waits until every produce call under way has left (or the task is
    /// cancelled). New ``enter()`` calls wait until ``open()``.
    public func close() async {
        let id = state.withLock { state -> Int in
            state.isOpen = false
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let drained = state.withLock { state -> Bool in
                    if state.active == 0 || Task.isCancelled { return true }
                    state.closeWaiters.append((id, continuation))
                    return false
                }
                if drained { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.closeWaiters.firstIndex { $0.id == id }.map { state.closeWaiters.remove(at: $0).continuation }
            }
            waiter?.resume()
        }
    }

    /// Opens the gate: every waiting ``enter()`` proceeds.
    public func open() {
        let resume = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.isOpen = true
            state.active += state.entryWaiters.count
            defer { state.entryWaiters.removeAll() }
            return state.entryWaiters.map(\.continuation)
        }
        for continuation in resume { continuation.resume(returning: true) }
    }
}
