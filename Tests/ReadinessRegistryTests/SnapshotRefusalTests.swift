import ReadinessContract
import ReadinessRegistry
import Testing
import TestSupport

/// A snapshot that fails to parse or violates the schema is refused whole
/// (contract §5, §8 "Snapshot"); the error names the offending field path.
@Suite("Snapshot refusals")
struct SnapshotRefusalTests {
    static let header = #""schema_version":"readinessd.registry.v1","revision":"r""#
    static let catalog = #""catalogs":{"c":{"version":"1","published_at":"2026-06-02T00:00:00Z","packs":["p"]}}"#
    static let pack = #""packs":{"p":{"latest":"1.0","versions":{"1.0":{"sha256":"\#(Digest.hello)","yanked":false}}}}"#

    struct Case: Sendable, CustomTestStringConvertible {
        var members: String
        var field: String
        var testDescription: String { field + " ← " + members }
    }

    static func document(_ members: String) -> String { "{" + members + "}" }

    static let schemaCases: [Case] = [
        Case(members: #""revision":"r""#, field: "schema_version"),
        Case(members: #""schema_version":1,"revision":"r""#, field: "schema_version"),
        Case(members: #""schema_version":null,"revision":"r""#, field: "schema_version"),
        Case(members: #""schema_version":"readinessd.registry.v2","revision":"r""#, field: "schema_version"),
        Case(members: #""schema_version":"Readinessd.registry.v1","revision":"r""#, field: "schema_version"),
        Case(members: #""schema_version":"readinessd.registry.v1""#, field: "revision"),
        Case(members: #""schema_version":"readinessd.registry.v1","revision":7"#, field: "revision"),
        Case(members: #""schema_version":"readinessd.registry.v1","revision":null"#, field: "revision"),
        Case(members: header + #","catalogs":[]"#, field: "catalogs"),
        Case(members: header + #","catalogs":null"#, field: "catalogs"),
        Case(members: header + #","catalogs":{"c":"1"}"#, field: "catalogs.c"),
        Case(members: header + #","catalogs":{"c":{}}"#, field: "catalogs.c.version"),
        Case(members: header + #","catalogs":{"c":{"version":1}}"#, field: "catalogs.c.version"),
        Case(members: header + #","catalogs":{"c":{"version":"1","published_at":"2026-06-02 00:00:00Z"}}"#, field: "catalogs.c.published_at"),
        Case(members: header + #","catalogs":{"c":{"version":"1","published_at":"2026-06-02T00:00:00"}}"#, field: "catalogs.c.published_at"),
        Case(members: header + #","catalogs":{"c":{"version":"1","published_at":"2026-06-02T00:00:00+0000"}}"#, field: "catalogs.c.published_at"),
        Case(members: header + #","catalogs":{"c":{"version":"1","published_at":1780358400}}"#, field: "catalogs.c.published_at"),
        Case(members: header + #","catalogs":{"c":{"version":"1","published_at":null}}"#, field: "catalogs.c.published_at"),
        Case(members: header + #","catalogs":{"c":{"version":"1","packs":"p"}}"#, field: "catalogs.c.packs"),
        Case(members: header + #","catalogs":{"c":{"version":"1","packs":null}}"#, field: "catalogs.c.packs"),
        Case(members: header + #","catalogs":{"c":{"version":"1","packs":["p",1]}}"#, field: "catalogs.c.packs[1]"),
        Case(members: header + #","packs":[]"#, field: "packs"),
        Case(members: header + #","packs":{"p":[]}"#, field: "packs.p"),
        Case(members: header + #","packs":{"p":{"versions":{"1.0":{}}}}"#, field: "packs.p.latest"),
        Case(members: header + #","packs":{"p":{"latest":1,"versions":{"1.0":{}}}}"#, field: "packs.p.latest"),
        Case(members: header + #","packs":{"p":{"latest":"2.0","versions":{"1.0":{}}}}"#, field: "packs.p.latest"),
        Case(members: header + #","packs":{"p":{"latest":"1.0"}}"#, field: "packs.p.latest"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":[]}}"#, field: "packs.p.versions"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"sha256":"\#(Digest.hello.dropLast())"}}}}"#, field: "packs.p.versions.1.0.sha256"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"sha256":"\#(Digest.hello)0"}}}}"#, field: "packs.p.versions.1.0.sha256"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"sha256":"g\#(Digest.hello.dropFirst())"}}}}"#, field: "packs.p.versions.1.0.sha256"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"sha256":""}}}}"#, field: "packs.p.versions.1.0.sha256"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"sha256":null}}}}"#, field: "packs.p.versions.1.0.sha256"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"yanked":"true"}}}}"#, field: "packs.p.versions.1.0.yanked"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"yanked":null}}}}"#, field: "packs.p.versions.1.0.yanked"),
        Case(members: header + #","packs":{"p":{"latest":"1.0","versions":{"1.0":{"yanked":1}}}}"#, field: "packs.p.versions.1.0.yanked"),
        Case(members: header + #","tenants":[]"#, field: "tenants"),
        Case(members: header + #","tenants":null"#, field: "tenants"),
        Case(members: header + #","tenants":{"t":null}"#, field: "tenants.t"),
        Case(members: header + #","tenants":{"t":{"catalog_scopes":"c"}}"#, field: "tenants.t.catalog_scopes"),
        Case(members: header + #","tenants":{"t":{"catalog_scopes":[null]}}"#, field: "tenants.t.catalog_scopes[0]"),
        Case(members: header + #","tenants":{"t":{"pins":[]}}"#, field: "tenants.t.pins"),
        Case(members: header + #","tenants":{"t":{"entitlement":null}}"#, field: "tenants.t.entitlement"),
        Case(members: header + #","tenants":{"t":{"entitlement":"active"}}"#, field: "tenants.t.entitlement"),
        Case(members: header + #","tenants":{"t":{"entitlement":{}}}"#, field: "tenants.t.entitlement.status"),
        Case(members: header + #","tenants":{"t":{"entitlement":{"status":true}}}"#, field: "tenants.t.entitlement.status"),
        Case(members: header + #","tenants":{"t":{"entitlement":{"status":"active","expires_at":"2027-02-29T00:00:00Z"}}}"#, field: "tenants.t.entitlement.expires_at"),
        Case(members: header + #","tenants":{"t":{"entitlement":{"status":"active","expires_at":"soon"}}}"#, field: "tenants.t.entitlement.expires_at"),
        Case(members: header + #","tenants":{"t":{"entitlement":{"status":"active","packs":"*"}}}"#, field: "tenants.t.entitlement.packs"),
        Case(members: header + #","tenants":{"t":{"entitlement":{"status":"active","packs":[1]}}}"#, field: "tenants.t.entitlement.packs[0]"),
        Case(members: header + #","tenants":{"t":{"approvals":[]}}"#, field: "tenants.t.approvals"),
        Case(members: header + #","tenants":{"t":{"approvals":{"p":"Approved"}}}"#, field: "tenants.t.approvals.p"),
        Case(members: header + #","tenants":{"t":{"approvals":{"p":"denied"}}}"#, field: "tenants.t.approvals.p"),
        Case(members: header + #","tenants":{"t":{"approvals":{"p":true}}}"#, field: "tenants.t.approvals.p"),
        Case(members: header + #","tenants":{"t":{"approvals":{"p":null}}}"#, field: "tenants.t.approvals.p"),
        Case(members: header + #","freshness":[]"#, field: "freshness"),
        Case(members: header + #","freshness":null"#, field: "freshness"),
        Case(members: header + #","freshness":{"fresh_for_seconds":-1}"#, field: "freshness.fresh_for_seconds"),
        Case(members: header + #","freshness":{"fresh_for_seconds":-0.5}"#, field: "freshness.fresh_for_seconds"),
        Case(members: header + #","freshness":{"fresh_for_seconds":"86400"}"#, field: "freshness.fresh_for_seconds"),
        Case(members: header + #","freshness":{"fresh_for_seconds":null}"#, field: "freshness.fresh_for_seconds"),
        Case(members: header + #","freshness":{"expire_after_seconds":-1e-9}"#, field: "freshness.expire_after_seconds"),
        Case(members: header + #","freshness":{"expire_after_seconds":true}"#, field: "freshness.expire_after_seconds"),
        Case(members: header + #","entitlement_warning_seconds":-1209600"#, field: "entitlement_warning_seconds"),
        Case(members: header + #","entitlement_warning_seconds":"1209600""#, field: "entitlement_warning_seconds"),
        Case(members: header + #","entitlement_warning_seconds":null"#, field: "entitlement_warning_seconds"),
    ]

    @Test("schema violations name the field", arguments: schemaCases)
    func schema(_ c: Case) throws {
        let error = try #require(refusal(Self.document(c.members)))
        guard case .schema(_, let field, _) = error else {
            Issue.record("expected a schema error, got \(error)")
            return
        }
        #expect(field == c.field)
        #expect(error.description.contains(c.field))
        #expect(error.description.contains("registry.json"))
        #expect(!error.description.contains("\n"))
    }

    @Test("a violation deep inside refuses the whole snapshot even after valid parts")
    func wholeSnapshot() {
        let text = Self.document(Self.header + "," + Self.catalog + "," + Self.pack + #","tenants":{"a":{},"b":{"approvals":{"p":"maybe"}}}"#)
        #expect(refusal(text) != nil)
        #expect(refusal(Self.document(Self.header + "," + Self.catalog + "," + Self.pack)) == nil)
    }

    @Test("malformed JSON refuses the snapshot with the strict request rules", arguments: [
        #"{"schema_version":"readinessd.registry.v1","revision":"r",}"#,
        #"{"schema_version":"readinessd.registry.v1","revision":"r","revision":"s"}"#,
        #"{"schema_version":"readinessd.registry.v1","revision":"r","tenants":{"t":{},"\u0074":{}}}"#,
        #"{"schema_version":"readinessd.registry.v1","revision":"r","x":NaN}"#,
        #"{"schema_version":"readinessd.registry.v1","revision":"\ud800"}"#,
        "\u{FEFF}" + #"{"schema_version":"readinessd.registry.v1","revision":"r"}"#,
        #"[{"schema_version":"readinessd.registry.v1","revision":"r"}]"#,
        #"{"schema_version":"readinessd.registry.v1","revision":"r"} x"#,
        "",
    ])
    func malformed(_ text: String) {
        let error = refusal(text)
        guard case .malformedJSON(let path, _)? = error else {
            Issue.record("expected malformedJSON, got \(String(describing: error))")
            return
        }
        #expect(path == "registry.json")
    }

    @Test("nesting deeper than 32 refuses the snapshot")
    func tooDeep() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(refusal(#"{"schema_version":"readinessd.registry.v1","revision":"r","x":\#(deep)}"#) != nil)
    }

    @Test("unreadable files")
    func unreadable() throws {
        #expect(throws: SnapshotError.self) { try SnapshotLoader.load(path: "/nonexistent/registry.json") }
        let dir = try TemporaryDirectory()
        do {
            _ = try SnapshotLoader.load(path: dir.path)
            Issue.record("a directory was loaded as a snapshot")
        } catch {
            guard case .unreadable(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == dir.path)
        }
    }

    @Test("minimal and lenient snapshots load")
    func accepted() throws {
        let minimal = try snapshot("")
        #expect(minimal.revision == "rev-1")
        #expect(minimal.serviceStatus == .unknown)
        #expect(minimal.freshFor == 86_400 * Timestamp.attosecondsPerSecond)
        #expect(minimal.expireAfter == 604_800 * Timestamp.attosecondsPerSecond)
        #expect(minimal.entitlementWarning == 1_209_600 * Timestamp.attosecondsPerSecond)
        for service in [#""garbage""#, "null", "[]", "1", #"{"status":{"x":1}}"#] {
            #expect(try snapshot(#""service":"# + service).serviceStatus == .unknown, "\(service)")
        }
        // Optional members may be absent; extra members are ignored; upper-case digests are fine.
        let loaded = try snapshot(#"""
            "extra":{"anything":[1,2,3]},"catalogs":{"c":{"version":"1"}},
            "packs":{"p":{"latest":"1","versions":{"1":{"sha256":"\#(Digest.hello.uppercased())"}}}},
            "tenants":{"t":{"entitlement":{"status":"whatever","plan":"x"}}},
            "freshness":{"fresh_for_seconds":0,"expire_after_seconds":1e999},"entitlement_warning_seconds":0.25
            """#)
        #expect(loaded.freshFor == 0)
        #expect(loaded.entitlementWarning == Timestamp.attosecondsPerSecond / 4)
        #expect(loaded.catalogs["c"]?.packs == [])
        #expect(loaded.packs["p"]?.versions["1"]?.yanked == false)
    }
}
