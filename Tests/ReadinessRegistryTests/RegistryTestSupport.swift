import Foundation
import ReadinessContract
import ReadinessRegistry
import Testing

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

/// The response JSON value (SPEC §4) decoded as a consumer would read it.
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

/// A JSON value for structural comparison (object member order ignored).
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// A copy without `key` in the object at `path` (used to ignore the free-text rejection message).
    func removing(_ key: String, at path: [String]) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let first = path.first {
            members[first] = members[first]?.removing(key, at: Array(path.dropFirst()))
        } else {
            members[key] = nil
        }
        return .object(members)
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members): "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }
}

/// A temporary folder for artifact files, removed on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/readinessd-registry-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    func makeDirectory(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + name, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// SHA-256 digests of small artifact contents (computed with sha256sum).
enum Digest {
    /// sha256("hello\n")
    static let hello = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
    /// sha256("")
    static let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
