import ReadinessContract

/// A loaded, schema-checked policy registry snapshot (SPEC §5).
///
/// Immutable once loaded: a reload builds a new snapshot and swaps it in, so a
/// snapshot can be shared freely between worker threads. Artifact digests are
/// verified once, at load, and the verdicts cached here.
public struct RegistrySnapshot: Sendable {
    /// The policy registry service's reported status.
    public enum ServiceStatus: Sendable, Equatable {
        case available, degraded, unavailable, unknown
    }

    /// A catalog scope's published catalog.
    public struct Catalog: Sendable {
        /// The catalog version.
        public var version: String
        /// When it was published, if known.
        public var publishedAt: Timestamp?
        /// The packs as written (duplicates kept: `policy_pack_count` counts them).
        public var packs: [String]
        /// The packs, de-duplicated, first occurrence kept.
        public var uniquePacks: [String]
        /// Membership test for `packs`.
        public var packSet: Set<String>
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
    public struct PackVersion: Sendable {
        /// The artifact path relative to the artifact root, if recorded.
        public var artifact: String?
        /// The recorded SHA-256 (hex, either case), if any.
        public var sha256: String?
        /// Whether this version was withdrawn.
        public var yanked: Bool
        /// The artifact verdict computed at load.
        public var artifactState: ArtifactState
    }

    /// A policy pack.
    public struct Pack: Sendable {
        /// The latest version (a key of `versions`).
        public var latest: String
        /// The known versions.
        public var versions: [String: PackVersion]
    }

    /// A tenant's entitlement.
    public struct Entitlement: Sendable {
        /// The status word as written (case-sensitive).
        public var status: String
        /// When the entitlement ends, if it does.
        public var expiresAt: Timestamp?
        /// The entitled packs.
        public var packs: Set<String>
        /// `true` when `packs` holds `"*"`.
        public var coversAllPacks: Bool
    }

    /// An approval record.
    public enum Approval: String, Sendable {
        case approved, pending, rejected
    }

    /// A registered tenant.
    public struct Tenant: Sendable {
        /// The catalog scopes the tenant subscribes to, as written.
        public var catalogScopes: [String]
        /// Pinned versions by pack.
        public var pins: [String: String]
        /// The entitlement, if any.
        public var entitlement: Entitlement?
        /// Approval records by pack.
        public var approvals: [String: Approval]
    }

    /// The snapshot's `revision`.
    public var revision: String
    /// `service.status`.
    public var serviceStatus: ServiceStatus
    /// `freshness.fresh_for_seconds`, in attoseconds.
    public var freshFor: Int128
    /// `freshness.expire_after_seconds`, in attoseconds.
    public var expireAfter: Int128
    /// `entitlement_warning_seconds`, in attoseconds.
    public var entitlementWarning: Int128
    /// Catalogs by scope.
    public var catalogs: [String: Catalog]
    /// Packs by ref.
    public var packs: [String: Pack]
    /// Tenants by id.
    public var tenants: [String: Tenant]
}
