import ReadinessContract

/// The per-request view of the snapshot: T, S, P and the lookups every check shares.
struct EvaluationContext {
    let snapshot: RegistrySnapshot
    let request: ReadinessRequest
    let now: Timestamp
    /// T's registration, if any.
    let tenant: RegistrySnapshot.Tenant?
    /// Catalog S, if it exists.
    let catalog: RegistrySnapshot.Catalog?
    /// P: the request's refs, or the de-duplicated packs of catalog S.
    let packs: [String]

    init(snapshot: RegistrySnapshot, request: ReadinessRequest, now: Timestamp) {
        self.snapshot = snapshot
        self.request = request
        self.now = now
        self.tenant = snapshot.tenants[request.tenantID]
        self.catalog = snapshot.catalogs[request.catalogScope]
        self.packs = request.policyPackRefs.isEmpty ? (catalog?.uniquePacks ?? []) : request.policyPackRefs
    }

    /// One pack's resolution: the pack, T's pin, and the resolved version's entry.
    struct Resolution {
        var pack: RegistrySnapshot.Pack?
        var pinned: String?
        var resolved: String?
        var version: RegistrySnapshot.PackVersion?
    }

    /// The resolved version of `ref`: T's pin for it, else the pack's `latest`.
    func resolve(_ ref: String) -> Resolution {
        let pack = snapshot.packs[ref]
        let pinned = tenant?.pins[ref]
        let resolved = pinned ?? pack?.latest
        return Resolution(pack: pack, pinned: pinned, resolved: resolved,
                          version: resolved.flatMap { pack?.versions[$0] })
    }

    /// Adds the finding "tenant T is not registered".
    func writeNotRegistered(_ findings: inout FindingList) {
        findings.begin(); findings.append("tenant "); findings.append(request.tenantID)
        findings.append(" is not registered"); findings.finish()
    }
}
