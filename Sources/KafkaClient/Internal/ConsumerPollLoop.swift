internal import CRDKafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// Owns a consumer's dedicated poll thread: takes messages from librdkafka
/// in bulk (``ConsumerQueueHandle``), assembles ``KafkaMessageBatch``es,
/// applies back-pressure and the application's pauses, runs the rebalance
/// protocol and finally closes and destroys the client.
///
/// `@unchecked Sendable`: the shared members are thread-safe (`Mutex`,
/// ``ConsumerEventBuffer``, ``PollWakeup``, ``CompletionLatch``); the
/// mutable members marked *poll thread* are only touched by the poll thread,
/// which is also the only thread on which librdkafka invokes the rebalance
/// callback (it is served inside `rd_kafka_consume_batch_queue` /
/// `rd_kafka_consumer_close`).
///
/// Everything that changes what librdkafka fetches — pause, resume, manual
/// assignment — runs on the poll thread between two bulk calls, never while
/// one is in progress.
final class ConsumerPollLoop: @unchecked Sendable {
    /// How long one bulk call may block while no message is ready. Wake-ups
    /// (close, buffer drained, a pause or an assignment to apply) interrupt
    /// it via `rd_kafka_queue_yield`, so this only bounds the idle loop; it is
    /// not a sleep.
    private static let pollTimeoutMilliseconds: Int32 = 1000

    /// Work waiting for the poll thread; `nil` handle: the consumer closed.
    typealias PollThreadJob = @Sendable (_ rk: OpaquePointer?) -> Void

    let state = Mutex(ConsumerStateMachine())
    let wakeup = PollWakeup()
    let buffer: ConsumerEventBuffer
    let closeLatch = CompletionLatch()
    private let tracker = BatchLifetimeTracker()
    private let options: KafkaConsumerOptions
    private let logger: Logger
    private let jobs = Mutex<(waiting: [PollThreadJob], closed: Bool)>(([], false))

    /// Poll thread: the bulk intake; `nil` until started and after close.
    private var queue: ConsumerQueueHandle?
    /// Poll thread: messages of the batch being assembled.
    private var pending: [UnsafeMutablePointer<rd_kafka_message_t>] = []
    /// Poll thread: partitions revoked from this consumer; their stray
    /// messages are dropped until the partitions are assigned again.
    private var revokedFilter = PartitionFilter()
    /// Poll thread: rebalances served inside the bulk call in progress, each
    /// with the number of messages that call had received before it.
    private var rebalancesDuringBulkCall: [(position: Int, partitions: [TopicPartition], revoked: Bool)] = []
    /// Poll thread: whether a bulk call is in progress.
    private var inBulkCall = false
    /// The cluster id known when each assigned partition was assigned (see ``LogOriginReader``);
    /// written on the poll thread, read by commits (``KafkaCommitMetadata``).
    let assignedClusterIDs = Mutex<[TopicPartition: String]>([:])
    /// A commit to make inside the next group assignment (``KafkaConsumer/commitAtNextAssignment(_:)``).
    let assignmentCommit = AssignmentCommit()
    /// Where a partition whose committed offset belongs to another cluster starts: librdkafka's
    /// logical offset for the configured `auto.offset.reset`.
    private let resetOffset: Int64
    /// Poll thread: the last rebalance protocol librdkafka reported (seeded
    /// from the configured assignment strategy).
    private var rebalanceProtocol: RebalanceProtocol

    init(options: KafkaConsumerOptions, rebalanceProtocol: RebalanceProtocol, autoOffsetReset: String?, logger: Logger) {
        self.options = options
        self.resetOffset = ["earliest", "smallest", "beginning"].contains(autoOffsetReset ?? "")
            ? Int64(RD_KAFKA_OFFSET_BEGINNING) : Int64(RD_KAFKA_OFFSET_END)
        self.rebalanceProtocol = rebalanceProtocol
        self.logger = logger
        self.buffer = ConsumerEventBuffer(capacity: options.maxBufferedBatches, wakeup: wakeup)
        pending.reserveCapacity(options.maxBatchSize)
    }

    /// Starts the poll thread; it keeps `client` and `worker` until closed.
    func start(client: RDKafkaClient, worker: BlockingWorker) {
        queue = ConsumerQueueHandle(rk: client.handle, capacity: options.maxBatchSize)
        NamedThread.start("kafka-cons-poll") { [self] in
            self.run(client: client, worker: worker)
        }
    }

    /// Asks the poll thread to close the consumer. Non-blocking, idempotent.
    func requestClose() {
        let action = state.withLock { $0.requestClose() }
        if case .startClosing(let revocation) = action {
            revocation?.complete()
            buffer.interruptSpaceWait()
            wakeup.wake()
        }
    }

    /// Applies a fetch action; called on the poll thread with the state lock held.
    static func execute(_ action: ConsumerStateMachine.FetchAction, on rk: OpaquePointer, logger: Logger) {
        let (partitions, pause): ([TopicPartition], Bool)
        switch action {
        case .none: return
        case .pause(let list): (partitions, pause) = (list, true)
        case .resume(let list): (partitions, pause) = (list, false)
        }
        let list = RDKafkaPartitionList(partitions)
        let err = pause ? rd_kafka_pause_partitions(rk, list.pointer) : rd_kafka_resume_partitions(rk, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR || list.firstError != nil {
            let code = list.firstError?.1 ?? KafkaErrorCode(err)
            logger.warning("Kafka \(pause ? "pause" : "resume") of \(partitions) failed with \(code.name) (\(code.explanation))")
        }
    }

    /// Poll thread: runs `transition` with the state locked and executes its
    /// fetch action, after the application's deferred ones (in order).
    private func control(
        _ rk: OpaquePointer, _ transition: (inout ConsumerStateMachine) -> ConsumerStateMachine.FetchAction
    ) {
        state.withLock { state in
            for action in state.takeDeferredFetchActions() {
                Self.execute(action, on: rk, logger: logger)
            }
            Self.execute(transition(&state), on: rk, logger: logger)
        }
    }

    /// Runs `job` on the poll thread between two bulk calls and returns its
    /// result; the job gets `nil` instead of the handle once the consumer
    /// is closing. Blocks the caller: call it on a dedicated thread.
    func performBetweenBulkCalls<Value: Sendable>(
        _ job: @escaping @Sendable (_ rk: OpaquePointer?) -> Value
    ) -> Value {
        let outcome = JobOutcome<Value>()
        let wrapped: PollThreadJob = { rk in outcome.complete(job(rk)) }
        let closed = jobs.withLock { jobs -> Bool in
            if !jobs.closed { jobs.waiting.append(wrapped) }
            return jobs.closed
        }
        if closed {
            wrapped(nil)
        } else {
            wakeup.wake()
        }
        return outcome.wait()
    }

    /// The result of a ``performBetweenBulkCalls(_:)`` job, handed from the
    /// poll thread to the waiting thread.
    private final class JobOutcome<Value: Sendable>: Sendable {
        private let value = Mutex<Value?>(nil)
        private let done = DispatchSemaphore(value: 0)

        func complete(_ result: Value) {
            value.withLock { $0 = result }
            done.signal()
        }

        func wait() -> Value {
            done.wait()
            return value.withLock { $0! }
        }
    }

    /// Records a manual assignment made with `rd_kafka_assign` (poll
    /// thread): the previous assignment is replaced and the application is
    /// told before any message of the new partitions.
    func manuallyAssigned(_ partitions: [TopicPartition], rk: OpaquePointer) {
        var running = false
        control(rk) { state in
            Self.execute(state.revoked(Array(state.assignment)), on: rk, logger: logger)
            running = state.isRunning
            return state.assigned(partitions)
        }
        // Also when empty: the application learns that a rebalance ended (e.g. to commit with the new generation).
        if running {
            buffer.push(.partitionsAssigned(partitions))
        }
    }

    // MARK: Poll thread

    private func run(client: RDKafkaClient, worker: BlockingWorker) {
        let rk = client.handle
        while state.withLock({ $0.isRunning }) {
            runJobs(rk)
            control(rk) { _ in .none }  // the application's pauses and resumes
            applyBackPressure(rk)
            pollOnce()
        }
        shutDown(client: client, worker: worker)
    }

    private func runJobs(_ rk: OpaquePointer) {
        let waiting = jobs.withLock { jobs in
            defer { jobs.waiting = [] }
            return jobs.waiting
        }
        for job in waiting { job(rk) }
    }

    private func applyBackPressure(_ rk: OpaquePointer) {
        if state.withLock({ $0.isThrottled }) {
            if buffer.isDrained { resumeFetching(rk) }
            return
        }
        guard buffer.isFull else { return }
        // Usually the application takes a batch soon: wait for it without
        // touching librdkafka (its prefetch queue is bounded on its own).
        if buffer.waitForSpace(timeout: options.pauseFetchingAfter) { return }
        guard state.withLock({ $0.isRunning }) else { return }
        // The application is slow: pause fetching so that rebalance events
        // keep being served while it catches up.
        control(rk) { $0.throttle() }
        logger.debug("Kafka consumer paused fetching: application is \(buffer.capacity) batches behind")
        if !buffer.armDrainWakeup() {
            resumeFetching(rk)  // it caught up meanwhile
        }
    }

    private func resumeFetching(_ rk: OpaquePointer) {
        control(rk) { $0.unthrottle() }
        logger.debug("Kafka consumer resumed fetching")
    }

    private func pollOnce() {
        guard let queue else { return }
        let filterBefore = revokedFilter
        inBulkCall = true
        let received = queue.receive(timeoutMilliseconds: Self.pollTimeoutMilliseconds)
        inBulkCall = false
        if rebalancesDuringBulkCall.isEmpty {
            for message in received { accept(message!, filter: revokedFilter) }
        } else {
            acceptAcrossRebalances(received, filterBefore: filterBefore)
        }
        guard !pending.isEmpty else { return }
        let batch = KafkaMessageBatch(taking: pending, tracker: tracker)
        pending.removeAll(keepingCapacity: true)
        buffer.push(.messages(batch))
    }

    /// A rebalance was served inside the bulk call: whether a message of a
    /// partition revoked (or assigned again) in it is stale depends on
    /// whether librdkafka returned it before or after that callback.
    private func acceptAcrossRebalances(
        _ received: UnsafeBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>?>, filterBefore: PartitionFilter
    ) {
        var filter = filterBefore
        var next = 0
        for (index, message) in received.enumerated() {
            while next < rebalancesDuringBulkCall.count && rebalancesDuringBulkCall[next].position <= index {
                let rebalance = rebalancesDuringBulkCall[next]
                if rebalance.revoked { filter.insert(rebalance.partitions) } else { filter.remove(rebalance.partitions) }
                next += 1
            }
            accept(message!, filter: filter)
        }
        rebalancesDuringBulkCall.removeAll()
    }

    private func accept(_ message: UnsafeMutablePointer<rd_kafka_message_t>, filter: PartitionFilter) {
        if filter.matches(message) {
            rd_kafka_message_destroy(message)
            return
        }
        // Parse headers now so that delivered batches are read-only.
        var headers: OpaquePointer?
        _ = rd_kafka_message_headers(message, &headers)
        pending.append(message)
    }

    /// Records a rebalance served inside the bulk call in progress.
    private func noteRebalance(_ partitions: [TopicPartition], revoked: Bool) {
        guard inBulkCall, let queue, !partitions.isEmpty else { return }
        rebalancesDuringBulkCall.append((queue.receivedSoFar, partitions, revoked))
    }

    private func shutDown(client: RDKafkaClient, worker: BlockingWorker) {
        buffer.finish()
        let waiting = jobs.withLock { jobs in
            defer { (jobs.waiting, jobs.closed) = ([], true) }
            return jobs.waiting
        }
        for job in waiting { job(nil) }
        // No wake-up may reach librdkafka from now on: rd_kafka_consumer_close
        // forwards the consumer queue to its own temporary queue, and a yield
        // on it would end the close early (_TIMED_OUT) with the group not left.
        wakeup.detach()
        // Serves the final revocation through `handleRebalance` (no waiting:
        // the state is `closing`) and leaves the group.
        let err = rd_kafka_consumer_close(client.handle)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let code = KafkaErrorCode(err)
            logger.warning("Kafka consumer close reported \(code.name) (\(code.explanation))")
        }
        worker.stopAndWait()
        let disposal = state.withLock { $0.closed() }
        queue?.destroy()
        queue = nil
        tracker.waitUntilAllReleased(logger: logger)
        switch disposal {
        case .destroy:
            client.destroy()
        case .abandon:
            // librdkafka 2.0.2 would abort here (#4312): see ConsumerStateMachine.HandleDisposal.
            client.abandon()
            logger.notice("Kafka consumer stopped during its first group join: left the group; its handle is not destroyed (librdkafka 2.0.2 would abort, #4312)")
        }
        logger.info("Kafka consumer closed")
        closeLatch.complete()
    }

    // MARK: Rebalance (poll thread, inside librdkafka's rebalance callback)

    func handleRebalance(
        rk: OpaquePointer, err: rd_kafka_resp_err_t,
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let partitions = RDKafkaPartitionList.partitions(in: list)
        // May be NULL (see RebalanceProtocol): never build a String from it.
        let reported: UnsafePointer<CChar>? = rd_kafka_rebalance_protocol(rk)
        rebalanceProtocol = RebalanceProtocol.resolve(
            reported: reported.map { String(cString: $0) }, lastKnown: rebalanceProtocol)
        let cooperative = rebalanceProtocol == .cooperative
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            assign(partitions, list: list, rk: rk, cooperative: cooperative)
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            revoke(partitions, lost: rd_kafka_assignment_lost(rk) != 0, rk: rk)
            unassign(list: list, rk: rk, cooperative: cooperative)
        default:
            let code = KafkaErrorCode(err)
            logger.error("Kafka rebalance failed with \(code.name) (\(code.explanation)); dropping the assignment")
            revoke(Array(state.withLock { $0.assignment }), lost: true, rk: rk)
            _ = rd_kafka_assign(rk, nil)
        }
    }

    private func assign(
        _ partitions: [TopicPartition], list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        rk: OpaquePointer, cooperative: Bool
    ) {
        if let offsets = assignmentCommit.take() {
            assignmentCommit.record(Result { () throws(KafkaError) in
                try commitWaiting(offsets, rk: rk, timeout: options.commitTimeout)
            })
            logger.info("Kafka commit made inside the assignment", metadata: ["kafka.offsets": "\(offsets)"])
        }
        applyStartPositions(partitions, list: list, rk: rk)
        let clusterID = LogOriginReader.cachedClusterID(rk)
        assignedClusterIDs.withLock { ids in
            for partition in partitions { ids[partition] = clusterID }
        }
        if cooperative {
            if let error = rd_kafka_incremental_assign(rk, list) {
                logRebalanceError(error, operation: "incremental assign")
            }
        } else {
            let err = rd_kafka_assign(rk, list)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.error("Kafka assign failed with \(KafkaErrorCode(err).description)")
            }
        }
        revokedFilter.remove(partitions)
        noteRebalance(partitions, revoked: false)
        var running = false
        control(rk) { state in
            running = state.isRunning
            state.groupAssigned()
            return state.assigned(partitions)
        }
        logger.log(
            level: partitions.isEmpty ? .debug : .info, "Kafka partitions assigned: \(partitions)",
            metadata: ["kafka.cooperative": "\(cooperative)"])
        // Also when empty: the application learns that a rebalance ended (e.g. to commit with the new generation).
        if running {
            buffer.push(.partitionsAssigned(partitions))
        }
    }

    /// Checks where the assigned partitions start (one OffsetFetch; a metadata request and a watermark
    /// query per candidate only when needed):
    /// - a committed offset labelled with another cluster id (``KafkaCommitMetadata``) belongs to another
    ///   log: the partition starts by `auto.offset.reset`, with one error line;
    /// - the application's ``KafkaStartPositions`` candidates are used where
    ///   ``KafkaStartPositions/decide(_:current:committed:)`` allows it; a discarded one gets one error
    ///   line naming the partition, the remembered position and the start instead.
    private func applyStartPositions(
        _ partitions: [TopicPartition], list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, rk: OpaquePointer
    ) {
        guard !partitions.isEmpty else { return }
        let hook = options.startPositions
        let candidates = hook?.candidates(partitions) ?? []
        let timeout = (hook?.committedTimeout ?? .seconds(5)).int32Milliseconds
        let committedList = RDKafkaPartitionList(partitions)
        let err = rd_kafka_committed(rk, committedList.pointer, timeout)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            logger.warning(
                "Kafka committed offsets unavailable (\(KafkaErrorCode(err).name)); partitions start at the committed offsets",
                metadata: ["kafka.startCandidates": "\(candidates)"])
            return
        }
        var committed: [TopicPartition: Int64] = [:]
        for entry in committedList.offsets { committed[entry.topicPartition] = entry.offset }
        let labels = committedList.metadata.compactMapValues(KafkaCommitMetadata.clusterID(in:))
        let cached = LogOriginReader.cachedClusterID(rk)
        let needsCurrent = !candidates.isEmpty || labels.values.contains { $0 != cached }
        let clusterID = needsCurrent ? LogOriginReader.currentClusterID(rk, timeoutMilliseconds: timeout) : cached
        for (partition, label) in labels.sorted(by: { $0.key.partition < $1.key.partition }) {
            guard let clusterID, label != clusterID, let offset = committed[partition], offset >= 0 else { continue }
            committed[partition] = TopicPartitionOffset.invalidOffset
            rd_kafka_topic_partition_list_find(list, partition.topic, partition.partition)?.pointee.offset = resetOffset
            logger.error(
                "Kafka committed offset discarded: \(partition) was committed at \(offset) for a log of cluster \(label), and this is cluster \(clusterID); it starts by auto.offset.reset instead",
                metadata: ["kafka.partition": "\(partition)", "kafka.committed": "\(offset)", "kafka.committedCluster": "\(label)",
                           "kafka.currentCluster": "\(clusterID)"])
        }
        guard let hook, !candidates.isEmpty else { return }
        var usable: [TopicPartitionOffset] = []
        for candidate in candidates {
            let partition = candidate.position.topicPartition
            let committedOffset = committed[partition] ?? TopicPartitionOffset.invalidOffset
            // Watermarks are only worth a round-trip when the cluster is the remembered one.
            let current = clusterID != nil && clusterID == candidate.origin.clusterID
                ? LogOriginReader.queried(partition, clusterID: clusterID, rk: rk, timeoutMilliseconds: timeout)
                : KafkaLogOrigin(clusterID: clusterID, low: nil, high: nil)
            switch KafkaStartPositions.decide(candidate, current: current, committed: committedOffset) {
            case .use:
                usable.append(candidate.position)
            case .committedWins:
                break
            case .discard(let reason):
                let start = committedOffset >= 0
                    ? "the committed offset \(committedOffset)" : "auto.offset.reset (nothing committed)"
                logger.error(
                    "Kafka remembered start position discarded: \(partition) was remembered at position \(candidate.position.offset), which is not one of its current log; it starts at \(start) instead, because \(reason)",
                    metadata: [
                        "kafka.partition": "\(partition)", "kafka.remembered": "\(candidate.position.offset)",
                        "kafka.committed": "\(committedOffset)", "kafka.rememberedOrigin": "\(candidate.origin)",
                        "kafka.currentOrigin": "\(current)",
                    ])
            }
        }
        for position in usable {
            rd_kafka_topic_partition_list_find(list, position.topic, position.partition)?.pointee.offset = position.offset
        }
        if !usable.isEmpty {
            logger.info(
                "Kafka partitions start past the committed offsets, at positions the application already finished",
                metadata: ["kafka.committed": "\(committedList.offsets)", "kafka.start": "\(usable)"])
            hook.applied(usable)
        }
    }

    /// Commits `offsets` (labelled with ``commitMetadata(_:cachedClusterID:)``) through a private result
    /// queue and waits at most `timeout` for the answer (`rd_kafka_commit` itself would wait without a
    /// bound). A commit that times out may still complete later. Blocking: the control thread, or the
    /// poll thread inside a rebalance callback.
    func commitWaiting(_ offsets: [TopicPartitionOffset], rk: OpaquePointer, timeout: Duration) throws(KafkaError) {
        let clusterID = LogOriginReader.cachedClusterID(rk)
        let list = RDKafkaPartitionList(offsets) { self.commitMetadata($0, cachedClusterID: clusterID) }
        guard let queue = rd_kafka_queue_new(rk) else {
            throw .rdkafka(operation: "offset commit", code: KafkaErrorCode(RD_KAFKA_RESP_ERR__FAIL), detail: "cannot create a result queue")
        }
        // librdkafka keeps its own reference while the commit is under way, so destroying the
        // queue after a timeout is safe; the late result is dropped with it.
        defer { rd_kafka_queue_destroy(queue) }
        let err = rd_kafka_commit_queue(rk, list.pointer, queue, nil, nil)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw .rdkafka(operation: "offset commit", code: KafkaErrorCode(err), detail: "\(offsets)")
        }
        guard let event = rd_kafka_queue_poll(queue, timeout.int32Milliseconds) else {
            throw .rdkafka(operation: "offset commit", code: .timedOut,
                           detail: "no answer from the group coordinator within \(timeout.int32Milliseconds) ms")
        }
        defer { rd_kafka_event_destroy(event) }
        let result = rd_kafka_event_error(event)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw .rdkafka(operation: "offset commit", code: KafkaErrorCode(result), detail: "\(offsets)")
        }
        if let partitions = rd_kafka_event_topic_partition_list(event),
           let (partition, code) = RDKafkaPartitionList.firstError(in: partitions) {
            throw .rdkafka(operation: "offset commit", code: code, detail: "partition \(partition)")
        }
    }

    /// The commit metadata for `partition` (``KafkaCommitMetadata``): the cluster id it was assigned
    /// under, or the cached one for a partition not assigned now. Any thread.
    func commitMetadata(_ partition: TopicPartition, cachedClusterID: String?) -> String? {
        KafkaCommitMetadata.encode(clusterID: assignedClusterIDs.withLock { $0[partition] } ?? cachedClusterID)
    }

    private func revoke(_ partitions: [TopicPartition], lost: Bool, rk: OpaquePointer) {
        guard !partitions.isEmpty else { return }
        let filter = PartitionFilter(partitions)
        revokedFilter.insert(partitions)
        noteRebalance(partitions, revoked: true)
        let purged = buffer.purge(filter)
        let revocation = KafkaRevocation(
            partitions: partitions, isLost: lost,
            origins: LogOriginReader.cached(partitions, assignedUnder: assignedClusterIDs.withLock { $0 }, rk: rk))
        assignedClusterIDs.withLock { ids in
            for partition in partitions { ids[partition] = nil }
        }
        logger.info(
            "Kafka partitions \(lost ? "lost" : "revoked"): \(partitions)",
            metadata: ["kafka.undeliveredMessagesDropped": "\(purged)"])
        if case .awaitApplication = state.withLock({ $0.revoking(revocation) }) {
            buffer.push(.partitionsRevoked(revocation))
            if !revocation.waitForCompletion(timeout: options.revocationTimeout) {
                logger.warning(
                    "Kafka revocation of \(partitions) not completed by the application within \(options.revocationTimeout); unassigning anyway"
                )
            }
        }
        // A partition that stays paused in librdkafka would not fetch when assigned back.
        control(rk) { $0.revoked(partitions) }
    }

    private func unassign(
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, rk: OpaquePointer, cooperative: Bool
    ) {
        if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, list) {
                logRebalanceError(error, operation: "incremental unassign")
            }
        } else {
            let err = rd_kafka_assign(rk, nil)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.error("Kafka unassign failed with \(KafkaErrorCode(err).description)")
            }
        }
    }

    private func logRebalanceError(_ error: OpaquePointer, operation: String) {
        let code = KafkaErrorCode(rd_kafka_error_code(error))
        let detail = String(cString: rd_kafka_error_string(error))
        rd_kafka_error_destroy(error)
        logger.error("Kafka \(operation) failed with \(code.name): \(detail)")
    }
}
