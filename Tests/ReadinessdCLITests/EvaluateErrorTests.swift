import Foundation
import Testing
import TestSupport

/// Errors in arguments, snapshot or input: one line on stderr, non-zero exit, nothing on stdout (contract §7).
@Suite("readinessd evaluate: errors")
struct EvaluateErrorTests {
    func expectFailure(_ result: CLI.Result, mentioning words: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdoutText)", sourceLocation: sourceLocation)
        let text = result.stderrText
        #expect(text.hasSuffix("\n") && text.filter { $0 == "\n" }.count == 1, "stderr must be exactly one line: \(text)",
                sourceLocation: sourceLocation)
        #expect(text.count > 10, sourceLocation: sourceLocation)
        for word in words {
            #expect(text.contains(word), "stderr should mention \(word): \(text)", sourceLocation: sourceLocation)
        }
    }

    static let requests = CLI.fixture("requests.jsonl")
    static let registry = CLI.fixture("registry.json")

    @Test("a bad --now", arguments: ["bad", "2026-06-02 12:00:00Z", "2026-06-02T12:00:00", "2026-06-02T12:00:00+0200",
                                     "2026-02-30T00:00:00Z", "", "2026-06-02T24:00:00Z"])
    func badNow(_ now: String) throws {
        expectFailure(try CLI.run(["evaluate", "--registry", Self.registry, "--now", now, Self.requests]), mentioning: ["--now"])
    }

    @Test("missing --registry")
    func missingRegistry() throws {
        expectFailure(try CLI.run(["evaluate", Self.requests]), mentioning: ["--registry"])
    }

    @Test("an unreadable registry: missing file or a directory")
    func unreadableRegistry() throws {
        expectFailure(try CLI.run(["evaluate", "--registry", "/nonexistent/registry.json", "--now", "2026-06-02T12:00:00Z", Self.requests]),
                      mentioning: ["/nonexistent/registry.json"])
        expectFailure(try CLI.run(["evaluate", "--registry", CLI.fixtures.path, "--now", "2026-06-02T12:00:00Z", Self.requests]))
    }

    @Test("a refused registry names the offending field", arguments: [
        (#"{"schema_version":"readinessd.registry.v1"}"#, "revision"),
        (#"{"schema_version":"readinessd.registry.v1","revision":"r","catalogs":{"c":{"version":"1","published_at":"yesterday"}}}"#,
         "catalogs.c.published_at"),
        (#"{"schema_version":"readinessd.registry.v1","revision":"r","revision":"r"}"#, "registry"),
        ("", "registry"),
    ])
    func refusedRegistry(_ text: String, _ mention: String) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("registry.json", text)
        expectFailure(try CLI.run(["evaluate", "--registry", path, "--now", "2026-06-02T12:00:00Z", Self.requests]), mentioning: [mention])
    }

    @Test("a refused registry fails even with empty input on stdin")
    func refusedRegistryEmptyInput() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("registry.json", "{}")
        expectFailure(try CLI.run(["evaluate", "--registry", path, "-"], stdin: []))
    }

    @Test("an unreadable requests file: missing or a directory")
    func unreadableRequests() throws {
        expectFailure(try CLI.run(["evaluate", "--registry", Self.registry, "--now", "2026-06-02T12:00:00Z", "/nonexistent/requests.jsonl"]),
                      mentioning: ["/nonexistent/requests.jsonl"])
        let dir = try TemporaryDirectory()
        expectFailure(try CLI.run(["evaluate", "--registry", Self.registry, "--now", "2026-06-02T12:00:00Z", dir.path]))
    }

    @Test("a negative --max-message-bytes", arguments: [["--max-message-bytes", "-5"], ["--max-message-bytes=-5"], ["--max-message-bytes", "x"]])
    func negativeLimit(_ option: [String]) throws {
        expectFailure(try CLI.run(["evaluate", "--registry", Self.registry, "--now", "2026-06-02T12:00:00Z"] + option + [Self.requests]),
                      mentioning: ["max-message-bytes"])
    }

    @Test("unknown options and extra arguments")
    func badArguments() throws {
        expectFailure(try CLI.run(["evaluate", "--registry", Self.registry, "--bogus", Self.requests]))
        expectFailure(try CLI.run(["evaluate", "--registry", Self.registry, Self.requests, "extra"]))
        expectFailure(try CLI.run(["no-such-command"]))
    }
}
