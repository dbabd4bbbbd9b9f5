internal import CRDKafka
import Synchronization

/// Wakes a poll thread blocked in `rd_kafka_consume_batch_queue` / `rd_kafka_poll`
/// via `rd_kafka_queue_yield` on the queue it polls.
///
/// Owns that queue reference (`rd_kafka_queue_t`) and destroys it in
/// ``detach()``, which the poll thread calls before closing (consumer) or
/// destroying (producer) the client.
final class PollWakeup: Sendable {
    /// An `rd_kafka_queue_t *`; librdkafka queues are thread-safe.
    private struct QueueHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let queue = Mutex<QueueHandle?>(nil)

    /// Takes ownership of a queue reference (e.g. from `rd_kafka_queue_get_consumer`).
    func attach(_ rkqu: OpaquePointer) {
        let handle = QueueHandle(pointer: rkqu)
        queue.withLock { $0 = handle }
    }

    /// Makes the current (or next) blocking poll on the queue return early.
    /// Non-blocking; safe from any thread, including the cooperative pool.
    func wake() {
        queue.withLock { rkqu in
            if let rkqu { rd_kafka_queue_yield(rkqu.pointer) }
        }
    }

    /// Releases the queue reference; later ``wake()`` calls do nothing.
    func detach() {
        queue.withLock { rkqu in
            if let handle = rkqu { rd_kafka_queue_destroy(handle.pointer) }
            rkqu = nil
        }
    }

    deinit {
        detach()
    }
}
