import ReadinessContract

/// A loaded, schema-checked policy registry snapshot (contract §5).
///
/// Immutable once loaded: a reload builds a new snapshot and swaps it in, so a
/// snapshot can be shared freely between worker threads. Artifact digests are
/// verified once, at load, and the verdicts cached here.
public final class RegistrySnapshot: Sendable {
    /// The policy registry service's reported status.
    public enum ServiceStatus: Sendable, Equatable {
        case available, degraded, unavailable, unknown
    }

    /// A catalog scope's published catalog.
    public final class Catalog: Sendable {
        /// The catalog version.
        public let version: String
        /// When it was published, if known.
        public let publishedAt: Timestamp?
        /// The packs as written (duplicates kept: `policy_pack_count` counts them).
        public let packs: [String]
        /// The packs, de-duplicated, first occurrence kept.
        public let uniquePacks: [String]
        /// Membership test for `packs`.
        public let packSet: ExactKeySet

        /// Creates a value.
        public init(version: String, publishedAt: Timestamp?, packs: [String], uniquePacks: [String], packSet: ExactKeySet) {
            self.version = version
            self.publishedAt = publishedAt
            self.packs = packs
            self.uniquePacks = uniquePacks
            self.packSet = packSet
        }
    }

    /// What verifying one pack version's artifact found.
    public enum ArtifactState: Sendable, Equatable {
        /// No `artifact` recorded.
        case noArtifact
        /// No `sha256` recorded.
        case noDigest
        /// The file is missing, a directory, or unreadable.
        case missing
        /// The file's SHA-256 differs from the recorded one.
        case digestMismatch
        /// The file matches its recorded digest.
        case verified
    }

    /// One version of a policy pack.
    public final class PackVersion: Sendable {
        /// The artifact path relative to the artifact root, if recorded.
        public let artifact: String?
        /// The recorded SHA-256 (hex, either case), if any.
        public let sha256: String?
        /// Whether this version was withdrawn.
        public let yanked: Bool
        /// The artifact verdict computed at load.
        public let artifactState: ArtifactState

        /// Creates a value.
        public init(artifact: String?, sha256: String?, yanked: Bool, artifactState: ArtifactState) {
            self.artifact = artifact
            self.sha256 = sha256
            self.yanked = yanked
            self.artifactState = artifactState
        }
    }

    /// A policy pack.
    public final class Pack: Sendable {
        /// The latest version (a key of `versions`).
        public let latest: String
        /// The known versions.
        public let versions: ExactKeyTable<PackVersion>

        /// Creates a value.
        public init(latest: String, versions: ExactKeyTable<PackVersion>) {
            self.latest = latest
            self.versions = versions
        }
    }

    /// A tenant's entitlement.
    public final class Entitlement: Sendable {
        /// The status word as written (case-sensitive).
        public let status: String
        /// When the entitlement ends, if it does.
        public let expiresAt: Timestamp?
        /// The entitled packs.
        public let packs: ExactKeySet
        /// `true` when `packs` holds `"*"`.
        public let coversAllPacks: Bool

        /// Creates a value.
        public init(status: String, expiresAt: Timestamp?, packs: ExactKeySet, coversAllPacks: Bool) {
            self.status = status
            self.expiresAt = expiresAt
            self.packs = packs
            self.coversAllPacks = coversAllPacks
        }
    }

    /// An approval record.
    public enum Approval: String, Sendable {
        case approved, pending, rejected
    }

    /// A registered tenant.
    public final class Tenant: Sendable {
        /// The catalog scopes the tenant subscribes to.
        public let catalogScopes: ExactKeySet
        /// Pinned versions by pack.
        public let pins: ExactKeyTable<String>
        /// The entitlement, if any.
        public let entitlement: Entitlement?
        /// Approval records by pack.
        public let approvals: ExactKeyTable<Approval>

        /// Creates a value.
        public init(catalogScopes: ExactKeySet, pins: ExactKeyTable<String>, entitlement: Entitlement?, approvals: ExactKeyTable<Approval>) {
            self.catalogScopes = catalogScopes
            self.pins = pins
            self.entitlement = entitlement
            self.approvals = approvals
        }
    }

    /// The snapshot's `revision`.
    public let revision: String
    /// `service.status`.
    public let serviceStatus: ServiceStatus
    /// `freshness.fresh_for_seconds`, in attoseconds.
    public let freshFor: Int128
    /// `freshness.expire_after_seconds`, in attoseconds.
    public let expireAfter: Int128
    /// `entitlement_warning_seconds`, in attoseconds.
    public let entitlementWarning: Int128
    /// Catalogs by scope.
    public let catalogs: ExactKeyTable<Catalog>
    /// Packs by ref.
    public let packs: ExactKeyTable<Pack>
    /// Tenants by id.
    public let tenants: ExactKeyTable<Tenant>
    /// The tables compiled for evaluation (dense ids, flat arrays).
    let index: EvaluationIndex

    /// Creates a snapshot.
    public init(revision: String, serviceStatus: ServiceStatus, freshFor: Int128, expireAfter: Int128, entitlementWarning: Int128, catalogs: ExactKeyTable<Catalog>, packs: ExactKeyTable<Pack>, tenants: ExactKeyTable<Tenant>) {
        self.revision = revision
        self.serviceStatus = serviceStatus
        self.freshFor = freshFor
        self.expireAfter = expireAfter
        self.entitlementWarning = entitlementWarning
        self.catalogs = catalogs
        self.packs = packs
        self.tenants = tenants
        self.index = EvaluationIndexBuilder.build(catalogs: catalogs, packs: packs, tenants: tenants)
    }
}
