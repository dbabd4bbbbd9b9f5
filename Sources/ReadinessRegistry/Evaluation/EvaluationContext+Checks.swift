import ReadinessContract

/// The six checks of SPEC §5. Each appends its findings and returns its status.
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

    func policyPackVersions(_ findings: FindingList) -> ReadinessStatus {
        guard !packs.isEmpty else {
            findings.begin(); findings.append("no policy packs to evaluate"); findings.finish()
            return .unknown
        }
        var status = ReadinessStatus.ready
        for resolution in facts {
            let ref = resolution.ref
            findings.begin(); findings.append("policy pack "); findings.append(ref)
            guard let pack = resolution.pack else {
                findings.append(" not found"); findings.finish()
                status = .blocked
                continue
            }
            if let catalog, !catalog.packSet.contains(ref) {
                findings.append(" is not in catalog scope "); findings.append(request.catalogScope); findings.finish()
                status = .blocked
            } else if let pinned = resolution.pinned, !pack.versions.contains(pinned) {
                findings.append(" pinned version "); findings.append(pinned); findings.append(" not found"); findings.finish()
                status = .blocked
            } else if let version = resolution.version, version.yanked {
                findings.append(" version "); findings.append(resolution.resolved!); findings.append(" is yanked"); findings.finish()
                status = .blocked
            } else if let pinned = resolution.pinned, !exactlyEqual(pinned, pack.latest) {
                findings.append(" pinned to "); findings.append(pinned); findings.append(", latest is ")
                findings.append(pack.latest); findings.finish()
                status = max(status, .degraded)
            } else {
                findings.cancel()
            }
        }
        return status
    }

    func artifactIntegrity(_ findings: FindingList) -> ReadinessStatus {
        var status = ReadinessStatus.ready
        var considered = 0
        for resolution in facts {
            let ref = resolution.ref
            guard let version = resolution.version, let resolved = resolution.resolved else { continue }
            considered += 1
            let findingStatus: ReadinessStatus
            findings.begin()
            switch version.artifactState {
            case .verified:
                findings.cancel()
                continue
            case .noArtifact:
                findings.append("policy pack "); findings.append(ref); findings.append(" version ")
                findings.append(resolved); findings.append(" has no artifact")
                findingStatus = .unknown
            case .noDigest:
                findings.append("policy pack "); findings.append(ref); findings.append(" version ")
                findings.append(resolved); findings.append(" has no recorded digest")
                findingStatus = .degraded
            case .missing:
                findings.append("artifact for policy pack "); findings.append(ref); findings.append(" version ")
                findings.append(resolved); findings.append(" is missing")
                findingStatus = .blocked
            case .digestMismatch:
                findings.append("artifact digest mismatch for policy pack "); findings.append(ref)
                findings.append(" version "); findings.append(resolved)
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

    func entitlementScope(_ findings: FindingList, _ validity: inout ValidityWindow) -> ReadinessStatus {
        guard let tenant else {
            writeNotRegistered(findings)
            return .blocked
        }
        let id = request.tenantID
        guard let entitlement = tenant.entitlement else {
            findings.begin(); findings.append("tenant "); findings.append(id); findings.append(" has no entitlement"); findings.finish()
            return .blocked
        }
        switch EntitlementStatus(entitlement.status) {
        case .active:
            break
        case .ending:
            findings.begin(); findings.append("entitlement for tenant "); findings.append(id)
            findings.append(" is "); findings.append(entitlement.status); findings.finish()
            return .blocked
        case .unknown:
            findings.begin(); findings.append("entitlement status for tenant "); findings.append(id)
            findings.append(" is unknown"); findings.finish()
            return .unknown
        }
        var status = ReadinessStatus.ready
        if let expiresAt = entitlement.expiresAt {
            let remaining = expiresAt.attoseconds - now.attoseconds
            validity.record(flip: expiresAt.attoseconds, now: now.attoseconds)
            validity.record(flip: expiresAt.attoseconds - snapshot.entitlementWarning, now: now.attoseconds)
            if remaining <= 0 {
                findings.begin(); findings.append("entitlement for tenant "); findings.append(id); findings.append(" expired"); findings.finish()
                status = .blocked
            } else if remaining <= snapshot.entitlementWarning {
                findings.begin(); findings.append("entitlement for tenant "); findings.append(id)
                findings.append(" expires soon"); findings.finish()
                status = .degraded
            }
        }
        guard !entitlement.coversAllPacks else { return status }
        for ref in packs where !entitlement.packs.contains(ref) {
            findings.begin(); findings.append("policy pack "); findings.append(ref)
            findings.append(" is not entitled for tenant "); findings.append(id); findings.finish()
            status = .blocked
        }
        return status
    }

    func approvalState(_ findings: FindingList) -> ReadinessStatus {
        guard let tenant else {
            writeNotRegistered(findings)
            return .blocked
        }
        var status = ReadinessStatus.ready
        for ref in packs {
            switch tenant.approvals[ref] {
            case .approved?:
                continue
            case .pending?:
                findings.begin(); findings.append("approval workflow pending for policy pack "); findings.append(ref); findings.finish()
                status = max(status, .degraded)
            case .rejected?:
                findings.begin(); findings.append("approval rejected for policy pack "); findings.append(ref); findings.finish()
                status = .blocked
            case nil:
                findings.begin(); findings.append("no approval record for policy pack "); findings.append(ref); findings.finish()
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
