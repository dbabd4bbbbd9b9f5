/// The consumer group's rebalance protocol, which decides whether the
/// rebalance callback uses `rd_kafka_incremental_(un)assign` (cooperative)
/// or `rd_kafka_assign` (eager).
///
/// `rd_kafka_rebalance_protocol()` returns `NULL` when it cannot ask the
/// group coordinator thread (before the group is joined, while the consumer
/// is closing, after an error) and `"NONE"` before an assignor is chosen;
/// then the last known protocol stays in force.
enum RebalanceProtocol: Equatable, Sendable {
    /// Incremental (cooperative-sticky): only moved partitions are revoked.
    case cooperative
    /// Eager: every rebalance revokes the whole assignment.
    case eager

    /// The protocol the configured `partition.assignment.strategy` leads
    /// to (`nil`: librdkafka's default, `range,roundrobin`, which is eager).
    init(assignmentStrategy: String?) {
        let cooperative = assignmentStrategy?.lowercased().contains("cooperative") ?? false
        self = cooperative ? .cooperative : .eager
    }

    /// The protocol librdkafka reports (`reported`, the text returned by
    /// `rd_kafka_rebalance_protocol()`, `nil` for a `NULL` return), or
    /// `lastKnown` when it reports none.
    static func resolve(reported: String?, lastKnown: RebalanceProtocol) -> RebalanceProtocol {
        switch reported {
        case "COOPERATIVE": .cooperative
        case "EAGER": .eager
        default: lastKnown
        }
    }
}
