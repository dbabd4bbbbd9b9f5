import KafkaClient
import Synchronization

/// The producer the pipeline's outputs go through, replaced by a fresh one when it became
/// unusable, so that outputs produced again keep the input order of their partition.
///
/// Why: with `enable.gapless.guarantee` (the ``KafkaProducer`` default) a delivery that failed
/// permanently makes the producer *fatal*: it fails every queued message and refuses new ones,
/// so none of the younger outputs of that output partition were written after the gap. A
/// retry round (``reproduce(_:ledger:pause:enqueue:)``) closes the ``gate`` (no new produce
/// calls); when the producer is fatal (or closed) it closes it (its last delivery reports reach
/// the ledger) and creates a new one from the factory; then it produces every failed output again
/// sorted by input partition then offset, and reopens the gate. The first delivery of every output
/// of an input partition thus lands in input order within its output partition — provided the
/// producer never reorders its own retries (idempotence on a real cluster;
/// `max.in.flight.requests.per.connection=1` on the embedded broker, whose idempotence checks are
/// incomplete).
///
/// A producer that is still usable is kept: replacing it would purge its in-flight messages, which
/// the broker may already have written (duplicates), and cannot restore an order that an
/// enqueue-time failure or a non-gap-less producer (idempotence off) has already given up.
public final class OutputProducer: Sendable {
    /// Creates a producer whose delivery reports reach the pipeline's ``DeliveryLedger``.
    public typealias Factory = @Sendable () throws(KafkaError) -> KafkaProducer

    /// What one replacement round did, for the log line and the metrics.
    public struct Round: Sendable {
        /// Outputs produced again, in input order.
        public var reproduced: Int
        /// Whether the producer was replaced (it was fatal or closed).
        public var replaced: Bool
        /// The old producer's fatal error, if it had raised one.
        public var fatalError: KafkaError?
        /// Why no new producer could be created (the outputs then fail again and the next round retries).
        public var replacementError: KafkaError?
    }

    /// Closed by the retrier while it replaces the producer and produces failed outputs again.
    public let gate = OutputProducerGate()
    private let factory: Factory
    private let producer: Mutex<KafkaProducer>

    /// Creates the first producer with `factory`, which later replacements call again.
    public init(factory: @escaping Factory) throws(KafkaError) {
        self.factory = factory
        self.producer = Mutex(try factory())
    }

    /// The producer to enqueue outputs with now.
    public var current: KafkaProducer { producer.withLock { $0 } }

    /// Closes the current producer — waiting for its remaining delivery reports (its queue is
    /// flushed up to its close timeout, then purged) — and installs a new one from the factory.
    /// When the factory fails, the closed producer stays current (its calls fail with
    /// ``KafkaError/closed(operation:)``) and the error is thrown.
    public func replace() async throws(KafkaError) {
        await current.close()
        let fresh = try factory()
        producer.withLock { $0 = fresh }
    }

    /// One retry round: closes the gate and waits for the produce calls under way; replaces the
    /// producer when it is fatal or closed, and then takes every further failed output from
    /// `ledger` (the old producer's last reports); waits `pause` (back-off); calls `enqueue` with the
    /// current producer for `failed` and those outputs sorted by input partition then offset; and
    /// reopens the gate.
    public func reproduce(
        _ failed: [FailedOutput], ledger: DeliveryLedger, pause: Duration,
        enqueue: (FailedOutput, KafkaProducer) async -> Void
    ) async -> Round {
        await gate.close()
        defer { gate.open() }
        let fatal = current.fatalError
        var round = Round(reproduced: 0, replaced: false, fatalError: fatal, replacementError: nil)
        var outputs = failed
        if fatal != nil || current.isClosed {
            do {
                try await replace()
                round.replaced = true
            } catch {
                round.replacementError = error
            }
            // The old producer's last reports (messages it purged or failed while closing).
            outputs += ledger.takeFailedNow()
        }
        outputs = FailedOutput.inInputOrder(outputs)
        try? await Task.sleep(for: pause)
        let producer = current
        for output in outputs { await enqueue(output, producer) }
        round.reproduced = outputs.count
        return round
    }

    /// Closes the current producer (flushing up to its close timeout).
    public func close() async {
        await current.close()
    }
}
