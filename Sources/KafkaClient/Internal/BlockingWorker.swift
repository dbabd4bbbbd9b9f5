import Dispatch
import Foundation
import Synchronization

/// A dedicated thread that runs blocking librdkafka calls (synchronous
/// commit, committed-offset and metadata requests, mock-cluster control)
/// one after another, so they never occupy Swift's cooperative thread pool.
///
/// Jobs run in submission order. ``stopAndWait()`` lets already-submitted
/// jobs finish, then ends the thread; later submissions fail with
/// ``KafkaError/closed(operation:)``.
final class BlockingWorker: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var stopping = false
    }

    private let state = Mutex(State())
    private let jobAvailable = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts the thread, named `name` (at most 15 bytes) for debuggers and `top -H`.
    init(name: String) {
        NamedThread.start(name) { [self] in
            self.runLoop()
        }
    }

    /// Runs `body` on the worker thread and returns its result.
    func run<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable () throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            let accepted = submit {
                continuation.resume(returning: Result { () throws(KafkaError) -> T in try body() })
            }
            if !accepted {
                continuation.resume(returning: .failure(.closed(operation: operation)))
            }
        }
        return try result.get()
    }

    /// Queues `job`; returns `false` when the worker is stopping.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { jobAvailable.signal() }
        return accepted
    }

    /// Finishes queued jobs and ends the thread. Blocking: call only from a
    /// dedicated thread. Idempotent.
    func stopAndWait() {
        if stop() { exited.wait() }
    }

    /// Rejects new jobs; the thread ends after the queued ones. Non-blocking.
    /// Returns `true` for the first call.
    @discardableResult
    func stop() -> Bool {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first { jobAvailable.signal() }
        return first
    }

    private func runLoop() {
        while true {
            jobAvailable.wait()
            let (jobs, stopping) = state.withLock { state in
                defer { state.jobs.removeAll() }
                return (state.jobs, state.stopping)
            }
            for job in jobs { job() }
            if stopping && state.withLock({ $0.jobs.isEmpty }) {
                exited.signal()
                return
            }
        }
    }
}
