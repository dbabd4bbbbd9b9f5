import Testing
/// Measures how long answers take to flow again after a fault ends, and keeps the worst.
struct RecoveryClock {
    private(set) var worst: Duration = .zero
    private(set) var faults = 0

    /// Counts one injected fault.
    mutating func injected(_ count: Int = 1) { faults += count }

    /// Waits (from now) until a request not answered before is answered; records the time.
    @discardableResult
    mutating func measure(_ collector: OutputCollector, timeout: Duration = .seconds(120)) async throws -> Duration {
        let start = ContinuousClock.now
        let before = collector.answeredCount
        try await Wait.until("answers flow again after the fault", timeout: timeout) { collector.answeredCount > before }
        let elapsed = ContinuousClock.now - start
        worst = max(worst, elapsed)
        return elapsed
    }

    /// Records a recovery time measured elsewhere.
    mutating func record(_ elapsed: Duration) { worst = max(worst, elapsed) }
}
