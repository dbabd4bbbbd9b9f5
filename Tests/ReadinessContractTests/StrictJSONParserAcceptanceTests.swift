import ReadinessContract
import Testing

/// Documents the strict parser must accept (RFC 8259 + contract §8 "JSON").
@Suite("StrictJSONParser: accepted documents")
struct StrictJSONParserAcceptanceTests {
    static let accepted: [ByteCase] = [
        ByteCase("empty object", "{}"),
        ByteCase("RFC white space around the top level", " \t\r\n{ \t\r\n} \t\r\n"),
        ByteCase("every value kind", #"{"a":[1,-0,0.5,1e10,1E-5,-1.5e+3,true,false,null,"x",{},[]]}"#),
        ByteCase("huge integer", "{\"n\":" + String(repeating: "9", count: 5000) + "}"),
        ByteCase("huge exponent", #"{"n":1e999999999999999999,"m":-0.000000000000000000000000001E-999999999}"#),
        ByteCase("long fraction", "{\"n\":0." + String(repeating: "1", count: 2000) + "}"),
        ByteCase("every simple escape", #"{"s":"\" \\ \/ \b \f \n \r \t"}"#),
        ByteCase("unicode escapes, both hex cases", #"{"s":"\u0041\u00e9\u00E9\u20AC\u0000"}"#),
        ByteCase("escaped surrogate pair", #"{"s":"\ud83d\ude00 \uD83D\uDE00 \uDBFF\uDFFF"}"#),
        ByteCase("raw multi-byte UTF-8", "{\"s\":\"é € 😀 \u{10FFFF}\"}"),
        ByteCase("raw DEL is not a control character for JSON", "{\"s\":\"a\u{7F}b\"}"),
        ByteCase("keys differing only in case", #"{"a":1,"A":2}"#),
        ByteCase("NFC and NFD keys are different keys", "{\"\u{E9}\":1,\"e\u{301}\":2}"),
        ByteCase("same key in sibling objects", #"{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}"#),
        ByteCase("empty key", #"{"":1}"#),
        ByteCase("many members (hashed duplicate check)",
                 "{" + (0..<200).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"),
    ]

    @Test("accepted", arguments: accepted)
    func accepts(_ document: ByteCase) {
        #expect(parseError(document.bytes) == nil)
    }

    @Test("an accepted fragment inside a full request keeps it valid", arguments: accepted)
    func acceptedInsideRequest(_ document: ByteCase) {
        #expect(validate(requestWithExtra(document.bytes)).request != nil)
    }

    @Test("the tape records member keys and values in document order")
    func tapeOrder() {
        let text = #"{"b":"x\n","a":[1,{"c":null}]}"#
        let bytes = Array(text.utf8)
        var parser = StrictJSONParser()
        let error = bytes.withUnsafeBytes { parser.parse($0) }
        #expect(error == nil)
        let tape = parser.tape
        let keys = bytes.withUnsafeBytes { raw in tape.memberKeys(of: 0).map { tape.string(at: $0, in: raw) } }
        #expect(keys == ["b", "a"])
        let decoded = bytes.withUnsafeBytes { tape.string(at: 2, in: $0) }
        #expect(decoded == "x\n")
        #expect(tape.nodes[4].kind == .array)
        #expect(Array(tape.elements(of: 4)).count == 2)
    }

    @Test("a parser instance can be reused after a failure")
    func reuseAfterFailure() {
        var parser = StrictJSONParser()
        let bad = Array(#"{"a":1,"a":2}"#.utf8)
        let good = Array(#"{"a":1,"b":{"a":2}}"#.utf8)
        #expect(bad.withUnsafeBytes { parser.parse($0) } != nil)
        #expect(good.withUnsafeBytes { parser.parse($0) } == nil)
        #expect(bad.withUnsafeBytes { parser.parse($0) } != nil)
    }
}
