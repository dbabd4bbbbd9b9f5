import ReadinessContract
import ReadinessRegistry
import Testing

/// The response envelope and summary (contract §4, §8 "Response"): aggregation over the
/// required checks, catalog facts, P, check order and fixed fields.
@Suite("Response summary and aggregation")
struct ResponseSummaryTests {
    /// Service `service`; tenant t with approvals from `approvals`; pack p fully ready otherwise.
    static func registry(service: String = "available", approval: String? = "approved") throws -> RegistrySnapshot {
        try snapshot(#"""
            "service":{"status":"\#(service)"},
            "catalogs":{"c":{"version":"cv-9","published_at":"2026-06-02T00:00:00Z","packs":["p","p","q"]}},
            "packs":{"p":{"latest":"1","versions":{"1":{}}},"q":{"latest":"1","versions":{"1":{}}}},
            "tenants":{"t":{"catalog_scopes":["c"],"entitlement":{"status":"active","packs":["*"]},
                            "approvals":{\#(approval.map { #""p":"\#($0)","q":"\#($0)""# } ?? "")}}}
            """#)
    }

    @Test("the fixed envelope fields")
    func envelope() throws {
        let response = try evaluate(Self.registry(), correlation: "c-42")
        #expect(response.schemaVersion == "cavra.saas_control_plane.response.v1")
        #expect(response.operation == "policy_registry_readiness")
        #expect(response.status == "accepted")
        #expect(response.correlationId == "c-42")
        #expect(response.privateImplementationRequired == false)
        #expect(response.summary.privateValidationRequired == false)
        #expect(response.summary.tenantId == "t")
        #expect(response.summary.checkedAt == "2026-06-02T12:00:00Z")
        #expect(response.summary.registryBoundary == "evaluated against policy registry revision rev-1")
        #expect(response.payload.registryRevision == "rev-1")
        #expect(response.message == "Policy registry readiness evaluated: \(response.summary.readinessStatus).")
    }

    @Test("checked_at truncates fractional seconds")
    func checkedAt() throws {
        #expect(try evaluate(Self.registry(), now: "2026-06-02T13:59:59.999+02:00").summary.checkedAt == "2026-06-02T11:59:59Z")
    }

    @Test("aggregation over the required checks", arguments: [
        // (service, approval, checks, expected readiness)
        ("available", "approved", [ReadinessCheck.serviceAvailability, .approvalState], "ready"),
        ("degraded", "approved", [.serviceAvailability, .approvalState], "degraded"),
        ("available", "pending", [.serviceAvailability, .approvalState], "degraded"),
        ("maintenance", "approved", [.serviceAvailability, .approvalState], "unknown"),
        ("maintenance", "pending", [.serviceAvailability, .approvalState], "degraded"),  // degraded beats unknown
        ("unavailable", "pending", [.serviceAvailability, .approvalState], "blocked"),
        ("degraded", "rejected", [.serviceAvailability, .approvalState], "blocked"),
        ("maintenance", "rejected", [.approvalState, .serviceAvailability], "blocked"),  // order does not matter
        ("unavailable", "approved", [.approvalState], "ready"),                          // only required checks count
        ("available", "rejected", [.serviceAvailability], "ready"),
        ("available", "approved", [.artifactIntegrity], "unknown"),                      // versions without artifacts
    ])
    func aggregation(_ service: String, _ approval: String, _ checks: [ReadinessCheck], _ expected: String) throws {
        let response = try evaluate(Self.registry(service: service, approval: approval), checks: CheckList(checks))
        #expect(response.summary.readinessStatus == expected)
        #expect(response.message == "Policy registry readiness evaluated: \(expected).")
    }

    @Test("checks appear in request order, once each")
    func checkOrder() throws {
        let order: [ReadinessCheck] = [.approvalState, .serviceAvailability, .catalogFreshness]
        let response = try evaluate(Self.registry(), checks: CheckList(order))
        #expect(response.payload.checks.map(\.name) == ["approval_state", "service_availability", "catalog_freshness"])
        let all = try evaluate(Self.registry())
        #expect(all.payload.checks.map(\.name) == ["service_availability", "catalog_freshness", "policy_pack_versions",
                                                   "artifact_integrity", "entitlement_scope", "approval_state"])
    }

    @Test("latest_catalog_version and policy_pack_count come from scope S's catalog as written")
    func catalogFacts() throws {
        let response = try evaluate(Self.registry())
        #expect(response.summary.latestCatalogVersion == "cv-9")
        #expect(response.summary.policyPackCount == 3)  // duplicates in the catalog's list are counted
    }

    @Test("catalog facts are reported for unregistered and unsubscribed tenants")
    func catalogFactsForStrangers() throws {
        let stranger = try evaluate(Self.registry(), tenant: "stranger")
        #expect(stranger.summary.latestCatalogVersion == "cv-9")
        #expect(stranger.summary.policyPackCount == 3)
        #expect(stranger.summary.catalogStatus == "blocked")
    }

    @Test("no catalog for S: null version, count 0")
    func noCatalog() throws {
        let response = try evaluate(Self.registry(), scope: "elsewhere")
        #expect(response.summary.latestCatalogVersion == nil)
        #expect(response.summary.policyPackCount == 0)
        #expect(response.check("catalog_freshness")?.findings == ["catalog scope elsewhere not found"])
    }

    @Test("P is the de-duplicated catalog packs when refs are empty, whatever the tenant")
    func defaultPacks() throws {
        let response = try evaluate(Self.registry(approval: nil), checks: [.approvalState])
        #expect(response.only.findings == ["no approval record for policy pack p", "no approval record for policy pack q"])
        let stranger = try evaluate(Self.registry(), tenant: "stranger", checks: [.entitlementScope, .policyPackVersions])
        #expect(stranger.check("policy_pack_versions")?.findings == [])
        #expect(stranger.check("policy_pack_versions")?.status == "ready")
    }

    @Test("explicit refs replace the catalog's packs")
    func explicitRefs() throws {
        let response = try evaluate(Self.registry(approval: nil), refs: ["q"], checks: [.approvalState])
        #expect(response.only.findings == ["no approval record for policy pack q"])
    }

    @Test("a reused response object does not carry state between requests")
    func reuse() throws {
        let registry = try Self.registry(service: "unavailable", approval: "rejected")
        let response = ReadinessResponse()
        let evaluator = ReadinessEvaluator(snapshot: registry)
        let now = try #require(RFC3339.parse(noon))
        evaluator.evaluate(ReadinessRequest(tenantID: "t", correlationID: "1", catalogScope: "c"), at: now, into: response)
        #expect(response.readinessStatus == .blocked)
        evaluator.evaluate(ReadinessRequest(tenantID: "t", correlationID: "2", catalogScope: "nowhere", requiredChecks: [.catalogFreshness]),
                           at: now, into: response)
        #expect(response.checks.count == 1)
        #expect(response.latestCatalogVersion == nil)
        #expect(response.policyPackCount == 0)
        #expect(response.blockers() == ["catalog scope nowhere not found"])
    }
}
