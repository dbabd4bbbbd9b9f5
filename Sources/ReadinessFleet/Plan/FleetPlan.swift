import ReadinessContract

/// Every request of one fleet run, in sending order, under one batch id.
///
/// Request `i` has correlation id `batch.correlationID(i)`; answers are
/// matched back to `targets[i]` through ``FleetBatchID/index(of:count:)``.
public struct FleetPlan: Sendable {
    /// The batch id of this run.
    public let batch: FleetBatchID
    /// The requests, in sending order.
    public let targets: [FleetTarget]
    /// The checks each request names, or `nil` for the default (all six).
    public let checks: CheckList?

    /// The scope asked about when neither `--scope` nor the snapshot gives one
    /// (an unknown tenant): the request default of contract §3.1 rule 10.
    public static let defaultScope = "tenant-default"

    /// Creates a plan from explicit targets.
    public init(batch: FleetBatchID, targets: [FleetTarget], checks: CheckList?) {
        self.batch = batch
        self.targets = targets
        self.checks = checks
    }

    /// Builds the plan: one request per selected tenant and scope.
    ///
    /// - Parameters:
    ///   - selection: all tenants of the snapshot, or listed ids.
    ///   - snapshotTenants: the snapshot's tenant ids, in order (used for `.all`).
    ///   - scopesOf: the catalog scopes a tenant subscribes to, or `nil` when the
    ///     snapshot does not know the tenant.
    ///   - scope: `--scope`: ask every tenant about this scope only.
    ///   - checks: `--checks`, or `nil` for all six.
    public init(
        batch: FleetBatchID, selection: FleetTenantSelection, snapshotTenants: [String],
        scopesOf: (String) -> [String]?, scope: String?, checks: CheckList?
    ) {
        let tenants: [String]
        switch selection {
        case .all: tenants = snapshotTenants
        case .listed(let ids): tenants = ids
        }
        var targets: [FleetTarget] = []
        targets.reserveCapacity(tenants.count)
        for tenant in tenants {
            let subscribed = scopesOf(tenant)
            if let scope {
                targets.append(FleetTarget(tenantID: tenant, scope: scope, isKnownTenant: subscribed != nil))
            } else if let subscribed, !subscribed.isEmpty {
                for scope in subscribed {
                    targets.append(FleetTarget(tenantID: tenant, scope: scope))
                }
            } else {
                // Unknown, or registered without any scope: ask about the default
                // scope so the answer says why the tenant is not ready.
                targets.append(FleetTarget(tenantID: tenant, scope: Self.defaultScope, isKnownTenant: subscribed != nil))
            }
        }
        self.init(batch: batch, targets: targets, checks: checks)
    }

    /// Number of requests.
    public var count: Int { targets.count }
}
