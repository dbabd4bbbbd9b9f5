import ReadinessContract
import Testing

/// Rule 4 (contract §3.1, §3.2, §8): the whole document is scanned in document order,
/// `field` is the JSON path of the first offending key or value, and nothing in the
/// rejection quotes the sensitive value.
@Suite("RequestValidator: sensitive material paths")
struct RequestValidatorSensitivePathTests {
    static let github = "ghp_" + String(repeating: "G", count: 36)
    static let stripe = "sk_test_" + String(repeating: "s", count: 24)
    static let slack = "xoxb-1111-2222-" + String(repeating: "k", count: 16)
    static let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA"

    struct Case: Sendable, CustomTestStringConvertible {
        var document: String
        var field: String
        var secret: String
        var testDescription: String { field }
    }

    static let cases: [Case] = [
        Case(document: RequestJSON().payload(["labels": #"{"api_token":"redacted"}"#]).text,
             field: "payload.labels.api_token", secret: "redacted"),
        Case(document: RequestJSON().with("tenant_id", jsonString("tenant " + github)).text, field: "tenant_id", secret: github),
        Case(document: RequestJSON().with("requested_by", jsonString(stripe)).text, field: "requested_by", secret: stripe),
        Case(document: RequestJSON().with("schema_version", jsonString(slack)).text, field: "schema_version", secret: slack),
        Case(document: RequestJSON().with("operation", jsonString(pem)).text, field: "operation", secret: pem),
        Case(document: RequestJSON().payload(["policy_pack_refs": #"["ok",\#(jsonString(stripe))]"#]).text,
             field: "payload.policy_pack_refs[1]", secret: stripe),
        Case(document: RequestJSON().payload(["matrix": #"[[1,2],["a","b",\#(jsonString(slack))]]"#]).text,
             field: "payload.matrix[1][2]", secret: slack),
        Case(document: RequestJSON().payload(["items": #"[{"a":1},{"b":{"password":"hunter2"}}]"#]).text,
             field: "payload.items[1].b.password", secret: "hunter2"),
        Case(document: RequestJSON().payload(["api\\u005fkey": #""k-123""#]).text.replacingOccurrences(of: #"api\\u005fkey"#, with: #"api\u005fkey"#),
             field: "payload.api_key", secret: "k-123"),
        Case(document: RequestJSON().with("Client_Secret", #""s3cr3t-value""#).text, field: "Client_Secret", secret: "s3cr3t-value"),
        Case(document: RequestJSON().with("x", #"{"a.b":{"c d":[\#(jsonString(github))]}}"#).text,
             field: "x.[redacted].c d[0]", secret: github),
    ]

    @Test("field is the path of the offending key or value", arguments: cases)
    func path(_ c: Case) {
        let r = validate(c.document).rejection
        #expect(r?.reason == .sensitiveMaterial)
        #expect(r?.field == c.field)
    }

    @Test("the rejection never contains the sensitive value", arguments: cases)
    func noLeak(_ c: Case) {
        guard let r = validate(c.document).rejection else { Issue.record("accepted"); return }
        for text in [r.message, r.field ?? "", r.tenantID ?? "", r.correlationID ?? "", r.operation ?? ""] {
            #expect(!text.contains(c.secret))
        }
    }

    @Test("the key of a member is checked before its value")
    func keyBeforeValue() {
        let r = RequestJSON().payload(["outer": #"{"token":\#(jsonString(Self.github))}"#]).outcome.rejection
        #expect(r?.field == "payload.outer.token")
    }

    @Test("the first offender in document order wins")
    func documentOrder() {
        let valueFirst = RequestJSON().payload(["a": jsonString(Self.github), "password": "1"]).outcome.rejection
        #expect(valueFirst?.field == "payload.a")
        let keyFirst = RequestJSON().payload(["password": "1", "a": jsonString(Self.github)]).outcome.rejection
        #expect(keyFirst?.field == "payload.password")
        let nestedFirst = RequestJSON().with("tenant_id", nil).with("a", #"{"b":[{"secret":1}]}"#)
            .with("tenant_id", jsonString(Self.github)).outcome.rejection
        #expect(nestedFirst?.field == "a.b[0].secret")
    }

    @Test("top-level members have no leading dot; escaped keys are decoded; a key with a quote is redacted (§9.4)")
    func keyDecoding() {
        let escaped = RequestJSON().text.dropLast() + #","my\u005Ftoken":1}"#
        #expect(validate(String(escaped)).rejection?.field == "my_token")
        let quoted = RequestJSON().text.dropLast() + #","my\"token":1}"#
        #expect(validate(String(quoted)).rejection?.field == "[redacted]")
    }

    @Test("known members are scanned like any other")
    func knownMembersScanned() {
        let r = RequestJSON().payload(["catalog_scope": jsonString(Self.stripe)]).outcome.rejection
        #expect(r?.field == "payload.catalog_scope")
        let checks = RequestJSON().payload(["required_checks": #"[\#(jsonString(Self.slack))]"#]).outcome.rejection
        #expect(checks?.reason == .sensitiveMaterial)
        #expect(checks?.field == "payload.required_checks[0]")
    }
}
