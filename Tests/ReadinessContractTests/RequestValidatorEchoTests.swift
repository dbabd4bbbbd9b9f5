import ReadinessContract
import Testing

/// Echoed identifiers in rejections (contract §3.3, §8): `tenant_id`, `correlation_id`
/// and `operation` are echoed trimmed only when the document parsed, the member is
/// a string, its trimmed form is an identifier, and it matches no value pattern.
@Suite("RequestValidator: echoed identifiers")
struct RequestValidatorEchoTests {
    static let token = "sk_live_" + String(repeating: "q", count: 20)

    @Test("a later failure echoes all three, trimmed")
    func echoesTrimmed() {
        let r = RequestJSON().with("tenant_id", jsonString(" tenant-a\u{3000}")).with("correlation_id", jsonString("\u{A0}c-9 "))
            .with("requested_by", nil).outcome.rejection
        #expect(r?.field == "requested_by")
        #expect(r?.tenantID == "tenant-a")
        #expect(r?.correlationID == "c-9")
        #expect(r?.operation == "policy_registry_readiness")
    }

    @Test("nothing is echoed for reasons 1–3")
    func nothingForEarlyReasons() {
        let text = RequestJSON().text
        for rejection in [validate(text + "]").rejection, validate(text, maximumMessageBytes: 10).rejection,
                          validate([UInt8]()).rejection, validate(nil).rejection] {
            #expect(rejection != nil)
            #expect(rejection?.tenantID == nil && rejection?.correlationID == nil && rejection?.operation == nil)
        }
    }

    @Test("an unsupported operation is echoed (trimmed)")
    func unsupportedOperationEchoed() {
        let r = RequestJSON().with("operation", jsonString("  tenant_status ")).outcome.rejection
        #expect(r?.reason == .unsupportedOperation)
        #expect(r?.operation == "tenant_status")
        #expect(r?.tenantID == "tenant-demo")
    }

    @Test("an operation that is not an identifier is not echoed")
    func operationNotIdentifier() {
        let long = RequestJSON().with("operation", jsonString(String(repeating: "o", count: 257))).outcome.rejection
        #expect(long?.reason == .unsupportedOperation)
        #expect(long?.operation == nil)
        let number = RequestJSON().with("operation", "7").outcome.rejection
        #expect(number?.reason == .invalidField)
        #expect(number?.operation == nil)
        let blank = RequestJSON().with("operation", #""  ""#).outcome.rejection
        #expect(blank?.reason == .unsupportedOperation)
        #expect(blank?.operation == nil)
    }

    @Test("an unsupported schema_version still echoes the identifiers")
    func schemaRejectionEchoes() {
        let r = RequestJSON().with("schema_version", #""v9""#).outcome.rejection
        #expect(r?.reason == .unsupportedSchemaVersion)
        #expect(r?.tenantID == "tenant-demo" && r?.correlationID == "corr-1" && r?.operation == "policy_registry_readiness")
    }

    @Test("a non-string or invalid member is not echoed; the others are")
    func partialEcho() {
        let r = RequestJSON().with("tenant_id", "42").outcome.rejection
        #expect(r?.field == "tenant_id")
        #expect(r?.tenantID == nil)
        #expect(r?.correlationID == "corr-1")
        let c = RequestJSON().with("correlation_id", #""a\u0007b""#).outcome.rejection
        #expect(c?.field == "correlation_id")
        #expect(c?.correlationID == nil)
        #expect(c?.tenantID == "tenant-demo")
        let missing = RequestJSON().with("correlation_id", nil).outcome.rejection
        #expect(missing?.correlationID == nil)
    }

    @Test("an over-long tenant_id is not echoed")
    func longTenantNotEchoed() {
        let r = RequestJSON().with("tenant_id", jsonString(String(repeating: "t", count: 257))).outcome.rejection
        #expect(r?.field == "tenant_id")
        #expect(r?.tenantID == nil)
    }

    @Test("an identifier matching a value pattern is never echoed")
    func sensitiveNotEchoed() {
        let r = RequestJSON().with("tenant_id", jsonString(" " + Self.token + " ")).outcome.rejection
        #expect(r?.reason == .sensitiveMaterial)
        #expect(r?.field == "tenant_id")
        #expect(r?.tenantID == nil)
        #expect(r?.correlationID == "corr-1")
        #expect(r?.operation == "policy_registry_readiness")
        let c = RequestJSON().with("correlation_id", jsonString("id " + Self.token)).outcome.rejection
        #expect(c?.field == "correlation_id")
        #expect(c?.correlationID == nil)
        #expect(c?.tenantID == "tenant-demo")
    }

    @Test("sensitive material elsewhere still echoes clean identifiers")
    func sensitiveElsewhere() {
        let r = RequestJSON().payload(["labels": #"{"api_token":"redacted"}"#]).outcome.rejection
        #expect(r?.reason == .sensitiveMaterial)
        #expect(r?.field == "payload.labels.api_token")
        #expect(r?.tenantID == "tenant-demo" && r?.correlationID == "corr-1" && r?.operation == "policy_registry_readiness")
    }

    @Test("an escaped identifier is echoed decoded")
    func escapedEcho() {
        let r = RequestJSON().with("tenant_id", #""tenant\u002dx""#).with("payload", nil).outcome.rejection
        #expect(r?.tenantID == "tenant-x")
    }
}
