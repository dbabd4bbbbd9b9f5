import ReadinessContract
import Testing

/// The four value patterns of contract §3.2 with the `\b` semantics of §8
/// (word character = Unicode letter, Unicode digit or `_`, as Python `re` on `str`).
/// Every expectation below was cross-checked with Python's `re`.
@Suite("SensitiveMaterial: value patterns")
struct SensitiveValuePatternTests {
    static let a20 = String(repeating: "A", count: 20)
    static let a16 = String(repeating: "a", count: 16)

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var sensitive: Bool
        var why: String
        var testDescription: String { why }
    }

    static let github: [Case] = [
        Case(text: "ghp_" + a20, sensitive: true, why: "ghp_ + exactly 20"),
        Case(text: "ghp_" + String(a20.dropLast()), sensitive: false, why: "ghp_ + 19"),
        Case(text: "gho_" + a20, sensitive: true, why: "gho_"),
        Case(text: "ghu_" + a20, sensitive: true, why: "ghu_"),
        Case(text: "ghs_" + a20, sensitive: true, why: "ghs_"),
        Case(text: "ghr_" + a20, sensitive: true, why: "ghr_"),
        Case(text: "ghx_" + a20, sensitive: false, why: "ghx_ is not a GitHub prefix"),
        Case(text: "GHP_" + a20, sensitive: false, why: "upper-case prefix"),
        Case(text: "ghp_" + "a_b_c_1_2_3_4_5_6_7_8_9", sensitive: true, why: "underscores and digits in the run"),
        Case(text: "x-ghp_" + a20, sensitive: true, why: "preceded by '-'"),
        Case(text: "x ghp_" + a20, sensitive: true, why: "preceded by a space"),
        Case(text: "aghp_" + a20, sensitive: false, why: "preceded by a letter"),
        Case(text: "_ghp_" + a20, sensitive: false, why: "preceded by '_'"),
        Case(text: "1ghp_" + a20, sensitive: false, why: "preceded by a digit"),
        Case(text: "éghp_" + a20, sensitive: false, why: "preceded by a Unicode letter (é)"),
        Case(text: "²ghp_" + a20, sensitive: false, why: "preceded by a Unicode digit (², No)"),
        Case(text: "〇ghp_" + a20, sensitive: false, why: "preceded by 〇 (Nl)"),
        Case(text: "e\u{301}ghp_" + a20, sensitive: true, why: "preceded by a combining mark (not a word character)"),
        Case(text: "‿ghp_" + a20, sensitive: true, why: "preceded by connector punctuation ‿ (not a word character)"),
        Case(text: "ghp_" + a20 + "é", sensitive: false, why: "followed by a Unicode letter"),
        Case(text: "ghp_" + a20 + "²", sensitive: false, why: "followed by a Unicode digit"),
        Case(text: "ghp_" + a20 + "Ⅻ", sensitive: false, why: "followed by a letter number"),
        Case(text: "ghp_" + a20 + "-", sensitive: true, why: "followed by '-'"),
        Case(text: "ghp_" + a20 + "\u{301}", sensitive: true, why: "followed by a combining mark"),
        Case(text: "ghp_" + a20 + "\u{200D}", sensitive: true, why: "followed by ZWJ"),
        Case(text: "ghp_" + String(repeating: "A", count: 10) + "é" + String(repeating: "A", count: 10),
             sensitive: false, why: "a Unicode letter splits the run"),
        Case(text: "token: ghp_" + a20 + ".", sensitive: true, why: "inside a sentence"),
    ]

    static let stripe: [Case] = [
        Case(text: "sk_live_" + a16, sensitive: true, why: "sk_live_ + exactly 16"),
        Case(text: "sk_live_" + String(a16.dropLast()), sensitive: false, why: "sk_live_ + 15"),
        Case(text: "sk_test_" + a16, sensitive: true, why: "sk_test_ + 16"),
        Case(text: "sk_test_" + String(a16.dropLast()), sensitive: false, why: "sk_test_ + 15"),
        Case(text: "sk_prod_" + a16, sensitive: false, why: "neither live nor test"),
        Case(text: "SK_LIVE_" + a16, sensitive: false, why: "upper case"),
        Case(text: "sk_live_" + a16 + "é", sensitive: false, why: "followed by a Unicode letter"),
        Case(text: "sk_live_" + a16 + " ", sensitive: true, why: "followed by a space"),
        Case(text: "ask_live_" + a16, sensitive: false, why: "preceded by a letter"),
        Case(text: "-sk_live_" + a16, sensitive: true, why: "preceded by '-'"),
        Case(text: "sk_live_" + "ab_cd_12_34_56_78", sensitive: true, why: "underscores in the run"),
    ]

    static let slack: [Case] = [
        Case(text: "xoxb-" + a16, sensitive: true, why: "xoxb- + exactly 16"),
        Case(text: "xoxb-" + String(a16.dropLast()), sensitive: false, why: "xoxb- + 15"),
        Case(text: "xoxa-" + a16, sensitive: true, why: "xoxa-"),
        Case(text: "xoxp-" + a16, sensitive: true, why: "xoxp-"),
        Case(text: "xoxr-" + a16, sensitive: true, why: "xoxr-"),
        Case(text: "xoxs-" + a16, sensitive: true, why: "xoxs-"),
        Case(text: "xoxc-" + a16, sensitive: false, why: "xoxc- is not listed"),
        Case(text: "xoxb-" + a16 + "-", sensitive: true, why: "16 alnum then a trailing '-' (backtracking)"),
        Case(text: "xoxb-" + a16 + "é", sensitive: false, why: "followed by a Unicode letter"),
        Case(text: "xoxb-" + String(repeating: "a", count: 15) + "-é", sensitive: true,
             why: "15 alnum + '-' is 16 run characters ending on a boundary before é"),
        Case(text: "xoxb-" + String(repeating: "-", count: 16), sensitive: false, why: "only dashes, end of text"),
        Case(text: "xoxb-" + String(repeating: "-", count: 16) + "a", sensitive: true, why: "dashes then a letter"),
        Case(text: "xoxb-" + String(repeating: "a", count: 20) + "_", sensitive: false, why: "followed by '_' (a word character)"),
        Case(text: "xoxb-1234-5678-abcd-efgh", sensitive: true, why: "typical bot token with dashes"),
        Case(text: "axoxb-" + a16, sensitive: false, why: "preceded by a letter"),
    ]

    static let privateKeys: [Case] = [
        Case(text: "-----BEGIN RSA PRIVATE KEY-----", sensitive: true, why: "RSA header"),
        Case(text: "-----BEGIN PRIVATE KEY-----", sensitive: true, why: "PKCS#8 header"),
        Case(text: "-----BEGIN OPENSSH PRIVATE KEY-----", sensitive: true, why: "OpenSSH header"),
        Case(text: "-----BEGIN EC  PRIVATE KEY-----", sensitive: true, why: "two spaces"),
        Case(text: "a-----BEGIN PRIVATE KEY-----b", sensitive: true, why: "no word boundary needed"),
        Case(text: "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIE...", sensitive: true, why: "inside a PEM blob"),
        Case(text: "-----begin rsa private key-----", sensitive: false, why: "lower case"),
        Case(text: "-----BEGIN RSA PRIVATE KEY----", sensitive: false, why: "four closing dashes"),
        Case(text: "----BEGIN PRIVATE KEY-----", sensitive: false, why: "four opening dashes"),
        Case(text: "-----BEGIN RSA1 PRIVATE KEY-----", sensitive: false, why: "a digit in the key type"),
        Case(text: "-----BEGINPRIVATE KEY-----", sensitive: false, why: "no space after BEGIN"),
        Case(text: "-----BEGIN PUBLIC KEY-----", sensitive: false, why: "public key"),
        Case(text: "-----BEGIN CERTIFICATE-----", sensitive: false, why: "certificate"),
    ]

    static let harmless: [Case] = [
        Case(text: "", sensitive: false, why: "empty"),
        Case(text: "tenant-demo", sensitive: false, why: "identifier"),
        Case(text: "ghp_", sensitive: false, why: "prefix alone"),
        Case(text: "sk_live_", sensitive: false, why: "stripe prefix alone"),
        Case(text: "public request shape only; hosted policy registry operation is private", sensitive: false, why: "prose"),
    ]

    @Test("GitHub tokens", arguments: github)
    func githubTokens(_ c: Case) { #expect(isSensitiveValue(c.text) == c.sensitive) }

    @Test("Stripe keys", arguments: stripe)
    func stripeKeys(_ c: Case) { #expect(isSensitiveValue(c.text) == c.sensitive) }

    @Test("Slack tokens", arguments: slack)
    func slackTokens(_ c: Case) { #expect(isSensitiveValue(c.text) == c.sensitive) }

    @Test("PEM private key headers", arguments: privateKeys)
    func privateKeyHeaders(_ c: Case) { #expect(isSensitiveValue(c.text) == c.sensitive) }

    @Test("harmless values", arguments: harmless)
    func harmlessValues(_ c: Case) { #expect(isSensitiveValue(c.text) == c.sensitive) }

    @Test("the validator applies the patterns to every string value", arguments: github + stripe + slack + privateKeys)
    func throughValidator(_ c: Case) {
        let outcome = RequestJSON().payload(["note": jsonString(c.text)]).outcome
        if c.sensitive {
            #expect(outcome.rejection?.reason == .sensitiveMaterial)
            #expect(outcome.rejection?.field == "payload.note")
        } else {
            #expect(outcome.request != nil)
        }
    }

    @Test("patterns apply to the unescaped text")
    func escapedToken() {
        // "gh\u0070_…" decodes to "ghp_…".
        let outcome = RequestJSON().payload(["note": #""gh\u0070_"# + Self.a20 + #"""#]).outcome
        #expect(outcome.rejection?.reason == .sensitiveMaterial)
        // An escaped non-word character before the token is a boundary.
        let spaced = RequestJSON().payload(["note": #""x\u0020ghp_"# + Self.a20 + #"""#]).outcome
        #expect(spaced.rejection?.reason == .sensitiveMaterial)
    }

    @Test("numbers, booleans and null are never tested")
    func nonStrings() {
        let outcome = RequestJSON().payload(["n": "12345678901234567890123456789", "b": "true", "z": "null"]).outcome
        #expect(outcome.request != nil)
    }
}
