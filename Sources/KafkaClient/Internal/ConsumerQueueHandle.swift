internal import CRDKafka

/// The consumer queue (`rd_kafka_queue_get_consumer`) read in bulk with
/// `rd_kafka_consume_batch_queue`: one call hands over every message that
/// is ready instead of one `rd_kafka_consumer_poll` per message.
///
/// Each ``receive(timeoutMilliseconds:)`` first takes whatever is ready
/// without waiting; only when nothing is ready does it block for a single
/// message (a wake-up through ``PollWakeup`` ends that wait early) and then
/// take whatever else arrived with it. A batch therefore never waits to
/// fill up, so latency at low rates stays that of a single poll.
///
/// Rebalance, error, statistics and commit callbacks are served inside these
/// calls, on the calling thread, as with `rd_kafka_consumer_poll`.
///
/// Poll thread only (not `Sendable`). Owns its queue reference and the
/// message array; ``destroy()`` releases the queue before `rd_kafka_destroy`.
final class ConsumerQueueHandle {
    private var queue: OpaquePointer?
    /// Entries past the messages received so far are `nil` (see ``receivedSoFar``).
    private let messages: UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    private var lastCount = 0

    /// Takes a reference to `rk`'s consumer queue; `nil` for a client without a consumer group.
    init?(rk: OpaquePointer, capacity: Int) {
        guard let queue = rd_kafka_queue_get_consumer(rk) else { return nil }
        self.queue = queue
        messages = .allocate(capacity: capacity)
        messages.initialize(repeating: nil)
    }

    deinit {
        destroy()
        messages.deallocate()
    }

    /// The maximum number of messages one call returns.
    var capacity: Int { messages.count }

    /// Receives up to ``capacity`` messages (ownership passes to the caller,
    /// in queue order), blocking up to `timeoutMilliseconds` only while none
    /// is ready. Returns an empty buffer on timeout or wake-up.
    func receive(timeoutMilliseconds: Int32) -> UnsafeBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>?> {
        guard let queue, let base = messages.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        // Ownership of the previous call's messages has passed on: forget them.
        UnsafeMutableBufferPointer(rebasing: messages[..<lastCount]).update(repeating: nil)
        var count = rd_kafka_consume_batch_queue(queue, 0, base, messages.count)
        if count == 0 {
            count = rd_kafka_consume_batch_queue(queue, timeoutMilliseconds, base, 1)
            if count == 1 && messages.count > 1 {
                let more = rd_kafka_consume_batch_queue(queue, 0, base + 1, messages.count - 1)
                count += max(0, more)
            }
        }
        lastCount = max(0, count)
        return UnsafeBufferPointer(start: base, count: lastCount)
    }

    /// How many messages the ``receive(timeoutMilliseconds:)`` in progress
    /// has taken so far; asked by a callback served inside it. librdkafka
    /// 2.0.2 fills the array strictly in order, and unfilled entries are `nil`.
    var receivedSoFar: Int {
        messages.firstIndex(where: { $0 == nil }) ?? messages.count
    }

    /// Releases the queue reference. Idempotent.
    func destroy() {
        if let queue { rd_kafka_queue_destroy(queue) }
        queue = nil
    }
}
