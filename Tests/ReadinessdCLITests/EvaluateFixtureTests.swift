import Foundation
import Testing
import TestSupport

/// `readinessd evaluate` on the shared fixtures (contract §7, Fixtures/README.md).
@Suite("readinessd evaluate: fixtures")
struct EvaluateFixtureTests {
    static func expected() throws -> [JSONValue] {
        let data = try Data(contentsOf: CLI.fixtures.appendingPathComponent("expected-2026-06-02T12-00-00Z.jsonl"))
        return try [UInt8](data).split(separator: 0x0A).map { try JSONValue.parse($0).withoutRejectionMessage }
    }

    func expectMatchesExpected(_ result: CLI.Result, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 0, sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "stderr: \(result.stderrText)", sourceLocation: sourceLocation)
        let actual = try result.lines().map(\.withoutRejectionMessage)
        let expected = try Self.expected()
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (index, (got, want)) in zip(actual, expected).enumerated() {
            #expect(got == want, "line \(index + 1)", sourceLocation: sourceLocation)
        }
    }

    @Test("the fixture requests file reproduces the expected output, exit 0 despite rejections")
    func fixtureFile() throws {
        let result = try CLI.run(["evaluate", "--registry", CLI.fixture("registry.json"), "--now", "2026-06-02T12:00:00Z",
                                  CLI.fixture("requests.jsonl")])
        try expectMatchesExpected(result)
        #expect(try result.lines().contains { $0["kind"] == .string("rejection") })
    }

    @Test("standard input with -")
    func standardInput() throws {
        let input = try [UInt8](Data(contentsOf: CLI.fixtures.appendingPathComponent("requests.jsonl")))
        try expectMatchesExpected(CLI.evaluate(input, viaStdin: true))
    }

    @Test("standard input is the default when no file is given")
    func defaultInput() throws {
        let input = try [UInt8](Data(contentsOf: CLI.fixtures.appendingPathComponent("requests.jsonl")))
        let result = try CLI.run(["evaluate", "--registry", CLI.fixture("registry.json"), "--now", "2026-06-02T12:00:00Z"], stdin: input)
        try expectMatchesExpected(result)
    }

    @Test("--opt=value spelling")
    func equalsSpelling() throws {
        let result = try CLI.run(["evaluate", "--registry=" + CLI.fixture("registry.json"), "--now=2026-06-02T12:00:00Z",
                                  CLI.fixture("requests.jsonl")])
        try expectMatchesExpected(result)
    }

    @Test("without --now the clock is read once for the whole run")
    func clockReadOnce() throws {
        let line = requestLine() + "\n" + "{}\n"
        let before = Date()
        let result = try CLI.evaluate(String(repeating: line, count: 300), now: nil)
        let after = Date()
        #expect(result.status == 0)
        let stamps = try result.values().map { ($0["payload"]?["summary"]?["checked_at"] ?? $0["rejected_at"])?.string ?? "?" }
        #expect(stamps.count == 600)
        #expect(Set(stamps).count == 1)
        let formatter = ISO8601DateFormatter()
        let stamp = try #require(formatter.date(from: stamps[0]))
        #expect(stamp >= before.addingTimeInterval(-1) && stamp <= after)
    }

    @Test("output keys: trimmed tenant for responses, echoed tenant or null for rejections")
    func keys() throws {
        let input = [requestLine(tenant: "\\u3000tenant-demo "), requestLine(tenant: "tenant-demo").replacingOccurrences(of: "cli-1", with: ""),
                     "{]"].joined(separator: "\n")
        let lines = try CLI.evaluate(input).lines()
        #expect(lines.map { $0["kind"]?.string } == ["response", "rejection", "rejection"])
        #expect(lines.map { $0["key"] } == [.string("tenant-demo"), .string("tenant-demo"), .null])
        #expect(lines[0]["value"]?["payload"]?["summary"]?["tenant_id"] == .string("tenant-demo"))
    }
}
