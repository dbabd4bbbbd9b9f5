internal import CKafkaShim
internal import CRDKafka

/// Enqueues a run of messages while a ``KafkaProducer`` keeps its handle alive; see
/// ``KafkaProducer/withBurst(_:)``.
///
/// Why: the handle must not be destroyed during a produce call, which took the producer's
/// lock per message. A worker enqueueing thousands of messages per second from several
/// threads paid for a contended lock — and, before, a second acquisition to read the
/// queue-space generation — per message; a burst is admitted and ended once per run.
public struct KafkaProducerBurst: ~Copyable {
    private let handle: OpaquePointer?
    /// Where to wait when a ``produce(topic:partition:key:value:borrowedHeaders:token:)`` throws
    /// ``KafkaError/queueFull(topic:)``: pass it to ``KafkaProducer/waitForQueueSpace(_:)`` after the burst.
    public let spaceTicket: KafkaQueueSpaceTicket

    /// Resolves topic names to kept handles; `nil` when the burst was not admitted.
    private let topics: BurstTopicLookup?

    init(handle: OpaquePointer?, topics: ProducerTopics?, generation: UInt64) {
        self.handle = handle
        self.topics = handle.flatMap { rk in topics.map { BurstTopicLookup(topics: $0, rk: rk) } }
        self.spaceTicket = KafkaQueueSpaceTicket(generation: generation)
    }

    /// Enqueues one message without blocking. The key and headers are copied; the value too unless
    /// `valueLifetime` is ``KafkaValueLifetime/untilDeliveryReport``, so the buffers need to stay
    /// valid during the call only, or (the value) until the delivery report.
    ///
    /// - Throws: ``KafkaError/queueFull(topic:)`` when librdkafka's local queue is full (nothing
    ///   was enqueued: end the burst and wait with ``spaceTicket``); ``KafkaError/closed(operation:)``
    ///   when the producer was closed; other enqueue errors as ``KafkaError/rdkafka(operation:code:detail:)``.
    public func produce(
        topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        valueLifetime: KafkaValueLifetime = .call, borrowedHeaders: UnsafeBufferPointer<KafkaBorrowedHeader>,
        token: UInt64
    ) throws(KafkaError) {
        guard let handle else { throw .closed(operation: "produce") }
        let raw = Self.enqueue(handle, topicHandle: topics?.handle(topic), topic: topic, partition: partition,
                               key: key, value: value, valueLifetime: valueLifetime, borrowedHeaders: borrowedHeaders,
                               token: token)
        try KafkaProducer.check(rd_kafka_resp_err_t(rawValue: raw), topic: topic)
    }

    /// One `ckafka_produce` call with `borrowedHeaders` as C headers, to `topicHandle` when there is
    /// one, else to the topic named `topic`; the caller's burst keeps the handles alive.
    static func enqueue(
        _ handle: OpaquePointer, topicHandle: OpaquePointer?, topic: String, partition: Int32?, key: UnsafeRawBufferPointer?,
        value: UnsafeRawBufferPointer?, valueLifetime: KafkaValueLifetime,
        borrowedHeaders: UnsafeBufferPointer<KafkaBorrowedHeader>, token: UInt64
    ) -> Int32 {
        withUnsafeTemporaryAllocation(of: ckafka_header_t.self, capacity: max(borrowedHeaders.count, 1)) { cHeaders in
            for (index, header) in borrowedHeaders.enumerated() {
                cHeaders[index] = ckafka_header_t(
                    name: header.name.baseAddress?.assumingMemoryBound(to: CChar.self), name_len: header.name.count,
                    value: header.value?.baseAddress, value_len: header.value.map { $0.count } ?? -1)
            }
            // Explicitly: passing a String where C wants a `const char *` copies a small string
            // (up to 15 bytes, stored inline) to the heap on every call; withCString uses the stack.
            return topic.withCString { topicName in
                ckafka_produce(
                    handle, topicHandle, topicName, partition ?? RD_KAFKA_PARTITION_UA,
                    key?.baseAddress, key.map { $0.count } ?? -1,
                    value?.baseAddress, value.map { $0.count } ?? -1, valueLifetime == .call ? 1 : 0,
                    UnsafePointer(cHeaders.baseAddress), borrowedHeaders.count,
                    UnsafeMutableRawPointer(bitPattern: UInt(token)), nil, 0)
            }
        }
    }
}

/// The producer's delivery-report generation when an enqueue found the queue full: waiting
/// with it returns as soon as reports were served after that moment (possibly at once).
public struct KafkaQueueSpaceTicket: Sendable, Equatable {
    let generation: UInt64
}
