internal import CRDKafka

/// Up to N messages returned by one poll cycle of a ``KafkaConsumer``.
///
/// The batch owns the underlying `rd_kafka_message_t`s and destroys them in
/// `deinit`; message bytes are never copied. Read messages through
/// ``withMessage(at:_:)``: the ``KafkaMessageView`` passed to the closure
/// borrows memory owned by the batch and must not escape the closure.
///
/// A batch is immutable once it has been delivered, so distinct tasks may
/// read it concurrently. Keep it alive only as long as needed: while any
/// batch is alive, its messages count against librdkafka's memory.
public final class KafkaMessageBatch: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>
    private var storedCount: Int
    /// Topic names by `rd_kafka_topic_t *`, so each name is converted once per batch.
    private let topicNames: [(handle: OpaquePointer?, name: String)]
    private let tracker: BatchLifetimeTracker

    /// Takes ownership of `messages` (headers must already be parsed, see
    /// ``ConsumerPollLoop``); `tracker` counts this batch until `deinit`.
    init(taking messages: [UnsafeMutablePointer<rd_kafka_message_t>], tracker: BatchLifetimeTracker) {
        self.tracker = tracker
        tracker.retain()
        storage = .allocate(capacity: messages.count)
        _ = storage.initialize(from: messages)
        storedCount = messages.count
        var names: [(handle: OpaquePointer?, name: String)] = []
        for message in messages {
            let handle = message.pointee.rkt
            if !names.contains(where: { $0.handle == handle }) {
                names.append((handle, handle.map { String(cString: rd_kafka_topic_name($0)) } ?? ""))
            }
        }
        topicNames = names
    }

    deinit {
        for message in storage.prefix(storedCount) {
            rd_kafka_message_destroy(message)
        }
        storage.deallocate()
        tracker.release()
    }

    /// Number of messages (including error events) in the batch.
    public var count: Int { storedCount }

    /// Whether the batch holds no message.
    public var isEmpty: Bool { storedCount == 0 }

    /// Calls `body` with a view of message `index` (`0..<count`). The view
    /// and every buffer it returns are valid only during the call.
    public func withMessage<Result, Failure: Error>(
        at index: Int, _ body: (KafkaMessageView) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(index >= 0 && index < storedCount, "message index \(index) out of range 0..<\(storedCount)")
        let message = storage[index]
        return try body(KafkaMessageView(message: message, topic: topicName(of: message)))
    }

    /// Calls `body` with each message in order.
    public func forEach<Failure: Error>(_ body: (KafkaMessageView) throws(Failure) -> Void) throws(Failure) {
        for index in 0..<storedCount {
            try withMessage(at: index, body)
        }
    }

    /// The partition of message `index`.
    public func topicPartition(at index: Int) -> TopicPartition {
        withMessage(at: index) { TopicPartition(topic: $0.topic, partition: $0.partition) }
    }

    /// The offset of message `index`.
    public func offset(at index: Int) -> Int64 {
        precondition(index >= 0 && index < storedCount, "message index \(index) out of range 0..<\(storedCount)")
        return storage[index].pointee.offset
    }

    /// For every partition in the batch, the offset to commit once all of its
    /// messages in this batch are processed (highest offset + 1). Error
    /// events are ignored.
    public func nextOffsets() -> [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        for index in 0..<storedCount {
            let message = storage[index].pointee
            guard message.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            let key = TopicPartition(topic: topicName(of: storage[index]), partition: message.partition)
            result[key] = max(result[key] ?? Int64.min, message.offset + 1)
        }
        return result
    }

    /// Destroys and removes the messages of partitions matched by `filter`.
    /// Only called before the batch is delivered (no concurrent readers).
    /// Returns how many messages were removed.
    @discardableResult
    func removeMessages(matching filter: PartitionFilter) -> Int {
        var kept = 0
        for index in 0..<storedCount {
            let message = storage[index]
            if filter.matches(message) {
                rd_kafka_message_destroy(message)
            } else {
                storage[kept] = message
                kept += 1
            }
        }
        let removed = storedCount - kept
        storedCount = kept
        return removed
    }

    private func topicName(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> String {
        let handle = message.pointee.rkt
        for entry in topicNames where entry.handle == handle {
            return entry.name
        }
        return ""
    }
}
