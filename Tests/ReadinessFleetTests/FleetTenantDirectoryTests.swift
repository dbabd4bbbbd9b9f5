import Foundation
import Testing
@testable import ReadinessFleet

@Suite struct FleetTenantDirectoryTests {
    func read(_ text: String) throws -> FleetTenantDirectory {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { try FleetTenantDirectory(snapshot: $0) }
    }

    @Test func readsTheShippedSnapshot() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/registry.json")
        let data = try Data(contentsOf: path)
        let directory = try data.withUnsafeBytes { try FleetTenantDirectory(snapshot: $0) }
        #expect(directory.tenants == ["tenant-ready", "tenant-demo", "tenant-trial", "tenant-regulated", "tenant-suspended",
                                      "tenant-rejected", "tenant-archive", "tenant-legacy", "tenant-new", "tenant-tampered"])
        #expect(directory.scopes(of: "tenant-legacy") == ["tenant-default", "unpublished"])
        #expect(directory.scopes(of: "tenant-nobody") == nil)
    }

    @Test func scopesAreDeduplicatedAndAbsentListsAreEmpty() throws {
        let directory = try read(#"{"schema_version":"readinessd.registry.v1","tenants":{"a":{"catalog_scopes":["x","y","x"]},"b":{},"caf\u00e9":{"catalog_scopes":["z"]}}}"#)
        #expect(directory.tenants == ["a", "b", "café"])
        #expect(directory.scopes(of: "a") == ["x", "y"])
        #expect(directory.scopes(of: "b") == [])
        #expect(directory.scopes(of: "café") == ["z"])
        #expect(directory.scopes(of: "cafe\u{301}") == nil, "code-point identity, no normalization")
        #expect(try read(#"{"revision":"r"}"#).tenants.isEmpty)
    }

    @Test func refusesWhatIsNotATenantMap() {
        #expect(throws: FleetTenantDirectory.ReadError.self) { try read("{") }
        #expect(throws: FleetTenantDirectory.ReadError.self) { try read(#"{"tenants":{"a":1,"a":2}}"#) }
        #expect(throws: FleetTenantDirectory.ReadError.self) { try read(#"{"tenants":[]}"#) }
        #expect(throws: FleetTenantDirectory.ReadError.self) { try read(#"{"tenants":{"a":[]}}"#) }
        #expect(throws: FleetTenantDirectory.ReadError.self) { try read(#"{"tenants":{"a":{"catalog_scopes":"x"}}}"#) }
        #expect(throws: FleetTenantDirectory.ReadError.self) { try read(#"{"tenants":{"a":{"catalog_scopes":[1]}}}"#) }
    }
}
