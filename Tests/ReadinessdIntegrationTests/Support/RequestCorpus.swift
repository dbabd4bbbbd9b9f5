/// Mixed requests for the integration tests: valid ones for every fixture tenant and invalid ones of several kinds.
enum RequestCorpus {
    static let tenants = ["tenant-demo", "tenant-ready", "tenant-trial", "tenant-suspended", "tenant-regulated",
                          "tenant-legacy", "tenant-unknown"]

    /// Request `index`: every fifth is invalid (rotating through several rejection reasons).
    static func request(_ index: Int, prefix: String = "it") -> (key: String, value: [UInt8]?) {
        let tenant = tenants[index % tenants.count]
        let correlation = "\(prefix)-\(index)"
        let head = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"\#(tenant)","requested_by":"it","correlation_id":"\#(correlation)""#
        let text: String?
        switch index % 5 == 4 ? (index / 5) % 5 : -1 {
        case 0: text = nil  // tombstone
        case 1: text = head + #","payload":{"note":"sk_live_abcdefghijklmnop1234"}}"#
        case 2: text = head + #","payload":{"required_checks":[]}}"#
        case 3: text = head + #","payload":"#  // truncated
        case 4: text = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"tenant_status","tenant_id":"\#(tenant)","requested_by":"it","correlation_id":"\#(correlation)","payload":{}}"#
        default: text = head + #","payload":{"policy_pack_refs":["starter-policy-1","starter-policy-2"]}}"#
        }
        return (tenant, text.map { Array($0.utf8) })
    }

    static func requests(_ range: Range<Int>, prefix: String = "it") -> [(key: String, value: [UInt8]?)] {
        range.map { request($0, prefix: prefix) }
    }
}
