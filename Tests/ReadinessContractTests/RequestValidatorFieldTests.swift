import ReadinessContract
import Testing

/// Rules 5–10 of contract §3.1 with their exact reasons and field paths.
@Suite("RequestValidator: top-level fields and catalog_scope")
struct RequestValidatorFieldTests {
    func rejection(_ request: RequestJSON) -> Rejection? { request.outcome.rejection }

    @Test("a complete request is accepted with trimmed identifiers and defaults")
    func accepted() {
        let request = RequestJSON().with("tenant_id", jsonString("  tenant-demo\u{3000}"))
            .with("correlation_id", jsonString("\u{A0}corr 1 ")).outcome.request
        #expect(request == ReadinessRequest(tenantID: "tenant-demo", correlationID: "corr 1",
                                            catalogScope: "tenant-default", policyPackRefs: [], requiredChecks: .all))
    }

    @Test("schema_version missing or not a string is invalid_field", arguments: [nil, "null", "1", "true", "[]", "{}"])
    func schemaVersionType(_ json: String?) {
        let r = rejection(RequestJSON().with("schema_version", json))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "schema_version")
    }

    @Test("schema_version is compared exactly", arguments: [
        "", "cavra.saas_control_plane.request.v2", " cavra.saas_control_plane.request.v1",
        "cavra.saas_control_plane.request.v1 ", "CAVRA.SAAS_CONTROL_PLANE.REQUEST.V1", "cavra.saas_control_plane.response.v1",
    ])
    func schemaVersionValue(_ value: String) {
        let r = rejection(RequestJSON().with("schema_version", jsonString(value)))
        #expect(r?.reason == .unsupportedSchemaVersion)
        #expect(r?.field == "schema_version")
    }

    @Test("an escaped spelling of the right schema_version is the same string")
    func schemaVersionEscaped() {
        #expect(RequestJSON().with("schema_version", #""cavra.saas_control_plane.request\u002ev1""#).outcome.request != nil)
    }

    @Test("operation missing or not a string is invalid_field", arguments: [nil, "null", "0", "false", #"["policy_registry_readiness"]"#])
    func operationType(_ json: String?) {
        let r = rejection(RequestJSON().with("operation", json))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "operation")
    }

    @Test("any other operation string is unsupported_operation", arguments: [
        "", "tenant_status", "Policy_registry_readiness", " policy_registry_readiness", "policy_registry_readiness\n",
    ])
    func operationValue(_ value: String) {
        let r = rejection(RequestJSON().with("operation", jsonString(value)))
        #expect(r?.reason == .unsupportedOperation)
        #expect(r?.field == "operation")
    }

    static let badIdentifiers: [String?] = [
        nil, "null", "1", "true", "[]", "{}", #""""#, #""   ""#, #""\u3000\u00a0""#, #""a\u0001b""#, #""a\nb""#,
        jsonString(String(repeating: "x", count: 257)),
    ]

    @Test("tenant_id must be an identifier", arguments: badIdentifiers)
    func tenantID(_ json: String?) {
        let r = rejection(RequestJSON().with("tenant_id", json))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "tenant_id")
    }

    @Test("requested_by must be an identifier", arguments: badIdentifiers)
    func requestedBy(_ json: String?) {
        let r = rejection(RequestJSON().with("requested_by", json))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "requested_by")
    }

    @Test("correlation_id must be an identifier", arguments: badIdentifiers)
    func correlationID(_ json: String?) {
        let r = rejection(RequestJSON().with("correlation_id", json))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "correlation_id")
    }

    @Test("private_implementation_required may be absent, true or false")
    func flagAccepted() {
        for json: String? in [nil, "true", "false"] {
            #expect(RequestJSON().with("private_implementation_required", json).outcome.request != nil)
        }
    }

    @Test("private_implementation_required must otherwise be a boolean", arguments: [
        "null", #""true""#, "1", "0", "[]", "{}",
    ])
    func flagRejected(_ json: String) {
        let r = rejection(RequestJSON().with("private_implementation_required", json))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "private_implementation_required")
    }

    @Test("payload must be an object", arguments: [nil, "null", "[]", #""{}""#, "1", "true"])
    func payload(_ json: String?) {
        let r = rejection(RequestJSON().with("payload", json))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "payload")
    }

    @Test("catalog_scope defaults to tenant-default and is trimmed")
    func catalogScope() {
        #expect(RequestJSON().outcome.request?.catalogScope == "tenant-default")
        #expect(RequestJSON().payload(["catalog_scope": jsonString(" regulated\t")]).outcome.request?.catalogScope == "regulated")
    }

    @Test("catalog_scope, when present, must be an identifier", arguments: [
        "null", "1", "[]", #""""#, #"" ""#, #""a\u007fb""#, jsonString(String(repeating: "s", count: 257)),
    ])
    func catalogScopeRejected(_ json: String) {
        let r = rejection(RequestJSON().payload(["catalog_scope": json]))
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "payload.catalog_scope")
    }

    @Test("unknown members anywhere are ignored")
    func unknownMembers() {
        let request = RequestJSON().with("extra", #"{"nested":[1,{"x":null}]}"#)
            .payload(["readiness_boundary": jsonString("public request shape only"), "labels": #"{"env":"prod"}"#])
        #expect(request.outcome.request != nil)
    }

    @Test("member names are case-sensitive: Tenant_ID is not tenant_id")
    func memberNamesExact() {
        let r = rejection(RequestJSON().with("tenant_id", nil).with("Tenant_ID", #""t""#))
        #expect(r?.field == "tenant_id")
    }

    @Test("an escaped member name is the same member")
    func escapedMemberName() {
        let text = RequestJSON().with("tenant_id", nil).text.dropLast() + #","tenant\u005fid":"tenant-escaped"}"#
        let request = validate(String(text)).request
        #expect(request?.tenantID == "tenant-escaped")
    }
}
