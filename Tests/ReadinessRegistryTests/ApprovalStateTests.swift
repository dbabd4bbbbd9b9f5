import ReadinessContract
import ReadinessRegistry
import Testing

/// `approval_state` rows (contract §5, §8).
@Suite("approval_state")
struct ApprovalStateTests {
    static let registry = #"""
        "catalogs":{"c":{"version":"cv","packs":["p-ok","p-wait","p-no","p-none"]}},
        "packs":{"p-ok":{"latest":"1","versions":{"1":{}}}},
        "tenants":{"t":{"catalog_scopes":["c"],"approvals":{"p-ok":"approved","p-wait":"pending","p-no":"rejected","ghost":"pending"}},
                   "u":{"catalog_scopes":["c"]}}
        """#

    func approvals(tenant: String = "t", refs: [String]) throws -> ResponseValue.Check {
        try evaluateOne(snapshot(Self.registry), .approvalState, tenant: tenant, refs: refs)
    }

    @Test("each record → finding", arguments: [
        ("p-ok", "ready", [String]()),
        ("p-wait", "degraded", ["approval workflow pending for policy pack p-wait"]),
        ("p-no", "blocked", ["approval rejected for policy pack p-no"]),
        ("p-none", "unknown", ["no approval record for policy pack p-none"]),
        ("ghost", "degraded", ["approval workflow pending for policy pack ghost"]),  // unknown packs included
        ("nobody", "unknown", ["no approval record for policy pack nobody"]),
    ])
    func record(_ ref: String, _ status: String, _ findings: [String]) throws {
        let check = try approvals(refs: [ref])
        #expect(check.status == status)
        #expect(check.findings == findings)
    }

    @Test("P defaults to the catalog; findings in P's order; worst status")
    func catalogOrder() throws {
        let check = try approvals(refs: [])
        #expect(check.status == "blocked")
        #expect(check.findings == ["approval workflow pending for policy pack p-wait", "approval rejected for policy pack p-no",
                                   "no approval record for policy pack p-none"])
        #expect(try approvals(refs: ["p-none", "p-wait"]).status == "degraded")
    }

    @Test("unregistered tenant → blocked, one finding")
    func unregistered() throws {
        let check = try approvals(tenant: "stranger", refs: ["p-ok", "p-wait"])
        #expect(check.status == "blocked")
        #expect(check.findings == ["tenant stranger is not registered"])
    }

    @Test("a registered tenant without approvals has no record for any pack")
    func noApprovals() throws {
        let check = try approvals(tenant: "u", refs: ["p-ok"])
        #expect(check.findings == ["no approval record for policy pack p-ok"])
    }

    @Test("with no packs to evaluate there is nothing to approve")
    func emptyP() throws {
        let check = try evaluateOne(snapshot(Self.registry), .approvalState, scope: "missing")
        #expect(check.status == "ready")
        #expect(check.findings == [])
    }
}
