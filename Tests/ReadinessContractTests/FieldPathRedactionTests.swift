import ReadinessContract
import Testing

/// Contract §9.4: an input key is written into a rejection's `field` path only when it
/// is plain (1–64 scalars of word characters, `-` or space, matching no value pattern);
/// any other key is the segment `[redacted]`, and the rest of the path is unchanged.
@Suite("RequestValidator: keys in field paths (§9.4)")
struct FieldPathRedactionTests {
    static let github = "ghp_" + String(repeating: "G", count: 36)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The whole document, as raw JSON text.
        var document: String
        var field: String
        /// Text that must not appear anywhere in the rejection.
        var hidden: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // The contract's four examples.
        Case(name: "spec: password=hunter2", document: #"{"payload":{"password=hunter2":1}}"#,
             field: "payload.[redacted]", hidden: "hunter2"),
        Case(name: "spec: a.b", document: #"{"a.b":{"secret":1}}"#, field: "[redacted].secret"),
        Case(name: "spec: x-api-key", document: #"{"x-api-key":{"token":1}}"#, field: "x-api-key.token"),
        Case(name: "spec: Unicode", document: "{\"\u{DC}n\u{EF}code-ключ_1 x\":{\"api_key\":1}}",
             field: "\u{DC}n\u{EF}code-ключ_1 x.api_key"),
        // Hostile keys.
        Case(name: "token-shaped key that is itself sensitive", document: #"{"payload":{"ghp_token0123456789abcdefghij":1}}"#,
             field: "payload.[redacted]", hidden: "ghp_token0123456789abcdefghij"),
        Case(name: "token-shaped key above a sensitive key", document: "{\"\(github)\":{\"password\":1}}",
             field: "[redacted].password", hidden: github),
        Case(name: "Slack-shaped key", document: #"{"xoxb-1111-2222-kkkkkkkkkkkkkkkk":{"secret":1}}"#,
             field: "[redacted].secret", hidden: "xoxb-1111"),
        Case(name: "PEM header as key", document: #"{"-----BEGIN RSA PRIVATE KEY-----":{"token":1}}"#,
             field: "[redacted].token", hidden: "BEGIN"),
        Case(name: "token-shaped key with spaces around it", document: "{\"  \(github) \":{\"token\":1}}",
             field: "[redacted].token", hidden: github),
        Case(name: "65 scalars", document: "{\"" + String(repeating: "я", count: 65) + "\":{\"secret\":1}}",
             field: "[redacted].secret", hidden: "яяя"),
        Case(name: "64 scalars (128 bytes) are shown", document: "{\"" + String(repeating: "я", count: 64) + "\":{\"secret\":1}}",
             field: String(repeating: "я", count: 64) + ".secret"),
        Case(name: "65-scalar sensitive key", document: "{\"secret" + String(repeating: "x", count: 59) + "\":1}",
             field: "[redacted]", hidden: "secretx"),
        Case(name: "64-scalar sensitive key is shown", document: "{\"secret" + String(repeating: "x", count: 58) + "\":1}",
             field: "secret" + String(repeating: "x", count: 58)),
        Case(name: "escaped ESC sequence", document: #"{"a\u001b[31m":{"secret":1}}"#, field: "[redacted].secret"),
        Case(name: "escaped LF in a sensitive key", document: #"{"password\n":1}"#, field: "[redacted]"),
        Case(name: "escaped NUL", document: #"{"payload":{"tok\u0000en":{"token":1}}}"#, field: "payload.[redacted].token"),
        Case(name: "escaped key decoding to a plain key is shown decoded", document: #"{"\u0070assword":1}"#, field: "password"),
        Case(name: "escaped dot", document: #"{"a\u002eb":{"secret":1}}"#, field: "[redacted].secret"),
        Case(name: "escaped token-shaped key", document: "{\"gh\\u0070_\(github.dropFirst(4))\":{\"secret\":1}}",
             field: "[redacted].secret", hidden: String(github.dropFirst(4))),
        Case(name: "quote in a key", document: #"{"my\"token":1}"#, field: "[redacted]", hidden: "token"),
        Case(name: "brackets in a key", document: #"{"a[0]":{"secret":1}}"#, field: "[redacted].secret"),
        Case(name: "empty key", document: #"{"":{"secret":1}}"#, field: "[redacted].secret"),
        Case(name: "combining mark is not a word character", document: "{\"e\u{301}\":{\"secret\":1}}", field: "[redacted].secret"),
        Case(name: "array indices are kept", document: #"{"payload":{"list":[{"pass word=":{"token":1}}]}}"#,
             field: "payload.list[0].[redacted].token"),
        Case(name: "value under a hostile key", document: "{\"k=v\":[\"\(github)\"]}", field: "[redacted][0]", hidden: github),
        Case(name: "dotted path stays unambiguous", document: #"{"a":{"b":{"secret":1}}}"#, field: "a.b.secret"),
    ]

    @Test("field path segments", arguments: cases)
    func field(_ c: Case) throws {
        let rejection = try #require(validate(c.document).rejection)
        #expect(rejection.reason == .sensitiveMaterial)
        #expect(rejection.field == c.field)
    }

    @Test("the encoded rejection holds nothing of a redacted key", arguments: cases.filter { $0.hidden != nil })
    func encodedRejection(_ c: Case) throws {
        let rejection = try #require(validate(c.document).rejection)
        let writer = JSONWriter(capacity: 1024)
        Array(c.document.utf8).withUnsafeBytes {
            RejectionEncoder.encode(rejection, payload: $0, source: .line(1),
                                    rejectedAt: RFC3339.parse("2026-06-02T12:00:00Z")!, into: writer)
        }
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(!text.contains(c.hidden!))
    }

    @Test("the rule on its own")
    func plainKeys() {
        func plain(_ key: String) -> Bool {
            var key = key
            return key.withUTF8 { FieldPathKey.isPlain($0) }
        }
        #expect(plain("x-api-key"))
        #expect(plain("\u{DC}n\u{EF}code-ключ_1 x"))
        #expect(plain("日本語_ключ_٣"))  // letters and a Unicode (Arabic-Indic) digit
        #expect(plain("Ⅻ"))  // U+216B ROMAN NUMERAL TWELVE: a number, a word character as for \b
        #expect(!plain(""))
        #expect(!plain("password=hunter2"))
        #expect(!plain("a.b"))
        #expect(!plain("tab\there"))
        #expect(!plain("nbsp\u{A0}inside"))
        #expect(!plain("emoji😀"))
        #expect(!plain(Self.github))
        #expect(!plain("sk_live_" + String(repeating: "s", count: 16)))
        #expect(plain("sk_live_" + String(repeating: "s", count: 15)))
        #expect(plain(String(repeating: "a", count: 64)))
        #expect(!plain(String(repeating: "a", count: 65)))
    }
}
