/// The six policy registry readiness checks (contract §5), in their canonical order.
public enum ReadinessCheck: UInt8, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case serviceAvailability
    case catalogFreshness
    case policyPackVersions
    case artifactIntegrity
    case entitlementScope
    case approvalState

    /// The check's wire name, e.g. `service_availability`.
    public var name: StaticString {
        switch self {
        case .serviceAvailability: "service_availability"
        case .catalogFreshness: "catalog_freshness"
        case .policyPackVersions: "policy_pack_versions"
        case .artifactIntegrity: "artifact_integrity"
        case .entitlementScope: "entitlement_scope"
        case .approvalState: "approval_state"
        }
    }

    public var description: String { name.description }

    /// The check whose wire name is exactly `bytes` (case-sensitive, untrimmed).
    public init?(wireName bytes: UnsafeBufferPointer<UInt8>) {
        for check in ReadinessCheck.allCases {
            let name = check.name
            if name.utf8CodeUnitCount == bytes.count,
               let base = bytes.baseAddress, memcmpEqual(base, name.utf8Start, bytes.count) {
                self = check
                return
            }
        }
        return nil
    }
}
