internal import CRDKafka
import Foundation
import Logging
import Synchronization

/// Owns a producer's dedicated poll thread: serves delivery reports (and the
/// statistics / error callbacks) with `rd_kafka_poll`, runs flushes, and
/// finally flushes, purges and destroys the client.
///
/// `@unchecked Sendable`: shared members are thread-safe (`Mutex`,
/// ``PollWakeup``, ``CompletionLatch``); ``pendingReports`` is only touched
/// by the poll thread, the only thread on which librdkafka calls `dr_msg_cb`.
final class ProducerPollLoop: @unchecked Sendable {
    /// Bounds one idle `rd_kafka_poll`; wake-ups interrupt it via
    /// `rd_kafka_queue_yield`, so this is not a sleep.
    private static let pollTimeoutMilliseconds: Int32 = 1000

    let state = Mutex(ProducerStateMachine())
    let wakeup = PollWakeup()
    let closeLatch = CompletionLatch()
    /// Topic handles of admitted bursts; destroyed in ``shutDown(client:worker:)`` before the client.
    let topics = ProducerTopics()
    private let options: KafkaProducerOptions
    private let logger: Logger
    private let onDeliveryReports: @Sendable ([KafkaDeliveryReport]) -> Void

    /// Poll thread: reports served by the current `rd_kafka_poll` / `rd_kafka_flush`.
    private var pendingReports: [KafkaDeliveryReport] = []

    init(
        options: KafkaProducerOptions, logger: Logger,
        onDeliveryReports: @escaping @Sendable ([KafkaDeliveryReport]) -> Void
    ) {
        self.options = options
        self.logger = logger
        self.onDeliveryReports = onDeliveryReports
        pendingReports.reserveCapacity(1024)
    }

    func start(client: RDKafkaClient, worker: BlockingWorker) {
        NamedThread.start("kafka-prod-poll") { [self] in
            self.run(client: client, worker: worker)
        }
    }

    func requestClose() {
        if state.withLock({ $0.requestClose() }) {
            wakeup.wake()
        }
    }

    /// `dr_msg_cb` (poll thread): records the report; handed over in bulk
    /// after the current poll returns.
    func handleDelivery(_ message: UnsafePointer<rd_kafka_message_t>) {
        let token = UInt64(UInt(bitPattern: message.pointee._private))
        let err = message.pointee.err
        if err == RD_KAFKA_RESP_ERR_NO_ERROR {
            let position = KafkaDeliveryReport.Position(partition: message.pointee.partition, offset: message.pointee.offset)
            pendingReports.append(KafkaDeliveryReport(token: token, result: .success(position)))
        } else {
            let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
            let error = KafkaError.rdkafka(
                operation: "delivery to \(topic)[\(message.pointee.partition)]", code: KafkaErrorCode(err), detail: nil)
            pendingReports.append(KafkaDeliveryReport(token: token, result: .failure(error)))
        }
    }

    // MARK: Poll thread

    private func run(client: RDKafkaClient, worker: BlockingWorker) {
        let rk = client.handle
        loop: while true {
            switch state.withLock({ $0.nextAction(now: .now) }) {
            case .poll:
                rd_kafka_poll(rk, Self.pollTimeoutMilliseconds)
                dispatchReports()
            case .flush(let milliseconds):
                let err = rd_kafka_flush(rk, milliseconds)
                dispatchReports()
                let completed = state.withLock {
                    $0.flushProgress(queueEmpty: err == RD_KAFKA_RESP_ERR_NO_ERROR, now: .now)
                }
                for (continuation, result) in completed { continuation.resume(returning: result) }
            case .close:
                break loop
            }
        }
        shutDown(client: client, worker: worker)
    }

    private func dispatchReports() {
        guard !pendingReports.isEmpty else { return }
        onDeliveryReports(pendingReports)
        pendingReports.removeAll(keepingCapacity: true)
        let waiters = state.withLock { $0.deliveriesServed() }
        for waiter in waiters { waiter.resume() }
    }

    private func shutDown(client: RDKafkaClient, worker: BlockingWorker) {
        let rk = client.handle
        let deadline = ContinuousClock.now + options.closeFlushTimeout
        var flushed = false
        while !flushed && ContinuousClock.now < deadline {
            flushed = rd_kafka_flush(rk, Int32(ProducerStateMachine.flushSliceMilliseconds)) == RD_KAFKA_RESP_ERR_NO_ERROR
            dispatchReports()
        }
        if !flushed {
            let outstanding = rd_kafka_outq_len(rk)
            logger.warning(
                "Kafka producer close: \(outstanding) messages not delivered within \(options.closeFlushTimeout); purging them")
            _ = rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            // Serve the purge reports so every token still gets one (bounded).
            let purgeDeadline = ContinuousClock.now + .seconds(5)
            while rd_kafka_outq_len(rk) > 0 && ContinuousClock.now < purgeDeadline {
                _ = rd_kafka_flush(rk, Int32(ProducerStateMachine.flushSliceMilliseconds))
                dispatchReports()
            }
        }
        worker.stopAndWait()
        let (flushes, spaces) = state.withLock { $0.closed() }
        for continuation in flushes { continuation.resume(returning: .failure(.closed(operation: "flush"))) }
        for continuation in spaces { continuation.resume() }
        wakeup.detach()
        topics.destroyAll()
        client.destroy()
        logger.info("Kafka producer closed")
        closeLatch.complete()
    }
}
