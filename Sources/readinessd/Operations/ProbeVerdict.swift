import ReadinessWorker

/// The answer of `/healthz` or `/readyz`: up (200) or not (503), with a one-line reason.
struct ProbeVerdict: Sendable, Equatable {
    /// `true` → HTTP 200, `false` → HTTP 503.
    var isUp: Bool
    /// One line for the response body (and for a human reading `curl` output).
    var reason: String

    /// `/readyz`: snapshot loaded, a Kafka broker reachable, joined the group, at least one partition
    /// assigned, outputs not failing to produce for `produceFailureLimit` or longer, and intake not stalled.
    static func readiness(revision: String?, health: PipelineHealth?, produceFailureLimit: Duration,
                          now: ContinuousClock.Instant = .now) -> ProbeVerdict {
        guard let revision else { return ProbeVerdict(isUp: false, reason: "registry snapshot not loaded yet") }
        guard let health else { return ProbeVerdict(isUp: false, reason: "starting: Kafka clients not running yet") }
        if let since = health.kafkaUnreachableSince {
            return ProbeVerdict(isUp: false,
                                reason: "Kafka unreachable for \((now - since).components.seconds) s: no broker answers; see the log")
        }
        guard health.hasJoined else { return ProbeVerdict(isUp: false, reason: "not joined the consumer group yet") }
        let assigned = health.assignedCount
        guard assigned > 0 else { return ProbeVerdict(isUp: false, reason: "no input partitions assigned") }
        if let since = health.produceFailingSince, now - since >= produceFailureLimit {
            return ProbeVerdict(isUp: false,
                                reason: "producing outputs has failed for \((now - since).components.seconds) s; check the brokers and the producer errors in the log")
        }
        if let stall = health.intakeStall {
            return ProbeVerdict(isUp: false, reason: "intake stalled: \(stall.waiting) requests wait on \(stall.partitions.count) assigned partitions and nothing was consumed for \((now - stall.since).components.seconds) s; fetching was resumed, see the log")
        }
        return ProbeVerdict(isUp: true, reason: "ready: \(assigned) partitions assigned, registry revision \(revision)")
    }

    /// `/healthz`: the process answers and the pipeline is waiting for work or finished a batch within
    /// `progressTimeout` (the same test as the systemd watchdog). Before the pipeline exists the process is starting.
    static func liveness(health: PipelineHealth?, progressTimeout: Duration) -> ProbeVerdict {
        guard let health else { return ProbeVerdict(isUp: true, reason: "alive: starting") }
        guard health.isMakingProgress(within: progressTimeout) else {
            return ProbeVerdict(isUp: false,
                                reason: "pipeline stuck: no progress for \(progressTimeout.components.seconds) s (a produce or drain that does not return)")
        }
        return ProbeVerdict(isUp: true, reason: "alive: \(health.processedCount) processed")
    }
}
