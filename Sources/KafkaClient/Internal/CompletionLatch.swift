import Synchronization

/// A one-shot event that any number of tasks can await, e.g. "the client
/// has finished closing". Completing it resumes all current and future waiters.
final class CompletionLatch: Sendable {
    private struct State {
        var completed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var isCompleted: Bool {
        state.withLock { $0.completed }
    }

    func complete() {
        let waiters = state.withLock { state in
            defer {
                state.completed = true
                state.waiters = []
            }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if !state.completed { state.waiters.append(continuation) }
                return state.completed
            }
            if done { continuation.resume() }
        }
    }
}
