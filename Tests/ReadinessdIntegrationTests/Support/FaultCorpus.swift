/// The mixed request set of the fault scenarios: valid requests for the fixture tenants and, for
/// three in four, for unknown tenants with many different ids (outputs are keyed by tenant: the
/// embedded broker keeps only ~5 MiB per partition, so outputs must spread over every partition
/// for a lagging reader not to lose them); one in five invalid.
enum FaultCorpus {
    static let tenants = ["tenant-demo", "tenant-ready", "tenant-trial", "tenant-suspended", "tenant-regulated",
                          "tenant-legacy"]

    /// Request `index`; its correlation id is `prefix-index` (tombstones have none: they are found by source offset).
    static func request(_ index: Int, prefix: String) -> FaultRequest {
        let tenant = index % 4 == 0 ? tenants[(index / 4) % tenants.count] : "tenant-x\(index % 997)"
        let correlation = "\(prefix)-\(index)"
        let head = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"\#(tenant)","requested_by":"faults","correlation_id":"\#(correlation)""#
        let text: String?
        switch index % 5 == 4 ? (index / 5) % 6 : -1 {
        case 0: text = nil  // tombstone
        case 1: text = head + #","payload":{"note":"sk_live_abcdefghijklmnop1234"}}"#
        case 2: text = head + #","payload":{"required_checks":[]}}"#
        case 3: text = head + #","payload":"#  // truncated
        case 4: text = head + #","payload":{},"payload":{}}"#  // duplicate key
        case 5: text = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"tenant_status","tenant_id":"\#(tenant)","requested_by":"faults","correlation_id":"\#(correlation)","payload":{}}"#
        default:
            text = index % 2 == 0
                ? head + #","payload":{"policy_pack_refs":["starter-policy-1","starter-policy-2"]}}"#
                : head + #","payload":{}}"#
        }
        return FaultRequest(key: tenant, text: text)
    }

    static func requests(_ count: Int, prefix: String) -> [FaultRequest] {
        (0..<count).map { request($0, prefix: prefix) }
    }
}
