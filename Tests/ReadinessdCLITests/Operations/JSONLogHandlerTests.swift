import Foundation
import Logging
import Synchronization
import Testing
@testable import readinessd

/// The JSON log format: one parseable object per line, fixed keys first, secrets never written.
@Suite("JSON log lines")
struct JSONLogHandlerTests {
    /// Collects what a handler writes.
    final class Lines: Sendable {
        let lines = Mutex<[[UInt8]]>([])
        var all: [[UInt8]] { lines.withLock { $0 } }
    }

    func logger(_ lines: Lines, level: Logger.Level = .info) -> Logger {
        Logger(label: "readinessd") { label in
            var handler = JSONLogHandler(label: label) { line in lines.lines.withLock { $0.append(line) } }
            handler.logLevel = level
            return handler
        }
    }

    func object(_ line: [UInt8]) throws -> [String: Any] {
        #expect(line.last == 0x0A && line.dropLast().firstIndex(of: 0x0A) == nil, "exactly one line")
        return try #require(JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    @Test func writesOneJSONObjectPerLineWithLevelMessageAndMetadata() throws {
        let lines = Lines()
        var log = logger(lines)
        log[metadataKey: "component"] = "pipeline"
        log.info("partitions assigned", metadata: ["partitions": "[requests-0]", "count": "1"])
        log.debug("not written at info")
        let written = lines.all
        #expect(written.count == 1)
        let fields = try object(written[0])
        #expect(fields["level"] as? String == "info")
        #expect(fields["logger"] as? String == "readinessd")
        #expect(fields["msg"] as? String == "partitions assigned")
        #expect(fields["partitions"] as? String == "[requests-0]")
        #expect(fields["component"] as? String == "pipeline")
        #expect(fields["source"] as? String == "ReadinessdCLITests")
        let timestamp = try #require(fields["ts"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(timestamp)")
        let text = String(decoding: written[0], as: UTF8.self)
        #expect(text.hasPrefix(#"{"ts":""#) && text.contains(#","level":"info","logger":"readinessd","msg":"#))
    }

    @Test func escapesControlCharactersQuotesAndNewlines() throws {
        let lines = Lines()
        logger(lines).warning("line one\nline \"two\"\t\u{1}end \\ done é", metadata: ["nested": ["a": "1", "b": ["x"]]])
        let fields = try object(lines.all[0])
        #expect(fields["msg"] as? String == "line one\nline \"two\"\t\u{1}end \\ done é")
        let nested = try #require(fields["nested"] as? [String: Any])
        #expect(nested["a"] as? String == "1")
        #expect(nested["b"] as? [String] == ["x"])
    }

    @Test func metadataNamedLikeASecretIsRedacted() throws {
        let lines = Lines()
        logger(lines).error("refused", metadata: [
            "sasl.password": "canary-json-1", "client_secret": "canary-json-2",
            "inner": ["api_token": "canary-json-3"], "reason": "kept",
        ])
        let text = String(decoding: lines.all[0], as: UTF8.self)
        for canary in ["canary-json-1", "canary-json-2", "canary-json-3"] { #expect(!text.contains(canary)) }
        let fields = try object(lines.all[0])
        #expect(fields["sasl.password"] as? String == "[redacted]")
        #expect(fields["reason"] as? String == "kept")
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(JSONLogHandler.formatTimestamp(Date(timeIntervalSince1970: 1_780_358_400.0451)) == "2026-06-02T00:00:00.045Z")
        #expect(JSONLogHandler.formatTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func autoFormatIsJSONUnderSystemdAndTextOnATerminal() {
        #expect(LogFormat.auto.resolved(environment: ["JOURNAL_STREAM": "8:12345"]) == .json)
        #expect(LogFormat.auto.resolved(environment: ["INVOCATION_ID": "0f1e"]) == .json)
        #expect(LogFormat.auto.resolved(environment: ["NOTIFY_SOCKET": "/run/systemd/notify"]) == .json)
        #expect(LogFormat.auto.resolved(environment: ["TERM": "xterm", "NOTIFY_SOCKET": ""]) == .text)
        #expect(LogFormat.text.resolved(environment: ["JOURNAL_STREAM": "8:1"]) == .text)
        #expect(LogFormat.json.resolved(environment: [:]) == .json)
    }
}
