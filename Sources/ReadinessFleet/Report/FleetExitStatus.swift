/// The exit status of `readinessd fleet` (documented in `--help` and the README).
///
/// The most serious condition wins: usage or connection errors, then
/// unanswered or rejected requests, then blocked, then degraded or unknown.
public enum FleetExitStatus: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// Every request answered and every tenant ready.
    case allReady = 0
    /// Everything answered; at least one tenant degraded or unknown, none blocked.
    case degradedOrUnknown = 1
    /// Everything answered; at least one tenant blocked.
    case blocked = 2
    /// At least one request unanswered (timeout), rejected, or not accepted by Kafka.
    case unansweredOrRejected = 3
    /// Bad arguments, unreadable tenant list or configuration, Kafka unreachable.
    case usageOrConnection = 4

    /// The status for a set of outcomes.
    public static func of(_ outcomes: some Sequence<FleetOutcome>) -> FleetExitStatus {
        var worst = FleetExitStatus.allReady
        for outcome in outcomes {
            let status: FleetExitStatus
            switch outcome {
            case .answered(let response):
                switch response.readinessStatus {
                case .ready: status = .allReady
                case .degraded, .unknown: status = .degradedOrUnknown
                case .blocked: status = .blocked
                }
            case .rejected, .unanswered, .notSent:
                return .unansweredOrRejected
            }
            if status.rawValue > worst.rawValue { worst = status }
        }
        return worst
    }

    /// One-line meaning, as listed in `--help`.
    public var description: String {
        switch self {
        case .allReady: "all ready"
        case .degradedOrUnknown: "something degraded or unknown (nothing blocked)"
        case .blocked: "something blocked"
        case .unansweredOrRejected: "unanswered, rejected or unsent requests"
        case .usageOrConnection: "usage, configuration or connection error"
        }
    }
}
