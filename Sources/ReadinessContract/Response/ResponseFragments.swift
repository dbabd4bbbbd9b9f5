/// Pre-joined constant pieces of the response JSON (contract §4).
///
/// Why: encoding a response used to make dozens of tiny appends (a key, a
/// status word, a quote...), each paying a capacity check and a `memmove`
/// call. The pieces that depend only on a status or a check name are joined
/// here once, as static strings, so each costs one append. The texts are
/// exactly what the separate appends wrote (the encoding tests compare bytes).
enum ResponseFragments {
    /// From the start of the response to the `correlation_id` value.
    static func head(_ status: ReadinessStatus) -> StaticString {
        switch status {
        case .ready: #"{"schema_version":"cavra.saas_control_plane.response.v1","operation":"policy_registry_readiness","status":"accepted","message":"Policy registry readiness evaluated: ready.","correlation_id":"#
        case .unknown: #"{"schema_version":"cavra.saas_control_plane.response.v1","operation":"policy_registry_readiness","status":"accepted","message":"Policy registry readiness evaluated: unknown.","correlation_id":"#
        case .degraded: #"{"schema_version":"cavra.saas_control_plane.response.v1","operation":"policy_registry_readiness","status":"accepted","message":"Policy registry readiness evaluated: degraded.","correlation_id":"#
        case .blocked: #"{"schema_version":"cavra.saas_control_plane.response.v1","operation":"policy_registry_readiness","status":"accepted","message":"Policy registry readiness evaluated: blocked.","correlation_id":"#
        }
    }

    /// After the tenant id: the readiness status up to the catalog status.
    static func readiness(_ status: ReadinessStatus) -> StaticString {
        switch status {
        case .ready: #","readiness_status":"ready","catalog_status":""#
        case .unknown: #","readiness_status":"unknown","catalog_status":""#
        case .degraded: #","readiness_status":"degraded","catalog_status":""#
        case .blocked: #","readiness_status":"blocked","catalog_status":""#
        }
    }

    /// The catalog status up to the `latest_catalog_version` value.
    static func catalog(_ status: ReadinessStatus) -> StaticString {
        switch status {
        case .ready: #"ready","latest_catalog_version":"#
        case .unknown: #"unknown","latest_catalog_version":"#
        case .degraded: #"degraded","latest_catalog_version":"#
        case .blocked: #"blocked","latest_catalog_version":"#
        }
    }

    /// A check entry up to its first finding.
    static func checkOpening(_ check: ReadinessCheck, _ status: ReadinessStatus) -> StaticString {
        switch (check, status) {
        case (.serviceAvailability, .ready): #"{"name":"service_availability","status":"ready","findings":["#
        case (.serviceAvailability, .unknown): #"{"name":"service_availability","status":"unknown","findings":["#
        case (.serviceAvailability, .degraded): #"{"name":"service_availability","status":"degraded","findings":["#
        case (.serviceAvailability, .blocked): #"{"name":"service_availability","status":"blocked","findings":["#
        case (.catalogFreshness, .ready): #"{"name":"catalog_freshness","status":"ready","findings":["#
        case (.catalogFreshness, .unknown): #"{"name":"catalog_freshness","status":"unknown","findings":["#
        case (.catalogFreshness, .degraded): #"{"name":"catalog_freshness","status":"degraded","findings":["#
        case (.catalogFreshness, .blocked): #"{"name":"catalog_freshness","status":"blocked","findings":["#
        case (.policyPackVersions, .ready): #"{"name":"policy_pack_versions","status":"ready","findings":["#
        case (.policyPackVersions, .unknown): #"{"name":"policy_pack_versions","status":"unknown","findings":["#
        case (.policyPackVersions, .degraded): #"{"name":"policy_pack_versions","status":"degraded","findings":["#
        case (.policyPackVersions, .blocked): #"{"name":"policy_pack_versions","status":"blocked","findings":["#
        case (.artifactIntegrity, .ready): #"{"name":"artifact_integrity","status":"ready","findings":["#
        case (.artifactIntegrity, .unknown): #"{"name":"artifact_integrity","status":"unknown","findings":["#
        case (.artifactIntegrity, .degraded): #"{"name":"artifact_integrity","status":"degraded","findings":["#
        case (.artifactIntegrity, .blocked): #"{"name":"artifact_integrity","status":"blocked","findings":["#
        case (.entitlementScope, .ready): #"{"name":"entitlement_scope","status":"ready","findings":["#
        case (.entitlementScope, .unknown): #"{"name":"entitlement_scope","status":"unknown","findings":["#
        case (.entitlementScope, .degraded): #"{"name":"entitlement_scope","status":"degraded","findings":["#
        case (.entitlementScope, .blocked): #"{"name":"entitlement_scope","status":"blocked","findings":["#
        case (.approvalState, .ready): #"{"name":"approval_state","status":"ready","findings":["#
        case (.approvalState, .unknown): #"{"name":"approval_state","status":"unknown","findings":["#
        case (.approvalState, .degraded): #"{"name":"approval_state","status":"degraded","findings":["#
        case (.approvalState, .blocked): #"{"name":"approval_state","status":"blocked","findings":["#
        }
    }
}
