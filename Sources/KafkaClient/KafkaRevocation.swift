import Dispatch
import Synchronization

/// Partitions that are being taken away from this consumer.
///
/// Delivered as ``KafkaConsumerEvent/partitionsRevoked(_:)``. The consumer's
/// poll thread waits — inside librdkafka's rebalance callback, before the
/// partitions are unassigned — until the application calls ``complete()``.
/// Before completing, the application should stop intake for these
/// partitions, drain their in-flight work and commit their offsets (unless
/// ``isLost``). Messages of these partitions that were fetched but not yet
/// delivered are discarded before this event is delivered; they are
/// redelivered to the next owner because they were not committed.
///
/// The wait is bounded by ``KafkaConsumerOptions/revocationTimeout``: after
/// that the partitions are unassigned anyway and later commits for them may
/// fail.
public final class KafkaRevocation: Sendable, CustomStringConvertible {
    /// The revoked partitions.
    public let partitions: [TopicPartition]
    /// `true` when the partitions were *lost* (session timeout, fenced
    /// member): another member may already own them, so do not commit —
    /// just drop in-flight work and call ``complete()``.
    public let isLost: Bool
    /// Where the partitions' positions come from (cluster id and watermarks as last seen), for an
    /// application that remembers how far it got and offers it back through ``KafkaStartPositions``.
    public let origins: [TopicPartition: KafkaLogOrigin]

    private let completed = Mutex(false)
    private let signal = DispatchSemaphore(value: 0)

    init(partitions: [TopicPartition], isLost: Bool, origins: [TopicPartition: KafkaLogOrigin] = [:]) {
        self.partitions = partitions
        self.isLost = isLost
        self.origins = origins
    }

    /// Tells the consumer that the application is done with these
    /// partitions; the rebalance proceeds. Idempotent, callable from any thread.
    public func complete() {
        let first = completed.withLock { completed in
            defer { completed = true }
            return !completed
        }
        if first { signal.signal() }
    }

    /// Whether ``complete()`` has been called.
    public var isCompleted: Bool {
        completed.withLock { $0 }
    }

    /// `revoked [t[0], t[1]]` or `lost [...]`.
    public var description: String {
        "\(isLost ? "lost" : "revoked") \(partitions)"
    }

    /// Blocks until completed or `timeout` passes; returns whether completed.
    /// Only the consumer's poll thread calls this.
    func waitForCompletion(timeout: Duration) -> Bool {
        let milliseconds = Int(clamping: max(0, timeout.int64Milliseconds))
        return signal.wait(timeout: .now() + .milliseconds(milliseconds)) == .success
    }
}
