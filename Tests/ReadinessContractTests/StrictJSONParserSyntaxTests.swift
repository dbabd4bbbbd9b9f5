import ReadinessContract
import Testing

/// RFC 8259 syntax rules (contract §3.1 rule 3, §8): strings, escapes, literals,
/// numbers, trailing data and the top-level type. All `malformed_json`.
@Suite("StrictJSONParser: syntax")
struct StrictJSONParserSyntaxTests {
    @Test("raw control characters in strings", arguments: [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1B, 0x1F] as [UInt8])
    func rawControlCharacter(_ byte: UInt8) {
        expectMalformed(requestWithExtra([0x22, 0x61, byte, 0x62, 0x22]))
        expectMalformed(Array(#"{""#.utf8) + [0x6B, byte] + Array(#"":1}"#.utf8))
    }

    static let badEscapes: [ByteCase] = [
        ByteCase("\\x", #""\x41""#),
        ByteCase("\\a", #""\a""#),
        ByteCase("\\0", #""\0""#),
        ByteCase("\\'", #""\'""#),
        ByteCase("\\U (upper case)", #""\U0041""#),
        ByteCase("\\u with a non-hex digit", #""\u00G0""#),
        ByteCase("\\u with three digits", #""\u041""#),
        ByteCase("\\u with two digits at the end", #""\u12""#),
        ByteCase("backslash before the closing quote", #""abc\""#),
        ByteCase("escaped raw newline", "\"\\\n\""),
    ]

    @Test("invalid escapes", arguments: badEscapes)
    func badEscape(_ escape: ByteCase) {
        expectMalformed(requestWithExtra(escape.bytes))
    }

    static let badSurrogates: [ByteCase] = [
        ByteCase("lone high surrogate", #""\ud800""#),
        ByteCase("lone high surrogate, upper case", #""\uDBFF""#),
        ByteCase("lone low surrogate", #""\udc00""#),
        ByteCase("lone low surrogate, last", #""\uDFFF""#),
        ByteCase("high then a non-surrogate escape", #""\ud800\u0041""#),
        ByteCase("high then high", #""\ud800\ud800""#),
        ByteCase("high then a plain character", #""\ud800x""#),
        ByteCase("high then a simple escape", #""\ud800\n""#),
        ByteCase("low then high (reversed pair)", #""\ude00\ud83d""#),
        ByteCase("high at the end of the string", #""abc\ud83d""#),
    ]

    @Test("escaped lone or misordered surrogates", arguments: badSurrogates)
    func badSurrogate(_ escape: ByteCase) {
        expectMalformed(requestWithExtra(escape.bytes))
    }

    @Test("an escaped lone surrogate in a key is also refused")
    func loneSurrogateInKey() {
        expectMalformed(Array(#"{"\ud800":1}"#.utf8))
        #expect(parseError(#"{"\ud800":1}"#)?.problem == .loneSurrogate)
    }

    @Test("a valid escaped surrogate pair decodes to one scalar")
    func validSurrogatePair() {
        let outcome = RequestJSON().with("tenant_id", #""t\ud83d\ude00""#).outcome
        #expect(outcome.request?.tenantID == "t\u{1F600}")
    }

    static let badLiterals: [ByteCase] = [
        ByteCase("NaN", "NaN"), ByteCase("Infinity", "Infinity"), ByteCase("-Infinity", "-Infinity"),
        ByteCase("nan", "nan"), ByteCase("True", "True"), ByteCase("nul", "nul"), ByteCase("truex", "truex"),
        ByteCase("undefined", "undefined"), ByteCase("single-quoted string", "'x'"),
    ]

    @Test("non-JSON literals", arguments: badLiterals)
    func badLiteral(_ literal: ByteCase) {
        expectMalformed(requestWithExtra(literal.bytes))
    }

    static let badNumbers: [ByteCase] = [
        ByteCase("01", "01"), ByteCase("-01", "-01"), ByteCase("00", "00"), ByteCase("1.", "1."), ByteCase(".5", ".5"),
        ByteCase("-", "-"), ByteCase("1e", "1e"), ByteCase("1e+", "1e+"), ByteCase("1E-", "1E-"), ByteCase("+1", "+1"),
        ByteCase("1.e5", "1.e5"), ByteCase("0x10", "0x10"), ByteCase("1_000", "1_000"), ByteCase("--1", "--1"),
        ByteCase("- 1", "- 1"), ByteCase("1.5.2", "1.5.2"), ByteCase("1e5e5", "1e5e5"),
    ]

    @Test("numbers outside the RFC grammar", arguments: badNumbers)
    func badNumber(_ number: ByteCase) {
        expectMalformed(requestWithExtra(number.bytes))
    }

    @Test("numbers of any magnitude in the RFC grammar are accepted", arguments: [
        "0", "-0", "0.0", "1e0", "1E+0", "-1e-0", "123456789012345678901234567890",
        "1e999999999999999999999", "-9.99999999999999999999999999e-999999999",
    ])
    func goodNumber(_ number: String) {
        #expect(validate(requestWithExtra(number)).request != nil)
    }

    static let trailing: [ByteCase] = [
        ByteCase("a letter", "{}x"), ByteCase("a second object", "{}{}"), ByteCase("a comma", "{},"),
        ByteCase("NUL", [0x7B, 0x7D, 0x00]), ByteCase("form feed", "{}\u{0C}"), ByteCase("vertical tab", "{}\u{0B}"),
        ByteCase("no-break space", "{}\u{A0}"), ByteCase("ideographic space", "{}\u{3000}"),
        ByteCase("a closing brace", "{}}"),
    ]

    @Test("trailing garbage after the top-level object", arguments: trailing)
    func trailingGarbage(_ document: ByteCase) {
        expectMalformed(document.bytes)
        expectMalformed(Array(RequestJSON().text.utf8) + document.bytes.dropFirst(2))
    }

    @Test("trailing RFC white space is allowed")
    func trailingWhiteSpace() {
        #expect(validate(RequestJSON().text + " \t\r\n \r\n").request != nil)
        #expect(validate(" \n\t\r" + RequestJSON().text).request != nil)
    }

    @Test("the top level must be an object", arguments: [
        "[]", #"[{"a":1}]"#, #""string""#, "1", "-1.5", "true", "false", "null",
    ])
    func topLevelNotObject(_ document: String) {
        expectMalformed(Array(document.utf8))
    }

    @Test("empty and blank inputs")
    func emptyInput() {
        #expect(parseError([]) != nil)
        expectMalformed(Array(" ".utf8))
        expectMalformed(Array(" \r\n\t".utf8))
        // Zero bytes are not malformed_json: rule 1 comes first.
        #expect(validate([]).rejection?.reason == .emptyMessage)
    }

    static let truncatedOrBroken: [ByteCase] = [
        ByteCase("unterminated object", #"{"a":1"#), ByteCase("key only", #"{"a""#), ByteCase("open brace", "{"),
        ByteCase("unterminated string", #"{"a":"x"#), ByteCase("trailing comma in object", #"{"a":1,}"#),
        ByteCase("trailing comma in array", #"{"a":[1,]}"#), ByteCase("leading comma", "{,}"),
        ByteCase("missing colon", #"{"a" 1}"#), ByteCase("missing comma", #"{"a":1 "b":2}"#),
        ByteCase("single-quoted key", "{'a':1}"), ByteCase("bare key", "{a:1}"), ByteCase("numeric key", "{1:1}"),
        ByteCase("missing value", #"{"a":}"#), ByteCase("unclosed array", #"{"a":[1,2}"#),
        ByteCase("mismatched brackets", #"{"a":[}]"#), ByteCase("comment", "{/* c */}"),
        ByteCase("array elements separated by colon", #"{"a":[1:2]}"#),
    ]

    @Test("broken structure", arguments: truncatedOrBroken)
    func brokenStructure(_ document: ByteCase) {
        expectMalformed(document.bytes)
    }
}
