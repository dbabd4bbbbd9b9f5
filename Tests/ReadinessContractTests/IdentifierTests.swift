import ReadinessContract
import Testing

/// The identifier rule (contract §3.1 rule 7, §8 "Fields"): trim exactly the Unicode
/// White_Space set, then 1–256 code points with no U+0000–U+001F / U+007F.
@Suite("Identifier rule")
struct IdentifierTests {
    /// Every White_Space code point contract §8 lists.
    static let whiteSpace: [UInt32] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680]
        + Array(0x2000...0x200A) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]

    static func char(_ value: UInt32) -> String { String(Unicode.Scalar(value)!) }

    @Test("each White_Space code point is trimmed at both ends", arguments: whiteSpace)
    func trimsWhiteSpace(_ value: UInt32) {
        let space = Self.char(value)
        #expect(identifier(space + "tenant-a" + space) == "tenant-a")
        #expect(identifier(space + space + "b" + space + space) == "b")
    }

    @Test("each White_Space code point is trimmed from request members too", arguments: whiteSpace)
    func trimsInRequest(_ value: UInt32) {
        // Escaped, because raw U+0009–U+000D are not allowed inside JSON strings.
        let hex = String(value, radix: 16)
        let escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        let request = RequestJSON().with("tenant_id", "\"" + escaped + "tenant-a" + escaped + "\"").outcome.request
        #expect(request?.tenantID == "tenant-a")
    }

    @Test("a string of White_Space only, or empty, is not an identifier")
    func blank() {
        #expect(identifier("") == nil)
        #expect(identifier(" ") == nil)
        #expect(identifier(Self.whiteSpace.map(Self.char).joined()) == nil)
    }

    @Test("characters that look blank but are not White_Space are kept", arguments: [
        0x200B, 0x180E, 0xFEFF, 0x2060, 0x00AD,
    ] as [UInt32])
    func notWhiteSpace(_ value: UInt32) {
        let c = Self.char(value)
        #expect(identifier(c) == c)
        #expect(identifier(" " + c + "a" + c + " ") == c + "a" + c)
    }

    @Test("internal white space is kept")
    func internalSpace() {
        #expect(identifier("  tenant a\u{A0}b\u{3000}c  ") == "tenant a\u{A0}b\u{3000}c")
        #expect(identifier("a\u{85}b") == "a\u{85}b")  // U+0085 is White_Space but not a control character here
    }

    @Test("control characters left after trimming are refused", arguments: Array(0x00...0x1F) + [0x7F] as [UInt32])
    func controlCharacter(_ value: UInt32) {
        let c = Self.char(value)
        #expect(identifier("a" + c + "b") == nil)
        if !Self.whiteSpace.contains(value) {
            #expect(identifier(c + "a") == nil)
            #expect(identifier("a" + c) == nil)
        }
    }

    @Test("C1 controls other than U+0085 are not control characters for this rule")
    func c1NotControl() {
        #expect(identifier("a\u{80}b\u{9F}") == "a\u{80}b\u{9F}")
    }

    @Test("length: 256 code points accepted, 257 refused", arguments: ["a", "é", "€", "😀", "\u{10FFFF}"])
    func lengthLimit(_ unit: String) {
        let max = String(repeating: unit, count: 256)
        #expect(identifier(max) == max)
        #expect(identifier(String(repeating: unit, count: 257)) == nil)
        #expect(identifier("  " + max + "\u{3000}") == max)  // length counts after trimming
    }

    @Test("length counts code points, not grapheme clusters")
    func codePointsNotGraphemes() {
        let decomposed = String(repeating: "e\u{301}", count: 128)  // 256 code points, 128 characters
        #expect(identifier(decomposed) == decomposed)
        #expect(identifier(decomposed + "e\u{301}") == nil)  // 258 code points
        let flags = String(repeating: "🇫🇷", count: 128)  // 256 code points
        #expect(identifier(flags) == flags)
        #expect(identifier(flags + "a") == nil)
    }

    @Test("the request validator applies the rule to tenant_id with the same limits")
    func viaValidator() {
        let ok = String(repeating: "é", count: 256)
        #expect(RequestJSON().with("tenant_id", jsonString(" " + ok + " ")).outcome.request?.tenantID == ok)
        let tooLong = RequestJSON().with("tenant_id", jsonString(ok + "é")).outcome.rejection
        #expect(tooLong?.reason == .invalidField)
        #expect(tooLong?.field == "tenant_id")
        let control = RequestJSON().with("tenant_id", #""a\u0000b""#).outcome.rejection
        #expect(control?.field == "tenant_id")
        let del = RequestJSON().with("tenant_id", "\"a\u{7F}b\"").outcome.rejection
        #expect(del?.field == "tenant_id")
    }
}
