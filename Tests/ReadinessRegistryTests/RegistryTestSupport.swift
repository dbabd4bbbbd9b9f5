import Foundation
import ReadinessContract
import ReadinessRegistry
import Testing
import TestSupport

// Helpers shared by the registry tests: snapshots from JSON text, evaluation of a
// request into the decoded response JSON (what a consumer sees), temp artifact folders.

/// The evaluation time most tests use.
let noon = "2026-06-02T12:00:00Z"

/// The folder holding the shared fixtures.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Loads a snapshot whose top level is `schema_version`, `revision` and then `members` (raw JSON).
func snapshot(_ members: String, artifactRoot: String = "/nonexistent-artifact-root") throws -> RegistrySnapshot {
    let text = #"{"schema_version":"readinessd.registry.v1","revision":"rev-1""# + (members.isEmpty ? "" : "," + members) + "}"
    return try SnapshotLoader.load(bytes: Array(text.utf8), name: "registry.json", artifacts: ArtifactVerifier(root: artifactRoot))
}

/// The error refusing the complete snapshot document `text`, or `nil` if it loads.
func refusal(_ text: String) -> SnapshotError? {
    do {
        _ = try SnapshotLoader.load(bytes: Array(text.utf8), name: "registry.json", artifacts: ArtifactVerifier(root: "/nonexistent"))
        return nil
    } catch {
        return error
    }
}

/// The response JSON value (contract §4) decoded as a consumer would read it.
struct ResponseValue: Decodable, Equatable {
    struct Check: Decodable, Equatable {
        var name: String
        var status: String
        var findings: [String]
    }

    struct Summary: Decodable, Equatable {
        var tenantId: String
        var readinessStatus: String
        var catalogStatus: String
        var latestCatalogVersion: String?
        var policyPackCount: Int
        var checkedAt: String
        var blockers: [String]
        var privateValidationRequired: Bool
        var registryBoundary: String
    }

    struct Payload: Decodable, Equatable {
        var summary: Summary
        var checks: [Check]
        var registryRevision: String
    }

    var schemaVersion: String
    var operation: String
    var status: String
    var message: String
    var correlationId: String
    var privateImplementationRequired: Bool
    var payload: Payload

    var summary: Summary { payload.summary }

    /// The entry for check `name`, if it was required.
    func check(_ name: String) -> Check? { payload.checks.first { $0.name == name } }

    /// The only check of a single-check evaluation.
    var only: Check { payload.checks.count == 1 ? payload.checks[0] : Check(name: "?", status: "?", findings: ["not exactly one check"]) }
}

/// Evaluates one request against `snapshot` and decodes the encoded response.
func evaluate(_ snapshot: RegistrySnapshot, tenant: String = "t", scope: String = "c", refs: [String] = [],
              checks: CheckList = .all, now: String = noon, correlation: String = "corr-1") throws -> ResponseValue {
    let request = ReadinessRequest(tenantID: tenant, correlationID: correlation, catalogScope: scope,
                                   policyPackRefs: refs, requiredChecks: checks)
    let time = try #require(RFC3339.parse(now))
    let response = ReadinessResponse()
    ReadinessEvaluator(snapshot: snapshot).evaluate(request, at: time, into: response)
    let writer = JSONWriter()
    response.encode(into: writer)
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(ResponseValue.self, from: Data(writer.bytes))
}

/// Evaluates only `check` and returns its entry.
func evaluateOne(_ snapshot: RegistrySnapshot, _ check: ReadinessCheck, tenant: String = "t", scope: String = "c",
                 refs: [String] = [], now: String = noon) throws -> ResponseValue.Check {
    try evaluate(snapshot, tenant: tenant, scope: scope, refs: refs, checks: [check], now: now).only
}

/// SHA-256 digests of small artifact contents (computed with sha256sum).
enum Digest {
    /// sha256("hello\n")
    static let hello = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
    /// sha256("")
    static let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
