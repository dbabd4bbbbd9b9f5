import ReadinessContract
import ReadinessRegistry
import Testing

/// `policy_pack_versions` rows (contract §5, §8): at most one finding per pack, first row that applies.
@Suite("policy_pack_versions")
struct PolicyPackVersionsTests {
    /// Catalog c lists p-current, p-pinned, p-yanked, p-pin-missing, p-pin-yanked; p-outside exists but is not listed.
    static let members = #"""
        "catalogs":{"c":{"version":"cv","published_at":"2026-06-02T00:00:00Z",
                         "packs":["p-current","p-pinned","p-yanked","p-pin-missing","p-pin-yanked","p-pin-latest"]}},
        "packs":{
          "p-current":{"latest":"2.0","versions":{"1.0":{},"2.0":{}}},
          "p-pinned":{"latest":"2.0","versions":{"1.0":{},"2.0":{}}},
          "p-yanked":{"latest":"3.0","versions":{"3.0":{"yanked":true}}},
          "p-pin-missing":{"latest":"1.0","versions":{"1.0":{}}},
          "p-pin-yanked":{"latest":"2.0","versions":{"1.0":{"yanked":true},"2.0":{}}},
          "p-pin-latest":{"latest":"2.0","versions":{"1.0":{},"2.0":{"yanked":false}}},
          "p-outside":{"latest":"1.0","versions":{"1.0":{}}}
        },
        "tenants":{"t":{"catalog_scopes":["c"],
          "pins":{"p-pinned":"1.0","p-pin-missing":"9.9","p-pin-yanked":"1.0","p-pin-latest":"2.0","p-outside":"0.1"}}}
        """#

    func versions(refs: [String], tenant: String = "t", scope: String = "c", members: String = members) throws -> ResponseValue.Check {
        try evaluateOne(snapshot(members), .policyPackVersions, tenant: tenant, scope: scope, refs: refs)
    }

    @Test("no packs to evaluate → unknown")
    func emptyP() throws {
        // No refs and no catalog for the scope: P is empty.
        let check = try versions(refs: [], scope: "missing-scope")
        #expect(check.status == "unknown")
        #expect(check.findings == ["no policy packs to evaluate"])
        // A catalog without packs gives the same.
        let empty = try versions(refs: [], members: #""catalogs":{"c":{"version":"1","packs":[]}},"tenants":{"t":{"catalog_scopes":["c"]}}"#)
        #expect(empty.findings == ["no policy packs to evaluate"])
    }

    @Test("each row's finding and status", arguments: [
        ("p-unknown", "blocked", ["policy pack p-unknown not found"]),
        ("p-outside", "blocked", ["policy pack p-outside is not in catalog scope c"]),
        ("p-pin-missing", "blocked", ["policy pack p-pin-missing pinned version 9.9 not found"]),
        ("p-yanked", "blocked", ["policy pack p-yanked version 3.0 is yanked"]),
        ("p-pin-yanked", "blocked", ["policy pack p-pin-yanked version 1.0 is yanked"]),
        ("p-pinned", "degraded", ["policy pack p-pinned pinned to 1.0, latest is 2.0"]),
        ("p-pin-latest", "ready", [String]()),
        ("p-current", "ready", [String]()),
    ])
    func row(_ ref: String, _ status: String, _ findings: [String]) throws {
        let check = try versions(refs: [ref])
        #expect(check.status == status)
        #expect(check.findings == findings)
    }

    @Test("findings follow P's order; the check takes the worst status")
    func orderAndWorst() throws {
        let check = try versions(refs: ["p-pinned", "p-current", "p-unknown", "p-yanked"])
        #expect(check.status == "blocked")
        #expect(check.findings == ["policy pack p-pinned pinned to 1.0, latest is 2.0", "policy pack p-unknown not found",
                                   "policy pack p-yanked version 3.0 is yanked"])
        #expect(try versions(refs: ["p-current", "p-pinned"]).status == "degraded")
    }

    @Test("P defaults to the catalog's packs")
    func defaultP() throws {
        let check = try versions(refs: [])
        #expect(check.findings == [
            "policy pack p-pinned pinned to 1.0, latest is 2.0",
            "policy pack p-yanked version 3.0 is yanked",
            "policy pack p-pin-missing pinned version 9.9 not found",
            "policy pack p-pin-yanked version 1.0 is yanked",
        ])
    }

    @Test("not-in-catalog wins over the pin rows; not-found wins over everything")
    func precedence() throws {
        // p-outside is pinned to a version that does not exist: only the catalog row is reported.
        #expect(try versions(refs: ["p-outside"]).findings.count == 1)
        // An unknown pack is not found even if the catalog does not list it.
        #expect(try versions(refs: ["p-unknown"]).findings == ["policy pack p-unknown not found"])
    }

    @Test("no catalog for S: the catalog row does not apply")
    func noCatalog() throws {
        let members = Self.members.replacingOccurrences(of: #""catalog_scopes":["c"]"#, with: #""catalog_scopes":["c","gone"]"#)
        let check = try versions(refs: ["p-outside", "p-current"], scope: "gone", members: members)
        #expect(check.findings == ["policy pack p-outside pinned version 0.1 not found"])
    }

    @Test("an unregistered tenant has no pins, but the catalog row still applies")
    func unregisteredTenant() throws {
        let check = try versions(refs: ["p-pinned", "p-pin-missing", "p-outside", "p-yanked"], tenant: "stranger")
        #expect(check.findings == ["policy pack p-outside is not in catalog scope c", "policy pack p-yanked version 3.0 is yanked"])
    }

    @Test("an unsubscribed tenant's pins still apply")
    func unsubscribedTenant() throws {
        let members = Self.members.replacingOccurrences(of: #""catalog_scopes":["c"]"#, with: #""catalog_scopes":[]"#)
        #expect(try versions(refs: ["p-pinned"], members: members).findings == ["policy pack p-pinned pinned to 1.0, latest is 2.0"])
    }
}
