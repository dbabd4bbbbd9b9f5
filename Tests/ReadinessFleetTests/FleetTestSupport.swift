import ReadinessContract
@testable import ReadinessFleet

/// Builders shared by the fleet tests.
enum FleetFixtures {
    static let batch = FleetBatchID("fleet-20260602T120000Z-abc123")

    static func response(_ status: ReadinessStatus, catalog: ReadinessStatus = .ready, blockers: [String] = [],
                         revision: String = "rev-1") -> FleetAnswer {
        .response(FleetAnswer.Response(readinessStatus: status, catalogStatus: catalog,
                                       latestCatalogVersion: "catalog-1", blockers: blockers, registryRevision: revision))
    }

    static let rejection = FleetAnswer.rejection(FleetAnswer.Rejection(
        reason: "invalid_field", field: "tenant_id", message: "tenant_id must be 1 to 256 characters"))

    static func plan(_ tenants: [String], scope: String = "tenant-default") -> FleetPlan {
        FleetPlan(batch: batch, targets: tenants.map { FleetTarget(tenantID: $0, scope: scope) }, checks: nil)
    }

    /// A collector for `plan` with every request sent and `answers` recorded.
    static func collector(_ plan: FleetPlan, answers: [Int: FleetAnswer], timedOut: Bool = false) -> FleetCollector {
        var collector = FleetCollector(count: plan.count, window: plan.count + 1)
        _ = collector.start()
        for (index, answer) in answers.sorted(by: { $0.key < $1.key }) {
            _ = collector.record(index: index, answer: answer)
        }
        if timedOut { _ = collector.deadlinePassed() }
        return collector
    }

    static func report(_ tenants: [String], answers: [Int: FleetAnswer], timedOut: Bool = false) -> FleetReport {
        let plan = plan(tenants)
        return FleetReport(plan: plan, collector: collector(plan, answers: answers, timedOut: timedOut),
                           startedAt: 1_780_401_600, finishedAt: 1_780_401_602, durationSeconds: 1.25)
    }
}
