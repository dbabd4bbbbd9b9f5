import Logging
import ReadinessWorker

/// Tells systemd the truth about the daemon: `READY=1` once the consumer has
/// joined its group (the snapshot is loaded before the pipeline starts),
/// `WATCHDOG=1` only while the pipeline makes progress or waits idle, and a
/// one-line `STATUS=` every few seconds.
///
/// Runs on a timer: the watchdog needs a periodic heartbeat anyway, and the
/// same tick notices the first assignment.
struct SystemdSupervisor {
    let notifier: SystemdNotifier
    let health: PipelineHealth
    /// The registry revision being served (changes with reloads).
    let revision: @Sendable () -> String
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        let tick: Duration = notifier.watchdogInterval.map { min($0 / 4, .seconds(1)) } ?? .milliseconds(250)
        var readySent = false
        var lastStatus = ContinuousClock.now
        var lastProcessed = 0
        while !Task.isCancelled {
            if !readySent, health.hasJoined {
                readySent = true
                notifier.ready(status: statusLine(rate: 0))
                logger.info("ready: joined the consumer group", metadata: ["assigned_partitions": "\(health.assignedCount)"])
            }
            if let interval = notifier.watchdogInterval, health.isMakingProgress(within: interval / 2) {
                notifier.watchdog()
            }
            let elapsed = ContinuousClock.now - lastStatus
            if readySent, elapsed >= .seconds(5) {
                let processed = health.processedCount
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                notifier.status(statusLine(rate: Double(processed - lastProcessed) / seconds))
                lastProcessed = processed
                lastStatus = .now
            }
            try? await Task.sleep(for: tick)
        }
    }

    func statusLine(rate: Double) -> String {
        "assigned \(health.assignedCount) partitions, \(Int(rate)) msg/s, \(health.processedCount) processed, registry revision \(revision())"
    }
}
