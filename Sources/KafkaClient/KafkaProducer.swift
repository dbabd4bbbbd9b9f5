internal import CRDKafka
import Logging

/// An idempotent Kafka producer built on librdkafka.
///
/// Defaults applied unless configured otherwise: `enable.idempotence=true`,
/// `acks=all` and — unless idempotence was disabled — `enable.gapless.guarantee=true`:
/// a delivery that fails permanently then raises a fatal error (see ``fatalError``)
/// and fails every queued message instead of leaving a gap before younger messages
/// of its partition. A fatal producer cannot be used any more: replace it.
///
/// Every successfully enqueued message gets exactly one delivery report,
/// identified by the caller's `token` (carried as librdkafka's `msg_opaque`,
/// so no per-message allocation is needed).
///
/// Threads: delivery reports are handed to the application **on the
/// producer's dedicated poll thread**, in batches (one call per
/// `rd_kafka_poll` cycle) — keep the handler short and non-blocking (e.g.
/// record results and resume continuations). Flush and close also run on
/// that thread; metadata requests run on a dedicated control thread.
/// ``produce(topic:partition:key:value:headers:token:)`` itself never blocks.
public final class KafkaProducer: Sendable {
    /// Properties set unless the configuration overrides them.
    public static let defaultProperties: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        "enable.gapless.guarantee": "true",
    ]

    /// `configuration` with ``defaultProperties`` added where not set; the gap-less
    /// guarantee is left out when the configuration disables idempotence (librdkafka
    /// refuses it without idempotence).
    public static func effectiveConfiguration(_ configuration: KafkaConfiguration) -> KafkaConfiguration {
        var defaults = defaultProperties
        let idempotence = configuration["enable.idempotence"]?.lowercased()
        if let idempotence, ["false", "f", "0"].contains(idempotence) {
            defaults["enable.gapless.guarantee"] = nil
        }
        return configuration.withDefaults(defaults)
    }

    /// librdkafka's default `message.max.bytes`.
    public static let defaultMaximumMessageBytes = 1_000_000

    private let loop: ProducerPollLoop
    private let client: RDKafkaClient
    private let worker: BlockingWorker

    /// The producer's effective `message.max.bytes` (as configured, else librdkafka's default
    /// 1,000,000): librdkafka refuses to enqueue a message whose key, value and headers with their
    /// record overhead exceed it (``KafkaErrorCode/messageSizeTooLarge``).
    public let maximumMessageBytes: Int

    /// Creates the producer and starts its threads. Does no network I/O;
    /// configuration errors name the property, never its value.
    ///
    /// - Parameter onDeliveryReports: receives reports in batches, on the
    ///   producer's poll thread. The array is only valid for reading during
    ///   the call (it is reused).
    public init(
        configuration: KafkaConfiguration, options: KafkaProducerOptions = KafkaProducerOptions(),
        logger: Logger, onDeliveryReports: @escaping @Sendable ([KafkaDeliveryReport]) -> Void
    ) throws(KafkaError) {
        let loop = ProducerPollLoop(options: options, logger: logger, onDeliveryReports: onDeliveryReports)
        let context = RDKafkaCallbackContext(
            logger: logger, secrets: KafkaSecretScrubber(configuration), statistics: options.onStatistics,
            errors: options.onError, delivery: { message in loop.handleDelivery(message) })
        let client = try RDKafkaClient(
            kind: .producer, configuration: Self.effectiveConfiguration(configuration), context: context)
        if let queue = rd_kafka_queue_get_main(client.handle) {
            loop.wakeup.attach(queue)
        }
        self.loop = loop
        self.client = client
        self.maximumMessageBytes = client.effectiveProperty("message.max.bytes").flatMap { Int($0) }
            ?? Self.defaultMaximumMessageBytes
        self.worker = BlockingWorker(name: "kafka-prod-ctl")
        loop.start(client: client, worker: worker)
    }

    /// Creates a producer whose handler gets one call per delivery report
    /// (on the producer's poll thread).
    public convenience init(
        configuration: KafkaConfiguration, options: KafkaProducerOptions = KafkaProducerOptions(),
        logger: Logger,
        onDelivery: @escaping @Sendable (_ token: UInt64, _ result: Result<KafkaDeliveryReport.Position, KafkaError>) -> Void
    ) throws(KafkaError) {
        try self.init(configuration: configuration, options: options, logger: logger) { reports in
            for report in reports { onDelivery(report.token, report.result) }
        }
    }

    deinit {
        loop.requestClose()
    }

    /// Enqueues one message (copied) without blocking.
    ///
    /// - Parameters:
    ///   - partition: `nil` lets the partitioner choose from the key.
    ///   - key: `nil` for no key.
    ///   - value: `nil` for a tombstone.
    ///   - token: returned in the message's ``KafkaDeliveryReport``.
    /// - Throws: ``KafkaError/queueFull(topic:)`` when librdkafka's local
    ///   queue is full — nothing was enqueued, retry later (or use
    ///   ``send(topic:partition:key:value:headers:token:)``); other enqueue
    ///   errors as ``KafkaError/rdkafka(operation:code:detail:)``.
    public func produce(
        topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: [KafkaHeader] = [], token: UInt64
    ) throws(KafkaError) {
        try Self.withBorrowedHeaders(headers) { (borrowed) throws(KafkaError) in
            try produce(topic: topic, partition: partition, key: key, value: value, borrowedHeaders: borrowed, token: token)
        }
    }

    /// Maps an enqueue result (`nil`: the producer was closed) to the thrown error.
    static func check(_ err: rd_kafka_resp_err_t?, topic: String) throws(KafkaError) {
        guard let err else { throw .closed(operation: "produce") }
        switch err {
        case RD_KAFKA_RESP_ERR_NO_ERROR: return
        case RD_KAFKA_RESP_ERR__QUEUE_FULL: throw .queueFull(topic: topic)
        default: throw .rdkafka(operation: "produce to \(topic)", code: KafkaErrorCode(err), detail: nil)
        }
    }

    /// Enqueues one message without blocking; the headers are views of caller-owned bytes, valid
    /// during the call. Key and headers are copied; the value too unless `valueLifetime` is
    /// ``KafkaValueLifetime/untilDeliveryReport``. Otherwise identical to
    /// ``produce(topic:partition:key:value:headers:token:)``.
    public func produce(
        topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        valueLifetime: KafkaValueLifetime = .call, borrowedHeaders: UnsafeBufferPointer<KafkaBorrowedHeader>,
        token: UInt64
    ) throws(KafkaError) {
        try withBurst { (burst: borrowing KafkaProducerBurst) throws(KafkaError) in
            try burst.produce(topic: topic, partition: partition, key: key, value: value, valueLifetime: valueLifetime,
                              borrowedHeaders: borrowedHeaders, token: token)
        }
    }

    /// Calls `body` with a ``KafkaProducerBurst`` that enqueues a run of messages, and returns
    /// its result.
    ///
    /// The producer's lock is taken twice per burst — to admit it and to end it — instead of
    /// twice per message, and is not held while `body` runs: two threads' bursts enqueue side by
    /// side, and delivery reports keep being handed out. (Holding the lock across a burst of 128
    /// made the other lanes and the poll thread spin on it in the kernel.) A close requested
    /// meanwhile waits for the burst to end before it flushes and destroys the handle; a burst
    /// begun after the close request enqueues nothing (``KafkaError/closed(operation:)``).
    /// Keep `body` short (bound the number of messages) and do not suspend or block in it.
    /// After a ``KafkaError/queueFull(topic:)`` end the burst and call ``waitForQueueSpace(_:)``
    /// with the burst's ``KafkaProducerBurst/spaceTicket``.
    public func withBurst<Result, Failure: Error>(
        _ body: (borrowing KafkaProducerBurst) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let (admitted, generation) = loop.state.withLock { $0.beginBurst() }
        guard admitted else { return try body(KafkaProducerBurst(handle: nil, topics: nil, generation: generation)) }
        defer {
            if loop.state.withLock({ $0.endBurst() }) { loop.wakeup.wake() }
        }
        return try body(KafkaProducerBurst(handle: client.handle, topics: loop.topics, generation: generation))
    }

    /// Suspends (without blocking a thread) until delivery reports were served after the burst
    /// that handed out `ticket` began — at once if that already happened (the caller then
    /// retries, and at worst waits with the next burst's ticket), or if the producer closed or
    /// the task is cancelled.
    public func waitForQueueSpace(_ ticket: KafkaQueueSpaceTicket) async {
        await waitForQueueSpace(observedGeneration: ticket.generation)
    }

    /// Enqueues one message (copied) without blocking; see
    /// ``produce(topic:partition:key:value:headers:token:)``.
    public func produce(
        topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?,
        headers: [KafkaHeader] = [], token: UInt64
    ) throws(KafkaError) {
        try Self.withOptionalBytes(key) { (key) throws(KafkaError) in
            try Self.withOptionalBytes(value) { (value) throws(KafkaError) in
                try produce(topic: topic, partition: partition, key: key, value: value, headers: headers, token: token)
            }
        }
    }

    /// Like ``produce(topic:partition:key:value:headers:token:)``, but when
    /// the local queue is full it suspends (without blocking a thread) until
    /// delivery reports have freed space, then retries.
    ///
    /// - Throws: ``KafkaError/cancelled(operation:)`` if the task is
    ///   cancelled while waiting; other errors as for `produce`.
    public func send(
        topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?,
        headers: [KafkaHeader] = [], token: UInt64
    ) async throws(KafkaError) {
        try await retryingWhileQueueFull(topic: topic) { () throws(KafkaError) in
            try produce(topic: topic, partition: partition, key: key, value: value, headers: headers, token: token)
        }
    }

    /// Calls `attempt` (which enqueues with one of the `produce` methods) and,
    /// while it throws ``KafkaError/queueFull(topic:)``, suspends without
    /// blocking a thread until delivery reports have freed space, then calls
    /// it again. For callers whose buffers cannot cross a suspension point.
    ///
    /// - Throws: ``KafkaError/cancelled(operation:)`` if the task is cancelled
    ///   while waiting; any other error `attempt` throws.
    public func retryingWhileQueueFull(topic: String, _ attempt: () throws(KafkaError) -> Void) async throws(KafkaError) {
        while true {
            let generation = loop.state.withLock { $0.deliveryGeneration }
            do {
                try attempt()
                return
            } catch .queueFull {
                await waitForQueueSpace(observedGeneration: generation)
                if Task.isCancelled { throw .cancelled(operation: "send to \(topic)") }
            }
        }
    }

    /// The fatal error the producer raised (``KafkaError/fatal(code:reason:)`` with the underlying
    /// code, e.g. ``KafkaErrorCode/gaplessGuarantee``), or `nil` while it is usable (and after close).
    /// A fatal producer refuses new messages (with the same code) and has failed its queued
    /// ones: close it and create a new one. Does not block.
    public var fatalError: KafkaError? {
        let rk = client.handle
        return loop.state.withLock { state -> KafkaError? in
            guard state.isRunning else { return nil }
            var buffer = [CChar](repeating: 0, count: 512)
            let err = rd_kafka_fatal_error(rk, &buffer, buffer.count)
            guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
            return .fatal(code: KafkaErrorCode(err), reason: client.context.secrets.scrub(buffer.decodedCString))
        }
    }

    /// `true` once ``close()`` has begun: every further call fails with ``KafkaError/closed(operation:)``.
    public var isClosed: Bool {
        !loop.state.withLock { $0.isRunning }
    }

    /// Waits until every enqueued message has its delivery report (and the
    /// reports were handed to the handler), or throws
    /// ``KafkaError/timedOut(operation:timeoutMilliseconds:)``. Runs on the poll thread.
    public func flush(timeout: Duration) async throws(KafkaError) {
        let result: Result<Void, KafkaError> = await withCheckedContinuation { continuation in
            let immediate = loop.state.withLock { $0.addFlush(timeout: timeout, now: .now, continuation: continuation) }
            if let immediate {
                continuation.resume(returning: immediate)
            } else {
                loop.wakeup.wake()
            }
        }
        try result.get()
    }

    /// Metadata of every topic in the cluster; throws
    /// ``KafkaError/brokersUnreachable(operation:timeoutMilliseconds:code:)``
    /// when no broker answers within `timeout`.
    public func topicMetadata(timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicMetadata] {
        guard loop.state.withLock({ $0.isRunning }) else { throw .closed(operation: "metadata request") }
        let client = client
        return try await worker.run("metadata request") { () throws(KafkaError) in
            try client.topicMetadata(timeoutMilliseconds: timeout.int32Milliseconds)
        }
    }

    /// Which of `names` exist in the cluster (without error).
    public func existingTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws(KafkaError) -> Set<String> {
        let wanted = Set(names)
        let existing = try await topicMetadata(timeout: timeout).filter { $0.error == nil && wanted.contains($0.name) }
        return Set(existing.map(\.name))
    }

    /// Throws ``KafkaError/missingTopics(_:)`` unless all of `names` exist.
    public func requireTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws(KafkaError) {
        let existing = try await existingTopics(names, timeout: timeout)
        let missing = names.filter { !existing.contains($0) }
        if !missing.isEmpty { throw .missingTopics(missing) }
    }

    /// Flushes (up to ``KafkaProducerOptions/closeFlushTimeout``), purges
    /// what is left (reporting `_PURGE_*` failures), and destroys the
    /// producer on its poll thread. Returns when done. Idempotent.
    public func close() async {
        loop.requestClose()
        await loop.closeLatch.wait()
    }

    private func waitForQueueSpace(observedGeneration: UInt64) async {
        let id = loop.state.withLock { $0.makeWaiterID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let parked = loop.state.withLock {
                    $0.addSpaceWaiter(id: id, observedGeneration: observedGeneration, continuation: continuation)
                }
                if !parked || Task.isCancelled {
                    if parked { loop.state.withLock { _ = $0.removeSpaceWaiter(id: id) } }
                    continuation.resume()
                }
            }
        } onCancel: {
            loop.state.withLock { $0.removeSpaceWaiter(id: id) }?.resume()
        }
    }

    private static func withOptionalBytes<Result>(
        _ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) throws(KafkaError) -> Result
    ) throws(KafkaError) -> Result {
        guard let bytes else { return try body(nil) }
        let outcome: Swift.Result<Result, KafkaError> = bytes.withUnsafeBytes { buffer in
            Swift.Result { () throws(KafkaError) in try body(buffer) }
        }
        return try outcome.get()
    }

    /// Calls `body` with views of `headers`' bytes that stay valid during the call.
    private static func withBorrowedHeaders<Result>(
        _ headers: [KafkaHeader], _ body: (UnsafeBufferPointer<KafkaBorrowedHeader>) throws(KafkaError) -> Result
    ) throws(KafkaError) -> Result {
        let outcome: Swift.Result<Result, KafkaError> = withUnsafeTemporaryAllocation(
            of: KafkaBorrowedHeader.self, capacity: max(headers.count, 1)
        ) { buffer in
            fillBorrowedHeaders(headers, from: 0, into: buffer) { (borrowed) in
                Swift.Result { () throws(KafkaError) in try body(borrowed) }
            }
        }
        return try outcome.get()
    }

    /// Fills `buffer` from `index` on, one nested scope per header (each header's bytes are
    /// valid only inside its `withUTF8` / `withUnsafeBytes`), then calls `body` innermost.
    private static func fillBorrowedHeaders<Result>(
        _ headers: [KafkaHeader], from index: Int, into buffer: UnsafeMutableBufferPointer<KafkaBorrowedHeader>,
        _ body: (UnsafeBufferPointer<KafkaBorrowedHeader>) -> Result
    ) -> Result {
        guard index < headers.count else {
            return body(UnsafeBufferPointer(start: buffer.baseAddress, count: headers.count))
        }
        var name = headers[index].name
        return name.withUTF8 { nameBytes in
            func fill(_ value: UnsafeRawBufferPointer?) -> Result {
                buffer[index] = KafkaBorrowedHeader(name: UnsafeRawBufferPointer(nameBytes), value: value)
                return fillBorrowedHeaders(headers, from: index + 1, into: buffer, body)
            }
            guard let value = headers[index].value else { return fill(nil) }
            return value.withUnsafeBytes { fill($0) }
        }
    }
}
