import ReadinessContract
import Testing
@testable import ReadinessFleet

@Suite struct FleetPlanTests {
    let scopes: [String: [String]] = [
        "tenant-a": ["tenant-default"], "tenant-b": ["tenant-default", "regulated"], "tenant-c": [],
    ]

    func plan(_ selection: FleetTenantSelection, scope: String? = nil) -> FleetPlan {
        FleetPlan(batch: FleetFixtures.batch, selection: selection, snapshotTenants: ["tenant-a", "tenant-b", "tenant-c"],
                  scopesOf: { scopes[$0] }, scope: scope, checks: nil)
    }

    @Test func allTenantsWithEverySubscribedScope() {
        let targets = plan(.all).targets
        #expect(targets == [
            FleetTarget(tenantID: "tenant-a", scope: "tenant-default"),
            FleetTarget(tenantID: "tenant-b", scope: "tenant-default"),
            FleetTarget(tenantID: "tenant-b", scope: "regulated"),
            FleetTarget(tenantID: "tenant-c", scope: "tenant-default"),  // registered without scopes
        ])
    }

    @Test func listedUnknownTenantsAskAboutTheDefaultScope() {
        let targets = plan(.listed(["tenant-x", "tenant-a"])).targets
        #expect(targets == [
            FleetTarget(tenantID: "tenant-x", scope: "tenant-default", isKnownTenant: false),
            FleetTarget(tenantID: "tenant-a", scope: "tenant-default"),
        ])
    }

    @Test func scopeOptionReplacesSubscriptions() {
        let targets = plan(.listed(["tenant-b", "tenant-x"]), scope: "archive").targets
        #expect(targets == [
            FleetTarget(tenantID: "tenant-b", scope: "archive"),
            FleetTarget(tenantID: "tenant-x", scope: "archive", isKnownTenant: false),
        ])
    }

    @Test func tenantListsAreTrimmedDeduplicatedAndSkipCommentsAndBlanks() {
        let text = "  tenant-a \r\n\n# a comment\ntenant-b\ntenant-a\n\t\ncaf\u{E9}\ncafe\u{301}\n"
        #expect(FleetTenantSelection.parseList(text) == .listed(["tenant-a", "tenant-b", "caf\u{E9}", "cafe\u{301}"]))
        #expect(FleetTenantSelection.parseList("") == .listed([]))
    }

    @Test func durationsAcceptUnitsAndRefuseTheRest() {
        #expect(FleetDurationParser.parse("90") == .seconds(90))
        #expect(FleetDurationParser.parse("90s") == .seconds(90))
        #expect(FleetDurationParser.parse("15m") == .seconds(900))
        #expect(FleetDurationParser.parse("2h") == .seconds(7200))
        #expect(FleetDurationParser.parse("500ms") == .milliseconds(500))
        for bad in ["", "0", "0s", "-5s", "1.5s", "5 m", "m", "10d", "1234567890s"] {
            #expect(FleetDurationParser.parse(bad) == nil, "\(bad)")
        }
    }
}
