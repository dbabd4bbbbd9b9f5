internal import CRDKafka
import Logging

/// A high-level Kafka consumer-group member built on librdkafka.
///
/// Threads: a dedicated *poll thread* takes messages in bulk
/// (`rd_kafka_consume_batch_queue` on the consumer queue), serves the
/// rebalance, statistics and offset-commit callbacks, applies pauses,
/// resumes and manual assignments between two bulk calls, and finally
/// closes the consumer; a dedicated *control thread* runs the other
/// blocking calls (subscribe, synchronous commit, committed offsets,
/// watermarks, metadata) and waits for manual assignments. No call here
/// blocks Swift's cooperative thread pool.
///
/// Defaults applied unless configured otherwise: `enable.auto.commit=false`,
/// `enable.auto.offset.store=false`,
/// `partition.assignment.strategy=cooperative-sticky`. `group.id` is required.
///
/// Messages, assignments and revocations arrive in order through ``events``.
/// On revocation the poll thread waits (bounded by
/// ``KafkaConsumerOptions/revocationTimeout``) until the application
/// completes the ``KafkaRevocation``, then unassigns.
public final class KafkaConsumer: Sendable {
    /// Properties set unless the configuration overrides them.
    public static let defaultProperties: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "partition.assignment.strategy": "cooperative-sticky",
    ]

    private let loop: ConsumerPollLoop
    private let client: RDKafkaClient
    private let worker: BlockingWorker
    private let logger: Logger
    private let commitTimeout: Duration

    /// Creates the consumer and starts its threads. Does no network I/O;
    /// configuration errors name the property, never its value.
    public init(
        configuration: KafkaConfiguration, options: KafkaConsumerOptions = KafkaConsumerOptions(),
        logger: Logger
    ) throws(KafkaError) {
        guard configuration["group.id"] != nil else {
            throw .invalidConfiguration(property: "group.id", problem: .missingRequiredProperty)
        }
        let properties = configuration.withDefaults(Self.defaultProperties)
        let loop = ConsumerPollLoop(
            options: options,
            rebalanceProtocol: RebalanceProtocol(assignmentStrategy: properties["partition.assignment.strategy"]),
            autoOffsetReset: properties["auto.offset.reset"], logger: logger)
        let context = RDKafkaCallbackContext(
            logger: logger, secrets: KafkaSecretScrubber(properties), statistics: options.onStatistics,
            errors: options.onError, rebalance: { rk, err, partitions in loop.handleRebalance(rk: rk, err: err, list: partitions) })
        let client = try RDKafkaClient(
            kind: .consumer, configuration: properties, context: context)
        // Route the main queue (callbacks) to the consumer queue served by the poll thread.
        rd_kafka_poll_set_consumer(client.handle)
        if let queue = rd_kafka_queue_get_consumer(client.handle) {
            loop.wakeup.attach(queue)
        }
        self.loop = loop
        self.client = client
        self.worker = BlockingWorker(name: "kafka-cons-ctl")
        self.logger = logger
        self.commitTimeout = options.commitTimeout
        loop.start(client: client, worker: worker)
    }

    deinit {
        loop.requestClose()
    }

    /// The ordered, bounded stream of messages and rebalance events.
    public var events: KafkaConsumerEvents {
        KafkaConsumerEvents(buffer: loop.buffer)
    }

    /// Message batches fetched but not yet taken by the application (a
    /// back-pressure gauge, at most ``KafkaConsumerOptions/maxBufferedBatches``).
    public var bufferedBatchCount: Int {
        loop.buffer.batchCount
    }

    /// The partitions currently assigned to this consumer.
    public var assignment: Set<TopicPartition> {
        loop.state.withLock { $0.assignment }
    }

    /// How many assignments (rebalances, also those that assigned nothing new to this member, and
    /// manual assignments) this consumer has served. Taken before a wait, it tells an assignment
    /// that happened later from a ``KafkaConsumerEvent/partitionsAssigned(_:)`` event buffered earlier.
    public var assignmentCount: Int {
        loop.state.withLock { $0.assignmentCount }
    }

    /// Subscribes to `topics` (replacing any previous subscription).
    public func subscribe(topics: [String]) async throws(KafkaError) {
        try withRunningState("subscribe") { state, _ in state.subscribed() }
        let client = client
        try await worker.run("subscribe") { () throws(KafkaError) in
            let list = RDKafkaPartitionList(topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
            let err = rd_kafka_subscribe(client.handle, list.pointer)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw .rdkafka(operation: "subscribe to \(topics)", code: KafkaErrorCode(err), detail: nil)
            }
        }
    }

    /// Whether fetching is paused for back-pressure (the application is ``KafkaConsumerOptions/maxBufferedBatches`` behind).
    var isFetchThrottled: Bool { loop.state.withLock { $0.isThrottled } }

    /// Assigns exactly these partitions, each starting at its offset, without
    /// joining a consumer group (manual assignment: no rebalances, no
    /// revocations). Replaces any previous manual assignment; a
    /// ``KafkaConsumerEvent/partitionsAssigned(_:)`` event precedes their
    /// messages. Do not combine with ``subscribe(topics:)``. The control
    /// thread waits until the poll thread has applied it between two bulk calls.
    ///
    /// Use explicit offsets (for example ``KafkaWatermarks/end`` captured with
    /// ``watermarks(_:timeout:)``): a logical offset such as "end" would be
    /// resolved later, when fetching starts, and could skip messages produced meanwhile.
    public func assign(_ offsets: [TopicPartitionOffset]) async throws(KafkaError) {
        try ensureRunning("assign")
        let loop = loop
        let logger = logger
        try await worker.run("assign") { () throws(KafkaError) in
            let result = loop.performBetweenBulkCalls { rk -> Result<Void, KafkaError> in
                guard let rk else { return .failure(.closed(operation: "assign")) }
                let list = RDKafkaPartitionList(offsets)
                let err = rd_kafka_assign(rk, list.pointer)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    return .failure(.rdkafka(operation: "assign \(offsets)", code: KafkaErrorCode(err), detail: nil))
                }
                loop.manuallyAssigned(offsets.map(\.topicPartition), rk: rk)
                return .success(())
            }
            try result.get()
            logger.info("Kafka partitions assigned manually: \(offsets)")
        }
    }

    /// The current low and high watermark offsets of `partitions`, asked
    /// from their leaders (one ListOffsets round-trip per partition). Runs on
    /// the control thread.
    ///
    /// - Throws: ``KafkaError/brokersUnreachable(operation:timeoutMilliseconds:code:)``
    ///   when a leader does not answer within `timeout`; other failures as
    ///   ``KafkaError/rdkafka(operation:code:detail:)``.
    public func watermarks(
        _ partitions: [TopicPartition], timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> [KafkaWatermarks] {
        try ensureRunning("watermark query")
        let client = client
        return try await worker.run("watermark query") { () throws(KafkaError) in
            try partitions.map { (partition) throws(KafkaError) in
                var low: Int64 = 0
                var high: Int64 = 0
                let err = rd_kafka_query_watermark_offsets(
                    client.handle, partition.topic, partition.partition, &low, &high, timeout.int32Milliseconds)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    let code = KafkaErrorCode(err)
                    if code == .timedOut || code == .transport || code == .allBrokersDown {
                        throw .brokersUnreachable(
                            operation: "watermark query for \(partition)",
                            timeoutMilliseconds: Int64(timeout.int32Milliseconds), code: code)
                    }
                    throw .rdkafka(operation: "watermark query for \(partition)", code: code, detail: nil)
                }
                return KafkaWatermarks(partition: partition, low: low, high: high)
            }
        }
    }

    /// Stops fetching `partitions` (those currently assigned) until
    /// ``resume(_:)``. A pause is forgotten when the partition is revoked.
    /// Non-blocking: the poll thread applies it shortly after the call,
    /// between two bulk calls (within the bulk call or back-pressure wait in
    /// progress), so messages fetched before that may still arrive.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try withRunningState("pause") { state, _ in
            state.deferFetch(state.pause(partitions))
        }
        loop.wakeup.wake()
    }

    /// Resumes fetching `partitions` paused by ``pause(_:)``. Non-blocking:
    /// like a pause, it takes effect shortly after the call.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try withRunningState("resume") { state, _ in
            state.deferFetch(state.resume(partitions))
        }
        loop.wakeup.wake()
    }

    /// Resumes fetching of those of `partitions` that should be fetching (assigned, neither paused by
    /// ``pause(_:)`` nor throttled for back-pressure), in case librdkafka still holds a pause that
    /// this consumer no longer does — for an application that notices an assigned partition with
    /// waiting messages that it has not been handed for a long time. Returns the partitions resumed
    /// (empty when none qualifies). Non-blocking, applied by the poll thread like ``resume(_:)``.
    @discardableResult
    public func refetch(_ partitions: [TopicPartition]) throws(KafkaError) -> [TopicPartition] {
        var resumed: [TopicPartition] = []
        try withRunningState("refetch") { state, _ in
            let action = state.refetch(partitions)
            if case .resume(let list) = action { resumed = list }
            state.deferFetch(action)
        }
        loop.wakeup.wake()
        return resumed
    }

    /// Pauses `partitions` in librdkafka only, leaving this consumer's state unaware: the divergence
    /// ``refetch(_:)`` repairs. For tests.
    func pauseInLibrdkafkaOnly(_ partitions: [TopicPartition]) throws(KafkaError) {
        try withRunningState("pause") { state, _ in state.deferFetch(.pause(partitions)) }
        loop.wakeup.wake()
    }

    /// Commits `offsets` (each the **next offset to read**: last processed
    /// offset + 1) and returns once the broker acknowledged the commit, or throws
    /// `_TIMED_OUT` after ``KafkaConsumerOptions/commitTimeout`` without an answer.
    /// Runs on the control thread.
    ///
    /// During a rebalance the coordinator may refuse with
    /// `REBALANCE_IN_PROGRESS` or `ILLEGAL_GENERATION` — also inside a
    /// revocation, when yet another rebalance has started (the group then
    /// waits for this member, so retrying there only delays it). Such
    /// offsets stay uncommitted and the next owner re-reads from the last
    /// committed offset (at-least-once); committing continuously keeps that
    /// window small.
    public func commit(_ offsets: [TopicPartitionOffset]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        try await commitOnce(offsets)
    }

    /// Commits on the control thread through a private result queue, waiting at most
    /// ``KafkaConsumerOptions/commitTimeout`` for the answer (`rd_kafka_commit` itself would wait
    /// without a bound). A commit that times out may still complete later; the caller treats it as
    /// failed and commits the same or later positions again, which is harmless.
    private func commitOnce(_ offsets: [TopicPartitionOffset]) async throws(KafkaError) {
        try ensureRunning("commit")
        let client = client
        let timeout = commitTimeout
        let loop = loop
        try await worker.run("commit") { () throws(KafkaError) in
            try loop.commitWaiting(offsets, rk: client.handle, timeout: timeout)
        }
    }

    /// Makes the poll thread commit `offsets` inside the next group assignment's rebalance callback,
    /// before the assignment is applied and before the application hears of it: the earliest moment a
    /// member has a valid generation again after a rebalance refused its commit, and one at which the
    /// partitions' other new owners are only being assigned too. The outcome is read with
    /// ``takeAssignmentCommitOutcome()`` after the ``KafkaConsumerEvent/partitionsAssigned(_:)`` event.
    /// Replaces an earlier request not yet served.
    public func commitAtNextAssignment(_ offsets: [TopicPartitionOffset]) {
        loop.assignmentCommit.arm(offsets)
    }

    /// The outcome of the commit requested with ``commitAtNextAssignment(_:)`` (`nil`: not made yet);
    /// an unserved request is withdrawn.
    public func takeAssignmentCommitOutcome() -> Result<Void, KafkaError>? {
        loop.assignmentCommit.takeOutcome()
    }

    /// Starts an asynchronous commit of `offsets` (next offsets to read) and
    /// returns immediately; failures are logged from the poll thread.
    public func commitWithoutWaiting(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let loop = loop
        try withRunningState("commit") { (_, rk) throws(KafkaError) in
            let clusterID = LogOriginReader.cachedClusterID(rk)
            let list = RDKafkaPartitionList(offsets) { loop.commitMetadata($0, cachedClusterID: clusterID) }
            let err = rd_kafka_commit(rk, list.pointer, 1)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw .rdkafka(operation: "offset commit", code: KafkaErrorCode(err), detail: "\(offsets)")
            }
        }
    }

    /// The group's committed offsets for `partitions`
    /// (``TopicPartitionOffset/invalidOffset`` where none is committed).
    public func committed(
        _ partitions: [TopicPartition], timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> [TopicPartitionOffset] {
        try ensureRunning("committed offsets")
        let client = client
        return try await worker.run("committed offsets") { () throws(KafkaError) in
            let list = RDKafkaPartitionList(partitions)
            let err = rd_kafka_committed(client.handle, list.pointer, timeout.int32Milliseconds)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw .rdkafka(operation: "committed offsets", code: KafkaErrorCode(err), detail: nil)
            }
            return list.offsets
        }
    }

    /// The id of the cluster behind the bootstrap servers, after a metadata round-trip bounded by
    /// `timeout` (the last one known when it fails; `nil`: none known). Runs on the control thread.
    public func clusterID(timeout: Duration = .seconds(10)) async throws(KafkaError) -> String? {
        try ensureRunning("cluster id")
        let client = client
        return try await worker.run("cluster id") { () throws(KafkaError) in
            LogOriginReader.currentClusterID(client.handle, timeoutMilliseconds: timeout.int32Milliseconds)
        }
    }

    /// Metadata of every topic in the cluster.
    public func topicMetadata(timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicMetadata] {
        try ensureRunning("metadata request")
        let client = client
        return try await worker.run("metadata request") { () throws(KafkaError) in
            try client.topicMetadata(timeoutMilliseconds: timeout.int32Milliseconds)
        }
    }

    /// Leaves the group and closes the consumer; returns when done.
    ///
    /// The application should first finish its in-flight work and commit.
    /// A revocation the poll thread is waiting for is completed, revocations
    /// during close are not delivered, ``events`` ends and undelivered batches
    /// are dropped. Completes only after every delivered
    /// ``KafkaMessageBatch`` has been released (librdkafka requires all
    /// messages to be destroyed before the handle). Idempotent.
    public func close() async {
        loop.requestClose()
        await loop.closeLatch.wait()
    }

    private func ensureRunning(_ operation: String) throws(KafkaError) {
        guard loop.state.withLock({ $0.isRunning }) else { throw .closed(operation: operation) }
    }

    /// Runs `body` with the state locked, only while the handle is usable.
    private func withRunningState(
        _ operation: String,
        _ body: (inout ConsumerStateMachine, OpaquePointer) throws(KafkaError) -> Void
    ) throws(KafkaError) {
        let rk = client.handle
        let result: Result<Void, KafkaError> = loop.state.withLock { state in
            guard state.isRunning else { return .failure(.closed(operation: operation)) }
            return Result { () throws(KafkaError) in try body(&state, rk) }
        }
        try result.get()
    }
}
