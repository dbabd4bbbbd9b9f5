/// Why a fleet run could not be started or completed; each case names what to do.
public enum FleetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The tenant list file could not be read.
    case unreadableTenantList(path: String, reason: String)
    /// No tenant was selected (empty snapshot or list).
    case noTenants(source: String)
    /// An argument value is invalid.
    case invalidArgument(option: String, problem: String)
    /// The Kafka address of an embedded-broker daemon could not be found.
    case embeddedBrokerNotFound(bootstrapFile: String)
    /// Kafka could not be reached or a topic is missing.
    case kafkaUnavailable(String)
    /// The report could not be written.
    case unwritableReport(path: String, reason: String)

    /// One actionable line.
    public var description: String {
        switch self {
        case .unreadableTenantList(let path, let reason):
            "cannot read the tenant list \(path): \(reason); pass a readable file with one tenant id per line, or - for stdin"
        case .noTenants(let source):
            "no tenants selected from \(source); check the snapshot or the tenant list"
        case .invalidArgument(let option, let problem):
            "\(option): \(problem)"
        case .embeddedBrokerNotFound(let file):
            "the configuration uses the embedded broker, but no running daemon published its address in \(file); "
                + "start `readinessd run` with the same configuration first, or pass --bootstrap HOST:PORT"
        case .kafkaUnavailable(let detail):
            "Kafka is not usable: \(detail)"
        case .unwritableReport(let path, let reason):
            "cannot write the report to \(path): \(reason)"
        }
    }
}
