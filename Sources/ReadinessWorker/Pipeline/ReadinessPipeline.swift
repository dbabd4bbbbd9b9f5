import KafkaClient
import Logging
import ReadinessContract
import ReadinessRegistry
import ServiceLifecycle
import Synchronization

/// The worker: consume → validate → evaluate → produce → commit (contract §1, §6).
///
/// Structure (all children of one task group, owned by ``run()``):
/// - **intake** iterates the consumer's events. Each batch is split by input
///   partition; partitions are spread over `lanes` child tasks that each
///   process their partitions' messages in offset order and produce the
///   outputs, so outputs of one input partition keep input order. Intake
///   waits for in-flight capacity before taking a batch (bounded memory).
/// - **committer** commits the contiguous acknowledged prefix of every
///   partition, at most every `commitInterval`; after a commit refused because
///   of a rebalance it holds until the next assignment (``CommitHold``).
/// - **retrier** produces failed outputs again with back-off, with the gate of ``OutputProducer``
///   closed, in input partition then offset order, replacing the producer first when it became
///   fatal, so that first deliveries keep input order (see ``OutputProducer``). A large response that
///   Kafka refused for itself is produced as its `output_too_large` rejection instead (contract §9.3).
/// - **produce watch** notices outputs that keep failing (``ProduceFailureMonitor``):
///   it marks ``PipelineHealth/produceFailingSince``, logs, and after
///   `produceFailureExitAfter` stops the pipeline with ``PipelineFailure``
///   (commits stay behind the oldest unanswered request; a restart redoes it).
///
/// - **intake watch** notices assigned partitions with waiting requests that intake is not handed
///   (``IntakeStallMonitor``): reports them on ``PipelineHealth/intakeStall`` and resumes their fetching.
///
/// Revocation: intake stops taking the revoked partitions (the consumer
/// delivers none after the event), waits until their outputs are
/// acknowledged, commits them, then lets the rebalance proceed.
///
/// A clean stop (graceful shutdown of the service group, e.g. SIGTERM): intake stops, in-flight outputs
/// are awaited (bounded by `drainTimeout`), the producer is flushed, the final
/// positions are committed and the consumer leaves the group.
public final class ReadinessPipeline: Service, Sendable {
    let configuration: PipelineConfiguration
    let consumer: KafkaConsumer
    let output: OutputProducer
    let ledger: DeliveryLedger
    let snapshots: SnapshotStore
    let processors: [RequestProcessor]
    let logger: Logger
    /// Liveness and progress, read by the daemon's watchdog and status reporting.
    public let health = PipelineHealth()
    /// Counters, gauges and histograms (per batch, never per message).
    let metrics = PipelineMetrics()
    /// Periodic commits paused during a rebalance (librdkafka #4059).
    let commitHold = Mutex(CommitHold())

    /// Creates a pipeline; the delivery reports of every producer `output` creates must be routed to `ledger`.
    public init(configuration: PipelineConfiguration, consumer: KafkaConsumer, output: OutputProducer,
                ledger: DeliveryLedger, snapshots: SnapshotStore, logger: Logger) {
        self.configuration = configuration
        self.consumer = consumer
        self.output = output
        self.ledger = ledger
        self.snapshots = snapshots
        self.logger = logger
        self.processors = (0..<configuration.lanes).map { _ in
            RequestProcessor(maximumMessageBytes: configuration.maximumMessageBytes,
                             maximumOutputBytes: output.current.maximumMessageBytes,
                             cachedResponses: configuration.cachedResponses)
        }
    }

    /// Runs until graceful shutdown, then stops cleanly. Throws when the consumer cannot subscribe,
    /// and ``PipelineFailure`` when outputs stayed undeliverable for longer than the configured bound.
    public func run() async throws {
        try await consumer.subscribe(topics: [configuration.requestsTopic])
        logger.info("subscribed", metadata: ["topic": "\(configuration.requestsTopic)"])
        let failure = await withDiscardingTaskGroup(returning: PipelineFailure?.self) { group in
            group.addTask { await self.commitLoop() }
            group.addTask { await self.retryLoop() }
            group.addTask { await self.watchIntake() }
            // Intake ends on graceful shutdown (its child task is cancelled), when the consumer
            // closes, or when the produce watch gives up (it returns the failure).
            let failure = await cancelWhenGracefulShutdown {
                await withTaskGroup(of: PipelineFailure?.self) { inner in
                    inner.addTask { await self.intake(); return nil }
                    inner.addTask { await self.watchProducePath() }
                    let first = await inner.next() ?? nil
                    inner.cancelAll()
                    return first
                }
            }
            if failure == nil {
                await self.drainAndCommit()
            } else {
                // Only the acknowledged prefix: nothing past an unanswered request is committed.
                await self.commit(self.ledger.takeCommittable(includingTaken: true), final: true)
            }
            self.ledger.close()
            // The committer and the retrier may be sleeping between rounds; nothing is left for them.
            group.cancelAll()
            return failure
        }
        await consumer.close()
        logger.info("consumer closed; left the group")
        if let failure { throw failure }
    }

    // MARK: Produce watch

    /// Checks the ledger's failing outputs every second; returns a failure once the bound is passed,
    /// `nil` when cancelled.
    private func watchProducePath() async -> PipelineFailure? {
        var monitor = ProduceFailureMonitor(exitAfter: configuration.produceFailureExitAfter)
        let tick = min(Duration.seconds(1), configuration.produceFailureExitAfter / 4)
        while !Task.isCancelled {
            let now = ContinuousClock.now
            switch monitor.observe(failingSince: ledger.failingSince, now: now) {
            case .none:
                break
            case .reportFailing(let since):
                health.produceFailed(at: since)
                logger.error("produce path failing: outputs are not being delivered; commits held at the last answered request", metadata: [
                    "failing_outputs": "\(ledger.failingCount)", "failing_for_ms": "\((now - since).milliseconds)",
                    "last_error": "\(ledger.lastFailure ?? "unknown")",
                    "exit_after_s": "\(configuration.produceFailureExitAfter.components.seconds)",
                ])
            case .reportRecovered(let after):
                health.produceSucceeded()
                logger.notice("produce path recovered: every failed output was delivered",
                              metadata: ["failed_for_ms": "\(after.milliseconds)"])
            case .giveUp(let since):
                let failure = PipelineFailure.producePathBroken(
                    failingFor: now - since, failingOutputs: ledger.failingCount, lastError: ledger.lastFailure ?? "unknown")
                logger.critical("giving up: \(failure)")
                return failure
            }
            try? await Task.sleep(for: tick)
        }
        return nil
    }

    // MARK: Intake

    private func intake() async {
        var events = consumer.events.makeAsyncIterator()
        while !Task.isCancelled {
            health.beganWaiting()
            guard let event = await events.next() else { break }
            health.handledEvent()
            switch event {
            case .messages(let batch):
                await ledger.waitForCapacity(batch.count)
                let started = ContinuousClock.now
                await process(batch)
                metrics.batchProcessing.record(duration: ContinuousClock.now - started)
                metrics.consumed.increment(by: batch.count)
                metrics.inFlight.record(ledger.inFlight)
                health.handledEvent(processed: batch.count)
            case .partitionsAssigned(let partitions):
                if let held = commitHold.withLock({ $0.assigned(at: .now) }) {
                    logger.info("commits resume: the rebalance ended with an assignment", metadata: ["held_ms": "\(held.milliseconds)"])
                }
                guard !partitions.isEmpty else { continue }  // the rebalance ended with nothing new for this member
                logger.info("partitions assigned", metadata: ["partitions": "\(partitions)"])
                health.assigned(partitions)
                metrics.assignments.increment()
                metrics.assignedPartitions.record(health.assignedCount)
            case .partitionsRevoked(let revocation):
                await revoke(revocation)
                health.revoked(revocation.partitions)
                (revocation.isLost ? metrics.losses : metrics.revocations).increment()
                metrics.assignedPartitions.record(health.assignedCount)
            }
        }
    }

    private func process(_ batch: KafkaMessageBatch) async {
        let now = Timestamp.now()
        let evaluator = snapshots.evaluator
        var lanes = Array(repeating: [Int](), count: processors.count)
        for index in 0..<batch.count {
            let partition = batch.topicPartition(at: index).partition
            lanes[Int(partition) % lanes.count].append(index)
        }
        await withDiscardingTaskGroup { group in
            for (lane, indices) in lanes.enumerated() where !indices.isEmpty {
                let processor = processors[lane]
                group.addTask {
                    await self.handle(batch, indices, processor: processor, evaluator: evaluator, now: now)
                }
            }
        }
    }

    /// Processes one lane's messages of a batch in offset order, then registers and produces their outputs.
    private func handle(_ batch: KafkaMessageBatch, _ indices: [Int], processor: RequestProcessor,
                        evaluator: ReadinessEvaluator, now: Timestamp) async {
        let outputs = OutputBatch(expectedRecords: indices.count)
        for index in indices {
            batch.withMessage(at: index) { message in
                if let error = message.error {
                    logger.warning("consumer error event", metadata: ["error": "\(error)"])
                    return
                }
                processor.process(message, evaluator: evaluator, now: now, into: outputs)
            }
        }
        metrics.add(processor.takeTally())
        let tokens = ledger.register(outputs)
        // Once per batch: while the retrier replaces the producer, no younger output may be produced.
        guard await output.gate.enter() else {
            // Cancelled (stopping) at the closed gate: reported as failed, so it is produced again in order.
            let cancelled = KafkaError.cancelled(operation: "produce while the producer is replaced")
            ledger.apply(tokens.map { KafkaDeliveryReport(token: $0, result: .failure(cancelled)) })
            return
        }
        defer { output.gate.leave() }
        await produce(outputs, tokens: tokens, with: output.current)
    }

    /// Outputs enqueued per burst (``KafkaProducer/withBurst(_:)``): long enough to make the two
    /// lock acquisitions per burst negligible, short enough to notice a full queue or a closed
    /// producer soon and to keep the outputs' views borrowed only briefly.
    static let burstLength = 128

    /// Enqueues `outputs` in input order, in bursts, waiting (without blocking a thread) while
    /// librdkafka's queue is full; an output that cannot be enqueued is reported to the ledger as a
    /// failed delivery, to be produced again in order. Values are lent to librdkafka, not copied:
    /// the ledger keeps `outputs` until each output's delivery report.
    private func produce(_ outputs: OutputBatch, tokens: [UInt64], with producer: KafkaProducer) async {
        var next = 0
        var failures: [(token: UInt64, error: KafkaError)] = []
        while next < tokens.count {
            let end = min(tokens.count, next + Self.burstLength)
            let (stop, ticket) = producer.withBurst { (burst: borrowing KafkaProducerBurst) -> (Int, KafkaQueueSpaceTicket?) in
                for index in next..<end {
                    let topic = topic(for: outputs.records[index].kind)
                    let result = outputs.withOutput(index) { key, value, headers in
                        Result { () throws(KafkaError) in
                            try burst.produce(topic: topic, key: key, value: value, valueLifetime: .untilDeliveryReport,
                                              borrowedHeaders: headers, token: tokens[index])
                        }
                    }
                    switch result {
                    case .success: break
                    case .failure(.queueFull): return (index, burst.spaceTicket)
                    case .failure(let error): failures.append((tokens[index], error))
                    }
                }
                return (end, nil)
            }
            // Reported outside the burst: the ledger's lock is never taken under the producer's.
            for failure in failures { enqueueFailed(failure.token, failure.error) }
            failures.removeAll(keepingCapacity: true)
            next = stop
            guard let ticket else { continue }
            await producer.waitForQueueSpace(ticket)
            if Task.isCancelled {
                // Stopping: the waiting output is failed, like any output that could not be enqueued.
                enqueueFailed(tokens[next], .cancelled(operation: "send to \(topic(for: outputs.records[next].kind))"))
                next += 1
            }
        }
    }

    func topic(for kind: OutputKind) -> String {
        kind.isResponse ? configuration.responsesTopic : configuration.rejectionsTopic
    }

    /// Enqueues output `index` of `outputs` with `producer` (waiting without blocking a thread while
    /// librdkafka's queue is full); a failure to enqueue is reported to the ledger as a failed
    /// delivery, to be retried.
    func enqueue(_ outputs: OutputBatch, _ index: Int, token: UInt64, producer: KafkaProducer) async {
        let topic = topic(for: outputs.records[index].kind)
        do {
            try await producer.retryingWhileQueueFull(topic: topic) { () throws(KafkaError) in
                try outputs.withOutput(index) { key, value, headers in
                    Result { () throws(KafkaError) in
                        try producer.produce(topic: topic, key: key, value: value, valueLifetime: .untilDeliveryReport,
                                             borrowedHeaders: headers, token: token)
                    }
                }.get()
            }
        } catch {
            enqueueFailed(token, error)
        }
    }

    /// Reports an output that could not be enqueued to the ledger as a failed delivery.
    private func enqueueFailed(_ token: UInt64, _ error: KafkaError) {
        // Logged in summary by the retrier and the produce watch (one line per round, not per output).
        logger.debug("cannot enqueue output; will retry", metadata: ["error": "\(error)"])
        metrics.enqueueErrors.increment()
        ledger.apply([KafkaDeliveryReport(token: token, result: .failure(error))])
    }

    // MARK: Rebalance

    /// How long a lost partition's in-flight outputs are awaited before it is forgotten.
    static let lostDrainBound: Duration = .seconds(3)

    private func revoke(_ revocation: KafkaRevocation) async {
        let partitions = Set(revocation.partitions)
        logger.info("partitions revoked", metadata: ["partitions": "\(revocation.partitions)", "lost": "\(revocation.isLost)"])
        var committed = false
        if revocation.isLost {
            // The group has moved on: no commit is possible. Outputs in flight are still delivered;
            // waiting briefly for them lets the ledger remember how far this member answered, in case the
            // partitions come straight back (the usual case, see ``DeliveryLedger/startCandidates(_:)``).
            await withDeadline(min(configuration.drainTimeout, Self.lostDrainBound)) { await self.ledger.waitUntilDrained(partitions) }
        } else {
            await withDeadline(configuration.drainTimeout) { await self.ledger.waitUntilDrained(partitions) }
            committed = await commit(ledger.takeCommittable(partitions, includingTaken: true), final: true)
        }
        ledger.forget(partitions, rememberingAnswered: !committed, origins: revocation.origins)
        revocation.complete()
    }

    // MARK: Commits

    private func commitLoop() async {
        while !Task.isCancelled, !ledger.isClosed {
            await ledger.waitForProgress()
            // On every round of acknowledgements, also while commits are held: falls back to 0 once
            // the last outputs are acknowledged, and moves while intake waits inside a batch.
            metrics.inFlight.record(ledger.inFlight)
            switch commitHold.withLock({ $0.decide(at: .now) }) {
            case .commit:
                break
            case .hold:
                // Positions stay in the ledger; the first round after the hold commits them.
                try? await Task.sleep(for: configuration.commitInterval)
                continue
            case .resume(let after):
                logger.info("commits resume: no assignment arrived within the hold's bound", metadata: ["held_ms": "\(after.milliseconds)"])
            }
            let committable = ledger.takeCommittable()
            await commit(committable)
            try? await Task.sleep(for: configuration.commitInterval)
        }
    }

    /// Commits `offsets` and waits for the result (on the consumer's worker thread): a failed commit
    /// puts the positions back so that the committer tries again. (An asynchronous commit's failure
    /// would only be logged, leaving the group's position behind until the partition made new
    /// progress — or forever, redoing the requests after every rebalance.)
    /// A `final` commit (revocation, stop) is not tried again: its failure is logged as such.
    /// A periodic commit refused because of a rebalance holds the next ones (``CommitHold``).
    /// Returns whether the commit succeeded.
    @discardableResult
    func commit(_ offsets: [TopicPartitionOffset], final: Bool = false) async -> Bool {
        await commitReportingError(offsets, final: final) == nil
    }

    /// ``commit(_:final:)``, returning the failure (`nil`: committed). A `final` commit's failure is
    /// logged by the caller when `callerLogs`.
    func commitReportingError(_ offsets: [TopicPartitionOffset], final: Bool = false, callerLogs: Bool = false) async -> KafkaError? {
        guard !offsets.isEmpty else { return nil }
        do throws(KafkaError) {
            try await consumer.commit(offsets)
            return nil
        } catch {
            metrics.commitFailures.increment()
            if final {
                if !callerLogs { Self.logFinalCommitFailed(error, logger: logger) }
            } else if let maximum = commitHold.withLock({ $0.commitFailed(error.code, at: .now) ? $0.maximum : nil }) {
                logger.warning("commit refused during a rebalance; periodic commits wait for the next assignment",
                               metadata: ["error": "\(error)", "hold_at_most_s": "\(maximum.components.seconds)"])
            } else {
                logger.warning("commit failed; will commit again", metadata: ["error": "\(error)"])
            }
            ledger.commitFailed(offsets)
            return error
        }
    }

    // MARK: Retries

    /// Waits for failed deliveries; each round produces them again in input order with the gate
    /// closed, with a new producer when the old one became fatal (``OutputProducer/reproduce(_:ledger:pause:enqueue:)``).
    private func retryLoop() async {
        while !Task.isCancelled {
            let failed = await ledger.takeFailed()
            if failed.isEmpty { return }
            let attempts = failed.map(\.attempts).max() ?? 1
            let backoff = min(configuration.retryBackoff * (1 << min(attempts - 2, 6)), .seconds(5))
            let round = await output.reproduce(failed, ledger: ledger, pause: backoff) { failed, producer in
                let failed = self.replacingRefusedResponse(failed, limitBytes: producer.maximumMessageBytes)
                await self.enqueue(failed.batch, failed.index, token: failed.token, producer: producer)
            }
            metrics.retries.increment(by: round.reproduced)
            var metadata: Logger.Metadata = [
                "count": "\(round.reproduced)", "attempt": "\(attempts)", "last_error": "\(ledger.lastFailure ?? "unknown")",
            ]
            if let fatal = round.fatalError { metadata["fatal_error"] = "\(fatal)" }
            if let error = round.replacementError {
                metadata["replacement_error"] = "\(error)"
                logger.error("producer replacement failed; failed deliveries will be retried", metadata: metadata)
            } else if round.replaced {
                metrics.producerReplacements.increment()
                logger.warning("producer replaced; failed deliveries produced again in input order", metadata: metadata)
            } else {
                logger.warning("failed deliveries produced again in input order", metadata: metadata)
            }
        }
    }

    // MARK: Stop

    private func drainAndCommit() async {
        let started = ContinuousClock.now
        logger.info("stopping: draining in-flight outputs", metadata: ["in_flight": "\(ledger.inFlight)"])
        let assigned = consumer.assignment
        await withDeadline(configuration.drainTimeout) { await self.ledger.waitUntilDrained(assigned) }
        do {
            try await output.current.flush(timeout: .seconds(5))
        } catch {
            logger.warning("producer flush incomplete", metadata: ["error": "\(error)"])
        }
        let positions = ledger.takeCommittable(includingTaken: true)
        if positions.isEmpty {
            // Every partition was revoked or lost before the stop, or nothing was answered on them yet:
            // the stop has no position to hand over.
            logger.info("stop: no answered positions to commit", metadata: ["assigned_partitions": "\(assigned.count)"])
        } else if await commitOnStop(positions, deadline: started + configuration.drainTimeout) {
            // Next offsets to read, by partition: what the group resumes from.
            logger.info("stop: committed the answered positions", metadata: [
                "positions": "\(positions.map { "\($0.partition):\($0.offset)" }.joined(separator: ","))",
            ])
        }
        if ledger.inFlight > 0 {
            logger.warning("stopped with unacknowledged outputs; they will be redone after restart",
                           metadata: ["in_flight": "\(ledger.inFlight)"])
        }
    }
}

/// Runs `body`, giving up waiting after `timeout` (the body's task is cancelled).
func withDeadline(_ timeout: Duration, _ body: @escaping @Sendable () async -> Void) async {
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await body() }
        group.addTask { try? await Task.sleep(for: timeout) }
        await group.next()
        group.cancelAll()
    }
}
