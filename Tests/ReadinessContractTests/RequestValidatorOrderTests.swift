import ReadinessContract
import Testing

/// contract §3.1: the first failing rule decides `reason` and `field`.
/// Each test breaks two rules and expects the earlier one to win.
@Suite("RequestValidator: rule order")
struct RequestValidatorOrderTests {
    static let token = "ghp_" + String(repeating: "Z", count: 24)

    func expect(_ request: RequestJSON, _ reason: RejectionReason, _ field: String?,
                sourceLocation: SourceLocation = #_sourceLocation) {
        let rejection = request.outcome.rejection
        #expect(rejection?.reason == reason, sourceLocation: sourceLocation)
        #expect(rejection?.field == field, sourceLocation: sourceLocation)
    }

    @Test("malformed JSON beats sensitive material")
    func malformedBeforeSensitive() {
        let text = RequestJSON().payload(["note": jsonString(Self.token)]).text + "x"
        #expect(validate(text).rejection?.reason == .malformedJSON)
    }

    @Test("sensitive material beats every schema error")
    func sensitiveBeforeSchema() {
        let broken = RequestJSON().with("schema_version", nil).with("operation", "1").with("tenant_id", "null")
            .with("payload", "[]").with("labels", #"{"password":"x"}"#)
        expect(broken, .sensitiveMaterial, "labels.password")
        let brokenValue = RequestJSON().with("schema_version", #""v0""#).with("note", jsonString(Self.token))
        expect(brokenValue, .sensitiveMaterial, "note")
    }

    @Test("schema_version beats operation")
    func schemaBeforeOperation() {
        expect(RequestJSON().with("schema_version", nil).with("operation", nil), .invalidField, "schema_version")
        expect(RequestJSON().with("schema_version", #""v2""#).with("operation", "5"), .unsupportedSchemaVersion, "schema_version")
    }

    @Test("operation beats the identifiers")
    func operationBeforeIdentifiers() {
        expect(RequestJSON().with("operation", nil).with("tenant_id", nil), .invalidField, "operation")
        expect(RequestJSON().with("operation", #""tenant_status""#).with("tenant_id", nil), .unsupportedOperation, "operation")
    }

    @Test("tenant_id, then requested_by, then correlation_id")
    func identifierOrder() {
        let allBad = RequestJSON().with("tenant_id", "1").with("requested_by", "1").with("correlation_id", "1")
        expect(allBad, .invalidField, "tenant_id")
        expect(allBad.with("tenant_id", #""t""#), .invalidField, "requested_by")
        expect(allBad.with("tenant_id", #""t""#).with("requested_by", #""r""#), .invalidField, "correlation_id")
    }

    @Test("document position does not change the order of rules 5–12")
    func memberOrderIrrelevant() {
        // payload and correlation_id first in the document, still tenant_id is reported.
        var request = RequestJSON()
        request.members = [("payload", "5"), ("correlation_id", "null"), ("tenant_id", "null"),
                           ("operation", jsonString(RequestJSON.operation)), ("schema_version", jsonString(RequestJSON.schema)),
                           ("requested_by", "null")]
        expect(request, .invalidField, "tenant_id")
    }

    @Test("correlation_id beats private_implementation_required beats payload")
    func flagOrder() {
        let bad = RequestJSON().with("correlation_id", #""""#).with("private_implementation_required", "1").with("payload", nil)
        expect(bad, .invalidField, "correlation_id")
        expect(bad.with("correlation_id", #""c""#), .invalidField, "private_implementation_required")
        expect(bad.with("correlation_id", #""c""#).with("private_implementation_required", "false"), .invalidField, "payload")
    }

    @Test("catalog_scope, then policy_pack_refs, then required_checks")
    func payloadOrder() {
        let bad = RequestJSON().payload(["required_checks": "[]", "policy_pack_refs": "5", "catalog_scope": "null"])
        expect(bad, .invalidField, "payload.catalog_scope")
        expect(RequestJSON().payload(["required_checks": "[]", "policy_pack_refs": "5"]), .invalidField, "payload.policy_pack_refs")
        expect(RequestJSON().payload(["required_checks": "[]", "policy_pack_refs": #"["a"]"#]), .invalidField, "payload.required_checks")
    }

    @Test("an error in the payload never hides an earlier top-level error")
    func topLevelBeforePayload() {
        expect(RequestJSON().with("requested_by", nil).payload(["catalog_scope": "1"]), .invalidField, "requested_by")
    }
}
