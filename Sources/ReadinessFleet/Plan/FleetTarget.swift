/// One request of a fleet run: a tenant asked about one catalog scope.
public struct FleetTarget: Sendable, Hashable {
    /// The tenant id as sent (`tenant_id`, also the Kafka key).
    public var tenantID: String
    /// The catalog scope as sent (`payload.catalog_scope`).
    public var scope: String
    /// Whether the tenant is registered in the snapshot the plan was built from
    /// (`false` for ids from a list that the snapshot does not know).
    public var isKnownTenant: Bool

    /// Creates a target.
    public init(tenantID: String, scope: String, isKnownTenant: Bool = true) {
        self.tenantID = tenantID
        self.scope = scope
        self.isKnownTenant = isKnownTenant
    }
}
