import ReadinessContract
import Testing

/// Rules 11 and 12 of contract §3.1 / §8: `policy_pack_refs` and `required_checks`.
@Suite("RequestValidator: policy_pack_refs and required_checks")
struct RequestValidatorListTests {
    static func refs(_ values: [String]) -> String { "[" + values.map(jsonString).joined(separator: ",") + "]" }

    func outcome(refs json: String) -> ValidationOutcome { RequestJSON().payload(["policy_pack_refs": json]).outcome }
    func outcome(checks json: String) -> ValidationOutcome { RequestJSON().payload(["required_checks": json]).outcome }

    // MARK: policy_pack_refs

    @Test("absent or empty refs mean []")
    func refsDefault() {
        #expect(RequestJSON().outcome.request?.policyPackRefs == [])
        #expect(outcome(refs: "[]").request?.policyPackRefs == [])
    }

    @Test("refs are trimmed and de-duplicated after trimming, first occurrence kept")
    func refsDeduplicated() {
        let request = outcome(refs: Self.refs(["b", " a", "b ", "a", "\u{3000}c", "a\u{A0}"])).request
        #expect(request?.policyPackRefs == ["b", "a", "c"])
    }

    @Test("refs de-duplication compares code points (NFC and NFD stay distinct)")
    func refsCodePoints() {
        #expect(outcome(refs: Self.refs(["\u{E9}", "e\u{301}", "\u{E9}"])).request?.policyPackRefs == ["\u{E9}", "e\u{301}"])
    }

    @Test("refs must be an array", arguments: ["null", #""a""#, "{}", "1", "true"])
    func refsNotArray(_ json: String) {
        let r = outcome(refs: json).rejection
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "payload.policy_pack_refs")
    }

    @Test("a bad element is reported at its index", arguments: [
        "null", "1", #""""#, #""  ""#, #""a\u0000""#, "[]", "{}", jsonString(String(repeating: "p", count: 257)),
    ])
    func refsBadElement(_ bad: String) {
        let r = outcome(refs: #"["a","b",\#(bad),"c"]"#).rejection
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "payload.policy_pack_refs[2]")
    }

    @Test("the first bad element wins")
    func refsFirstBadElement() {
        #expect(outcome(refs: #"[1,null]"#).rejection?.field == "payload.policy_pack_refs[0]")
        #expect(outcome(refs: #"["ok","ok",""," ",5]"#).rejection?.field == "payload.policy_pack_refs[2]")
    }

    @Test("1000 refs are accepted, 1001 refused before de-duplication")
    func refsLimit() {
        let thousand = (0..<1000).map { "pack-\($0)" }
        #expect(outcome(refs: Self.refs(thousand)).request?.policyPackRefs == thousand)
        let r = outcome(refs: Self.refs(thousand + ["pack-1000"])).rejection
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "payload.policy_pack_refs")
        // 1001 copies of one ref: still too many (the length is checked before de-duplication).
        #expect(outcome(refs: Self.refs(Array(repeating: "same", count: 1001))).rejection?.field == "payload.policy_pack_refs")
        // 1000 copies are fine and collapse to one.
        #expect(outcome(refs: Self.refs(Array(repeating: "same", count: 1000))).request?.policyPackRefs == ["same"])
    }

    @Test("the length is checked before the elements")
    func refsLengthBeforeElements() {
        let list = "[" + Array(repeating: "null", count: 1001).joined(separator: ",") + "]"
        #expect(outcome(refs: list).rejection?.field == "payload.policy_pack_refs")
    }

    // MARK: required_checks

    @Test("absent required_checks means all six in canonical order")
    func checksDefault() {
        let checks = RequestJSON().outcome.request?.requiredChecks
        #expect(checks.map { Array($0) } == [.serviceAvailability, .catalogFreshness, .policyPackVersions,
                                           .artifactIntegrity, .entitlementScope, .approvalState])
    }

    @Test("checks keep request order and drop repeats")
    func checksOrderAndDedup() {
        let checks = outcome(checks: #"["approval_state","service_availability","approval_state","catalog_freshness","service_availability"]"#)
            .request?.requiredChecks
        #expect(checks.map { Array($0) } == [.approvalState, .serviceAvailability, .catalogFreshness])
    }

    @Test("each of the six names is accepted on its own", arguments: ReadinessCheck.allCases)
    func eachCheck(_ check: ReadinessCheck) {
        #expect(outcome(checks: "[\"\(check.description)\"]").request?.requiredChecks.map { $0 } == [check])
    }

    @Test("a non-array or empty array is reported at payload.required_checks", arguments: [
        "[]", "null", #""service_availability""#, "{}", "0",
    ])
    func checksNotList(_ json: String) {
        let r = outcome(checks: json).rejection
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "payload.required_checks")
    }

    @Test("a bad element is reported at its index; names are exact", arguments: [
        #""bogus""#, #"" service_availability""#, #""service_availability ""#, #""SERVICE_AVAILABILITY""#,
        #""service-availability""#, "null", "1", #"["service_availability"]"#, #""""#,
    ])
    func checksBadElement(_ bad: String) {
        let r = outcome(checks: #"["service_availability",\#(bad),"bogus"]"#).rejection
        #expect(r?.reason == .invalidField)
        #expect(r?.field == "payload.required_checks[1]")
    }

    @Test("an escaped spelling of a check name is that check")
    func checksEscaped() {
        #expect(outcome(checks: #"["approval\u005fstate"]"#).request?.requiredChecks.map { $0 } == [.approvalState])
    }
}
