import ReadinessContract

/// Evaluates validated requests against a snapshot (contract §4, §5, §8 "Evaluation").
///
/// Pure and synchronous: no I/O (artifact verdicts were computed at load).
/// Fills a caller-owned ``ReadinessResponse`` so that a worker reusing one
/// response per thread evaluates without per-finding allocations.
public struct ReadinessEvaluator: Sendable {
    /// The snapshot evaluated against.
    public let snapshot: RegistrySnapshot

    /// Creates an evaluator for `snapshot`.
    public init(snapshot: RegistrySnapshot) {
        self.snapshot = snapshot
    }

    /// Evaluates `request` at time `now` into `response`.
    public func evaluate(_ request: ReadinessRequest, at now: Timestamp, into response: ReadinessResponse) {
        response.reset()
        let index = snapshot.index
        let tenant = index.tenantID(request.tenantID)
        let catalogID = index.catalogID(request.catalogScope)
        let catalog = catalogID >= 0 ? index.catalogs[Int(catalogID)] : nil
        response.tenantID = request.tenantID
        response.correlationID = request.correlationID
        response.checkedAt = now
        response.registryRevision = snapshot.revision
        if let catalog {
            response.latestCatalogVersion = index.catalogVersions[Int(catalogID)]
            response.policyPackCount = Int(catalog.packCount)
        }
        // The facts about P live on the stack for the usual few packs (heap only for long lists).
        let count = EvaluationContext.packCount(request, catalog: catalog)
        withUnsafeTemporaryAllocation(of: EvaluationContext.PackFact.self, capacity: count) { facts in
            let context = EvaluationContext(snapshot: snapshot, request: request, now: now, tenant: tenant,
                                            catalog: catalogID, facts: facts)
            evaluate(context, request, into: response)
        }
    }

    /// The checks, given `request` as a parameter rather than a copy in the context (a copy
    /// retains and releases its four strings and array on every request).
    private func evaluate(_ context: EvaluationContext, _ request: ReadinessRequest, into response: ReadinessResponse) {
        let freshness = context.catalogFreshness(&response.validity)
        response.catalogStatus = freshness?.status ?? .ready

        var overall = ReadinessStatus.ready
        var sawUnknown = false
        for check in request.requiredChecks {
            let first = response.findings.count
            let status: ReadinessStatus
            switch check {
            case .serviceAvailability: status = context.serviceAvailability(response.findings)
            case .catalogFreshness:
                if let freshness { context.write(freshness, request, response.findings) }
                status = freshness?.status ?? .ready
            case .policyPackVersions: status = context.policyPackVersions(request, response.findings)
            case .artifactIntegrity: status = context.artifactIntegrity(request, response.findings)
            case .entitlementScope: status = context.entitlementScope(request, response.findings, &response.validity)
            case .approvalState: status = context.approvalState(request, response.findings)
            }
            response.checks.append(.init(check: check, status: status, findings: first..<response.findings.count))
            if status == .unknown { sawUnknown = true } else if status > overall { overall = status }
        }
        // blocked > degraded > unknown > ready
        response.readinessStatus = overall >= .degraded ? overall : (sawUnknown ? .unknown : .ready)
    }
}
