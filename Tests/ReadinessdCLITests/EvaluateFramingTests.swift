import Foundation
import Testing

/// Offline framing (contract §8): LF-split lines, CR kept in the value, blank lines skipped,
/// physical line numbers, size limits on raw bytes.
@Suite("readinessd evaluate: framing")
struct EvaluateFramingTests {
    @Test("blank lines are skipped but counted in source.line")
    func blankLines() throws {
        let input = "\n   \t\r\n{bad\n\r\n\t\n{\"x\":1}\n\n" + requestLine() + "\n"
        let result = try CLI.evaluate(input)
        #expect(result.status == 0)
        let lines = try result.lines()
        #expect(lines.count == 3)
        #expect(lines[0]["value"]?["source"] == .object(["line": .number(3)]))
        #expect(lines[0]["value"]?["reason"] == .string("malformed_json"))
        #expect(lines[1]["value"]?["source"] == .object(["line": .number(6)]))
        #expect(lines[1]["value"]?["reason"] == .string("invalid_field"))
        #expect(lines[2]["kind"] == .string("response"))
    }

    @Test("CRLF lines: the CR is JSON white space and counts in payload_bytes and payload_sha256")
    func crlf() throws {
        let input = requestLine() + "\r\n" + "{\"x\":1}\r\n"
        let lines = try CLI.evaluate(input).lines()
        #expect(lines.count == 2)
        #expect(lines[0]["kind"] == .string("response"))
        let rejection = try #require(lines[1]["value"])
        #expect(rejection["reason"] == .string("invalid_field"))
        #expect(rejection["field"] == .string("schema_version"))
        #expect(rejection["source"] == .object(["line": .number(2)]))
        #expect(rejection["payload_bytes"] == .number(8))
        #expect(rejection["payload_sha256"] == .string("a9e502baa140ce650d2f76d82d45ef3562fd77a871c13371ada3955716271290"))
    }

    @Test("without CR the same line hashes differently")
    func lfOnly() throws {
        let rejection = try #require(try CLI.evaluate("{\"x\":1}\n").values().first)
        #expect(rejection["payload_bytes"] == .number(7))
        #expect(rejection["payload_sha256"] == .string("5041bf1f713df204784353e82f6a4a535931cb64f1f4b4a5aeaffcb720918b22"))
    }

    @Test("a last line without a newline is processed")
    func noFinalNewline() throws {
        let lines = try CLI.evaluate("{}\n" + requestLine()).lines()
        #expect(lines.count == 2)
        #expect(lines[1]["kind"] == .string("response"))
    }

    @Test("empty or blank-only input produces no output and exit 0", arguments: ["", "\n", " \t\r\n\r\n   ", "\r"])
    func emptyInput(_ input: String) throws {
        let result = try CLI.evaluate(input)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
    }

    @Test("other white-space-looking bytes are not blank", arguments: ["\u{0C}", "\u{0B}", "\u{A0}", " \u{00} "])
    func notBlank(_ line: String) throws {
        let values = try CLI.evaluate(line + "\n").values()
        #expect(values.count == 1)
        #expect(values.first?["reason"] == .string("malformed_json"))
    }

    @Test("--max-message-bytes: exactly N accepted, N + 1 oversized (raw bytes, CR included)")
    func maxMessageBytes() throws {
        let line = requestLine()
        let size = line.utf8.count
        let ok = try CLI.evaluate(line + "\n", extra: ["--max-message-bytes", String(size)]).lines()
        #expect(ok.first?["kind"] == .string("response"))
        let over = try CLI.evaluate(line + "\r\n", extra: ["--max-message-bytes", String(size)]).values()
        #expect(over.first?["reason"] == .string("oversized"))
        #expect(over.first?["payload_bytes"] == .number(Double(size + 1)))
        #expect(over.first?["tenant_id"] == .null)
        let zero = try CLI.evaluate("{}\n", extra: ["--max-message-bytes", "0"]).values()
        #expect(zero.first?["reason"] == .string("oversized"))
    }

    @Test("lines longer than the read buffer are framed correctly")
    func longLines() throws {
        let padding = String(repeating: " ", count: 200_000)
        let long = requestLine(payload: "{" + padding + "}")
        let huge = "{\"pad\":\"" + String(repeating: "x", count: (1 << 20) + 10) + "\"}"
        let input = long + "\n" + huge + "\n" + requestLine(correlation: "after") + "\n"
        let lines = try CLI.evaluate(input).lines()
        #expect(lines.count == 3)
        #expect(lines[0]["kind"] == .string("response"))
        #expect(lines[1]["value"]?["reason"] == .string("oversized"))
        #expect(lines[1]["value"]?["payload_bytes"] == .number(Double(huge.utf8.count)))
        #expect(lines[1]["value"]?["source"] == .object(["line": .number(2)]))
        #expect(lines[2]["value"]?["correlation_id"] == .string("after"))
    }

    @Test("--now sets checked_at and rejected_at (UTC, fraction truncated)")
    func now() throws {
        let values = try CLI.evaluate(requestLine() + "\n{}\n", now: "2026-06-02T14:30:15.999+02:00").values()
        #expect(values.first?["payload"]?["summary"]?["checked_at"] == .string("2026-06-02T12:30:15Z"))
        #expect(values.last?["rejected_at"] == .string("2026-06-02T12:30:15Z"))
    }

    @Test("one output line per non-blank input line, in input order")
    func order() throws {
        let input = (1...50).map { $0 % 3 == 0 ? "{\($0)}" : requestLine(correlation: "c\($0)") }.joined(separator: "\n")
        let lines = try CLI.evaluate(input).lines()
        #expect(lines.count == 50)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if number % 3 == 0 {
                #expect(line["value"]?["source"] == .object(["line": .number(Double(number))]))
            } else {
                #expect(line["value"]?["correlation_id"] == .string("c\(number)"))
            }
        }
    }
}
