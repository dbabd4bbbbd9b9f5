import ReadinessContract
import Testing

/// Duplicate keys and nesting depth (contract §3.1 rule 3, §8 "JSON").
@Suite("StrictJSONParser: duplicate keys and depth")
struct StrictJSONParserStructureTests {
    static let duplicates: [ByteCase] = [
        ByteCase("same key twice", #"{"a":1,"a":2}"#),
        ByteCase("plain and escaped spelling", #"{"a":1,"\u0061":2}"#),
        ByteCase("both escaped", #"{"\u0062":1,"\u0062":2}"#),
        ByteCase("escaped slash vs plain slash", #"{"a/b":1,"a\/b":2}"#),
        ByteCase("escaped non-ASCII vs raw", "{\"\u{E9}\":1,\"\\u00e9\":2}"),
        ByteCase("surrogate pair vs raw scalar", "{\"\u{1F600}\":1,\"\\ud83d\\ude00\":2}"),
        ByteCase("non-adjacent", #"{"a":1,"b":2,"c":3,"a":4}"#),
        ByteCase("same value too", #"{"a":null,"a":null}"#),
        ByteCase("nested in an object", #"{"payload":{"x":1,"x":1}}"#),
        ByteCase("nested in an array element", #"{"l":[1,{"k":1,"k":2}]}"#),
        ByteCase("deeply nested", #"{"a":{"b":{"c":[[{"d":1,"e":{"f":1,"f":2}}]]}}}"#),
        ByteCase("empty key twice", #"{"":1,"":2}"#),
        ByteCase("in a large object (hashed check)",
                 "{" + (0..<100).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k7\":0}"),
        ByteCase("escaped, in a large object",
                 "{" + (0..<100).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"\\u006b42\":0}"),
    ]

    @Test("duplicate keys are refused", arguments: duplicates)
    func duplicateKey(_ document: ByteCase) {
        expectMalformed(document.bytes)
        #expect(parseError(document.bytes)?.problem == .duplicateKey)
    }

    @Test("a duplicated request member is refused, not resolved")
    func duplicateRequestMember() {
        let text = RequestJSON().text.dropLast() + #","tenant_id":"tenant-other"}"#
        expectMalformed(Array(text.utf8))
    }

    /// An object nested `depth` levels deep counting the top level: {"a":{"a":…{}…}}.
    static func nestedObjects(_ depth: Int) -> [UInt8] {
        Array((String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)).utf8)
    }

    /// A top-level object holding arrays so that the innermost array is at `depth`.
    static func nestedArrays(_ depth: Int) -> [UInt8] {
        Array((#"{"a":"# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}").utf8)
    }

    @Test("objects: depth 32 accepted, 33 refused")
    func objectDepth() {
        #expect(parseError(Self.nestedObjects(32)) == nil)
        #expect(parseError(Self.nestedObjects(33))?.problem == .tooDeep)
        expectMalformed(Self.nestedObjects(33))
    }

    @Test("arrays: depth 32 accepted, 33 refused")
    func arrayDepth() {
        #expect(parseError(Self.nestedArrays(32)) == nil)
        #expect(parseError(Self.nestedArrays(33))?.problem == .tooDeep)
        expectMalformed(Self.nestedArrays(33))
    }

    @Test("mixed containers count together; scalars do not add depth")
    func mixedDepth() {
        // depth: object 1, array 2, object 3, … alternating up to 32, with a scalar inside.
        var open = "", close = ""
        for level in 2...32 {
            open += level % 2 == 0 ? #"[1,"# : #"{"k":"#
            close = (level % 2 == 0 ? "]" : "}") + close
        }
        let at32 = #"{"a":"# + open + "\"leaf\"" + close + "}"
        #expect(parseError(at32) == nil)
        let at33 = #"{"a":"# + open + "[]" + close + "}"
        #expect(parseError(at33)?.problem == .tooDeep)
    }

    @Test("a request with a container at depth 32 is valid, at 33 malformed")
    func requestDepth() {
        // payload is depth 2; 30 more objects inside reach depth 32.
        let inner = String(repeating: #"{"a":"#, count: 29) + "{}" + String(repeating: "}", count: 29)
        let ok = RequestJSON().with("payload", #"{"deep":"# + inner + "}")
        #expect(ok.outcome.request != nil)
        let tooDeep = RequestJSON().with("payload", #"{"deep":{"x":"# + inner + "}}")
        expectMalformed(Array(tooDeep.text.utf8))
    }

    @Test("10,000-deep nesting is refused without exhausting the stack")
    func veryDeepNesting() {
        let arrays = Array((#"{"a":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}").utf8)
        expectMalformed(arrays)
        let objects = Array((String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)).utf8)
        expectMalformed(objects)
        let unclosed = Array(String(repeating: "[", count: 100_000).utf8)
        expectMalformed(Array("{\"a\":".utf8) + unclosed)
    }
}
