import KafkaClient

/// Decides when an idle intake is a stalled one (SPEC §6: every request is answered).
///
/// A member can hold assigned partitions with requests waiting on them and still be handed
/// nothing: librdkafka keeps a partition's pause across unassign and assign (librdkafka #1849),
/// so a pause that outlived the state that asked for it leaves the partition silent while
/// everything else looks healthy. The pipeline's intake watch feeds this monitor at every tick
/// once intake has seen no consumer event for the configured window with nothing in flight
/// (``Observation/idle(waiting:)``, each assigned partition with requests beyond what was
/// answered), or ``Observation/busy`` otherwise. It returns one action: report the stall
/// (mark the health state, log, resume fetching of the silent partitions), report that
/// intake recovered, or nothing.
struct IntakeStallMonitor {
    /// What the intake watch saw at one tick.
    enum Observation: Equatable {
        /// Intake handled a consumer event within the window, or work is in flight or buffered.
        case busy
        /// No consumer event for the window and nothing in flight: the assigned partitions with
        /// requests waiting past their answered (or committed) position, and how many each.
        case idle(waiting: [TopicPartition: Int64])
    }

    /// What the pipeline must do after an observation.
    enum Action: Equatable {
        /// Nothing changed.
        case none
        /// Requests wait on `partitions` (`waiting` in all) and nothing was consumed since `since`:
        /// mark the health state, log once, resume fetching of those partitions.
        case reportStalled(since: ContinuousClock.Instant, partitions: [TopicPartition], waiting: Int64)
        /// Intake consumes again (or nothing waits any more) after a stall of `after`.
        case reportRecovered(after: Duration)
    }

    enum State: Equatable {
        case healthy
        case stalled(since: ContinuousClock.Instant)
    }

    private(set) var state = State.healthy

    /// Takes one observation at `now`; `lastEvent` is when intake last handled a consumer event.
    mutating func observe(_ observation: Observation, lastEvent: ContinuousClock.Instant,
                          now: ContinuousClock.Instant) -> Action {
        let waiting: [TopicPartition: Int64]
        switch observation {
        case .busy: waiting = [:]
        case .idle(let partitions): waiting = partitions.filter { $0.value > 0 }
        }
        switch (state, waiting.isEmpty) {
        case (.healthy, true), (.stalled, false):
            return .none
        case (.healthy, false):
            state = .stalled(since: lastEvent)
            let partitions = waiting.keys.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
            return .reportStalled(since: lastEvent, partitions: partitions, waiting: waiting.values.reduce(0, +))
        case (.stalled(let since), true):
            state = .healthy
            return .reportRecovered(after: now - since)
        }
    }
}
