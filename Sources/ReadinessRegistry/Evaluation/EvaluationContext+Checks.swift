import ReadinessContract

/// The six checks of contract §5. Each appends its findings and returns its status.
extension EvaluationContext {
    func serviceAvailability(_ findings: FindingList) -> ReadinessStatus {
        switch snapshot.serviceStatus {
        case .available:
            return .ready
        case .degraded:
            findings.begin(); findings.append("policy registry service degraded"); findings.finish()
            return .degraded
        case .unavailable:
            findings.begin(); findings.append("policy registry service unavailable"); findings.finish()
            return .blocked
        case .unknown:
            findings.begin(); findings.append("policy registry service status unknown"); findings.finish()
            return .unknown
        }
    }

    func policyPackVersions(_ request: ReadinessRequest, _ findings: FindingList) -> ReadinessStatus {
        guard facts.count > 0 else {
            findings.begin(); findings.append("no policy packs to evaluate"); findings.finish()
            return .unknown
        }
        var status = ReadinessStatus.ready
        for fact in facts {
            findings.begin(); findings.append("policy pack "); writeRef(fact, request, findings)
            guard fact.ref >= 0, index.packs[Int(fact.ref)].exists else {
                findings.append(" not found"); findings.finish()
                status = .blocked
                continue
            }
            let pack = index.packs[Int(fact.ref)]
            if let catalog, !index.catalog(catalog, lists: fact.ref) {
                findings.append(" is not in catalog scope "); findings.append(text: request.catalogScope); findings.finish()
                status = .blocked
            } else if fact.pinned == EvaluationIndex.unknownPin {
                findings.append(" pinned version "); writeResolved(fact, findings); findings.append(" not found"); findings.finish()
                status = .blocked
            } else if fact.resolved >= 0, index.versions[Int(fact.resolved)].yanked {
                findings.append(" version "); writeResolved(fact, findings); findings.append(" is yanked"); findings.finish()
                status = .blocked
            } else if fact.pinned >= 0, fact.pinned != pack.latest {
                findings.append(" pinned to "); writeResolved(fact, findings); findings.append(", latest is ")
                write(pack.latestName, findings); findings.finish()
                status = max(status, .degraded)
            } else {
                findings.cancel()
            }
        }
        return status
    }

    func artifactIntegrity(_ request: ReadinessRequest, _ findings: FindingList) -> ReadinessStatus {
        var status = ReadinessStatus.ready
        var considered = 0
        for fact in facts where fact.resolved >= 0 {
            considered += 1
            let findingStatus: ReadinessStatus
            findings.begin()
            switch index.versions[Int(fact.resolved)].artifactState {
            case .verified:
                continue
            case .noArtifact:
                findings.append("policy pack "); writeRef(fact, request, findings); findings.append(" version ")
                writeResolved(fact, findings); findings.append(" has no artifact")
                findingStatus = .unknown
            case .noDigest:
                findings.append("policy pack "); writeRef(fact, request, findings); findings.append(" version ")
                writeResolved(fact, findings); findings.append(" has no recorded digest")
                findingStatus = .degraded
            case .missing:
                findings.append("artifact for policy pack "); writeRef(fact, request, findings); findings.append(" version ")
                writeResolved(fact, findings); findings.append(" is missing")
                findingStatus = .blocked
            case .digestMismatch:
                findings.append("artifact digest mismatch for policy pack "); writeRef(fact, request, findings)
                findings.append(" version "); writeResolved(fact, findings)
                findingStatus = .blocked
            }
            findings.finish()
            status = max(status, findingStatus)
        }
        guard considered > 0 else {
            findings.begin(); findings.append("no policy pack artifacts to verify"); findings.finish()
            return .unknown
        }
        return status
    }

    func entitlementScope(_ request: ReadinessRequest, _ findings: FindingList, _ validity: inout ValidityWindow) -> ReadinessStatus {
        guard let tenant else {
            writeNotRegistered(request, findings)
            return .blocked
        }
        let id = request.tenantID
        switch tenant.entitlement {
        case .none:
            findings.begin(); findings.append("tenant "); findings.append(text: id); findings.append(" has no entitlement"); findings.finish()
            return .blocked
        case .active:
            break
        case .ending:
            findings.begin(); findings.append("entitlement for tenant "); findings.append(text: id)
            findings.append(" is "); write(tenant.status, findings); findings.finish()
            return .blocked
        case .unknown:
            findings.begin(); findings.append("entitlement status for tenant "); findings.append(text: id)
            findings.append(" is unknown"); findings.finish()
            return .unknown
        }
        var status = ReadinessStatus.ready
        if tenant.hasExpiry {
            let expiresAt = tenant.expiresAt
            let remaining = expiresAt - now.attoseconds
            validity.record(flip: expiresAt, now: now.attoseconds)
            validity.record(flip: expiresAt - snapshot.entitlementWarning, now: now.attoseconds)
            if remaining <= 0 {
                findings.begin(); findings.append("entitlement for tenant "); findings.append(text: id); findings.append(" expired"); findings.finish()
                status = .blocked
            } else if remaining <= snapshot.entitlementWarning {
                findings.begin(); findings.append("entitlement for tenant "); findings.append(text: id)
                findings.append(" expires soon"); findings.finish()
                status = .degraded
            }
        }
        guard !tenant.coversAllPacks else { return status }
        for fact in facts where fact.tenantRef < 0 || !index.tenantRefs[Int(fact.tenantRef)].entitled {
            findings.begin(); findings.append("policy pack "); writeRef(fact, request, findings)
            findings.append(" is not entitled for tenant "); findings.append(text: id); findings.finish()
            status = .blocked
        }
        return status
    }

    func approvalState(_ request: ReadinessRequest, _ findings: FindingList) -> ReadinessStatus {
        guard tenant != nil else {
            writeNotRegistered(request, findings)
            return .blocked
        }
        var status = ReadinessStatus.ready
        for fact in facts {
            switch fact.tenantRef >= 0 ? index.tenantRefs[Int(fact.tenantRef)].approval : .none {
            case .approved:
                continue
            case .pending:
                findings.begin(); findings.append("approval workflow pending for policy pack "); writeRef(fact, request, findings); findings.finish()
                status = max(status, .degraded)
            case .rejected:
                findings.begin(); findings.append("approval rejected for policy pack "); writeRef(fact, request, findings); findings.finish()
                status = .blocked
            case .none:
                findings.begin(); findings.append("no approval record for policy pack "); writeRef(fact, request, findings); findings.finish()
                status = max(status, .unknown)
            }
        }
        return status
    }
}

/// How `entitlement_scope` reads an entitlement status word (exact, case-sensitive).
enum EntitlementStatus {
    /// `active` or `trial`: the check goes on.
    case active
    /// `suspended`, `expired` or `missing`: blocked.
    case ending
    /// Any other word: unknown.
    case unknown

    init(_ word: String) {
        if exactlyEqual(word, "active") || exactlyEqual(word, "trial") {
            self = .active
        } else if exactlyEqual(word, "suspended") || exactlyEqual(word, "expired") || exactlyEqual(word, "missing") {
            self = .ending
        } else {
            self = .unknown
        }
    }
}
