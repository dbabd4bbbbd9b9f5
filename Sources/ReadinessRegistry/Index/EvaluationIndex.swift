import ReadinessContract

/// The snapshot compiled for evaluation: dense `Int32` ids and flat arrays of
/// plain values, built once per loaded snapshot.
///
/// Why: evaluating against the object model of ``RegistrySnapshot`` cost one
/// byte-hash lookup per pack per table (packs, pins, versions, approvals,
/// entitlements, catalog members) and a retain/release pair for every class
/// reference copied out of those tables. Here every pack ref named anywhere
/// in the snapshot is interned once, so a request costs one hash for its
/// tenant, one for its scope and one per ref; everything after that is
/// integer indexing into `ContiguousArray`s of trivial structs (no ARC), with
/// a tenant's per-pack facts stored next to each other.
///
/// Texts needed by findings (pack refs, version names, catalog versions,
/// entitlement statuses, pins) live in one byte arena and are copied into
/// the finding list as bytes.
final class EvaluationIndex: Sendable {
    /// A byte range of ``text``.
    struct TextSpan: Sendable, Equatable {
        var start: Int32
        var count: Int32
    }

    /// A catalog scope's catalog.
    struct Catalog: Sendable {
        var version: TextSpan
        /// `published_at` in attoseconds, when `hasPublishedAt`.
        var publishedAt: Int128
        var hasPublishedAt: Bool
        /// The length of `packs` as written.
        var packCount: Int32
        /// The de-duplicated packs in written order: `catalogRefs[listStart ..< listStart + listCount]`.
        var listStart: Int32
        var listCount: Int32
        /// The same ids sorted ascending (membership by binary search): `catalogRefs[sortedStart ...]`.
        var sortedStart: Int32
    }

    /// What a pack ref is in `packs`.
    struct Pack: Sendable {
        /// `false` for refs named only by catalogs or tenants.
        var exists: Bool
        /// The global index (in ``versions``) of `latest`, -1 if it names no version.
        var latest: Int32
        /// `latest` as written.
        var latestName: TextSpan
        /// The pack's versions: `versions[versionsStart ..< versionsStart + versionsCount]`.
        var versionsStart: Int32
        var versionsCount: Int32
    }

    /// One version of one pack.
    struct Version: Sendable {
        var name: TextSpan
        var yanked: Bool
        var artifactState: RegistrySnapshot.ArtifactState
    }

    /// How `entitlement_scope` reads a tenant's entitlement (before the expiry and per-pack rows).
    enum EntitlementKind: UInt8, Sendable {
        /// No `entitlement`.
        case none
        /// `active` or `trial`.
        case active
        /// `suspended`, `expired` or `missing`.
        case ending
        /// Any other status word.
        case unknown
    }

    /// A registered tenant.
    struct Tenant: Sendable {
        /// Subscribed catalogs (ids of existing catalogs only, sorted): `tenantScopes[scopesStart ..< +scopesCount]`.
        var scopesStart: Int32
        var scopesCount: Int32
        var entitlement: EntitlementKind
        /// The status word as written.
        var status: TextSpan
        /// `expires_at` in attoseconds, when `hasExpiry`.
        var expiresAt: Int128
        var hasExpiry: Bool
        /// The entitlement lists `"*"`.
        var coversAllPacks: Bool
        /// Per-pack facts sorted by ref id: `tenantRefs[refsStart ..< refsStart + refsCount]`.
        var refsStart: Int32
        var refsCount: Int32
    }

    /// An approval record (0 = none).
    enum ApprovalKind: UInt8, Sendable {
        case none, approved, pending, rejected
    }

    /// What one tenant records about one pack ref.
    struct TenantRef: Sendable {
        var ref: Int32
        /// The pinned version's global index, ``noPin``, or ``unknownPin`` when the pin names no version of the pack.
        var pinned: Int32
        /// The pin as written (valid when pinned).
        var pin: TextSpan
        var approval: ApprovalKind
        /// Listed in `entitlement.packs`.
        var entitled: Bool
    }

    /// ``TenantRef/pinned`` when the tenant does not pin the pack.
    static let noPin: Int32 = -1
    /// ``TenantRef/pinned`` when the pin names no version of the pack (or the pack does not exist).
    static let unknownPin: Int32 = -2

    /// Every pack ref named in the snapshot → its id. Ids of `packs` keys come first.
    /// In all three tables the id is the key's insertion position, so lookups use
    /// ``ExactKeyTable/position(of:)`` and never touch the values.
    let refIDs: ExactKeyTable<Int32>
    /// Tenant id → index in ``tenants``.
    let tenantIDs: ExactKeyTable<Int32>
    /// Catalog scope → index in ``catalogs``.
    let scopeIDs: ExactKeyTable<Int32>

    /// The text of each ref id.
    let refText: ContiguousArray<TextSpan>
    /// By ref id.
    let packs: ContiguousArray<Pack>
    let versions: ContiguousArray<Version>
    let catalogs: ContiguousArray<Catalog>
    /// Each catalog's `version` as a `String` (the response reports it).
    let catalogVersions: ContiguousArray<String>
    let catalogRefs: ContiguousArray<Int32>
    let tenants: ContiguousArray<Tenant>
    let tenantScopes: ContiguousArray<Int32>
    let tenantRefs: ContiguousArray<TenantRef>
    /// The arena every ``TextSpan`` points into.
    let text: ContiguousArray<UInt8>
    /// `true` when no byte of ``text`` needs JSON escaping (checked once here, so findings
    /// built from snapshot texts skip the per-piece check; see ``FindingList/append(plain:)``).
    let textIsPlain: Bool

    init(refIDs: ExactKeyTable<Int32>, tenantIDs: ExactKeyTable<Int32>, scopeIDs: ExactKeyTable<Int32>,
         refText: ContiguousArray<TextSpan>, packs: ContiguousArray<Pack>, versions: ContiguousArray<Version>,
         catalogs: ContiguousArray<Catalog>, catalogVersions: ContiguousArray<String>, catalogRefs: ContiguousArray<Int32>, tenants: ContiguousArray<Tenant>,
         tenantScopes: ContiguousArray<Int32>, tenantRefs: ContiguousArray<TenantRef>, text: ContiguousArray<UInt8>) {
        self.refIDs = refIDs
        self.tenantIDs = tenantIDs
        self.scopeIDs = scopeIDs
        self.refText = refText
        self.packs = packs
        self.versions = versions
        self.catalogs = catalogs
        self.catalogVersions = catalogVersions
        self.catalogRefs = catalogRefs
        self.tenants = tenants
        self.tenantScopes = tenantScopes
        self.tenantRefs = tenantRefs
        self.text = text
        self.textIsPlain = text.withUnsafeBufferPointer { JSONWriter.isPlain($0) }
    }

    // MARK: Lookups

    /// The id of exactly `ref`, or -1 when the snapshot never names it.
    @inline(__always)
    func refID(_ ref: String) -> Int32 { refIDs.position(of: ref).map(Int32.init) ?? -1 }

    /// The index of tenant `id` in ``tenants``, or -1.
    @inline(__always)
    func tenantID(_ id: String) -> Int32 { tenantIDs.position(of: id).map(Int32.init) ?? -1 }

    /// The index of catalog `scope` in ``catalogs``, or -1.
    @inline(__always)
    func catalogID(_ scope: String) -> Int32 { scopeIDs.position(of: scope).map(Int32.init) ?? -1 }

    /// The position of `ref` among `tenant`'s per-pack facts, or -1.
    @inline(__always)
    func tenantRef(_ tenant: Tenant, _ ref: Int32) -> Int32 {
        guard ref >= 0 else { return -1 }
        return tenantRefs.withUnsafeBufferPointer { all in
            Self.search(all, from: Int(tenant.refsStart), count: Int(tenant.refsCount), for: ref) { $0.ref }
        }
    }

    /// `true` when catalog `catalog` lists ref `ref`.
    @inline(__always)
    func catalog(_ catalog: Catalog, lists ref: Int32) -> Bool {
        guard ref >= 0 else { return false }
        return catalogRefs.withUnsafeBufferPointer { all in
            Self.search(all, from: Int(catalog.sortedStart), count: Int(catalog.listCount), for: ref) { $0 }
        } >= 0
    }

    /// `true` when `tenant` subscribes to catalog `catalog`.
    @inline(__always)
    func tenant(_ tenant: Tenant, subscribesTo catalog: Int32) -> Bool {
        tenantScopes.withUnsafeBufferPointer { all in
            Self.search(all, from: Int(tenant.scopesStart), count: Int(tenant.scopesCount), for: catalog) { $0 }
        } >= 0
    }

    /// The global index (in the sorted run `buffer[from ..< from + count]`) of the element whose key is `target`, or -1.
    /// Short runs (the usual few packs per tenant) are scanned; long ones are bisected.
    @inline(__always)
    static func search<Element>(_ buffer: UnsafeBufferPointer<Element>, from: Int, count: Int, for target: Int32,
                                _ key: (Element) -> Int32) -> Int32 {
        if count <= 16 {
            for position in from..<(from + count) where key(buffer[position]) == target { return Int32(position) }
            return -1
        }
        var low = from, high = from + count
        while low < high {
            let middle = (low + high) >> 1
            let value = key(buffer[middle])
            if value == target { return Int32(middle) }
            if value < target { low = middle + 1 } else { high = middle }
        }
        return -1
    }

    /// Calls `body` with the bytes of `span`.
    @inline(__always)
    func withText<R>(_ span: TextSpan, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        text.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(start: all.baseAddress.map { $0 + Int(span.start) }, count: Int(span.count)))
        }
    }

    /// The text of `span` as a `String` (tests and diagnostics).
    func string(_ span: TextSpan) -> String {
        withText(span) { String(decoding: $0, as: UTF8.self) }
    }
}
