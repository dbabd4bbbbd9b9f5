import Foundation
import Logging
import ServiceLifecycle

/// Bounds a stop: once a graceful shutdown begins, the guarded work must finish within
/// ``limit``; otherwise the watchdog logs at critical level and ends the process with
/// ``exitCode``.
///
/// A stop can outlast every timeout of its own when no broker is reachable at all (the
/// brokers vanished): the final commit, the consumer's leave or the producer's close then
/// wait on librdkafka without end. The daemon sets ``limit`` to
/// `processing.drain_timeout_seconds` + ``margin``, so a healthy stop (drain, flush, commit,
/// leave) is never cut short, and systemd (`Restart=on-failure`) sees a failure instead of
/// waiting for `TimeoutStopSec`.
///
/// The watchdog is a child task of the guarded work's task group (no detached task): it waits
/// for the shutdown signal, then for ``limit``, and is cancelled as soon as the work returns.
/// Its sleep runs on the cooperative pool, which no librdkafka call blocks.
struct StopWatchdog: Sendable {
    /// Exit status after a stop overran its bound: 70, `EX_SOFTWARE` (an internal error; the
    /// process state is unknown, so it is ended rather than left hanging).
    static let exitCode: Int32 = ExitStatus.stopOverran.rawValue
    /// Added to the drain timeout: room for the producer flush (up to 5 s), the final commit and the leave.
    static let margin: Duration = .seconds(10)

    /// How long a stop may take, from the shutdown signal until the guarded work returns.
    let limit: Duration
    /// Where the critical line goes.
    let logger: Logger
    /// A watchdog allowing `drainTimeoutSeconds` + ``margin`` for a stop.
    init(drainTimeoutSeconds: Int, logger: Logger) {
        self.limit = .seconds(drainTimeoutSeconds) + StopWatchdog.margin
        self.logger = logger
    }

    /// Runs `work`; if a graceful shutdown begins and `work` has not returned ``limit`` later,
    /// logs `stop watchdog: …` at critical level and exits the process with status 70.
    func guarding(_ work: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                // Both waits end early (throwing) when the work returned and cancelled this task.
                do {
                    try await gracefulShutdown()
                    let began = ContinuousClock.now
                    try await Task.sleep(for: limit)
                    logger.critical("stop watchdog: the stop did not finish in time; exiting", metadata: [
                        "waited": "\(ContinuousClock.now - began)", "limit": "\(limit)",
                        "exit_status": "\(StopWatchdog.exitCode)",
                    ])
                    exit(StopWatchdog.exitCode)
                } catch {
                    return
                }
            }
            defer { group.cancelAll() }
            try await work()
        }
    }
}
