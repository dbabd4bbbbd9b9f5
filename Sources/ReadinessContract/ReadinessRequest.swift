/// A request that passed every validation rule (contract §2, §3.1), with defaults applied.
public struct ReadinessRequest: Sendable, Equatable {
    /// The trimmed `tenant_id`.
    public var tenantID: String
    /// The trimmed `correlation_id`.
    public var correlationID: String
    /// The trimmed `payload.catalog_scope`, or `tenant-default`.
    public var catalogScope: String
    /// The trimmed `payload.policy_pack_refs`, de-duplicated, first occurrence kept; may be empty.
    public var policyPackRefs: [String]
    /// The required checks, de-duplicated, in request order (all six by default).
    public var requiredChecks: CheckList

    /// Creates a validated request.
    public init(tenantID: String, correlationID: String, catalogScope: String = "tenant-default",
                policyPackRefs: [String] = [], requiredChecks: CheckList = .all) {
        self.tenantID = tenantID
        self.correlationID = correlationID
        self.catalogScope = catalogScope
        self.policyPackRefs = policyPackRefs
        self.requiredChecks = requiredChecks
    }
}
