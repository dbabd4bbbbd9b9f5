import Foundation
import Testing

/// A sensitive value in a request never appears on stdout or stderr (contract §3.2).
@Suite("readinessd evaluate: secrecy")
struct EvaluateSecrecyTests {
    static let secrets = [
        "ghp_" + "Secr3tGitHubTokenValue0123456789",
        "sk_live_" + "Secr3tStripeKey0123",
        "xoxb-" + "1234-5678-Secr3tSlackToken",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
    ]

    static func lines(for secret: String) -> [String] {
        let s = secret
        return [
            requestLine(payload: #"{"labels":{"note":"\#(s)"}}"#),
            requestLine(tenant: s),
            requestLine(tenant: "tenant-demo \(s)"),
            requestLine(correlation: s),
            requestLine(payload: #"{"policy_pack_refs":["starter-policy-1","\#(s)"]}"#),
            requestLine(payload: #"{"required_checks":["\#(s)"]}"#),
            requestLine(payload: #"{"catalog_scope":"\#(s)"}"#),
            requestLine(payload: #"{"labels":{"api_token":"\#(s)"}}"#),
            requestLine(payload: #"{"labels":{"note":"\#(s)"}}"#) + "garbage",
            #"{"schema_version":"\#(s)","tenant_id":"tenant-demo"}"#,
            #"{"operation":"\#(s)","tenant_id":"\#(s)","correlation_id":"\#(s)"}"#,
        ]
    }

    @Test("rejections never quote the secret", arguments: secrets)
    func neverQuoted(_ secret: String) throws {
        let input = Self.lines(for: secret).joined(separator: "\n") + "\n"
        let result = try CLI.evaluate(input)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(!result.stdoutText.contains(secret))
        // The JSON-escaped form must not appear either (e.g. the PEM header's spaces are plain, but be safe).
        #expect(!result.stdoutText.contains(secret.replacingOccurrences(of: "-", with: "\\u002d")))
        let values = try result.values()
        #expect(values.count == Self.lines(for: secret).count)
        #expect(values.allSatisfy { $0["reason"] == .string("sensitive_material") || $0["reason"] == .string("malformed_json") })
    }

    @Test("fields and keys of sensitive rejections")
    func fields() throws {
        let secret = Self.secrets[0]
        let lines = try CLI.evaluate(Self.lines(for: secret).prefix(5).joined(separator: "\n")).lines()
        #expect(lines.map { $0["value"]?["field"]?.string } ==
                ["payload.labels.note", "tenant_id", "tenant_id", "correlation_id", "payload.policy_pack_refs[1]"])
        #expect(lines.map { $0["key"] } == [.string("tenant-demo"), .null, .null, .string("tenant-demo"), .string("tenant-demo")])
        #expect(lines[3]["value"]?["correlation_id"] == .null)
    }

    @Test("a secret-looking --now value is not echoed in the error")
    func argumentNotEchoed() throws {
        let secret = Self.secrets[0]
        let result = try CLI.run(["evaluate", "--registry", CLI.fixture("registry.json"), "--now", secret, CLI.fixture("requests.jsonl")])
        #expect(result.status != 0)
        #expect(!result.stderrText.contains(secret))
        #expect(result.stdout.isEmpty)
    }
}
