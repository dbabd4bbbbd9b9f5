import ReadinessContract

/// The single outcome of the `catalog_freshness` chain (contract §5, §8).
enum CatalogFreshness {
    case tenantNotRegistered
    case scopeNotFound
    case notSubscribed
    case noPublicationTime
    case expired
    case stale

    var status: ReadinessStatus {
        switch self {
        case .noPublicationTime: .unknown
        case .stale: .degraded
        default: .blocked
        }
    }
}

extension EvaluationContext {
    /// The `catalog_freshness` finding, or `nil` when the catalog is fresh.
    func catalogFreshness(_ validity: inout ValidityWindow) -> CatalogFreshness? {
        guard let tenant else { return .tenantNotRegistered }
        guard let catalog else { return .scopeNotFound }
        guard index.tenant(tenant, subscribesTo: catalogID) else { return .notSubscribed }
        guard catalog.hasPublishedAt else { return .noPublicationTime }
        let publishedAt = catalog.publishedAt
        let age = max(0, now.attoseconds - publishedAt)  // a future time counts as 0
        // Stale once age > fresh_for, i.e. from published_at + fresh_for + 1 attosecond; likewise expired.
        validity.record(flip: publishedAt + snapshot.freshFor + 1, now: now.attoseconds)
        validity.record(flip: publishedAt + snapshot.expireAfter + 1, now: now.attoseconds)
        if age > snapshot.expireAfter { return .expired }
        if age > snapshot.freshFor { return .stale }
        return nil
    }

    /// Appends the text of `finding`.
    func write(_ finding: CatalogFreshness, _ request: ReadinessRequest, _ findings: FindingList) {
        let scope = request.catalogScope
        switch finding {
        case .tenantNotRegistered:
            writeNotRegistered(request, findings)
            return
        case .scopeNotFound:
            findings.begin(); findings.append("catalog scope "); findings.append(text: scope); findings.append(" not found")
        case .notSubscribed:
            findings.begin(); findings.append("tenant "); findings.append(text: request.tenantID)
            findings.append(" is not subscribed to catalog scope "); findings.append(text: scope)
        case .noPublicationTime:
            findings.begin(); findings.append("catalog "); findings.append(text: scope); findings.append(" has no publication time")
        case .expired:
            findings.begin(); findings.append("catalog "); findings.append(text: scope); findings.append(" version ")
            write(catalog!.version, findings); findings.append(" is expired")
        case .stale:
            findings.begin(); findings.append("catalog "); findings.append(text: scope); findings.append(" version ")
            write(catalog!.version, findings); findings.append(" is stale")
        }
        findings.finish()
    }
}
