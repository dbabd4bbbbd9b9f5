/// The exit statuses of `readinessd run` (and `broker`, `evaluate`, `check-config`), one
/// name per documented meaning (README.md, "Exit codes"). `readinessd fleet`
/// has its own statuses (``ReadinessFleet/FleetExitStatus``).
///
/// The numbers follow BSD `sysexits.h` where one fits, so that a supervisor can tell "do
/// not restart, fix the configuration" (78, `RestartPreventExitStatus=78` in the systemd
/// unit) from "restart later" (69, 75) and from a crash.
enum ExitStatus: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// A clean stop (SIGTERM/SIGINT), or a command that did its work.
    case success = 0
    /// Any other failure reported as one line (for example the worker stopped on an
    /// unexpected error, a broker that failed to start in-process, `check-config` problems).
    case failure = 1
    /// `EX_USAGE`: bad command-line arguments (swift-argument-parser's usage errors).
    case usage = 64
    /// `EX_UNAVAILABLE`: no broker answered within `kafka.startup_timeout_seconds` at start-up,
    /// or the topics are missing there. Restarting later may succeed.
    case kafkaUnavailable = 69
    /// `EX_SOFTWARE`: a stop did not finish within `processing.drain_timeout_seconds` + 10 s
    /// (the stop watchdog ended the process).
    case stopOverran = 70
    /// `EX_TEMPFAIL`: outputs stayed undeliverable for `processing.produce_failure_exit_after_seconds`.
    case producePathBroken = 75
    /// `EX_CONFIG`: the configuration (file or `READINESSD_*` variables), the registry snapshot, or
    /// `http.address` (in use, not bindable) is unusable. Found before any Kafka client or listener
    /// starts; restarting cannot help.
    case configuration = 78

    var description: String {
        switch self {
        case .success: "success"
        case .failure: "failure"
        case .usage: "usage"
        case .kafkaUnavailable: "Kafka unavailable at start-up"
        case .stopOverran: "stop overran"
        case .producePathBroken: "produce path broken"
        case .configuration: "configuration unusable"
        }
    }
}
