import ReadinessContract

/// Compiles the tables of a ``RegistrySnapshot`` into an ``EvaluationIndex`` (once, at load).
struct EvaluationIndexBuilder {
    private typealias Index = EvaluationIndex

    private var refIDs = ExactKeyTable<Int32>.Builder()
    private var refText: ContiguousArray<Index.TextSpan> = []
    private var text: ContiguousArray<UInt8> = []

    /// Builds the index of `catalogs`, `packs` and `tenants`.
    static func build(catalogs: ExactKeyTable<RegistrySnapshot.Catalog>, packs: ExactKeyTable<RegistrySnapshot.Pack>,
                      tenants: ExactKeyTable<RegistrySnapshot.Tenant>) -> EvaluationIndex {
        var builder = EvaluationIndexBuilder()
        return builder.build(catalogs: catalogs, packs: packs, tenants: tenants)
    }

    private mutating func build(catalogs catalogTable: ExactKeyTable<RegistrySnapshot.Catalog>,
                                packs packTable: ExactKeyTable<RegistrySnapshot.Pack>,
                                tenants tenantTable: ExactKeyTable<RegistrySnapshot.Tenant>) -> EvaluationIndex {
        // Pack refs first, so that ref id == position in `packTable`.
        for ref in packTable.keys { _ = intern(ref) }
        var versions: ContiguousArray<Index.Version> = []
        var packs: ContiguousArray<Index.Pack> = []
        for pack in packTable.values {
            let start = versions.count
            var latest: Int32 = -1
            for (name, version) in zip(pack.versions.keys, pack.versions.values) {
                if exactlyEqual(name, pack.latest) { latest = Int32(versions.count) }
                versions.append(.init(name: store(name), yanked: version.yanked, artifactState: version.artifactState))
            }
            packs.append(.init(exists: true, latest: latest, latestName: store(pack.latest), versionsStart: Int32(start), versionsCount: Int32(versions.count - start)))
        }

        var scopeIDs = ExactKeyTable<Int32>.Builder()
        var catalogs: ContiguousArray<Index.Catalog> = []
        var catalogRefs: ContiguousArray<Int32> = []
        for (scope, catalog) in zip(catalogTable.keys, catalogTable.values) {
            scopeIDs.insert(scope, Int32(catalogs.count))
            let list = catalog.uniquePacks.map { intern($0) }
            let listStart = catalogRefs.count
            catalogRefs.append(contentsOf: list)
            let sortedStart = catalogRefs.count
            catalogRefs.append(contentsOf: list.sorted())
            catalogs.append(.init(version: store(catalog.version), publishedAt: catalog.publishedAt?.attoseconds ?? 0,
                                  hasPublishedAt: catalog.publishedAt != nil, packCount: Int32(catalog.packs.count),
                                  listStart: Int32(listStart), listCount: Int32(list.count), sortedStart: Int32(sortedStart)))
        }
        let scopeTable = scopeIDs.build()

        var tenantIDs = ExactKeyTable<Int32>.Builder()
        var tenants: ContiguousArray<Index.Tenant> = []
        var tenantScopes: ContiguousArray<Int32> = []
        var tenantRefs: ContiguousArray<Index.TenantRef> = []
        for (id, tenant) in zip(tenantTable.keys, tenantTable.values) {
            tenantIDs.insert(id, Int32(tenants.count))
            let scopesStart = tenantScopes.count
            tenantScopes.append(contentsOf: tenant.catalogScopes.keys.compactMap { scopeTable[$0] }.sorted())
            let refsStart = tenantRefs.count
            tenantRefs.append(contentsOf: self.tenantRefs(tenant, packTable: packTable, packs: packs, versions: versions))
            let entitlement = tenant.entitlement
            tenants.append(.init(
                scopesStart: Int32(scopesStart), scopesCount: Int32(tenantScopes.count - scopesStart),
                entitlement: entitlement.map { Self.kind(of: $0.status) } ?? .none,
                status: store(entitlement?.status ?? ""),
                expiresAt: entitlement?.expiresAt?.attoseconds ?? 0, hasExpiry: entitlement?.expiresAt != nil,
                coversAllPacks: entitlement?.coversAllPacks ?? false,
                refsStart: Int32(refsStart), refsCount: Int32(tenantRefs.count - refsStart)))
        }

        // Refs named only by catalogs or tenants: not packs.
        while packs.count < refText.count {
            packs.append(.init(exists: false, latest: -1, latestName: .init(start: 0, count: 0), versionsStart: 0, versionsCount: 0))
        }
        return EvaluationIndex(refIDs: refIDs.build(), tenantIDs: tenantIDs.build(), scopeIDs: scopeTable,
                               refText: refText, packs: packs, versions: versions, catalogs: catalogs,
                               catalogVersions: ContiguousArray(catalogTable.values.map(\.version)), catalogRefs: catalogRefs, tenants: tenants, tenantScopes: tenantScopes,
                               tenantRefs: tenantRefs, text: text)
    }

    /// One tenant's pins, approvals and entitled packs merged per ref, sorted by ref id.
    private mutating func tenantRefs(_ tenant: RegistrySnapshot.Tenant, packTable: ExactKeyTable<RegistrySnapshot.Pack>,
                                     packs: ContiguousArray<Index.Pack>, versions: ContiguousArray<Index.Version>) -> [Index.TenantRef] {
        var byRef: [Int32: Index.TenantRef] = [:]
        func entry(_ ref: Int32) -> Index.TenantRef {
            byRef[ref] ?? Index.TenantRef(ref: ref, pinned: Index.noPin, pin: .init(start: 0, count: 0), approval: .none, entitled: false)
        }
        for (ref, pin) in zip(tenant.pins.keys, tenant.pins.values) {
            let id = intern(ref)
            var record = entry(id)
            record.pin = store(pin)
            record.pinned = Index.unknownPin
            if Int(id) < packTable.count {  // a pack: find the pinned version among its versions
                let pack = packs[Int(id)]
                for position in Int(pack.versionsStart)..<Int(pack.versionsStart + pack.versionsCount)
                where exactlyEqual(string(versions[position].name), pin) {
                    record.pinned = Int32(position)
                }
            }
            byRef[id] = record
        }
        for (ref, approval) in zip(tenant.approvals.keys, tenant.approvals.values) {
            let id = intern(ref)
            var record = entry(id)
            switch approval {
            case .approved: record.approval = .approved
            case .pending: record.approval = .pending
            case .rejected: record.approval = .rejected
            }
            byRef[id] = record
        }
        for ref in tenant.entitlement?.packs.keys ?? [] {
            let id = intern(ref)
            var record = entry(id)
            record.entitled = true
            byRef[id] = record
        }
        return byRef.values.sorted { $0.ref < $1.ref }
    }

    private static func kind(of status: String) -> Index.EntitlementKind {
        switch EntitlementStatus(status) {
        case .active: .active
        case .ending: .ending
        case .unknown: .unknown
        }
    }

    /// The id of `ref`, interning it on first sight.
    private mutating func intern(_ ref: String) -> Int32 {
        let id = Int32(refText.count)
        if refIDs.insert(ref, id) {
            refText.append(store(ref))
            return id
        }
        return refIDs.value(ref)!
    }

    /// Copies `value` into the arena.
    private mutating func store(_ value: String) -> Index.TextSpan {
        let start = text.count
        text.append(contentsOf: value.utf8)
        return .init(start: Int32(start), count: Int32(text.count - start))
    }

    private func string(_ span: Index.TextSpan) -> String {
        String(decoding: text[Int(span.start)..<Int(span.start + span.count)], as: UTF8.self)
    }
}
