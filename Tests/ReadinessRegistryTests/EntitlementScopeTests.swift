import ReadinessContract
import ReadinessRegistry
import Testing

/// `entitlement_scope` rows (contract §5, §8). now = 2026-06-02T12:00:00Z; the warning
/// window defaults to 1209600 s (14 days), so the edge is 2026-06-16T12:00:00Z.
@Suite("entitlement_scope")
struct EntitlementScopeTests {
    static func registry(entitlement: String?, warning: String? = nil) throws -> RegistrySnapshot {
        try snapshot(#"""
            \#(warning.map { #""entitlement_warning_seconds":"# + $0 + "," } ?? "")
            "catalogs":{"c":{"version":"cv","packs":["p1","p2"]}},
            "packs":{"p1":{"latest":"1","versions":{"1":{}}},"p2":{"latest":"1","versions":{"1":{}}}},
            "tenants":{"t":{"catalog_scopes":["c"]\#(entitlement.map { #","entitlement":"# + $0 } ?? "")}}
            """#)
    }

    static func entitlement(status: String = "active", expires: String? = nil, packs: String = #"["*"]"#) -> String {
        #"{"plan":"x","status":"\#(status)""# + (expires.map { #","expires_at":"\#($0)""# } ?? "") + #","packs":\#(packs)}"#
    }

    func scope(_ registry: RegistrySnapshot, tenant: String = "t", refs: [String] = []) throws -> ResponseValue.Check {
        try evaluateOne(registry, .entitlementScope, tenant: tenant, refs: refs)
    }

    @Test("active or trial with every pack → ready", arguments: ["active", "trial"])
    func entitled(_ status: String) throws {
        let check = try scope(Self.registry(entitlement: Self.entitlement(status: status)))
        #expect(check.status == "ready")
        #expect(check.findings == [])
    }

    @Test("unregistered tenant → blocked, nothing else")
    func unregistered() throws {
        let check = try scope(Self.registry(entitlement: Self.entitlement()), tenant: "stranger", refs: ["p1"])
        #expect(check.status == "blocked")
        #expect(check.findings == ["tenant stranger is not registered"])
    }

    @Test("no entitlement → blocked")
    func noEntitlement() throws {
        let check = try scope(Self.registry(entitlement: nil), refs: ["p1"])
        #expect(check.status == "blocked")
        #expect(check.findings == ["tenant t has no entitlement"])
    }

    @Test("suspended / expired / missing end the check as blocked", arguments: ["suspended", "expired", "missing"])
    func endingStatus(_ status: String) throws {
        let check = try scope(Self.registry(entitlement: Self.entitlement(status: status, expires: "2020-01-01T00:00:00Z", packs: "[]")))
        #expect(check.status == "blocked")
        #expect(check.findings == ["entitlement for tenant t is \(status)"])
    }

    @Test("any other status word is unknown and ends the check", arguments: [
        "Active", "TRIAL", "grandfathered", "", " active", "Suspended",
    ])
    func unknownStatus(_ status: String) throws {
        let check = try scope(Self.registry(entitlement: Self.entitlement(status: status, expires: "2020-01-01T00:00:00Z", packs: "[]")))
        #expect(check.status == "unknown")
        #expect(check.findings == ["entitlement status for tenant t is unknown"])
    }

    @Test("expiry relative to now", arguments: [
        ("2026-06-02T12:00:00Z", "blocked", ["entitlement for tenant t expired"]),            // exactly now
        ("2026-06-02T11:59:59Z", "blocked", ["entitlement for tenant t expired"]),
        ("2026-06-02T14:00:00+02:00", "blocked", ["entitlement for tenant t expired"]),      // now, with an offset
        ("2026-06-02T12:00:00.000000001Z", "degraded", ["entitlement for tenant t expires soon"]),
        ("2026-06-16T12:00:00Z", "degraded", ["entitlement for tenant t expires soon"]),     // remaining == warning
        ("2026-06-16T12:00:00.000000001Z", "ready", [String]()),                             // warning + 1 ns
        ("2026-06-16T12:00:01Z", "ready", [String]()),                                       // warning + 1 s
        ("2026-06-16T13:00:00+01:00", "degraded", ["entitlement for tenant t expires soon"]),
        ("2030-01-01T00:00:00Z", "ready", [String]()),
    ])
    func expiry(_ expires: String, _ status: String, _ findings: [String]) throws {
        let check = try scope(Self.registry(entitlement: Self.entitlement(expires: expires)))
        #expect(check.status == status)
        #expect(check.findings == findings)
    }

    @Test("the warning window comes from entitlement_warning_seconds, fractions exact")
    func customWarning() throws {
        let warn = "10.5"
        #expect(try scope(Self.registry(entitlement: Self.entitlement(expires: "2026-06-02T12:00:10.5Z"), warning: warn)).status == "degraded")
        #expect(try scope(Self.registry(entitlement: Self.entitlement(expires: "2026-06-02T12:00:10.500000001Z"), warning: warn)).status == "ready")
        // A zero window: nothing is "soon", but an expiry at now is still expired.
        #expect(try scope(Self.registry(entitlement: Self.entitlement(expires: "2026-06-02T12:00:00.000000001Z"), warning: "0")).status == "ready")
        #expect(try scope(Self.registry(entitlement: Self.entitlement(expires: noon), warning: "0")).status == "blocked")
    }

    @Test("an expiry beyond 18 fractional digits is not yet expired")
    func subAttosecondExpiry() throws {
        withKnownIssue("fractions beyond 18 digits are truncated: expires_at = now + 10⁻¹⁹ s is reported as expired") {
            let check = try scope(Self.registry(entitlement: Self.entitlement(expires: "2026-06-02T12:00:00.0000000000000000001Z")))
            #expect(check.findings == ["entitlement for tenant t expires soon"])
        }
    }

    @Test("packs not entitled are blocked, per pack in P's order, unknown packs included")
    func notEntitled() throws {
        let check = try scope(Self.registry(entitlement: Self.entitlement(packs: #"["p1"]"#)), refs: ["p2", "p1", "ghost"])
        #expect(check.status == "blocked")
        #expect(check.findings == ["policy pack p2 is not entitled for tenant t", "policy pack ghost is not entitled for tenant t"])
    }

    @Test("absent or empty packs entitle nothing; P defaults to the catalog")
    func noPacks() throws {
        let absent = try scope(Self.registry(entitlement: #"{"status":"active"}"#))
        #expect(absent.findings == ["policy pack p1 is not entitled for tenant t", "policy pack p2 is not entitled for tenant t"])
    }

    @Test("\"*\" entitles every pack, even unknown ones")
    func wildcard() throws {
        let check = try scope(Self.registry(entitlement: Self.entitlement(packs: #"["p1","*"]"#)), refs: ["ghost", "p2"])
        #expect(check.findings == [])
    }

    @Test("expiry and per-pack findings are all reported")
    func expiryAndPacks() throws {
        let expired = try scope(Self.registry(entitlement: Self.entitlement(expires: "2026-01-01T00:00:00Z", packs: #"["p1"]"#)))
        #expect(expired.status == "blocked")
        #expect(expired.findings == ["entitlement for tenant t expired", "policy pack p2 is not entitled for tenant t"])
        let soon = try scope(Self.registry(entitlement: Self.entitlement(expires: "2026-06-03T00:00:00Z", packs: #"["p1"]"#)))
        #expect(soon.status == "blocked")
        #expect(soon.findings == ["entitlement for tenant t expires soon", "policy pack p2 is not entitled for tenant t"])
        let soonOnly = try scope(Self.registry(entitlement: Self.entitlement(expires: "2026-06-03T00:00:00Z")))
        #expect(soonOnly.status == "degraded")
    }
}
