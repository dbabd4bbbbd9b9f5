import ReadinessContract
import Testing

/// The key rule of contract §3.2 / §8: a key is sensitive if, after full Unicode
/// lower-casing, it contains one of nine words.
@Suite("SensitiveMaterial: keys")
struct SensitiveKeyTests {
    static let words = [
        "api_key", "authorization", "client_secret", "password", "private_key",
        "secret", "signing_key", "token", "webhook_secret",
    ]

    @Test("each word is sensitive as written, upper-cased and mixed-case", arguments: words)
    func eachWord(_ word: String) {
        #expect(isSensitiveKey(word))
        #expect(isSensitiveKey(word.uppercased()))
        let mixed = String(word.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })
        #expect(isSensitiveKey(mixed))
    }

    @Test("each word is sensitive inside a longer key", arguments: words)
    func insideLongerKey(_ word: String) {
        #expect(isSensitiveKey("x_" + word))
        #expect(isSensitiveKey(word + "s"))
        #expect(isSensitiveKey("my" + word.uppercased() + "Value"))
        #expect(isSensitiveKey("é-" + word + "-ü"))
    }

    @Test("a key made sensitive only by full Unicode lower-casing (U+212A KELVIN SIGN)")
    func kelvinSign() {
        #expect(isSensitiveKey("to\u{212A}en"))
        #expect(isSensitiveKey("api_\u{212A}ey"))
        #expect(isSensitiveKey("X-SIGNING_\u{212A}EY"))
    }

    @Test("near misses are not sensitive", arguments: [
        "", "api-key", "apikey", "api key", "pass_word", "passwd", "secre", "secr_et",
        "tokn", "toke", "t0ken", "private-key", "privatekey", "signingkey", "sign_key", "auth", "authorisation",
        "client-secre", "webhook", "tóken", "ſecret", "AUTHOR\u{130}ZATION", "to\u{200B}ken", "ｔｏｋｅｎ",
        "tenant_id", "correlation_id", "policy_pack_refs", "labels",
    ])
    func nearMiss(_ key: String) {
        #expect(!isSensitiveKey(key))
    }

    @Test("a sensitive key is rejected with its path, in original case")
    func rejectedThroughValidator() {
        let outcome = RequestJSON().payload(["labels": #"{"X-Api_Key":"harmless"}"#]).outcome
        #expect(outcome.rejection?.reason == .sensitiveMaterial)
        #expect(outcome.rejection?.field == "payload.labels.X-Api_Key")
    }

    @Test("the value of a sensitive key does not matter")
    func valueIrrelevant() {
        for value in [#""""#, "null", "0", "false", "[]", "{}"] {
            let outcome = RequestJSON().payload(["password": value]).outcome
            #expect(outcome.rejection?.reason == .sensitiveMaterial, "\(value)")
            #expect(outcome.rejection?.field == "payload.password", "\(value)")
        }
    }

    @Test("keys are tested only with the key rule, never with the value patterns")
    func keysNotValueTested() {
        let tokenLikeKey = "ghp_" + String(repeating: "A", count: 24)
        #expect(isSensitiveValue(tokenLikeKey))
        let outcome = RequestJSON().payload([tokenLikeKey: "1"]).outcome
        #expect(outcome.request != nil)
    }

    @Test("values are not tested with the key rule")
    func valuesNotKeyTested() {
        let outcome = RequestJSON().payload(["note": jsonString("my password is a secret token")]).outcome
        #expect(outcome.request != nil)
    }
}
