import KafkaClient
import Logging

extension ReadinessPipeline {
    /// Watches for an intake that consumes nothing while requests wait on its assigned partitions
    /// (``IntakeStallMonitor``): at every tick after `intakeStallAfter` without a consumer event and
    /// with nothing in flight (counted from the last tick that saw work in flight, so a long produce
    /// outage that held intake back is not mistaken for a stall once it ends), it compares each
    /// assigned partition's answered (or committed, or — with `uncommittedStartsAtEarliest` — its low
    /// watermark) position with the high watermark its leader reports. A stall is logged, marked on
    /// the health state (`/readyz` reports it) and met by resuming fetching of the silent partitions
    /// (``KafkaConsumer/refetch(_:)``). Returns when cancelled.
    func watchIntake() async {
        guard let window = configuration.intakeStallAfter else { return }
        var monitor = IntakeStallMonitor(window: window)
        let tick = min(max(window / 4, .milliseconds(250)), .seconds(15))
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            guard !Task.isCancelled else { continue }
            let lastEvent = health.lastEvent
            let observation: IntakeStallMonitor.Observation
            if ledger.inFlight > 0 || consumer.bufferedBatchCount > 0 {
                observation = .working
            } else if !monitor.hasBeenQuiet(lastEvent: lastEvent, now: .now) {
                observation = .busy
            } else {
                guard let idle = await observeIntake(lastEvent: lastEvent) else { continue }
                observation = idle
            }
            switch monitor.observe(observation, lastEvent: lastEvent, now: .now) {
            case .none:
                break
            case .reportStalled(let since, let partitions, let waiting):
                health.intakeStalled(.init(since: since, partitions: partitions, waiting: waiting))
                metrics.intakeStalls.increment()
                metrics.intakeStalled.record(1)
                let resumed = (try? consumer.refetch(partitions)) ?? []
                logger.error("intake stalled: requests wait on assigned partitions but nothing was consumed; resuming their fetching", metadata: [
                    "partitions": "\(partitions)", "waiting": "\(waiting)",
                    "idle_ms": "\((ContinuousClock.now - since).milliseconds)", "resumed": "\(resumed)",
                ])
            case .reportRecovered(let after):
                health.intakeRecovered()
                metrics.intakeStalled.record(0)
                logger.notice("intake recovered: consuming again", metadata: ["stalled_ms": "\(after.milliseconds)"])
            }
        }
    }

    /// What waits on the assigned partitions of an intake quiet since before `lastEvent`'s tick, or
    /// `nil` when the leaders could not be asked (a broker outage is not a stall).
    private func observeIntake(lastEvent: ContinuousClock.Instant) async -> IntakeStallMonitor.Observation? {
        let assigned = consumer.assignment
        guard !assigned.isEmpty else { return .busy }
        var positions = ledger.answeredPositions(assigned)
        // Partitions with neither an answer nor a commit start at their low watermark, when the consumer does.
        var fromLow = Set<TopicPartition>()
        let unanswered = assigned.filter { positions[$0] == nil }
        if !unanswered.isEmpty {
            guard let committed = try? await consumer.committed(Array(unanswered), timeout: .seconds(2)) else { return nil }
            for offset in committed {
                if offset.offset >= 0 {
                    positions[offset.topicPartition] = offset.offset
                } else if configuration.uncommittedStartsAtEarliest {
                    fromLow.insert(offset.topicPartition)
                }
            }
        }
        let judged = Array(positions.keys) + fromLow
        guard !judged.isEmpty, let watermarks = try? await consumer.watermarks(judged, timeout: .seconds(2)) else { return nil }
        // Something arrived while the leaders were asked: not idle after all.
        guard health.lastEvent == lastEvent else { return .busy }
        var waiting: [TopicPartition: Int64] = [:]
        for marks in watermarks {
            let position = positions[marks.partition] ?? (fromLow.contains(marks.partition) ? marks.low : nil)
            if let position, marks.high > position { waiting[marks.partition] = marks.high - position }
        }
        return .idle(waiting: waiting)
    }
}
