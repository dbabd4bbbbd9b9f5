@testable import ReadinessContract
import Testing

/// The second round of hot-path shortcuts agrees with the general code: the parser's raw
/// node storage (growth, copies), the 256-bucket duplicate-key filter, refs validated and
/// de-duplicated on their bytes, `requested_by` checked without a `String`, and the
/// `_`/`-` anchor filter of the secret scan.
@Suite("Engine shortcuts (round three)")
struct EngineShortcutTests {
    // MARK: Node storage

    @Test("documents larger than the initial storage parse into a complete tape")
    func storageGrows() {
        let elements = (0..<1000).map { "{\"k\($0)\":[\($0),\"v\",true,null]}" }.joined(separator: ",")
        let keys = (0..<100).map { "\"key\($0)\":\($0)" }.joined(separator: ",")
        let text = "{\"list\":[\(elements)],\"wide\":{\(keys)}}"
        var parser = StrictJSONParser()
        let error = Array(text.utf8).withUnsafeBytes { parser.parse($0) }
        #expect(error == nil)
        let tape = parser.tape
        // root, "list" key, array, 1000 × (object, key, array, 4 values), "wide" key, object, 100 × 2.
        #expect(tape.nodes.count == 3 + 1000 * 7 + 2 + 200)
        #expect(tape.nodes[0].end == Int32(tape.nodes.count))
        #expect(tape.nodes[2].count == 1000)
        let wide = tape.nodes.count - 201
        #expect(tape.nodes[wide].kind == .object && tape.nodes[wide].count == 100)
    }

    @Test("a copied parser keeps the tape it had; each copy writes its own storage")
    func copiesKeepValueSemantics() {
        var first = StrictJSONParser()
        _ = Array(#"{"a":[1,2,3]}"#.utf8).withUnsafeBytes { first.parse($0) }
        var second = first
        _ = Array(#"{"b":"x","c":{"d":null}}"#.utf8).withUnsafeBytes { second.parse($0) }
        #expect(first.tape.nodes.map(\.kind) == [.object, .string, .array, .number, .number, .number])
        #expect(second.tape.nodes.map(\.kind) == [.object, .string, .string, .string, .object, .string, .null])
    }

    // MARK: Duplicate keys

    /// Duplicate decision written out plainly: decode every key, compare every pair.
    static func hasDuplicate(_ keys: [String]) -> Bool {
        Set(keys.map { Array($0.utf8) }).count != keys.count
    }

    /// `\uXXXX` for a BMP scalar.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    @Test("the bucket filter finds every duplicate the pairwise comparison finds", arguments: [1, 2, 3, 24, 25, 40])
    func bucketsAgreeWithPairs(_ keyCount: Int) {
        var generator = SeededGenerator(seed: 3)
        // A small alphabet makes equal signatures and equal keys common.
        let alphabet = ["a", "b", "ab", "ba", "é", "x"]
        for _ in 0..<400 {
            let keys = (0..<keyCount).map { _ in
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            }
            let members = keys.map { key -> String in
                let escaped = Bool.random(using: &generator)
                    ? key.unicodeScalars.map(Self.escape).joined() : key
                return "\"\(escaped)\":0"
            }
            let text = "{\"o\":{\(members.joined(separator: ","))}}"
            let error = parseError(text)
            #expect((error?.problem == .duplicateKey) == Self.hasDuplicate(keys), "\(text)")
            #expect(error == nil || error?.problem == .duplicateKey)
        }
    }

    // MARK: Refs on bytes

    static func request(refs: String) -> String {
        #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"t","requested_by":"c","correlation_id":"x","payload":{"policy_pack_refs":[\#(refs)]}}"#
    }

    @Test("refs read on their bytes equal refs read through the general path", arguments: [
        #""a"," a ","b","a","\u3000a","a\u00a0""#, #""p-1","p-2","p-1","p-3","p-2""#, #""é","e\u0301","é""#,
        #""x","  ","y""#, #""x",1"#, #""""#, #""a","a\u0000""#, "",
    ])
    func refsOnBytes(_ refs: String) {
        // The first ref escaped forces the general (decoding) path for the whole list.
        let general = refs.hasPrefix("\"") ? "\"\\u0020" + refs.dropFirst() : refs
        let fast = validate(Self.request(refs: refs))
        let slow = validate(Self.request(refs: general))
        #expect(fast.request?.policyPackRefs == slow.request?.policyPackRefs)
        #expect(fast.rejection?.field == slow.rejection?.field)
        #expect(fast.rejection?.message == slow.rejection?.message)
    }

    @Test("more than sixteen refs take the general path with the same result")
    func longRefLists() {
        let refs = (0..<40).map { "\"p-\($0 % 7)\"" }.joined(separator: ",")
        #expect(validate(Self.request(refs: refs)).request?.policyPackRefs == (0..<7).map { "p-\($0)" })
        let short = (0..<16).map { "\"p-\($0 % 7)\"" }.joined(separator: ",")
        #expect(validate(Self.request(refs: short)).request?.policyPackRefs == (0..<7).map { "p-\($0)" })
    }

    @Test("requested_by is checked as an identifier without being kept", arguments: [
        (#""console""#, true), (#"" ops ""#, true), (#""  ""#, false), (#"1"#, false), (#""\u0000""#, false),
        (#""\u3000x\u3000""#, true), ("\"" + String(repeating: "é", count: 257) + "\"", false),
    ])
    func requestedBy(_ value: String, _ accepted: Bool) {
        let text = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"t","requested_by":\#(value),"correlation_id":"x","payload":{}}"#
        let outcome = validate(text)
        #expect((outcome.request != nil) == accepted)
        if !accepted { #expect(outcome.rejection?.field == "requested_by") }
    }

    // MARK: Strings without a second validation

    @Test("strings made from validated bytes equal String(decoding:)", arguments: [
        "", "a", "tenant-123", "fifteen-bytes-x", "sixteen-bytes-xy", "é", "caf\u{E9}-tenant", "\u{1F600}",
        "pack-\u{3000}", "exactly15bytesé", String(repeating: "x", count: 300), "a\u{0}b", "\u{7F}",
    ])
    func madeStrings(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            let made = Document.makeString(bytes)
            #expect(exactlyEqual(made, String(decoding: bytes, as: UTF8.self)))
            #expect(Array(made.utf8) == Array(bytes))
        }
    }

    // MARK: Secret anchors

    @Test("the anchor filter agrees with testing every start")
    func anchorsAgreeWithEveryStart() {
        var generator = SeededGenerator(seed: 7)
        let pieces = ["gh", "p", "o", "_", "sk_", "live", "test_", "xox", "b", "-", "-----BEGIN ", "RSA ", "PRIVATE KEY",
                      "-----", "a", "Z", "0", "é", "٣", " ", "abcdefghij", "ABCDEFGHIJKLMNOP", "x", "\u{2028}"]
        var found = 0
        for _ in 0..<20_000 {
            var text = (0..<Int.random(in: 1...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let (fast, general) = text.withUTF8 { (SensitiveMaterial.isSensitiveValue($0), SensitiveMaterial.matchesAtAnyStart($0)) }
            #expect(fast == (general && text.utf8.count >= Int(SensitiveMaterial.shortestSensitiveValue)), "\(text)")
            if fast { found += 1 }
        }
        #expect(found > 10)  // the alphabet does produce secrets (about 40 with this seed), so both outcomes are exercised
    }

    @Test("the protocol constants that skip the secret search match no secret pattern")
    func protocolConstantsAreNotSecrets() {
        for constant in [RequestValidator.schemaVersion, RequestValidator.operation] {
            let text = UnsafeBufferPointer(start: constant.utf8Start, count: constant.utf8CodeUnitCount)
            #expect(!SensitiveMaterial.matchesAtAnyStart(text))
            #expect(!SensitiveMaterial.isSensitiveKey(text))
        }
    }
}
