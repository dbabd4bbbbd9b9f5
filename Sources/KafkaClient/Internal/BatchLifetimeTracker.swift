import Dispatch
import Logging
import Synchronization

/// Counts live ``KafkaMessageBatch``es of one consumer.
///
/// Consumed messages reference librdkafka's internal objects, so they must
/// all be destroyed before `rd_kafka_destroy`; the poll thread calls
/// ``waitUntilAllReleased()`` before destroying the client.
final class BatchLifetimeTracker: Sendable {
    private struct State {
        var live = 0
        var waiting = false
    }

    private let state = Mutex(State())
    private let allReleased = DispatchSemaphore(value: 0)

    /// Batches alive now.
    var liveCount: Int {
        state.withLock { $0.live }
    }

    func retain() {
        state.withLock { $0.live += 1 }
    }

    func release() {
        let signal = state.withLock { state -> Bool in
            state.live -= 1
            return state.live == 0 && state.waiting
        }
        if signal { allReleased.signal() }
    }

    /// Blocks until no batch is alive, warning every 10 s while the
    /// application still holds batches. Only the poll thread calls this, once.
    func waitUntilAllReleased(logger: Logger) {
        let mustWait = state.withLock { state -> Bool in
            state.waiting = state.live > 0
            return state.waiting
        }
        guard mustWait else { return }
        while allReleased.wait(timeout: .now() + .seconds(10)) == .timedOut {
            logger.warning("Kafka consumer close is waiting for the application to release \(liveCount) message batches")
        }
    }
}
