import ReadinessContract
@testable import ReadinessRegistry
import Testing

/// The compiled evaluation index: interning of refs, tenants and scopes into dense ids,
/// per-tenant facts merged per ref, catalog membership, and the run search.
@Suite("Evaluation index")
struct EvaluationIndexTests {
    static func registry() throws -> RegistrySnapshot {
        try snapshot(#"""
            "catalogs":{"c":{"version":"cv","published_at":"2026-06-02T00:00:00Z","packs":["b","a","b","only-in-catalog"]},
                        "d":{"version":"dv"}},
            "packs":{"a":{"latest":"2","versions":{"1":{},"2":{"yanked":true}}},
                     "b":{"latest":"1","versions":{"1":{}}}},
            "tenants":{"t":{"catalog_scopes":["d","not-a-catalog","c"],
                            "pins":{"a":"1","b":"9","ghost":"1"},
                            "entitlement":{"status":"active","packs":["b","entitled-only"]},
                            "approvals":{"a":"pending","b":"rejected"}},
                       "u":{}}
            """#)
    }

    @Test("every ref named anywhere is interned once; packs come first")
    func refs() throws {
        let index = try Self.registry().index
        #expect(index.refID("a") == 0)
        #expect(index.refID("b") == 1)
        for ref in ["only-in-catalog", "ghost", "entitled-only"] {
            let id = index.refID(ref)
            #expect(id >= 2)
            #expect(index.string(index.refText[Int(id)]) == ref)
            #expect(!index.packs[Int(id)].exists)
        }
        #expect(index.refID("never-named") == -1)
        #expect(index.refText.count == index.packs.count)
        #expect(index.string(index.versions[Int(index.packs[0].latest)].name) == "2")
        #expect(index.versions[Int(index.packs[0].latest)].yanked)
    }

    @Test("snapshot texts are checked once for JSON escaping; one that needs it is still written escaped")
    func plainText() throws {
        #expect(try Self.registry().index.textIsPlain)
        // A version name with a quote and a backslash makes the whole arena not plain, so
        // findings from snapshot texts take the escaping path again.
        let odd = try snapshot(#"""
            "catalogs":{"c":{"version":"cv","packs":["p"]}},
            "packs":{"p":{"latest":"2\"x\\","versions":{"1":{},"2\"x\\":{"yanked":true}}}},
            "tenants":{"t":{"catalog_scopes":["c"]}}
            """#)
        #expect(!odd.index.textIsPlain)
        let check = try evaluateOne(odd, .policyPackVersions, refs: ["p"])
        #expect(check.findings == [#"policy pack p version 2"x\ is yanked"#])
    }

    @Test("catalogs keep written order de-duplicated, count as written, and answer membership")
    func catalogs() throws {
        let index = try Self.registry().index
        let catalog = index.catalogs[Int(try #require(index.scopeIDs["c"]))]
        #expect(catalog.packCount == 4)
        let list = (0..<Int(catalog.listCount)).map { index.string(index.refText[Int(index.catalogRefs[Int(catalog.listStart) + $0])]) }
        #expect(list == ["b", "a", "only-in-catalog"])
        #expect(index.catalog(catalog, lists: index.refID("a")))
        #expect(!index.catalog(catalog, lists: index.refID("ghost")))
        #expect(!index.catalog(catalog, lists: -1))
        #expect(index.catalogVersions[Int(try #require(index.scopeIDs["d"]))] == "dv")
    }

    @Test("a tenant's pins, approvals and entitlements merge per ref; pins resolve to versions")
    func tenantFacts() throws {
        let index = try Self.registry().index
        let tenant = index.tenants[Int(try #require(index.tenantIDs["t"]))]
        func fact(_ ref: String) throws -> EvaluationIndex.TenantRef {
            let position = index.tenantRef(tenant, index.refID(ref))
            try #require(position >= 0)
            return index.tenantRefs[Int(position)]
        }
        let a = try fact("a")
        #expect(index.string(index.versions[Int(a.pinned)].name) == "1")
        #expect(a.approval == .pending && !a.entitled)
        let b = try fact("b")
        #expect(b.pinned == EvaluationIndex.unknownPin && index.string(b.pin) == "9")
        #expect(b.approval == .rejected && b.entitled)
        #expect(try fact("ghost").pinned == EvaluationIndex.unknownPin)
        let entitledOnly = try fact("entitled-only")
        #expect(entitledOnly.entitled && entitledOnly.pinned == EvaluationIndex.noPin && entitledOnly.approval == .none)
        #expect(index.tenantRef(tenant, index.refID("only-in-catalog")) == -1)
        #expect(tenant.refsCount == 4)
        let refs = (0..<Int(tenant.refsCount)).map { index.tenantRefs[Int(tenant.refsStart) + $0].ref }
        #expect(refs == refs.sorted())
        // Subscriptions keep existing catalogs only.
        #expect(tenant.scopesCount == 2)
        #expect(index.tenant(tenant, subscribesTo: try #require(index.scopeIDs["c"])))
        let bare = index.tenants[Int(try #require(index.tenantIDs["u"]))]
        #expect(bare.entitlement == .none && bare.refsCount == 0 && bare.scopesCount == 0)
    }

    @Test("run search: scanning short runs and bisecting long ones agree with a linear search")
    func search() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 5, 16, 17, 40, 300] {
            let run = (0..<count).map { _ in Int32.random(in: 0..<500, using: &generator) }
            let sorted = [Int32(-7)] + Array(Set(run)).sorted() + [Int32(9999)]  // padding around the run
            sorted.withUnsafeBufferPointer { buffer in
                for target in Int32(-1)...Int32(501) {
                    let found = EvaluationIndex.search(buffer, from: 1, count: sorted.count - 2, for: target) { $0 }
                    let expected = sorted[1..<(sorted.count - 1)].firstIndex(of: target).map(Int32.init) ?? -1
                    #expect(found == expected, "count \(count), target \(target)")
                }
            }
        }
    }

    @Test("long tenant and catalog lists (bisected) evaluate like short ones")
    func longLists() throws {
        let packs = (0..<40).map { "p\($0)" }
        let quoted = packs.map { "\"\($0)\"" }.joined(separator: ",")
        let approvals = packs.enumerated().map { "\"\($1)\":\"\($0 % 2 == 0 ? "approved" : "pending")\"" }.joined(separator: ",")
        let registry = try snapshot(#"""
            "catalogs":{"c":{"version":"v","published_at":"2026-06-02T00:00:00Z","packs":[\#(quoted)]}},
            "packs":{\#(packs.map { "\"\($0)\":{\"latest\":\"1\",\"versions\":{\"1\":{}}}" }.joined(separator: ","))},
            "tenants":{"t":{"catalog_scopes":["c"],"entitlement":{"status":"active","packs":[\#(quoted)]},"approvals":{\#(approvals)}}}
            """#)
        let approval = try evaluateOne(registry, .approvalState, tenant: "t", scope: "c")
        #expect(approval.findings == packs.enumerated().filter { $0.offset % 2 == 1 }.map { "approval workflow pending for policy pack \($0.element)" })
        let versions = try evaluateOne(registry, .policyPackVersions, tenant: "t", scope: "c", refs: ["p39", "p0", "zz"])
        #expect(versions.findings == ["policy pack zz not found"])
        let entitlement = try evaluateOne(registry, .entitlementScope, tenant: "t", scope: "c", refs: ["p17", "zz"])
        #expect(entitlement.findings == ["policy pack zz is not entitled for tenant t"])
    }
}
