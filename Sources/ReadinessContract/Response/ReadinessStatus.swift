/// A check's or a request's readiness status (contract §4, §5), ordered by severity.
public enum ReadinessStatus: UInt8, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case ready = 0
    case unknown = 1
    case degraded = 2
    case blocked = 3

    /// The wire word, e.g. `degraded`.
    public var name: StaticString {
        switch self {
        case .ready: "ready"
        case .unknown: "unknown"
        case .degraded: "degraded"
        case .blocked: "blocked"
        }
    }

    public var description: String { name.description }

    public static func < (lhs: ReadinessStatus, rhs: ReadinessStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}
