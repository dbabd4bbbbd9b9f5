import ReadinessContract

/// The per-request view of the snapshot: T, S, P and the lookups every check shares.
///
/// Built on the stack for each request from the ``EvaluationIndex``: the tenant
/// and catalog are copied out as plain structs, and the facts about each p of P
/// live in a caller-provided temporary buffer, so evaluation neither allocates
/// nor retains.
struct EvaluationContext {
    let snapshot: RegistrySnapshot
    let index: EvaluationIndex
    let now: Timestamp
    /// T's registration, if any.
    let tenant: EvaluationIndex.Tenant?
    /// Catalog S's id, or -1.
    let catalogID: Int32
    /// Catalog S, if it exists.
    let catalog: EvaluationIndex.Catalog?
    /// Everything the per-pack rows need about each p of P, in P's order.
    let facts: UnsafeMutableBufferPointer<PackFact>

    /// One p of P resolved against the snapshot.
    struct PackFact {
        /// p's ref id, -1 when the snapshot never names p.
        var ref: Int32
        /// p's position in the request's refs (for the text of refs unknown to the snapshot).
        var position: Int32
        /// p's entry among T's per-pack facts, or -1.
        var tenantRef: Int32
        /// T's pin: a version index, ``EvaluationIndex/noPin`` or ``EvaluationIndex/unknownPin``.
        var pinned: Int32
        /// The resolved version's index when it exists in `versions`, else -1.
        var resolved: Int32
    }

    /// The number of packs in P for `request` (the request's refs, or the de-duplicated packs of catalog S).
    static func packCount(_ request: ReadinessRequest, catalog: EvaluationIndex.Catalog?) -> Int {
        request.policyPackRefs.isEmpty ? Int(catalog?.listCount ?? 0) : request.policyPackRefs.count
    }

    /// Resolves T and S and fills `facts` (exactly ``packCount(_:catalog:)`` entries) with P.
    init(snapshot: RegistrySnapshot, request: borrowing ReadinessRequest, now: Timestamp, tenant: Int32, catalog: Int32,
         facts: UnsafeMutableBufferPointer<PackFact>) {
        let index = snapshot.index
        self.snapshot = snapshot
        self.index = index
        self.now = now
        let tenant = tenant >= 0 ? index.tenants[Int(tenant)] : nil
        let catalogRecord = catalog >= 0 ? index.catalogs[Int(catalog)] : nil
        self.tenant = tenant
        self.catalogID = catalog
        self.catalog = catalogRecord
        self.facts = facts
        let fromRequest = !request.policyPackRefs.isEmpty
        for position in 0..<facts.count {
            let ref = fromRequest ? index.refID(request.policyPackRefs[position])
                                  : index.catalogRefs[Int(catalogRecord!.listStart) + position]
            var fact = PackFact(ref: ref, position: Int32(position), tenantRef: -1, pinned: EvaluationIndex.noPin, resolved: -1)
            if let tenant {
                fact.tenantRef = index.tenantRef(tenant, ref)
                if fact.tenantRef >= 0 { fact.pinned = index.tenantRefs[Int(fact.tenantRef)].pinned }
            }
            if fact.pinned >= 0 {
                fact.resolved = fact.pinned
            } else if fact.pinned == EvaluationIndex.noPin, ref >= 0 {
                fact.resolved = index.packs[Int(ref)].latest  // -1 when p is not a pack
            }
            facts[position] = fact
        }
    }

    /// Appends p's text.
    @inline(__always)
    func writeRef(_ fact: PackFact, _ request: ReadinessRequest, _ findings: FindingList) {
        if fact.ref >= 0 {
            write(index.refText[Int(fact.ref)], findings)
        } else {
            findings.append(text: request.policyPackRefs[Int(fact.position)])
        }
    }

    /// Appends the text of a snapshot string.
    @inline(__always)
    func write(_ span: EvaluationIndex.TextSpan, _ findings: FindingList) {
        let plain = index.textIsPlain
        index.withText(span) { plain ? findings.append(plain: $0) : findings.append($0) }
    }

    /// Appends the resolved version's text: T's pin as written, else `latest`.
    @inline(__always)
    func writeResolved(_ fact: PackFact, _ findings: FindingList) {
        if fact.pinned != EvaluationIndex.noPin {
            write(index.tenantRefs[Int(fact.tenantRef)].pin, findings)
        } else {
            write(index.packs[Int(fact.ref)].latestName, findings)
        }
    }

    /// Adds the finding "tenant T is not registered".
    func writeNotRegistered(_ request: ReadinessRequest, _ findings: FindingList) {
        findings.begin(); findings.append("tenant "); findings.append(text: request.tenantID)
        findings.append(" is not registered"); findings.finish()
    }
}
