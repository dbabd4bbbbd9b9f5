import ReadinessContract
import ReadinessRegistry
import Testing

/// Registry look-ups compare code points exactly: NFC and NFD spellings are different
/// tenants, scopes, packs, versions and approval keys (no Unicode normalization).
@Suite("Exact code-point comparison")
struct ExactKeyComparisonTests {
    static let nfc = "caf\u{E9}"        // café, precomposed
    static let nfd = "cafe\u{301}"      // café, decomposed

    /// Everything is registered under the NFC spelling.
    static func registry() throws -> RegistrySnapshot {
        try snapshot(#"""
            "catalogs":{"\#(nfc)":{"version":"v","published_at":"2026-06-02T00:00:00Z","packs":["\#(nfc)"]}},
            "packs":{"\#(nfc)":{"latest":"1.\#(nfc)","versions":{"1.\#(nfc)":{}}}},
            "tenants":{"\#(nfc)":{"catalog_scopes":["\#(nfc)"],"pins":{"\#(nfc)":"1.\#(nfd)"},
                                  "entitlement":{"status":"active","packs":["\#(nfc)"]},"approvals":{"\#(nfc)":"approved"}}}
            """#)
    }

    @Test("Swift's String equality would conflate the two spellings; the registry must not")
    func premise() {
        #expect(Self.nfc == Self.nfd)
        #expect(!Self.nfc.unicodeScalars.elementsEqual(Self.nfd.unicodeScalars))
    }

    @Test("tenant ids")
    func tenants() throws {
        let registry = try Self.registry()
        #expect(registry.tenants[Self.nfc] != nil)
        #expect(registry.tenants[Self.nfd] == nil)
        let check = try evaluateOne(registry, .catalogFreshness, tenant: Self.nfd, scope: Self.nfc)
        #expect(check.findings == ["tenant \(Self.nfd) is not registered"])
        #expect(check.findings.first?.unicodeScalars.elementsEqual("tenant \(Self.nfd) is not registered".unicodeScalars) == true)
    }

    @Test("catalog scopes")
    func scopes() throws {
        let check = try evaluateOne(Self.registry(), .catalogFreshness, tenant: Self.nfc, scope: Self.nfd)
        #expect(check.findings.first?.unicodeScalars.elementsEqual("catalog scope \(Self.nfd) not found".unicodeScalars) == true)
        #expect(try evaluateOne(Self.registry(), .catalogFreshness, tenant: Self.nfc, scope: Self.nfc).findings == [])
    }

    @Test("packs, catalog membership, pinned versions, entitlements and approvals")
    func packs() throws {
        let registry = try Self.registry()
        // The NFC ref resolves, but its pin (NFD version) does not name the NFC version key.
        let nfcVersions = try evaluateOne(registry, .policyPackVersions, tenant: Self.nfc, scope: Self.nfc, refs: [Self.nfc])
        #expect(nfcVersions.findings.first?.unicodeScalars.elementsEqual(
            "policy pack \(Self.nfc) pinned version 1.\(Self.nfd) not found".unicodeScalars) == true)
        // The NFD ref is not a known pack.
        let nfdVersions = try evaluateOne(registry, .policyPackVersions, tenant: Self.nfc, scope: Self.nfc, refs: [Self.nfd])
        #expect(nfdVersions.findings.first?.unicodeScalars.elementsEqual("policy pack \(Self.nfd) not found".unicodeScalars) == true)
        let entitlement = try evaluateOne(registry, .entitlementScope, tenant: Self.nfc, scope: Self.nfc, refs: [Self.nfc, Self.nfd])
        #expect(entitlement.findings.count == 1)
        #expect(entitlement.findings.first?.unicodeScalars.elementsEqual(
            "policy pack \(Self.nfd) is not entitled for tenant \(Self.nfc)".unicodeScalars) == true)
        let approvals = try evaluateOne(registry, .approvalState, tenant: Self.nfc, scope: Self.nfc, refs: [Self.nfc, Self.nfd])
        #expect(approvals.findings.count == 1)
        #expect(approvals.findings.first?.unicodeScalars.elementsEqual("no approval record for policy pack \(Self.nfd)".unicodeScalars) == true)
    }

    @Test("NFC and NFD keys coexist in one snapshot as different entries")
    func coexist() throws {
        let registry = try snapshot(#"""
            "tenants":{"\#(Self.nfc)":{"entitlement":{"status":"active"}},"\#(Self.nfd)":{"entitlement":{"status":"suspended"}}}
            """#)
        #expect(registry.tenants.count == 2)
        #expect(registry.tenants[Self.nfc]?.entitlement?.status == "active")
        #expect(registry.tenants[Self.nfd]?.entitlement?.status == "suspended")
        let check = try evaluateOne(registry, .entitlementScope, tenant: Self.nfd)
        #expect(check.findings.first?.hasSuffix(" is suspended") == true)
    }

    @Test("catalog pack lists compare code points too (and are de-duplicated by code points)")
    func catalogPacks() throws {
        let registry = try snapshot(#"""
            "catalogs":{"c":{"version":"v","packs":["\#(Self.nfc)","\#(Self.nfd)","\#(Self.nfc)"]}},"tenants":{"t":{"catalog_scopes":["c"]}}
            """#)
        let response = try evaluate(registry, checks: [.approvalState])
        #expect(response.summary.policyPackCount == 3)
        #expect(response.only.findings.count == 2)
    }

    @Test("status words are compared exactly, not canonically")
    func statusWords() throws {
        // "active" has no other canonical spelling, but full-width or look-alike words must not match.
        let registry = try snapshot(#""tenants":{"t":{"entitlement":{"status":"\u0430ctive","packs":["*"]}}}"#)
        #expect(try evaluateOne(registry, .entitlementScope).status == "unknown")
    }
}
