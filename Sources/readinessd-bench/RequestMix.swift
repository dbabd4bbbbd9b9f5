/// A realistic request mix: about 80 % valid requests over many tenants, 20 % invalid of every kind.
enum RequestMix {
    static let checks = ["service_availability", "catalog_freshness", "policy_pack_versions",
                         "artifact_integrity", "entitlement_scope", "approval_state"]

    /// `count` request values (a `nil` entry is a tombstone).
    static func make(count: Int, tenants: Int, scopes: Int, packs: Int) -> [[UInt8]?] {
        var generator = SplitMix(seed: 42)
        return (0..<count).map { index in
            let tenant = Int(generator.next() % UInt64(tenants + tenants / 50))  // ~2 % unknown tenants
            let scope = tenant % scopes
            if index % 5 == 4 { return invalid(kind: index / 5, tenant: tenant, generator: &generator) }
            let refCount = Int(generator.next() % 4)
            let refs = (0..<refCount).map { _ in "\"pack-\((scope * 5 + Int(generator.next() % 9)) % packs)\"" }
            let requiredChecks = generator.next() % 4 == 0
                ? ",\"required_checks\":[\"\(checks[Int(generator.next() % 6)])\",\"approval_state\"]" : ""
            let value = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"tenant-\#(tenant)","requested_by":"console","correlation_id":"corr-\#(index)","private_implementation_required":true,"payload":{"policy_pack_refs":[\#(refs.joined(separator: ","))],"catalog_scope":"scope-\#(scope)"\#(requiredChecks),"readiness_boundary":"public request shape only; hosted policy registry operation is private"}}"#
            return Array(value.utf8)
        }
    }

    private static func invalid(kind: Int, tenant: Int, generator: inout SplitMix) -> [UInt8]? {
        let head = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"tenant-\#(tenant)","requested_by":"console","correlation_id":"bad-\#(kind)""#
        let text: String
        switch kind % 12 {
        case 0: return nil
        case 1: text = head + #","payload":{"policy_pack_refs":["a"]"#  // truncated
        case 2: text = head + #","payload":{},"payload":{}}"#
        case 3: text = head + #","payload":{"labels":{"api_token":"redacted"}}}"#
        case 4: text = head + #","payload":{"note":"ghp_abcdefghijklmnopqrstuvwxyz0123"}}"#
        case 5: text = #"{"schema_version":"cavra.saas_control_plane.request.v2","operation":"policy_registry_readiness","payload":{}}"#
        case 6: text = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"tenant_status","tenant_id":"t","requested_by":"c","correlation_id":"x","payload":{}}"#
        case 7: text = head + #","payload":{"required_checks":[]}}"#
        case 8: text = head + #","payload":{"policy_pack_refs":["ok","  "]}}"#
        case 9: text = head + #","private_implementation_required":"yes","payload":{}}"#
        case 10: text = "[" + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "]"
        default: text = head + #","payload":{"catalog_scope":"\u0000"}}"#
        }
        return Array(text.utf8)
    }
}

/// A small deterministic pseudo-random generator.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
