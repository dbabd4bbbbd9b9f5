import ReadinessContract

/// The tenants of a registry snapshot and the catalog scopes each subscribes
/// to: all a fleet plan needs from the snapshot.
///
/// Read straight from the snapshot's JSON tape instead of loading the whole
/// snapshot (packs, versions, artifact digests): for 100,000 tenants that
/// keeps `readinessd fleet`'s memory to the document and its tape. Validating
/// the snapshot stays the service's job; this reader only needs `tenants` to
/// be an object whose members may list `catalog_scopes` as strings.
public struct FleetTenantDirectory: Sendable {
    /// Why the snapshot cannot be read as a tenant directory.
    public enum ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The bytes are not strict JSON.
        case malformed(String)
        /// `tenants` or a tenant's `catalog_scopes` has the wrong shape.
        case unexpectedShape(String)

        /// One line naming the problem.
        public var description: String {
            switch self {
            case .malformed(let detail): "the registry snapshot is not valid JSON: \(detail)"
            case .unexpectedShape(let detail): "the registry snapshot has an unexpected shape: \(detail)"
            }
        }
    }

    /// Tenant ids in snapshot order.
    public let tenants: [String]
    private let scopesByTenant: [[UInt8]: [String]]

    /// Creates a directory from explicit tenants and scopes (tests).
    public init(_ entries: [(tenant: String, scopes: [String])]) {
        var tenants: [String] = []
        var scopes: [[UInt8]: [String]] = [:]
        for entry in entries where scopes[Array(entry.tenant.utf8)] == nil {
            tenants.append(entry.tenant)
            scopes[Array(entry.tenant.utf8)] = entry.scopes
        }
        self.tenants = tenants
        self.scopesByTenant = scopes
    }

    /// Reads the `tenants` member of a snapshot document.
    public init(snapshot bytes: UnsafeRawBufferPointer) throws(ReadError) {
        var parser = StrictJSONParser(maximumDepth: 64)
        if let error = parser.parse(bytes) { throw .malformed(error.description) }
        let tape = parser.tape
        var entries: [(tenant: String, scopes: [String])] = []
        if let tenantsIndex = Self.member("tenants", of: 0, tape, bytes) {
            guard tape.nodes[tenantsIndex].kind == .object else { throw .unexpectedShape("tenants must be an object") }
            entries.reserveCapacity(Int(tape.nodes[tenantsIndex].count))
            for key in tape.memberKeys(of: tenantsIndex) {
                let tenant = tape.string(at: key, in: bytes)
                guard tape.nodes[key + 1].kind == .object else {
                    throw .unexpectedShape("tenants.\(tenant) must be an object")
                }
                var scopes: [String] = []
                if let list = Self.member("catalog_scopes", of: key + 1, tape, bytes) {
                    guard tape.nodes[list].kind == .array else {
                        throw .unexpectedShape("tenants.\(tenant).catalog_scopes must be an array")
                    }
                    var seen = Set<[UInt8]>()
                    for element in tape.elements(of: list) {
                        guard tape.nodes[element].kind == .string else {
                            throw .unexpectedShape("tenants.\(tenant).catalog_scopes must hold strings")
                        }
                        let scope = tape.string(at: element, in: bytes)
                        if seen.insert(Array(scope.utf8)).inserted { scopes.append(scope) }
                    }
                }
                entries.append((tenant, scopes))
            }
        }
        self.init(entries)
    }

    /// The scopes `tenant` subscribes to (snapshot order, repeats dropped), or
    /// `nil` when the snapshot does not register it. Ids compare by code points.
    public func scopes(of tenant: String) -> [String]? {
        scopesByTenant[Array(tenant.utf8)]
    }

    /// The tape index of the value of member `name` of the object at `object`.
    private static func member(_ name: String, of object: Int, _ tape: JSONTape, _ bytes: UnsafeRawBufferPointer) -> Int? {
        for key in tape.memberKeys(of: object) where tape.string(at: key, in: bytes) == name {
            return key + 1
        }
        return nil
    }
}
