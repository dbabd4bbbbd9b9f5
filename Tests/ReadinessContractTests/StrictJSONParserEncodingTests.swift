import ReadinessContract
import Testing

/// UTF-8 and byte-order-mark rules of contract §3.1 rule 3 / §8: all `malformed_json`.
@Suite("StrictJSONParser: encoding")
struct StrictJSONParserEncodingTests {
    static let invalidSequences: [ByteCase] = [
        ByteCase("lone continuation byte", [0x80]),
        ByteCase("continuation byte 0xBF", [0xBF]),
        ByteCase("overlong 2-byte (C0 AF = '/')", [0xC0, 0xAF]),
        ByteCase("overlong 2-byte (C1 BF)", [0xC1, 0xBF]),
        ByteCase("overlong 3-byte (E0 80 AF)", [0xE0, 0x80, 0xAF]),
        ByteCase("overlong 3-byte (E0 9F BF)", [0xE0, 0x9F, 0xBF]),
        ByteCase("overlong 4-byte (F0 80 80 AF)", [0xF0, 0x80, 0x80, 0xAF]),
        ByteCase("overlong 4-byte (F0 8F BF BF)", [0xF0, 0x8F, 0xBF, 0xBF]),
        ByteCase("UTF-8-encoded high surrogate (ED A0 80)", [0xED, 0xA0, 0x80]),
        ByteCase("UTF-8-encoded low surrogate (ED BF BF)", [0xED, 0xBF, 0xBF]),
        ByteCase("above U+10FFFF (F4 90 80 80)", [0xF4, 0x90, 0x80, 0x80]),
        ByteCase("lead byte F5", [0xF5, 0x80, 0x80, 0x80]),
        ByteCase("lead byte FF", [0xFF]),
        ByteCase("truncated 2-byte sequence", [0xC3]),
        ByteCase("truncated 3-byte sequence", [0xE2, 0x82]),
        ByteCase("truncated 4-byte sequence", [0xF0, 0x9F, 0x98]),
        ByteCase("lead byte followed by ASCII", [0xC3, 0x41]),
    ]

    @Test("invalid UTF-8 inside a string value", arguments: invalidSequences)
    func invalidInValue(_ sequence: ByteCase) {
        expectMalformed(requestWithExtra([0x22, 0x61] + sequence.bytes + [0x62, 0x22]))
    }

    @Test("invalid UTF-8 inside an object key", arguments: invalidSequences)
    func invalidInKey(_ sequence: ByteCase) {
        expectMalformed(Array(#"{"schema_version":"x","#.utf8) + [0x22] + sequence.bytes + Array(#"":1}"#.utf8))
    }

    @Test("invalid UTF-8 outside strings")
    func invalidOutsideStrings() {
        expectMalformed(requestWithExtra([0xC3, 0xA9]))
        expectMalformed(Array("{}".utf8) + [0xC3, 0xA9])
    }

    @Test("a sequence truncated by the end of input")
    func truncatedAtEnd() {
        expectMalformed(Array(#"{"a":""#.utf8) + [0xE2, 0x82])
    }

    @Test("valid boundary scalars are accepted")
    func boundaryScalars() {
        let scalars: [[UInt8]] = [
            [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for scalar in scalars {
            #expect(parseError(Array(#"{"a":""#.utf8) + scalar + Array(#""}"#.utf8)) == nil, "\(scalar)")
        }
    }

    @Test("a leading byte-order mark is refused")
    func byteOrderMark() {
        let request = Array(RequestJSON().text.utf8)
        #expect(validate(request).request != nil)
        expectMalformed([0xEF, 0xBB, 0xBF] + request)
        #expect(parseError([0xEF, 0xBB, 0xBF] + Array("{}".utf8))?.problem == .byteOrderMark)
    }

    @Test("a byte-order mark after leading white space or inside a string")
    func byteOrderMarkElsewhere() {
        expectMalformed(Array(" ".utf8) + [0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        // U+FEFF inside a string is an ordinary character.
        #expect(parseError(Array(#"{"a":""#.utf8) + [0xEF, 0xBB, 0xBF] + Array(#""}"#.utf8)) == nil)
    }
}
