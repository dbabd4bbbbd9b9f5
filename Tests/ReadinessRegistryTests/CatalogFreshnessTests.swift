import ReadinessContract
import ReadinessRegistry
import Testing

/// The `catalog_freshness` chain (contract §5, §8): at most one finding, first applicable row wins.
@Suite("catalog_freshness")
struct CatalogFreshnessTests {
    /// Scope c published at `published` (or unpublished), scope other unpublished, tenant t subscribed to `scopes`.
    static func registry(published: String? = "2026-06-02T00:00:00Z", scopes: String = #"["c","other"]"#,
                         freshness: String = "") throws -> RegistrySnapshot {
        let publishedAt = published.map { #","published_at":"\#($0)""# } ?? ""
        return try snapshot(#"""
            \#(freshness.isEmpty ? "" : #""freshness":"# + freshness + ",")
            "catalogs":{"c":{"version":"cv-7"\#(publishedAt),"packs":["p"]},"other":{"version":"ov-1"}},
            "tenants":{"t":{"catalog_scopes":\#(scopes)}}
            """#)
    }

    func freshness(_ registry: RegistrySnapshot, tenant: String = "t", scope: String = "c", now: String = noon) throws -> ResponseValue.Check {
        try evaluateOne(registry, .catalogFreshness, tenant: tenant, scope: scope, now: now)
    }

    @Test("fresh catalog → ready, no findings")
    func fresh() throws {
        let check = try freshness(Self.registry())
        #expect(check.status == "ready")
        #expect(check.findings == [])
    }

    @Test("unregistered tenant → blocked")
    func unregistered() throws {
        let check = try freshness(Self.registry(), tenant: "stranger")
        #expect(check.status == "blocked")
        #expect(check.findings == ["tenant stranger is not registered"])
    }

    @Test("unregistered tenant wins over a missing scope")
    func unregisteredBeforeScope() throws {
        #expect(try freshness(Self.registry(), tenant: "stranger", scope: "nope").findings == ["tenant stranger is not registered"])
    }

    @Test("scope not in catalogs → blocked, even if the tenant lists it")
    func scopeNotFound() throws {
        let check = try freshness(Self.registry(scopes: #"["c","ghost"]"#), scope: "ghost")
        #expect(check.status == "blocked")
        #expect(check.findings == ["catalog scope ghost not found"])
    }

    @Test("tenant not subscribed → blocked")
    func notSubscribed() throws {
        let check = try freshness(Self.registry(scopes: #"["other"]"#))
        #expect(check.status == "blocked")
        #expect(check.findings == ["tenant t is not subscribed to catalog scope c"])
    }

    @Test("a tenant without catalog_scopes is subscribed to nothing")
    func noScopes() throws {
        let registry = try snapshot(#""catalogs":{"c":{"version":"1","published_at":"2026-06-02T00:00:00Z"}},"tenants":{"t":{}}"#)
        #expect(try freshness(registry).findings == ["tenant t is not subscribed to catalog scope c"])
    }

    @Test("no published_at → unknown")
    func noPublicationTime() throws {
        let check = try freshness(Self.registry(published: nil))
        #expect(check.status == "unknown")
        #expect(check.findings == ["catalog c has no publication time"])
        let other = try freshness(Self.registry(), scope: "other")
        #expect(other.findings == ["catalog other has no publication time"])
    }

    @Test("older than expire_after → blocked expired (and only expired)")
    func expired() throws {
        let check = try freshness(Self.registry(published: "2026-05-01T00:00:00Z"))
        #expect(check.status == "blocked")
        #expect(check.findings == ["catalog c version cv-7 is expired"])
    }

    @Test("older than fresh_for → degraded stale")
    func stale() throws {
        let check = try freshness(Self.registry(published: "2026-05-30T00:00:00Z"))
        #expect(check.status == "degraded")
        #expect(check.findings == ["catalog c version cv-7 is stale"])
    }

    @Test("a future publication time counts as age 0")
    func future() throws {
        let check = try freshness(Self.registry(published: "2030-01-01T00:00:00Z", freshness: #"{"fresh_for_seconds":0,"expire_after_seconds":0}"#))
        #expect(check.status == "ready")
        #expect(check.findings == [])
    }

    @Test("durations come from the snapshot's freshness object")
    func customDurations() throws {
        let tight = #"{"fresh_for_seconds":60,"expire_after_seconds":3600}"#
        #expect(try freshness(Self.registry(published: "2026-06-02T11:59:00Z", freshness: tight)).status == "ready")
        #expect(try freshness(Self.registry(published: "2026-06-02T11:58:59Z", freshness: tight)).findings == ["catalog c version cv-7 is stale"])
        #expect(try freshness(Self.registry(published: "2026-06-02T10:59:59Z", freshness: tight)).findings == ["catalog c version cv-7 is expired"])
        // Only one of the two durations given: the other keeps its default.
        #expect(try freshness(Self.registry(published: "2026-05-30T00:00:00Z", freshness: #"{"expire_after_seconds":86400}"#)).findings
                == ["catalog c version cv-7 is expired"])
        #expect(try freshness(Self.registry(published: "2026-06-01T00:00:00Z", freshness: #"{"fresh_for_seconds":172800}"#)).status == "ready")
    }

    @Test("catalog_status reports the chain even when catalog_freshness is not required")
    func catalogStatusAlways() throws {
        let stale = try evaluate(Self.registry(published: "2026-05-30T00:00:00Z"), checks: [.serviceAvailability])
        #expect(stale.summary.catalogStatus == "degraded")
        #expect(stale.summary.blockers == ["policy registry service status unknown"])
        let unregistered = try evaluate(Self.registry(), tenant: "stranger", checks: [.serviceAvailability])
        #expect(unregistered.summary.catalogStatus == "blocked")
        let unpublished = try evaluate(Self.registry(published: nil), checks: [.serviceAvailability])
        #expect(unpublished.summary.catalogStatus == "unknown")
        let fresh = try evaluate(Self.registry(), checks: [.approvalState])
        #expect(fresh.summary.catalogStatus == "ready")
    }
}
