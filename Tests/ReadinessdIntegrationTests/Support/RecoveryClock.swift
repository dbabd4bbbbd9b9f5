import Testing

/// Measures recovery after each fault — the time until every request produced before the fault
/// ended is answered (0 when nothing was pending) — and keeps the worst.
struct RecoveryClock {
    private(set) var worst: Duration = .zero
    private(set) var faults = 0

    /// Counts one injected fault.
    mutating func injected(_ count: Int = 1) { faults += count }

    /// Waits (from now) until at least `pending` distinct requests are answered; records the time.
    @discardableResult
    mutating func measure(_ collector: OutputCollector, until pending: Int, timeout: Duration = FaultScale.completion) async throws -> Duration {
        let start = ContinuousClock.now
        try await Wait.until("the \(pending) requests produced before the fault ended are answered", timeout: timeout) {
            collector.answeredCount >= pending
        }
        let elapsed = ContinuousClock.now - start
        worst = max(worst, elapsed)
        return elapsed
    }

    /// Records a recovery time measured elsewhere.
    mutating func record(_ elapsed: Duration) { worst = max(worst, elapsed) }
}
