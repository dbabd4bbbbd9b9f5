import Foundation
import Testing
import TestSupport

// Runs the built `readinessd` executable as a subprocess. It is built next to the
// test bundle (the test target depends on the executable target).

enum CLI {
    /// The shared fixtures folder.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// The `readinessd` executable in the folder of the running test executable.
    static let binary: String? = {
        var folders: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let main = Bundle.main.executableURL {
            folders.append(main.deletingLastPathComponent())
        }
        for folder in folders {
            // A macOS .xctest bundle nests its executable; the products sit beside the bundle.
            for candidate in [folder, folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()] {
                let path = candidate.appendingPathComponent("readinessd").path
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]

        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }

        /// The stdout lines parsed as JSON (every line must be one JSON object).
        func lines() throws -> [JSONValue] {
            #expect(stdout.isEmpty || stdout.last == 0x0A, "output must end with a newline")
            return try stdout.split(separator: 0x0A).map { try JSONValue.parse($0) }
        }

        /// The `value` of each output line.
        func values() throws -> [JSONValue] { try lines().map { $0["value"] ?? .null } }
    }

    /// Runs `readinessd` with `arguments`, feeding `stdin` (or /dev/null), with `environment` added.
    static func run(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:]) throws -> Result {
        let binary = try #require(binary, "readinessd executable not found next to the test bundle")
        let dir = try TemporaryDirectory()
        let outPath = dir.path + "/stdout", errPath = dir.path + "/stderr", inPath = dir.path + "/stdin"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin ?? []))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        defer { try? out.close(); try? err.close(); try? input.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try [UInt8](Data(contentsOf: URL(fileURLWithPath: outPath))),
                      stderr: try [UInt8](Data(contentsOf: URL(fileURLWithPath: errPath))))
    }

    /// Runs `readinessd evaluate` on `input` (written to a file, or passed on stdin with `-`).
    static func evaluate(_ input: [UInt8], registry: String = fixture("registry.json"), now: String? = "2026-06-02T12:00:00Z",
                         extra: [String] = [], viaStdin: Bool = false) throws -> Result {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/requests.jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        var arguments = ["evaluate", "--registry", registry] + (now.map { ["--now", $0] } ?? []) + extra
        arguments.append(viaStdin ? "-" : path)
        return try run(arguments, stdin: viaStdin ? input : nil)
    }

    static func evaluate(_ input: String, registry: String = fixture("registry.json"), now: String? = "2026-06-02T12:00:00Z",
                         extra: [String] = [], viaStdin: Bool = false) throws -> Result {
        try evaluate(Array(input.utf8), registry: registry, now: now, extra: extra, viaStdin: viaStdin)
    }
}

/// A valid request line for `tenant` (registered in Fixtures/registry.json when "tenant-demo").
func requestLine(tenant: String = "tenant-demo", correlation: String = "cli-1", payload: String = "{}") -> String {
    #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"\#(tenant)","requested_by":"cli","correlation_id":"\#(correlation)","payload":\#(payload)}"#
}

extension JSONValue {
    /// A copy of this output line without the free-text rejection `message`.
    var withoutRejectionMessage: JSONValue {
        guard self["kind"] == .string("rejection"), case .object(var line) = self, case .object(var value)? = line["value"] else { return self }
        value["message"] = nil
        line["value"] = .object(value)
        return .object(line)
    }
}
