import ReadinessContract
import Testing

/// Duplicate keys are compared after unescaping (contract §3.1 rule 3, §8), however each
/// key is written. Their cost against plain keys is a benchmark figure
/// (`readinessd-bench escaped-keys`), not a test.
@Suite("StrictJSONParser: escaped keys")
struct EscapedKeyDuplicateTests {
    /// One scalar written as JSON in one of several ways (all decode to `scalar`).
    static func spell(_ scalar: Unicode.Scalar, style: Int) -> String {
        let short: [Unicode.Scalar: String] = ["\n": "\\n", "\t": "\\t", "\"": "\\\"", "\\": "\\\\", "/": "\\/",
                                               "\u{08}": "\\b", "\u{0C}": "\\f", "\r": "\\r"]
        if style == 0, scalar.value >= 0x20, scalar != "\"", scalar != "\\" { return String(scalar) }
        if style == 1, let escape = short[scalar] { return escape }
        let upper = style != 2
        if scalar.value > 0xFFFF {
            let v = scalar.value - 0x10000
            return unicodeEscape(0xD800 + (v >> 10), upper: upper) + unicodeEscape(0xDC00 + (v & 0x3FF), upper: !upper)
        }
        return unicodeEscape(scalar.value, upper: upper)
    }

    /// `\uXXXX` for the UTF-16 code unit `unit`, hex digits in the case asked for.
    static func unicodeEscape(_ unit: UInt32, upper: Bool) -> String {
        let hex = String(unit, radix: 16, uppercase: upper)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    @Test("keys written every way agree with a plain duplicate check", arguments: [2, 5, 24, 25, 60])
    func differential(_ keyCount: Int) {
        var generator = SeededGenerator(seed: UInt64(keyCount))
        // Short keys over a small alphabet: equal lengths, first and last bytes are common,
        // so the signature filter is exercised with many near-misses and true duplicates.
        let alphabet: [Unicode.Scalar] = ["a", "b", "\n", "\"", "\\", "/", "é", "\u{1F600}", "\u{0}", "€"]
        for _ in 0..<300 {
            let keys = (0..<keyCount).map { _ in
                String(String.UnicodeScalarView((0..<Int.random(in: 0...4, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                }))
            }
            let members = keys.map { key in
                "\"" + key.unicodeScalars.map { Self.spell($0, style: Int.random(in: 0...3, using: &generator)) }.joined() + "\":0"
            }
            let text = "{\"o\":{" + members.joined(separator: ",") + "}}"
            let expected = Set(keys.map { Array($0.utf8) }).count != keys.count
            let error = parseError(text)
            #expect((error?.problem == .duplicateKey) == expected, "\(text)")
            #expect(error == nil || error?.problem == .duplicateKey, "\(text)")
        }
    }

    @Test("keys that agree in length, first and last byte but differ inside are distinct")
    func nearMisses() {
        let keys = (0..<24).map { "k\\u00\(String(0x61 + $0 % 26, radix: 16))y_\($0 < 10 ? "0" : "")\($0)z" }
        #expect(parseError("{" + keys.map { "\"\($0)\":1" }.joined(separator: ",") + "}") == nil)
        #expect(parseError(#"{"a\nb":1,"a\tb":2,"a\u0063b":3,"acb ":4}"#) == nil)
        #expect(parseError(#"{"a\nb":1,"a\tb":2,"a\u000ab":3}"#)?.problem == .duplicateKey)
        #expect(parseError(#"{"\ud83d\ude00x":1,"\ud83d\ude01x":2}"#) == nil)
        #expect(parseError("{\"\\ud83d\\ude00x\":1,\"\u{1F600}x\":2}")?.problem == .duplicateKey)
    }

    @Test("decoded keys of outer objects survive the decoded-key buffer growing for inner ones")
    func decodedKeysAcrossGrowth() {
        // Inner keys decode to 20 × 300 bytes, far past the buffer's first capacity.
        let long = String(repeating: "\\u0078", count: 300)
        let inner = "{" + (0..<20).map { "\"\(long)\($0)\":1" }.joined(separator: ",") + "}"
        let duplicate = "{\"\\u0061x\":\(inner),\"b\":1,\"a\\u0078\":2}"
        let distinct = "{\"\\u0061x\":\(inner),\"b\":1,\"a\\u0079\":2}"
        var parser = StrictJSONParser()
        for _ in 0..<2 {  // the second round reuses the grown buffer
            #expect(Array(duplicate.utf8).withUnsafeBytes { parser.parse($0) }?.problem == .duplicateKey)
            #expect(Array(distinct.utf8).withUnsafeBytes { parser.parse($0) } == nil)
        }
        let innerDuplicate = "{\"o\":{" + (0..<20).map { "\"\(long)\($0 % 19)\":1" }.joined(separator: ",") + "}}"
        #expect(parseError(innerDuplicate)?.problem == .duplicateKey)
    }

    @Test("a key with escapes is refused exactly as a value would be, at the same place", arguments: [
        ByteCase("unknown escape", #"\x"#), ByteCase("short \\u", #"\u12"#), ByteCase("lone high surrogate", #"\ud800"#),
        ByteCase("high surrogate then a letter", #"\ud800\u0041"#), ByteCase("lone low surrogate", #"\udc00"#),
        ByteCase("non-hex digit", #"\u00g1"#), ByteCase("raw control", [0x01]), ByteCase("invalid UTF-8", [0xFF]),
        ByteCase("overlong", [0xC0, 0x80]), ByteCase("truncated scalar", [0xE2, 0x82]),
    ])
    func badKeysAfterAnEscape(_ fragment: ByteCase) {
        // The escape first sends the key to the decoding reader; the fragment follows it. Both
        // a short escape and a `\u` one (the reader's fast path) lead.
        for lead in [#"\n"#, #"\u0041"#, #"\u00e9xyzabcdefgh"#] {
            let key = Array(#"{""#.utf8) + Array(lead.utf8) + fragment.bytes + Array(#"":1}"#.utf8)
            let value = Array(#"{"":""#.utf8) + Array(lead.utf8) + fragment.bytes + Array(#""}"#.utf8)
            let keyError = parseError(key), valueError = parseError(value)
            #expect(keyError != nil, "\(lead)")
            #expect(keyError?.problem == valueError?.problem, "\(lead)")
            #expect(keyError.map { $0.offset + 3 } == valueError?.offset, "\(lead)")
            let unterminated = Array(#"{""#.utf8) + Array(lead.utf8) + fragment.bytes
            #expect(parseError(unterminated) != nil, "\(lead)")
        }
    }

    @Test("long keys mixing escapes and plain runs agree with a plain duplicate check")
    func longKeys() {
        // Keys longer than the reader's 8-byte words, so escapes fall at every offset in a word
        // and plain runs cross word boundaries.
        var generator = SeededGenerator(seed: 7)
        let alphabet: [Unicode.Scalar] = ["a", "b", "c", "_", "\n", "é", "€", "\u{1F600}", "\u{7F}", "\u{0}"]
        for _ in 0..<200 {
            let keys = (0..<24).map { _ in
                String(String.UnicodeScalarView((0..<Int.random(in: 6...20, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                }))
            }
            // Force some duplicates written differently.
            let written = keys + keys.prefix(Int.random(in: 0...1, using: &generator))
            let members = written.map { key in
                "\"" + key.unicodeScalars.map { Self.spell($0, style: Int.random(in: 0...3, using: &generator)) }.joined() + "\":0"
            }
            let text = "{" + members.joined(separator: ",") + "}"
            let expected = Set(written.map { Array($0.utf8) }).count != written.count
            let error = parseError(text)
            #expect((error?.problem == .duplicateKey) == expected, "\(text)")
            #expect(error == nil || error?.problem == .duplicateKey, "\(text)")
        }
    }

    @Test("an escaped key cut off anywhere near the end of the document is refused")
    func truncatedEscapedKeys() {
        // The reader reads 8-byte words only while they fit in the document; every cut exercises
        // its last bytes.
        let text = Array(#"{"a\u0062cdefghij\u00e9klm\nop\u20ACq":1}"#.utf8)
        #expect(parseError(text) == nil)
        for cut in 2..<(text.count - 1) {
            #expect(parseError(Array(text.prefix(cut))) != nil, "\(cut)")
        }
    }
}
