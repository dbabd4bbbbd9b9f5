@testable import ReadinessContract
import Testing

/// The validator's string interner: the same bytes give the same (equal, byte-identical) string,
/// whatever was interned in between; and the validator's outputs do not depend on it.
@Suite("String interner")
struct StringInternerTests {
    static func intern(_ interner: inout StringInterner, _ text: String) -> String {
        Array(text.utf8).withUnsafeBufferPointer { interner.string($0) }
    }

    @Test("every text comes back with exactly its bytes, also after others took its slot")
    func exactBytes() {
        var interner = StringInterner()
        // Short, long, over the length limit, non-ASCII, and more texts than slots.
        var texts = ["p", "starter-policy-1", "starter-policy-2", "ünïcødé-pack-refs-ω", String(repeating: "x", count: 200)]
        texts += (0..<3 * StringInterner.slotCount).map { "policy-pack-number-\($0)" }
        for round in 0..<2 {
            for text in texts {
                let interned = Self.intern(&interner, text)
                #expect(Array(interned.utf8) == Array(text.utf8), "round \(round)")
            }
        }
    }

    @Test("refs, tenant ids and scopes read through the interner are the request's own")
    func validatorOutputs() {
        var validator = RequestValidator()
        func request(_ tenant: String, _ scope: String, _ refs: [String]) -> String {
            let list = refs.map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"\#(tenant)","requested_by":"console","correlation_id":"c-1","payload":{"catalog_scope":"\#(scope)","policy_pack_refs":[\#(list)]}}"#
        }
        let cases: [(String, String, [String])] = [
            ("tenant-with-a-long-name-01", "catalog-scope-long-name", ["starter-policy-1", "starter-policy-2"]),
            ("tenant-with-a-long-name-02", "catalog-scope-long-name", ["starter-policy-2", "  starter-policy-1  "]),
            ("tenant-with-a-long-name-01", "catalog-scope-other-name", ["starter-policy-1", "starter-policy-1"]),
            ("tenant-with-a-long-name-01", "catalog-scope-long-name", ["starter-policy-\\u0031", "starter-policy-2"]),
        ]
        for _ in 0..<2 {
            for (tenant, scope, refs) in cases {
                let outcome = Array(request(tenant, scope, refs).utf8).withUnsafeBytes { validator.validate($0) }
                guard case .accepted(let accepted) = outcome else {
                    Issue.record("rejected: \(outcome)")
                    continue
                }
                #expect(accepted.tenantID == tenant)
                #expect(accepted.catalogScope == scope)
                let expected = refs.map { $0.replacingOccurrences(of: "\\u0031", with: "1").trimmingCharacters(in: .whitespaces) }
                var unique: [String] = []
                for ref in expected where !unique.contains(ref) { unique.append(ref) }
                #expect(accepted.policyPackRefs == unique)
            }
        }
    }
}
