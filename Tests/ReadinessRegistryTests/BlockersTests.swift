import ReadinessContract
import ReadinessRegistry
import Testing

/// `blockers` (contract §4, §8): every finding of every required check, in check order then
/// pack order, de-duplicated, then capped at 50 (49 + "<N> more blockers").
@Suite("Blockers")
struct BlockersTests {
    /// Catalog c exists (no packs); no packs are registered, so every ref is "not found".
    static func registry() throws -> RegistrySnapshot {
        try snapshot(#""service":{"status":"available"},"catalogs":{"c":{"version":"cv","published_at":"2026-06-02T00:00:00Z"}},"tenants":{"t":{"catalog_scopes":["c"]}}"#)
    }

    static func refs(_ count: Int) -> [String] { (1...count).map { "q\($0)" } }

    func blockers(refs: [String], tenant: String = "t", checks: CheckList = [.policyPackVersions]) throws -> [String] {
        try evaluate(Self.registry(), tenant: tenant, refs: refs, checks: checks).summary.blockers
    }

    @Test("exactly 50 unique findings: all kept, no summary line")
    func fifty() throws {
        let blockers = try blockers(refs: Self.refs(50))
        #expect(blockers.count == 50)
        #expect(blockers.first == "policy pack q1 not found")
        #expect(blockers.last == "policy pack q50 not found")
    }

    @Test("51 unique findings: the first 49, then \"2 more blockers\"")
    func fiftyOne() throws {
        let blockers = try blockers(refs: Self.refs(51))
        #expect(blockers.count == 50)
        #expect(Array(blockers.prefix(49)) == Self.refs(49).map { "policy pack \($0) not found" })
        #expect(blockers.last == "2 more blockers")
    }

    @Test("many more findings", arguments: [52, 100, 1000])
    func many(_ count: Int) throws {
        let response = try evaluate(Self.registry(), refs: Self.refs(count), checks: [.policyPackVersions])
        #expect(response.summary.blockers.count == 50)
        #expect(response.summary.blockers.last == "\(count - 49) more blockers")
        #expect(response.only.findings.count == count)  // the check itself keeps every finding
    }

    @Test("identical findings from different checks are kept once, first occurrence")
    func deduplicatedAcrossChecks() throws {
        let response = try evaluate(Self.registry(), tenant: "stranger", refs: ["q1"],
                                    checks: [.catalogFreshness, .entitlementScope, .approvalState, .policyPackVersions])
        #expect(response.summary.blockers == ["tenant stranger is not registered", "policy pack q1 not found"])
        #expect(response.check("entitlement_scope")?.findings == ["tenant stranger is not registered"])
        #expect(response.check("approval_state")?.findings == ["tenant stranger is not registered"])
    }

    @Test("de-duplication happens before the cap")
    func dedupBeforeCap() throws {
        // 1 tenant finding (3 times) + 49 pack findings = 52 findings, 50 unique: no summary.
        let checks: CheckList = [.catalogFreshness, .policyPackVersions, .entitlementScope, .approvalState]
        let exactly = try evaluate(Self.registry(), tenant: "stranger", refs: Self.refs(49), checks: checks).summary.blockers
        #expect(exactly.count == 50)
        #expect(exactly.first == "tenant stranger is not registered")
        #expect(exactly.last == "policy pack q49 not found")
        // One more ref: 51 unique → 49 kept + "2 more blockers".
        let capped = try evaluate(Self.registry(), tenant: "stranger", refs: Self.refs(50), checks: checks).summary.blockers
        #expect(capped.count == 50)
        #expect(capped[48] == "policy pack q48 not found")
        #expect(capped[49] == "2 more blockers")
    }

    @Test("findings of checks that were not required never become blockers")
    func onlyRequired() throws {
        let response = try evaluate(Self.registry(), tenant: "stranger", refs: ["q1"], checks: [.serviceAvailability])
        #expect(response.summary.blockers == [])
        #expect(response.summary.catalogStatus == "blocked")
        #expect(response.summary.readinessStatus == "ready")
    }

    @Test("blockers include degraded and unknown findings, in check order then pack order")
    func allStatuses() throws {
        let registry = try snapshot(#"""
            "service":{"status":"degraded"},
            "catalogs":{"c":{"version":"cv","packs":["a","b"]}},
            "tenants":{"t":{"catalog_scopes":["c"],"approvals":{"a":"pending"}}}
            """#)
        let response = try evaluate(registry, checks: [.approvalState, .serviceAvailability, .catalogFreshness])
        #expect(response.summary.blockers == [
            "approval workflow pending for policy pack a", "no approval record for policy pack b",
            "policy registry service degraded", "catalog c has no publication time",
        ])
    }
}
