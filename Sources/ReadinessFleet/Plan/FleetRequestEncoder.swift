import ReadinessContract

/// Encodes the contract §2 request for one target of a ``FleetPlan``.
///
/// Not thread-safe (reuses one buffer): one encoder per sending task.
public final class FleetRequestEncoder {
    /// `requested_by` of every fleet request.
    public static let requestedBy = "readinessd-fleet"

    private let plan: FleetPlan
    private let writer = JSONWriter(capacity: 512)

    /// Creates an encoder for the requests of `plan`.
    public init(plan: FleetPlan) {
        self.plan = plan
    }

    /// The request value of target `index` (a fresh array).
    public func request(_ index: Int) -> [UInt8] {
        let target = plan.targets[index]
        writer.reset()
        writer.raw(#"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"#)
        writer.string(target.tenantID)
        writer.raw(#","requested_by":"#)
        writer.string(Self.requestedBy)
        writer.raw(#","correlation_id":"#)
        writer.string(plan.batch.correlationID(index))
        writer.raw(#","payload":{"catalog_scope":"#)
        writer.string(target.scope)
        if let checks = plan.checks {
            writer.raw(#","required_checks":["#)
            for (position, check) in checks.enumerated() {
                if position > 0 { writer.raw(",") }
                writer.raw("\"")
                writer.raw(check.name)
                writer.raw("\"")
            }
            writer.raw("]")
        }
        writer.raw("}}")
        return writer.bytes
    }

    /// The Kafka key of target `index`: its tenant id.
    public func key(_ index: Int) -> [UInt8] {
        Array(plan.targets[index].tenantID.utf8)
    }
}
