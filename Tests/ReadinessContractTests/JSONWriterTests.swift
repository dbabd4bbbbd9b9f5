import Foundation
import ReadinessContract
import Testing

/// JSONWriter: compact JSON with `"`, `\` and control characters escaped (contract §8: UTF-8 output).
@Suite("JSONWriter")
struct JSONWriterTests {
    func written(_ body: (JSONWriter) -> Void) -> String {
        let writer = JSONWriter(capacity: 4)
        body(writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("escapes quotes, backslashes and the short control escapes")
    func shortEscapes() {
        #expect(written { $0.string("a\"b\\c") } == #""a\"b\\c""#)
        #expect(written { $0.string("\n\r\t\u{08}\u{0C}") } == #""\n\r\t\b\f""#)
    }

    @Test("other control characters use \\u00XX; DEL, slash and non-ASCII are raw")
    func otherControls() {
        #expect(written { $0.string("\u{00}\u{01}\u{1B}\u{1F}") } == #""\u0000\u0001\u001b\u001f""#)
        #expect(written { $0.string("/\u{7F}é€😀\u{2028}") } == "\"/\u{7F}é€😀\u{2028}\"")
    }

    @Test("escapes are found at every offset of long strings")
    func longStrings() {
        for offset in 0..<24 {
            for special in ["\"", "\\", "\n", "\u{01}"] {
                var text = String(repeating: "x", count: 24)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: offset))
                let json = written { $0.string(text) }
                let decoded = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) as? String
                #expect(decoded == text, "offset \(offset)")
            }
        }
    }

    @Test("every ASCII character round-trips through a JSON parser")
    func asciiRoundTrip() throws {
        let text = String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) }) + "é€😀"
        let json = written { $0.string(text) }
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) as? String
        #expect(decoded == text)
        var parser = StrictJSONParser()
        let document = Array(("{\"k\":" + json + "}").utf8)
        #expect(document.withUnsafeBytes { parser.parse($0) } == nil)
    }

    @Test("null, integers and hex")
    func scalars() {
        #expect(written { $0.stringOrNull(nil) } == "null")
        #expect(written { $0.stringOrNull("x") } == #""x""#)
        #expect(written { $0.integer(0) } == "0")
        #expect(written { $0.integer(-42) } == "-42")
        #expect(written { $0.integer(Int64.max) } == "9223372036854775807")
        #expect(written { $0.integer(UInt8(255)) } == "255")
        #expect(written { writer in ([0x00, 0x0F, 0xA5, 0xFF] as [UInt8]).withUnsafeBytes { writer.hex($0) } } == "000fa5ff")
    }

    @Test("reset empties the buffer")
    func reset() {
        let writer = JSONWriter()
        writer.string("abc")
        writer.reset()
        writer.raw("{}")
        #expect(writer.bytes == Array("{}".utf8))
        #expect(writer.count == 2)
    }
}
