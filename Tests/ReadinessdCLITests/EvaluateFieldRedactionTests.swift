import Foundation
import Testing

/// Contract §9.4 through `readinessd evaluate`: a key that is not plain is written
/// `[redacted]` in the rejection's `field`, and nothing of it reaches stdout or stderr.
@Suite("readinessd evaluate: keys in field paths (§9.4)")
struct EvaluateFieldRedactionTests {
    static let github = "ghp_" + "Secr3tGitHubTokenValue0123456789"

    /// (request line, expected field, text that must appear nowhere in the output).
    static let cases: [(line: String, field: String, hidden: String?)] = [
        (#"{"payload":{"password=hunter2":1}}"#, "payload.[redacted]", "hunter2"),
        (#"{"a.b":{"secret":1}}"#, "[redacted].secret", nil),
        (#"{"x-api-key":{"token":1}}"#, "x-api-key.token", nil),
        ("{\"\u{DC}n\u{EF}code-ключ_1 x\":{\"api_key\":1}}", "\u{DC}n\u{EF}code-ключ_1 x.api_key", nil),
        // A token-shaped key that is itself sensitive ("…TokenValue…") is redacted where it stands.
        (requestLine(payload: "{\"labels\":{\"\(github)\":{\"password\":\"p\"}}}"), "payload.labels.[redacted]", "Secr3tGitHub"),
        (requestLine(payload: "{\"labels\":{\"ghp_\(String(repeating: "G", count: 30))\":{\"password\":\"p\"}}}"),
         "payload.labels.[redacted].password", "GGGGGG"),
        (requestLine(payload: #"{"gh\u0070_token0123456789abcdefghij":1}"#), "payload.[redacted]", "token0123456789abcdefghij"),
        (requestLine(payload: "{\"token" + String(repeating: "t", count: 60) + "\":1}"), "payload.[redacted]", "tokenttt"),
        (requestLine(payload: #"{"a\u001b]0;x\u0007":{"secret":1}}"#), "payload.[redacted].secret", nil),
        (requestLine(payload: #"{"list":[{"we\u0069rd.key":{"client_secret":1}}]}"#), "payload.list[0].[redacted].client_secret", "rd.key"),
    ]

    @Test("fields of sensitive rejections")
    func fields() throws {
        let input = Self.cases.map(\.line).joined(separator: "\n") + "\n"
        let result = try CLI.evaluate(input)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let values = try result.values()
        #expect(values.map { $0["reason"]?.string } == Array(repeating: "sensitive_material", count: Self.cases.count))
        #expect(values.map { $0["field"]?.string } == Self.cases.map(\.field))
        for hidden in Self.cases.compactMap(\.hidden) {
            #expect(!result.stdoutText.contains(hidden), "\(hidden)")
        }
        // No raw control character reaches stdout (the ESC/BEL key above is redacted, not escaped).
        #expect(!result.stdoutText.contains("\\u001b"))
    }
}
