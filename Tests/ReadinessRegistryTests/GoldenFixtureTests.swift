import Foundation
import ReadinessContract
import ReadinessRegistry
import Testing
import TestSupport

/// Fixtures/requests.jsonl against Fixtures/registry.json at 2026-06-02T12:00:00Z must
/// reproduce Fixtures/expected-2026-06-02T12-00-00Z.jsonl (parsed JSON, rejection
/// `message` ignored), through the same library calls `readinessd evaluate` makes.
@Suite("Golden fixture")
struct GoldenFixtureTests {
    /// Evaluates JSON-lines input the way contract §8 "Offline framing" describes; one output line per request.
    static func evaluateLines(_ input: [UInt8], snapshot: RegistrySnapshot, now: Timestamp) -> [[UInt8]] {
        var validator = RequestValidator()
        let evaluator = ReadinessEvaluator(snapshot: snapshot)
        let response = ReadinessResponse()
        var outputs: [[UInt8]] = []
        var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
        if input.last == 0x0A { lines.removeLast() }
        for (index, line) in lines.enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            let writer = JSONWriter()
            let bytes = Array(line)
            bytes.withUnsafeBytes { raw in
                switch validator.validate(raw) {
                case .accepted(let request):
                    evaluator.evaluate(request, at: now, into: response)
                    writer.raw(#"{"kind":"response","key":"#)
                    writer.string(request.tenantID)
                    writer.raw(#","value":"#)
                    response.encode(into: writer)
                case .rejected(let rejection):
                    writer.raw(#"{"kind":"rejection","key":"#)
                    writer.stringOrNull(rejection.tenantID)
                    writer.raw(#","value":"#)
                    RejectionEncoder.encode(rejection, payload: raw, source: .line(index + 1), rejectedAt: now, into: writer)
                }
                writer.raw("}")
            }
            outputs.append(writer.bytes)
        }
        return outputs
    }

    static func withoutMessage(_ line: JSONValue) -> JSONValue {
        line["kind"] == .string("rejection") ? line.removing("message", at: ["value"]) : line
    }

    @Test("the fixture requests reproduce the expected output")
    func golden() throws {
        let snapshot = try SnapshotLoader.load(path: fixtures.appendingPathComponent("registry.json").path)
        let input = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("requests.jsonl")))
        let expectedText = try String(contentsOf: fixtures.appendingPathComponent("expected-2026-06-02T12-00-00Z.jsonl"), encoding: .utf8)
        let expected = try expectedText.split(separator: "\n").map { try Self.withoutMessage(JSONValue.parse(Array($0.utf8))) }
        let actual = try Self.evaluateLines(input, snapshot: snapshot, now: #require(RFC3339.parse("2026-06-02T12:00:00Z")))
            .map { try Self.withoutMessage(JSONValue.parse($0)) }
        #expect(actual.count == expected.count)
        for (line, (got, want)) in zip(actual, expected).enumerated() {
            #expect(got == want, "line \(line + 1)")
        }
    }

    @Test("every output line is a single compact JSON object")
    func compactLines() throws {
        let snapshot = try SnapshotLoader.load(path: fixtures.appendingPathComponent("registry.json").path)
        let input = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("requests.jsonl")))
        for line in try Self.evaluateLines(input, snapshot: snapshot, now: #require(RFC3339.parse(noon))) {
            #expect(!line.contains(0x0A))
            var parser = StrictJSONParser()
            #expect(line.withUnsafeBytes { parser.parse($0) } == nil)
        }
    }
}
