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

    /// Everything the per-pack rows need about one p of P, looked up once.
    let facts: [PackFacts]

    init(snapshot: RegistrySnapshot, request: ReadinessRequest, now: Timestamp) {
        self.snapshot = snapshot
        self.request = request
        self.now = now
        let tenant = snapshot.tenants[request.tenantID]
        let catalog = snapshot.catalogs[request.catalogScope]
        self.tenant = tenant
        self.catalog = catalog
        let packs = request.policyPackRefs.isEmpty ? (catalog?.uniquePacks ?? []) : request.policyPackRefs
        self.packs = packs
        self.facts = packs.map { ref in PackFacts(ref: ref, snapshot: snapshot, tenant: tenant) }
    }

    /// One p of P resolved against the snapshot: the pack, T's pin, the resolved version's entry.
    struct PackFacts {
        let ref: String
        let pack: RegistrySnapshot.Pack?
        /// T's pin for p (an unregistered tenant has none).
        let pinned: String?
        /// T's pin, else the pack's `latest`.
        let resolved: String?
        /// The resolved version's entry, when it exists in `versions`.
        let version: RegistrySnapshot.PackVersion?

        init(ref: String, snapshot: RegistrySnapshot, tenant: RegistrySnapshot.Tenant?) {
            self.ref = ref
            let pack = snapshot.packs[ref]
            let pinned = tenant?.pins[ref]
            let resolved = pinned ?? pack?.latest
            self.pack = pack
            self.pinned = pinned
            self.resolved = resolved
            self.version = resolved.flatMap { pack?.versions[$0] }
        }
    }

    /// Adds the finding "tenant T is not registered".
    func writeNotRegistered(_ findings: FindingList) {
        findings.begin(); findings.append("tenant "); findings.append(request.tenantID)
        findings.append(" is not registered"); findings.finish()
    }
}
