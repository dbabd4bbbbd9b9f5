internal import CRDKafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// Owns a consumer's dedicated poll thread: polls librdkafka, assembles
/// ``KafkaMessageBatch``es, applies back-pressure, runs the rebalance
/// protocol and finally closes and destroys the client.
///
/// `@unchecked Sendable`: the shared members are thread-safe (`Mutex`,
/// ``ConsumerEventBuffer``, ``PollWakeup``, ``CompletionLatch``); the
/// mutable members marked *poll thread* are only touched by the poll thread,
/// which is also the only thread on which librdkafka invokes the rebalance
/// callback (it is served by `rd_kafka_consumer_poll` / `rd_kafka_consumer_close`).
final class ConsumerPollLoop: @unchecked Sendable {
    /// How long one `rd_kafka_consumer_poll` may block. Wake-ups (close,
    /// buffer drained) interrupt it via `rd_kafka_queue_yield`, so this only
    /// bounds the idle loop; it is not a sleep.
    private static let pollTimeoutMilliseconds: Int32 = 1000

    let state = Mutex(ConsumerStateMachine())
    let wakeup = PollWakeup()
    let buffer: ConsumerEventBuffer
    let closeLatch = CompletionLatch()
    private let tracker = BatchLifetimeTracker()
    private let options: KafkaConsumerOptions
    private let logger: Logger

    /// Poll thread: messages of the batch being assembled.
    private var pending: [UnsafeMutablePointer<rd_kafka_message_t>] = []
    /// Poll thread: partitions revoked from this consumer; their stray
    /// messages are dropped until the partitions are assigned again.
    private var revokedFilter = PartitionFilter()
    /// Poll thread: the last rebalance protocol librdkafka reported (seeded
    /// from the configured assignment strategy).
    private var rebalanceProtocol: RebalanceProtocol

    init(options: KafkaConsumerOptions, rebalanceProtocol: RebalanceProtocol, logger: Logger) {
        self.options = options
        self.rebalanceProtocol = rebalanceProtocol
        self.logger = logger
        self.buffer = ConsumerEventBuffer(capacity: options.maxBufferedBatches, wakeup: wakeup)
        pending.reserveCapacity(options.maxBatchSize)
    }

    /// Starts the poll thread; it keeps `client` and `worker` until closed.
    func start(client: RDKafkaClient, worker: BlockingWorker) {
        let thread = Thread { [self] in
            self.run(client: client, worker: worker)
        }
        thread.name = "kafka-consumer-poll"
        thread.start()
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

    /// Applies a fetch action; called with the state lock held.
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

    /// Records a manual assignment made with `rd_kafka_assign` (control
    /// thread): the previous assignment is replaced and the application is
    /// told before any message of the new partitions.
    func manuallyAssigned(_ partitions: [TopicPartition], rk: OpaquePointer) {
        let running = state.withLock { state in
            state.revoked(Array(state.assignment))
            Self.execute(state.assigned(partitions), on: rk, logger: logger)
            return state.isRunning
        }
        if running && !partitions.isEmpty {
            buffer.push(.partitionsAssigned(partitions))
        }
    }

    // MARK: Poll thread

    private func run(client: RDKafkaClient, worker: BlockingWorker) {
        let rk = client.handle
        while state.withLock({ $0.isRunning }) {
            applyBackPressure(rk)
            pollOnce(rk)
        }
        shutDown(client: client, worker: worker)
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
        state.withLock { Self.execute($0.throttle(), on: rk, logger: logger) }
        logger.debug("Kafka consumer paused fetching: application is \(buffer.capacity) batches behind")
        if !buffer.armDrainWakeup() {
            resumeFetching(rk)  // it caught up meanwhile
        }
    }

    private func resumeFetching(_ rk: OpaquePointer) {
        state.withLock { Self.execute($0.unthrottle(), on: rk, logger: logger) }
        logger.debug("Kafka consumer resumed fetching")
    }

    private func pollOnce(_ rk: OpaquePointer) {
        guard let first = rd_kafka_consumer_poll(rk, Self.pollTimeoutMilliseconds) else { return }
        accept(first)
        while pending.count < options.maxBatchSize, let next = rd_kafka_consumer_poll(rk, 0) {
            accept(next)
        }
        guard !pending.isEmpty else { return }
        let batch = KafkaMessageBatch(taking: pending, tracker: tracker)
        pending.removeAll(keepingCapacity: true)
        buffer.push(.messages(batch))
    }

    private func accept(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        if revokedFilter.matches(message) {
            rd_kafka_message_destroy(message)
            return
        }
        // Parse headers now so that delivered batches are read-only.
        var headers: OpaquePointer?
        _ = rd_kafka_message_headers(message, &headers)
        pending.append(message)
    }

    private func shutDown(client: RDKafkaClient, worker: BlockingWorker) {
        buffer.finish()
        for message in pending { rd_kafka_message_destroy(message) }
        pending.removeAll()
        // Serves the final revocation through `handleRebalance` (no waiting:
        // the state is `closing`) and leaves the group.
        let err = rd_kafka_consumer_close(client.handle)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let code = KafkaErrorCode(err)
            logger.warning("Kafka consumer close reported \(code.name) (\(code.explanation))")
        }
        worker.stopAndWait()
        state.withLock { $0.closed() }
        wakeup.detach()
        tracker.waitUntilAllReleased(logger: logger)
        client.destroy()
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
        let running = state.withLock { state in
            Self.execute(state.assigned(partitions), on: rk, logger: logger)
            return state.isRunning
        }
        logger.log(
            level: partitions.isEmpty ? .debug : .info, "Kafka partitions assigned: \(partitions)",
            metadata: ["kafka.cooperative": "\(cooperative)"])
        if running && !partitions.isEmpty {
            buffer.push(.partitionsAssigned(partitions))
        }
    }

    private func revoke(_ partitions: [TopicPartition], lost: Bool, rk: OpaquePointer) {
        guard !partitions.isEmpty else { return }
        let filter = PartitionFilter(partitions)
        revokedFilter.insert(partitions)
        pending.removeAll { message in
            guard filter.matches(message) else { return false }
            rd_kafka_message_destroy(message)
            return true
        }
        let purged = buffer.purge(filter)
        let revocation = KafkaRevocation(partitions: partitions, isLost: lost)
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
        state.withLock { $0.revoked(partitions) }
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
