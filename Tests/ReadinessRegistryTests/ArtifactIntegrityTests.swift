import ReadinessContract
import ReadinessRegistry
import Testing
import TestSupport

/// `artifact_integrity` rows (contract §5, §8): verified against files under the artifact root.
@Suite("artifact_integrity")
struct ArtifactIntegrityTests {
    static let hello = Digest.hello

    /// Pack `p` whose latest version 1.0 has the given entry; tenant t subscribed to c listing p.
    static func registry(_ entry: String, root: String, extraPacks: String = "", pins: String = "{}",
                         catalogPacks: String = #"["p"]"#) throws -> RegistrySnapshot {
        try snapshot(#"""
            "catalogs":{"c":{"version":"cv","packs":\#(catalogPacks)}},
            "packs":{"p":{"latest":"1.0","versions":{"1.0":\#(entry)}}\#(extraPacks)},
            "tenants":{"t":{"catalog_scopes":["c"],"pins":\#(pins)}}
            """#, artifactRoot: root)
    }

    func integrity(_ registry: RegistrySnapshot, refs: [String] = ["p"], tenant: String = "t") throws -> ResponseValue.Check {
        try evaluateOne(registry, .artifactIntegrity, tenant: tenant, refs: refs)
    }

    @Test("matching digest → ready; the digest may be upper case")
    func verified() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a/p-1.0.tar", "hello\n")
        for digest in [Self.hello, Self.hello.uppercased()] {
            let check = try integrity(Self.registry(#"{"artifact":"a/p-1.0.tar","sha256":"\#(digest)"}"#, root: dir.path))
            #expect(check.status == "ready")
            #expect(check.findings == [])
        }
    }

    @Test("an empty file verifies against the empty digest")
    func emptyFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("empty.tar", "")
        #expect(try integrity(Self.registry(#"{"artifact":"empty.tar","sha256":"\#(Digest.empty)"}"#, root: dir.path)).status == "ready")
    }

    @Test("no artifact recorded → unknown")
    func noArtifact() throws {
        let check = try integrity(Self.registry(#"{"sha256":"\#(Self.hello)"}"#, root: "/nonexistent"))
        #expect(check.status == "unknown")
        #expect(check.findings == ["policy pack p version 1.0 has no artifact"])
    }

    @Test("no digest recorded → degraded")
    func noDigest() throws {
        let dir = try TemporaryDirectory()
        try dir.write("p.tar", "hello\n")
        let check = try integrity(Self.registry(#"{"artifact":"p.tar"}"#, root: dir.path))
        #expect(check.status == "degraded")
        #expect(check.findings == ["policy pack p version 1.0 has no recorded digest"])
    }

    @Test("missing file, directory or empty path → blocked missing", arguments: ["absent.tar", "folder", "", "folder/"])
    func missing(_ artifact: String) throws {
        let dir = try TemporaryDirectory()
        try dir.makeDirectory("folder")
        let check = try integrity(Self.registry(#"{"artifact":"\#(artifact)","sha256":"\#(Self.hello)"}"#, root: dir.path))
        #expect(check.status == "blocked")
        #expect(check.findings == ["artifact for policy pack p version 1.0 is missing"])
    }

    @Test("different content → blocked digest mismatch")
    func mismatch() throws {
        let dir = try TemporaryDirectory()
        try dir.write("p.tar", "hello, tampered\n")
        let check = try integrity(Self.registry(#"{"artifact":"p.tar","sha256":"\#(Self.hello)"}"#, root: dir.path))
        #expect(check.status == "blocked")
        #expect(check.findings == ["artifact digest mismatch for policy pack p version 1.0"])
    }

    @Test("none considered → unknown", arguments: [[String](), ["ghost"]])
    func noneConsidered(_ refs: [String]) throws {
        // With refs [] and a catalog without packs, or only unknown packs, nothing is verified.
        let registry = try Self.registry("{}", root: "/nonexistent", catalogPacks: "[]")
        let check = try integrity(registry, refs: refs)
        #expect(check.status == "unknown")
        #expect(check.findings == ["no policy pack artifacts to verify"])
    }

    @Test("a pinned version that does not exist is not considered")
    func pinNotFound() throws {
        let registry = try Self.registry("{}", root: "/nonexistent", pins: #"{"p":"7.7"}"#)
        #expect(try integrity(registry).findings == ["no policy pack artifacts to verify"])
    }

    @Test("the resolved (pinned) version's artifact is verified, not latest's")
    func pinnedVersion() throws {
        let dir = try TemporaryDirectory()
        try dir.write("old.tar", "hello\n")
        let registry = try snapshot(#"""
            "catalogs":{"c":{"version":"cv","packs":["p"]}},
            "packs":{"p":{"latest":"2.0","versions":{"1.0":{"artifact":"old.tar","sha256":"\#(Self.hello)"},"2.0":{"artifact":"new.tar","sha256":"\#(Self.hello)"}}}},
            "tenants":{"t":{"catalog_scopes":["c"],"pins":{"p":"1.0"}}}
            """#, artifactRoot: dir.path)
        #expect(try integrity(registry).findings == [])
        // An unregistered tenant has no pins: latest (2.0) is checked, and its file is missing.
        #expect(try integrity(registry, tenant: "stranger").findings == ["artifact for policy pack p version 2.0 is missing"])
    }

    @Test("yanked and not-in-catalog packs are still verified")
    func yankedAndOutside() throws {
        let dir = try TemporaryDirectory()
        let registry = try Self.registry(#"{"yanked":true}"#, root: dir.path,
                                         extraPacks: #","q":{"latest":"5","versions":{"5":{"artifact":"q.tar"}}}"#)
        let check = try integrity(registry, refs: ["p", "q", "ghost"])
        #expect(check.status == "degraded")
        #expect(check.findings == ["policy pack p version 1.0 has no artifact", "policy pack q version 5 has no recorded digest"])
    }

    @Test("the worst finding decides the check status")
    func worst() throws {
        let dir = try TemporaryDirectory()
        try dir.write("q.tar", "x")
        let registry = try Self.registry("{}", root: dir.path,
                                         extraPacks: #","q":{"latest":"1","versions":{"1":{"artifact":"q.tar","sha256":"\#(Self.hello)"}}}"#)
        let check = try integrity(registry, refs: ["p", "q"])
        #expect(check.status == "blocked")
        #expect(check.findings == ["policy pack p version 1.0 has no artifact", "artifact digest mismatch for policy pack q version 1"])
    }

    @Test("the artifact root defaults to the snapshot file's folder")
    func defaultRoot() throws {
        let dir = try TemporaryDirectory()
        try dir.write("arts/p.tar", "hello\n")
        try dir.write("registry.json", #"""
            {"schema_version":"readinessd.registry.v1","revision":"r",
             "catalogs":{"c":{"version":"cv","packs":["p"]}},
             "packs":{"p":{"latest":"1.0","versions":{"1.0":{"artifact":"arts/p.tar","sha256":"\#(Self.hello)"}}}},
             "tenants":{"t":{"catalog_scopes":["c"]}}}
            """#)
        let registry = try SnapshotLoader.load(path: dir.path + "/registry.json")
        #expect(try integrity(registry).findings == [])
    }

    @Test("artifact paths that differ only in Unicode normalization are different files")
    func normalizationDistinctPaths() throws {
        let dir = try TemporaryDirectory()
        let nfc = "caf\u{E9}.tar", nfd = "cafe\u{301}.tar"
        try dir.write(nfc, "hello\n")
        try dir.write(nfd, "")
        let registry = try snapshot(#"""
            "catalogs":{"c":{"version":"cv","packs":["a","b"]}},
            "packs":{"a":{"latest":"1","versions":{"1":{"artifact":"\#(nfc)","sha256":"\#(Self.hello)"}}},
                     "b":{"latest":"1","versions":{"1":{"artifact":"\#(nfd)","sha256":"\#(Digest.empty)"}}}},
            "tenants":{"t":{"catalog_scopes":["c"]}}
            """#, artifactRoot: dir.path)
        let check = try integrity(registry, refs: ["a", "b"])
        #expect(check.findings == [])
    }
}
