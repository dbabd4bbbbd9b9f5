import Foundation
import KafkaClient
import Logging
import ReadinessContract
import ReadinessFleet
import UnixSignals

/// Runs one fleet batch through Kafka: produces the plan's requests under
/// flow control, reads the answers as they come, and returns the report.
///
/// Tasks (one task group, no detached tasks): the reader (consumer events →
/// collector), the sender (collector `.send` ranges → producer), the deadline,
/// the progress printer and the signal watcher (SIGINT/SIGTERM end the run
/// early with a report of what arrived). Blocking librdkafka calls stay on
/// KafkaClient's own threads.
struct FleetRunner {
    let plan: FleetPlan
    let settings: FleetKafka.Settings
    let timeout: Duration
    let window: Int
    let progress: FleetProgressPrinter
    let logger: Logger

    func run() async throws(FleetError) -> FleetReport {
        let state = FleetRunState(collector: FleetCollector(count: plan.count, window: window))
        let kafka = try FleetKafka(settings: settings, batch: plan.batch, logger: logger) { reports in
            for report in reports {
                guard case .failure(let error) = report.result else { continue }
                state.apply { $0.deliveryFailed(index: Int(report.token), reason: error.description) }
            }
        }
        do {
            try await kafka.positionReader()
        } catch {
            await kafka.close()
            throw error
        }
        let startedAt = Timestamp.now().wholeSeconds
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout
        state.apply { $0.start() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await read(kafka.consumer, into: state) }
            group.addTask { await send(kafka.producer, from: state) }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: clock)
                if !Task.isCancelled { state.apply { $0.deadlinePassed() } }
            }
            group.addTask { await showProgress(state, since: start, clock: clock) }
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                    state.apply { $0.interrupted() }
                    return
                }
            }
            // Children return as the run advances; stop everything once it is over.
            while await group.next() != nil {
                if state.isFinished { break }
            }
            group.cancelAll()
        }
        state.close()
        let elapsed = start.duration(to: clock.now)
        progress.finish(reading(state, elapsed: elapsed))
        await kafka.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return FleetReport(plan: plan, collector: state.collector, startedAt: startedAt,
                           finishedAt: Timestamp.now().wholeSeconds, durationSeconds: seconds)
    }

    // MARK: Reader

    private func read(_ consumer: KafkaConsumer, into state: FleetRunState) async {
        let responses = settings.responsesTopic
        let batch = plan.batch
        let count = plan.count
        var answers: [(Int, FleetAnswer)] = []
        for await event in consumer.events {
            guard case .messages(let messages) = event else { continue }
            var foreign = 0
            answers.removeAll(keepingCapacity: true)
            messages.forEach { message in
                if let error = message.error {
                    logger.warning("reading answers: \(error)")
                    return
                }
                guard let header = message.headers.last(named: "x-correlation-id"), let id = header,
                      let index = batch.index(of: id, count: count), let value = message.value
                else {
                    foreign += 1
                    return
                }
                do {
                    let answer = message.topic == responses
                        ? try FleetAnswer.response(from: value, topic: message.topic)
                        : try FleetAnswer.rejection(from: value, topic: message.topic)
                    answers.append((index, answer))
                } catch {
                    logger.warning("ignoring an unreadable answer at \(message.topic)[\(message.partition)]@\(message.offset): \(error)")
                    foreign += 1
                }
            }
            state.apply { collector in
                for _ in 0..<foreign { collector.foreignAnswerSeen() }
                var last = FleetCollector.Action.none
                for (index, answer) in answers {
                    let (_, action) = collector.record(index: index, answer: answer)
                    if action != .none { last = action }
                }
                return last
            }
            if state.isFinished { return }
        }
    }

    // MARK: Sender

    private func send(_ producer: KafkaProducer, from state: FleetRunState) async {
        let encoder = FleetRequestEncoder(plan: plan)
        let topic = settings.requestsTopic
        var wakeups = state.wakeups.makeAsyncIterator()
        while let ranges = state.takeSendQueue() {
            for range in ranges {
                for index in range {
                    // The run may end (timeout, signal) in the middle of a range: send no more.
                    if Task.isCancelled || state.isFinished { return }
                    do {
                        try await producer.send(topic: topic, key: encoder.key(index), value: encoder.request(index),
                                                token: UInt64(index))
                        state.producedOne()
                    } catch .cancelled {
                        return
                    } catch {
                        state.apply { $0.deliveryFailed(index: index, reason: error.description) }
                    }
                }
            }
            if state.allSent { return }
            guard await wakeups.next() != nil else { return }
        }
    }

    // MARK: Progress

    private func showProgress(_ state: FleetRunState, since start: ContinuousClock.Instant, clock: ContinuousClock) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: progress.interval, clock: clock)
            } catch {
                return
            }
            progress.show(reading(state, elapsed: start.duration(to: clock.now)))
        }
    }

    private func reading(_ state: FleetRunState, elapsed: Duration) -> FleetProgress {
        let counts = state.counts
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return FleetProgress(sent: counts.produced, answered: counts.settled, total: counts.total, elapsedSeconds: seconds)
    }
}
