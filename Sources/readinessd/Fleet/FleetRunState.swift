import ReadinessFleet
import Synchronization

/// The ``FleetCollector`` shared by the tasks of a fleet run (consumer,
/// sender, timer, signals) and the producer's delivery-report thread.
///
/// Every event goes through the collector under one lock; `.send` actions
/// are queued for the sender task, which is woken through ``wakeups``.
final class FleetRunState: Sendable {
    private struct State {
        var collector: FleetCollector
        var sendQueue: [Range<Int>] = []
        var produced = 0
    }

    private let state: Mutex<State>
    /// Wakes the sender task (new ranges to send, or the run finished); holds at most one pending wake-up.
    let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(collector: FleetCollector) {
        state = Mutex(State(collector: collector))
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Applies `event` to the collector and queues what it asks for.
    @discardableResult
    func applyReturning<T>(_ event: (inout FleetCollector) -> (T, FleetCollector.Action)) -> T {
        let (result, action) = state.withLock { state in
            let (result, action) = event(&state.collector)
            if case .send(let range) = action { state.sendQueue.append(range) }
            return (result, action)
        }
        switch action {
        case .none: break
        case .send, .finish: wake.yield()
        }
        return result
    }

    /// Applies an event that returns only an action.
    func apply(_ event: (inout FleetCollector) -> FleetCollector.Action) {
        applyReturning { collector in ((), event(&collector)) }
    }

    /// Takes the ranges queued for sending; `nil` once the run is finished.
    func takeSendQueue() -> [Range<Int>]? {
        state.withLock { state in
            if state.collector.completion != nil { return nil }
            defer { state.sendQueue.removeAll() }
            return state.sendQueue
        }
    }

    /// Counts one request handed to the producer.
    func producedOne() {
        state.withLock { $0.produced += 1 }
    }

    /// Whether the run is over.
    var isFinished: Bool { state.withLock { $0.collector.completion != nil } }

    /// Whether every request was handed to the producer.
    var allSent: Bool { state.withLock { $0.produced == $0.collector.count } }

    /// A copy of the collector (for the report).
    var collector: FleetCollector { state.withLock { $0.collector } }

    /// Produced and settled counts, for progress lines.
    var counts: (produced: Int, settled: Int, total: Int) {
        state.withLock { ($0.produced, $0.collector.settledCount, $0.collector.count) }
    }

    /// Ends the wake-up stream (after the run).
    func close() { wake.finish() }
}
