#if canImport(Glibc)
import Glibc
#endif

/// Writes a realistic generated registry snapshot (and its artifacts) to a temporary folder.
struct SyntheticRegistry {
    let tenants: Int
    let packs: Int
    let scopes: Int
    /// The folder holding `registry.json` and `artifacts/`.
    let directory: String

    var snapshotPath: String { directory + "/registry.json" }

    init(tenants: Int, packs: Int, scopes: Int) throws {
        self.tenants = tenants
        self.packs = packs
        self.scopes = scopes
        var template = Array("/tmp/readinessd-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchFailure("cannot create a temporary folder") }
        directory = String(cString: made)
        mkdir(directory + "/artifacts", 0o755)
        try write()
    }

    private func write() throws {
        var json = #"{"schema_version":"readinessd.registry.v1","revision":"bench-1","service":{"status":"available"},"#
        json += #""freshness":{"fresh_for_seconds":86400,"expire_after_seconds":604800},"entitlement_warning_seconds":1209600,"catalogs":{"#
        for scope in 0..<scopes {
            let members = (0..<8).map { "\"pack-\((scope * 5 + $0) % packs)\"" }.joined(separator: ",")
            let published = scope % 3 == 0 ? "2026-06-01T00:00:00Z" : (scope % 3 == 1 ? "2026-05-20T00:00:00Z" : "2026-06-02T06:30:00.5+02:00")
            json += (scope > 0 ? "," : "") + #""scope-\#(scope)":{"version":"catalog-\#(scope)","published_at":"\#(published)","packs":[\#(members)]}"#
        }
        json += #"},"packs":{"#
        for pack in 0..<packs {
            let content = "artifact of pack \(pack)\n"
            let path = "artifacts/pack-\(pack).tar"
            try writeFile(directory + "/" + path, content)
            let digest = pack % 17 == 5 ? String(repeating: "0", count: 64) : Digest.sha256Hex(content)
            json += (pack > 0 ? "," : "") + #""pack-\#(pack)":{"latest":"2.0.0","versions":{"1.0.0":{"artifact":"\#(path)","sha256":"\#(digest)"},"2.0.0":{"artifact":"\#(path)","sha256":"\#(digest)","yanked":\#(pack % 23 == 7)}}}"#
        }
        json += #"},"tenants":{"#
        for tenant in 0..<tenants {
            let scope = tenant % scopes
            let status = ["active", "active", "active", "trial", "suspended", "grandfathered"][tenant % 6]
            let expires = tenant % 5 == 0 ? "2026-06-10T00:00:00Z" : "2027-06-01T00:00:00Z"
            let entitled = tenant % 4 == 0 ? #"["*"]"# : "[" + (0..<6).map { "\"pack-\((scope * 5 + $0) % packs)\"" }.joined(separator: ",") + "]"
            let approvals = (0..<8).map { i -> String in
                let word = ["approved", "approved", "approved", "pending", "rejected"][(tenant + i) % 5]
                return "\"pack-\((scope * 5 + i) % packs)\":\"\(word)\""
            }.joined(separator: ",")
            let pins = tenant % 7 == 0 ? "\"pack-\((scope * 5) % packs)\":\"1.0.0\"" : ""
            json += (tenant > 0 ? "," : "") + #""tenant-\#(tenant)":{"catalog_scopes":["scope-\#(scope)"],"pins":{\#(pins)},"entitlement":{"plan":"enterprise","status":"\#(status)","expires_at":"\#(expires)","packs":\#(entitled)},"approvals":{\#(approvals)}}"#
        }
        json += "}}"
        try writeFile(snapshotPath, json)
    }

    private func writeFile(_ path: String, _ content: String) throws {
        guard let file = fopen(path, "w") else { throw BenchFailure("cannot write \(path)") }
        defer { fclose(file) }
        var content = content
        content.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, file) }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
