import ReadinessContract

/// Loads and schema-checks a registry snapshot (contract §5 and §8 "Snapshot").
///
/// A snapshot that fails to parse or violates the schema is refused whole
/// with one ``SnapshotError`` naming the problem. Artifact digests are
/// verified during the load, so evaluation never touches the file system.
public enum SnapshotLoader {
    /// The only snapshot schema understood.
    public static let schemaVersion = "readinessd.registry.v1"

    /// Loads the snapshot at `path`; artifacts resolve against `artifactRoot`
    /// (default: the snapshot file's folder).
    public static func load(path: String, artifactRoot: String? = nil) throws(SnapshotError) -> RegistrySnapshot {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        let root = artifactRoot ?? FileBytes.directory(of: path)
        return try load(bytes: bytes, name: path, artifacts: ArtifactVerifier(root: root))
    }

    /// Loads a snapshot from `bytes`; `name` identifies it in errors.
    public static func load(bytes: [UInt8], name: String, artifacts: ArtifactVerifier) throws(SnapshotError) -> RegistrySnapshot {
        var parser = StrictJSONParser()
        let result: Result<RegistrySnapshot, SnapshotError> = bytes.withUnsafeBytes { buffer in
            if let error = parser.parse(buffer) { return .failure(.malformedJSON(path: name, problem: error.description)) }
            let reader = SnapshotReader(tape: parser.tape, bytes: buffer, file: name)
            do throws(SnapshotError) {
                return .success(try build(reader, artifacts: artifacts))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func build(_ reader: SnapshotReader, artifacts: ArtifactVerifier) throws(SnapshotError) -> RegistrySnapshot {
        let top = try reader.members(0, "")
        guard try reader.requiredString("schema_version", of: top, "") == schemaVersion else {
            throw reader.fail("schema_version", "\"\(schemaVersion)\"")
        }
        let revision = try reader.requiredString("revision", of: top, "")
        let freshness = try reader.optionalMembers("freshness", of: top, "")
        return RegistrySnapshot(
            revision: revision,
            serviceStatus: serviceStatus(reader, top),
            freshFor: try reader.optionalDuration("fresh_for_seconds", of: freshness, "freshness", default: 86_400),
            expireAfter: try reader.optionalDuration("expire_after_seconds", of: freshness, "freshness", default: 604_800),
            entitlementWarning: try reader.optionalDuration("entitlement_warning_seconds", of: top, "", default: 1_209_600),
            catalogs: try catalogs(reader, top),
            packs: try packs(reader, top, artifacts),
            tenants: try tenants(reader, top))
    }

    /// `service` is lenient: anything but an object with a known `status` is unknown.
    private static func serviceStatus(_ reader: SnapshotReader, _ top: [(key: String, value: Int)]) -> RegistrySnapshot.ServiceStatus {
        guard let service = SnapshotReader.lookup("service", top), reader.kind(service) == .object,
              let members = try? reader.members(service, "service"),
              let status = SnapshotReader.lookup("status", members), reader.kind(status) == .string
        else { return .unknown }
        switch reader.tape.string(at: status, in: reader.bytes) {
        case "available": return .available
        case "degraded": return .degraded
        case "unavailable": return .unavailable
        default: return .unknown
        }
    }

    private static func catalogs(_ reader: SnapshotReader, _ top: [(key: String, value: Int)]) throws(SnapshotError) -> ExactKeyTable<RegistrySnapshot.Catalog> {
        var result = ExactKeyTable<RegistrySnapshot.Catalog>.Builder()
        for (scope, value) in try reader.optionalMembers("catalogs", of: top, "") {
            let field = "catalogs.\(scope)"
            let members = try reader.members(value, field)
            let packs = try reader.optionalStringArray("packs", of: members, field)
            let packSet = ExactKeySet(members: packs)
            result.insert(scope, RegistrySnapshot.Catalog(
                version: try reader.requiredString("version", of: members, field),
                publishedAt: try reader.optionalTime("published_at", of: members, field),
                packs: packs,
                uniquePacks: packSet.keys,
                packSet: packSet))
        }
        return result.build()
    }

    private static func packs(_ reader: SnapshotReader, _ top: [(key: String, value: Int)],
                              _ artifacts: ArtifactVerifier) throws(SnapshotError) -> ExactKeyTable<RegistrySnapshot.Pack> {
        var result = ExactKeyTable<RegistrySnapshot.Pack>.Builder()
        for (ref, value) in try reader.optionalMembers("packs", of: top, "") {
            let field = "packs.\(ref)"
            let members = try reader.members(value, field)
            let latest = try reader.requiredString("latest", of: members, field)
            var versions = ExactKeyTable<RegistrySnapshot.PackVersion>.Builder()
            for (version, entry) in try reader.optionalMembers("versions", of: members, field) {
                let versionField = "\(field).versions.\(version)"
                let details = try reader.members(entry, versionField)
                let artifact = try reader.optionalString("artifact", of: details, versionField)
                let digest = try reader.optionalString("sha256", of: details, versionField)
                if let digest, !isHexDigest(digest) {
                    throw reader.fail("\(versionField).sha256", "64 hexadecimal digits")
                }
                let state: RegistrySnapshot.ArtifactState
                do {
                    state = try artifacts.verify(artifact: artifact, sha256: digest)
                } catch {
                    let at = "\(versionField).artifact"
                    switch error {
                    case .outsideRoot(let how):
                        throw .artifactOutsideRoot(path: reader.file, field: at, artifact: artifact ?? "", how: how)
                    case .transientReadFailure(let reason):
                        throw .artifactReadFailed(path: reader.file, field: at, artifact: artifact ?? "", reason: reason)
                    }
                }
                versions.insert(version, RegistrySnapshot.PackVersion(
                    artifact: artifact, sha256: digest,
                    yanked: try reader.optionalBool("yanked", of: details, versionField) ?? false,
                    artifactState: state))
            }
            guard versions.contains(latest) else {
                throw reader.fail("\(field).latest", "the name of one of the pack's versions")
            }
            result.insert(ref, RegistrySnapshot.Pack(latest: latest, versions: versions.build()))
        }
        return result.build()
    }

    private static func tenants(_ reader: SnapshotReader, _ top: [(key: String, value: Int)]) throws(SnapshotError) -> ExactKeyTable<RegistrySnapshot.Tenant> {
        var result = ExactKeyTable<RegistrySnapshot.Tenant>.Builder()
        for (id, value) in try reader.optionalMembers("tenants", of: top, "") {
            let field = "tenants.\(id)"
            let members = try reader.members(value, field)
            var pins = ExactKeyTable<String>.Builder()
            for (ref, pin) in try reader.optionalMembers("pins", of: members, field) {
                pins.insert(ref, try reader.string(pin, "\(field).pins.\(ref)"))
            }
            var approvals = ExactKeyTable<RegistrySnapshot.Approval>.Builder()
            for (ref, record) in try reader.optionalMembers("approvals", of: members, field) {
                let path = "\(field).approvals.\(ref)"
                guard let approval = RegistrySnapshot.Approval(rawValue: try reader.string(record, path)) else {
                    throw reader.fail(path, "\"approved\", \"pending\" or \"rejected\"")
                }
                approvals.insert(ref, approval)
            }
            var entitlement: RegistrySnapshot.Entitlement?
            if let entry = SnapshotReader.lookup("entitlement", members) {
                let path = "\(field).entitlement"
                let details = try reader.members(entry, path)
                let packs = try reader.optionalStringArray("packs", of: details, path)
                entitlement = RegistrySnapshot.Entitlement(
                    status: try reader.requiredString("status", of: details, path),
                    expiresAt: try reader.optionalTime("expires_at", of: details, path),
                    packs: ExactKeySet(members: packs), coversAllPacks: packs.contains { exactlyEqual($0, "*") })
            }
            result.insert(id, RegistrySnapshot.Tenant(
                catalogScopes: ExactKeySet(members: try reader.optionalStringArray("catalog_scopes", of: members, field)),
                pins: pins.build(), entitlement: entitlement, approvals: approvals.build()))
        }
        return result.build()
    }

    private static func isHexDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
        }
    }
}
