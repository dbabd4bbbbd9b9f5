import Foundation

/// Sizes of the fault scenarios: CI by default, the soak with `READINESSD_SOAK=1`.
enum FaultScale {
    /// `true` when `READINESSD_SOAK=1`.
    static let soak = ProcessInfo.processInfo.environment["READINESSD_SOAK"] == "1"
    /// Requests per load-driven scenario.
    static var requests: Int { soak ? 200_000 : 4000 }
    /// Requests produced per chunk by the load driver.
    static var chunk: Int { soak ? 2000 : 250 }
    /// Unanswered requests the load driver allows before it waits.
    static var backlog: Int { soak ? 8000 : 1000 }
    /// Repetitions of each scenario's fault round.
    static var rounds: Int { soak ? 3 : 1 }
    /// Input partitions.
    static var partitions: Int { soak ? 48 : 6 }
    /// Timeout for waits that scale with the request count (`READINESSD_FAULT_WAIT_SECONDS` overrides it,
    /// e.g. to see a failing soak scenario's diagnostics sooner).
    static var completion: Duration {
        if let seconds = ProcessInfo.processInfo.environment["READINESSD_FAULT_WAIT_SECONDS"].flatMap(Int.init) {
            return .seconds(seconds)
        }
        return soak ? .seconds(900) : .seconds(120)
    }
}
