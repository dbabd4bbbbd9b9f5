import KafkaClient

/// Decides when an idle intake is a stalled one (contract §6: every request is answered).
///
/// A member can hold assigned partitions with requests waiting on them and still be handed
/// nothing: librdkafka keeps a partition's pause across unassign and assign (librdkafka #1849),
/// so a pause that outlived the state that asked for it leaves the partition silent while
/// everything else looks healthy. The pipeline's intake watch feeds this monitor at every tick:
/// ``Observation/working`` while outputs are in flight or batches buffered, ``Observation/busy``
/// while intake is not yet quiet for the window (``hasBeenQuiet(lastEvent:now:)``), and
/// ``Observation/idle(waiting:)`` — each assigned partition with requests beyond what was
/// answered — once it is. It returns one action: report the stall (mark the health state, log,
/// resume fetching of the silent partitions), report that intake recovered, or nothing.
///
/// Quiet is counted from the later of intake's last consumer event and the last tick that saw
/// work: while outputs are in flight the pipeline holds intake back by design (a produce path
/// that fails for longer than the window keeps the in-flight bound full and intake silent), so
/// the window starts again once that work is done instead of reporting a stall the moment it is.
struct IntakeStallMonitor {
    /// What the intake watch saw at one tick.
    enum Observation: Equatable {
        /// Outputs are in flight or consumed batches wait to be processed: intake may rightly be
        /// held back, and the quiet window starts again.
        case working
        /// Intake handled a consumer event within the window (nothing in flight).
        case busy
        /// Quiet for the window with nothing in flight: the assigned partitions with requests
        /// waiting past their answered (or committed) position, and how many each.
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

    /// How long intake must be quiet, with nothing in flight, before waiting requests are a stall.
    let window: Duration
    private(set) var state = State.healthy
    /// The last tick that saw outputs in flight or batches buffered.
    private var lastWork: ContinuousClock.Instant?

    init(window: Duration) {
        self.window = window
    }

    /// Since when intake has been quiet: the later of its last consumer event and the last tick
    /// that saw work.
    func quietSince(lastEvent: ContinuousClock.Instant) -> ContinuousClock.Instant {
        guard let lastWork else { return lastEvent }
        return max(lastEvent, lastWork)
    }

    /// `true` when intake has been quiet for the window: time to ask the leaders what waits.
    func hasBeenQuiet(lastEvent: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Bool {
        now - quietSince(lastEvent: lastEvent) >= window
    }

    /// Takes one observation at `now`; `lastEvent` is when intake last handled a consumer event.
    mutating func observe(_ observation: Observation, lastEvent: ContinuousClock.Instant,
                          now: ContinuousClock.Instant) -> Action {
        let waiting: [TopicPartition: Int64]
        switch observation {
        case .working:
            lastWork = now
            waiting = [:]
        case .busy:
            waiting = [:]
        case .idle(let partitions):
            waiting = partitions.filter { $0.value > 0 }
        }
        switch (state, waiting.isEmpty) {
        case (.healthy, true), (.stalled, false):
            return .none
        case (.healthy, false):
            let since = quietSince(lastEvent: lastEvent)
            state = .stalled(since: since)
            let partitions = waiting.keys.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
            return .reportStalled(since: since, partitions: partitions, waiting: waiting.values.reduce(0, +))
        case (.stalled(let since), true):
            state = .healthy
            return .reportRecovered(after: now - since)
        }
    }
}
