import Dispatch
import Synchronization

/// Keeps a producer's librdkafka handle alive while `produce` calls use it, without
/// serialising those calls.
///
/// Why not the producer's state mutex: `rd_kafka_produceva` takes 1–2 µs, and several
/// processing lanes produce at once; holding one lock across the call made them queue
/// behind each other (and behind the poll thread serving delivery reports).
///
/// One atomic word: the low bits count calls under way, ``closingBit`` marks a producer
/// that is closing. A call enters by incrementing and backs out if the bit was set; the
/// closer sets the bit and, if calls are still under way, waits for the last one to
/// leave (it signals a semaphore). Produce calls never block, so that wait is short; it
/// runs on the producer's poll thread, never on the cooperative pool.
final class ProducerCallGuard: Sendable {
    private static let closingBit = 1 << 62
    private let word = Atomic<Int>(0)
    private let drained = DispatchSemaphore(value: 0)

    init() {}

    /// Counts the caller in; returns `false` (and the caller must not use the handle
    /// nor call ``leave()``) once ``close()`` has begun.
    func enter() -> Bool {
        let previous = word.wrappingAdd(1, ordering: .acquiring).oldValue
        guard previous & Self.closingBit == 0 else {
            leave()
            return false
        }
        return true
    }

    /// Ends a call begun with a successful ``enter()`` (or backs out of a refused one).
    func leave() {
        let previous = word.wrappingSubtract(1, ordering: .releasing).oldValue
        if previous == Self.closingBit | 1 { drained.signal() }
    }

    /// Refuses new calls from now on. Idempotent; does not wait.
    func refuseNewCalls() {
        word.bitwiseOr(Self.closingBit, ordering: .relaxed)
    }

    /// Refuses new calls and blocks until the calls under way have left. Call once,
    /// from a thread that may block, before the handle is destroyed.
    func closeAndWait() {
        let previous = word.bitwiseOr(Self.closingBit, ordering: .acquiring).oldValue
        if previous & ~Self.closingBit != 0 { drained.wait() }
    }
}
