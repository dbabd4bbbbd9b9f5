@testable import ReadinessContract
import Foundation
import Testing

/// The hand-written fast paths of the hot loop agree with the general code they short-cut:
/// key signatures (duplicate keys), the printable-ASCII identifier path, the byte-pair
/// filter of the secret scan, the word-wise byte comparison and plain-finding encoding.
@Suite("Hot-path shortcuts")
struct FastPathTests {
    // MARK: Key signatures

    @Test("keys with the same length, first and last byte are still compared in full")
    func sameSignatureDifferentKeys() {
        #expect(parseError(#"{"abxd":1,"acyd":2}"#) == nil)
        #expect(parseError(#"{"abxd":1,"acyd":2,"abxd":3}"#)?.problem == .duplicateKey)
        #expect(parseError(#"{"tenant_id":1,"tenant_ix":2,"tenanz_id":3}"#) == nil)
    }

    @Test("an escaped key is compared with every other key whatever its raw bytes")
    func escapedKeysBypassSignatures() {
        // Raw signatures differ ("\u0061b" is 7 raw bytes, "ab" is 2), decoded texts are equal.
        #expect(parseError(#"{"ab":1,"x":2,"\u0061b":3}"#)?.problem == .duplicateKey)
        #expect(parseError(#"{"\u0061b":1,"ab":2}"#)?.problem == .duplicateKey)
        #expect(parseError(#"{"\u0061b":1,"ac":2}"#) == nil)
    }

    @Test("key signatures separate what the raw bytes separate")
    func signatures() {
        let text = Array(#"abxdacydab\u0061b\n"#.utf8)
        text.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress!
            func entry(_ start: Int32, _ end: Int32) -> KeyEntry {
                KeyEntry(node: 0, node: .init(kind: .string, hasEscapes: false, isKey: true, start: start, end: end, count: 0),
                         base: base)
            }
            /// An escaped key's entry, decoded as the parser decodes it.
            func escapedEntry(_ start: Int32, _ end: Int32) -> KeyEntry {
                let node = JSONTape.Node(kind: .string, hasEscapes: true, isKey: true, start: start, end: end, count: 0)
                var decoded = [UInt8](repeating: 0, count: Int(end - start) + JSONStringDecoder.decodeSlack)
                let count = decoded.withUnsafeMutableBufferPointer {
                    JSONStringDecoder.decode(node, base: base, readable: bytes.count, to: $0.baseAddress!)
                }
                return decoded.withUnsafeBufferPointer { KeyEntry(node: 0, decodedAt: 0, text: $0.baseAddress!, count: count) }
            }
            // "abxd" and "acyd": same length, first and last byte, so they must be compared in full.
            #expect(entry(0, 4).mayEqual(entry(4, 8)))
            #expect(!entry(0, 4).mayEqual(entry(1, 5)))  // "bxda": first byte differs
            #expect(entry(0, 2).mayEqual(entry(8, 10)))  // "ab" vs "ab"
            #expect(!entry(0, 2).mayEqual(entry(0, 3)))  // different lengths
            #expect(entry(0, 0).signature == entry(5, 5).signature)  // both empty
            // An escaped key carries the signature of its decoded text: "\u0061b" is "ab".
            #expect(escapedEntry(10, 17).signature == entry(0, 2).signature)
            #expect(!escapedEntry(10, 17).mayEqual(entry(0, 3)))
            #expect(!escapedEntry(10, 17).mayEqual(entry(10, 17)))  // the raw "\u0061b" is another text
            #expect(escapedEntry(17, 19).signature == KeyEntry.signature(length: 1, first: 0x0A, last: 0x0A))
        }
    }

    // MARK: Identifiers

    static let identifiers: [String] = [
        "tenant-a", "a", " a", "a ", " a ", "a b", String(repeating: "x", count: 256), String(repeating: "x", count: 257),
        String(repeating: "x", count: 255) + " ", "tab\there", "del\u{7F}x", "é", "caf\u{E9}-tenant-with-text",
        "\u{3000}ideographic", "ends-with-nbsp\u{A0}", "~!@#$%^&*()_+{}|:<>?", "12345678", "123456789",
        "seven77", "control-at-8\u{1}", "\u{85}", "x\u{85}",
    ]

    @Test("the printable-ASCII identifier path agrees with the general rule", arguments: identifiers)
    func identifierFastPath(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            let fast = Identifier.plainASCII(bytes.baseAddress!, count: bytes.count)
            if let fast {
                // Accepted whole: the general rule must agree byte for byte.
                #expect(fast == 0..<bytes.count)
                #expect(bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
            }
            let reference = generalIdentifier(bytes)
            #expect(Identifier.validate(bytes) == reference)
            if fast != nil { #expect(reference == 0..<bytes.count) }
        }
    }

    /// The rule written out scalar by scalar (contract §3.1 rule 7), independent of the fast path.
    func generalIdentifier(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var low = 0, high = scalars.count
        while low < high, Identifier.isWhiteSpace(scalars[low].value) { low += 1 }
        while high > low, Identifier.isWhiteSpace(scalars[high - 1].value) { high -= 1 }
        let kept = scalars[low..<high]
        guard !kept.isEmpty, kept.count <= Identifier.maximumLength,
              !kept.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        let start = scalars[..<low].reduce(0) { $0 + String($1).utf8.count }
        let length = kept.reduce(0) { $0 + String($1).utf8.count }
        return start..<(start + length)
    }

    // MARK: Secret scan pairs

    @Test("a secret is found at every offset, including the last eight bytes")
    func secretAtEveryOffset() {
        let secrets = ["ghp_abcdefghijklmnopqrstuvwxyz0123", "sk_live_abcdefghijklmnop",
                       "xoxb-abcdefghijklmnop", "-----BEGIN RSA PRIVATE KEY-----"]
        for secret in secrets {
            for padding in 0..<20 {
                let text = String(repeating: " ", count: padding) + secret
                var copy = text
                #expect(copy.withUTF8 { SensitiveMaterial.isSensitiveValue($0) }, "\(padding) + \(secret)")
            }
        }
    }

    @Test("text full of single candidate letters but no pattern pair is not sensitive")
    func noPairNoMatch() {
        var text = "sssss ggggg xxxxx - - - - s k g h x o sx gx ks hg ox -x x- shared skies exhausted glowing"
        #expect(!text.withUTF8 { SensitiveMaterial.isSensitiveValue($0) })
    }

    // MARK: Byte comparison

    @Test("word-wise comparison finds a difference at any position of any length")
    func memcmpEqualPositions() {
        for length in 0..<40 {
            let left = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
            #expect(memcmpEqual(left, left, length))
            for position in 0..<length {
                var right = left
                right[position] ^= 0x40
                #expect(!memcmpEqual(left, right, length), "length \(length), position \(position)")
            }
        }
    }

    // MARK: Plain findings

    @Test("JSONWriter.isPlain flags exactly quote, backslash and control bytes")
    func isPlain() {
        for byte in UInt8(0)...UInt8(255) {
            for prefix in [0, 7, 8, 9] {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: prefix) + [byte] + [UInt8(ascii: "b")]
                let expected = !(byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\"))
                #expect(bytes.withUnsafeBufferPointer { JSONWriter.isPlain($0) } == expected)
            }
        }
    }

    @Test("JSONWriter.isPlain and escaped agree with a byte-by-byte reading at every length and position")
    func isPlainEveryLengthAndPosition() {
        let specials: [UInt8] = [0x00, 0x1F, UInt8(ascii: "\""), UInt8(ascii: "\\")]
        let harmless: [UInt8] = [0x20, 0x7F, 0xC3, UInt8(ascii: "/")]
        for length in 1...24 {
            for position in 0..<length {
                for byte in specials + harmless {
                    var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = byte
                    let expected = !specials.contains(byte)
                    #expect(bytes.withUnsafeBufferPointer { JSONWriter.isPlain($0) } == expected,
                            "length \(length), byte \(byte) at \(position)")
                    let writer = JSONWriter(capacity: 4)
                    bytes.withUnsafeBufferPointer { writer.escaped($0) }
                    #expect((writer.bytes == bytes) == expected, "escaped: length \(length), byte \(byte) at \(position)")
                }
            }
        }
    }

    @Test("the registry revision is escaped when it needs it, in both places, as revisions change")
    func revisionEscaping() {
        let response = ReadinessResponse()
        for revision in ["rev-2", "r\"1\\", "rev-2", "r\"1\\", "rev-2026-11-28.1"] {
            response.registryRevision = revision
            let writer = JSONWriter()
            response.encode(into: writer)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            let escaped = revision.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            #expect(text.contains("policy registry revision \(escaped)\""), "\(revision)")
            #expect(text.hasSuffix("\"registry_revision\":\"\(escaped)\"}}"), "\(revision)")
        }
    }

    @Test("a finding list stays plain until a piece needs escaping, and resets")
    func findingListPlainFlag() {
        let list = FindingList()
        list.begin(); list.append("tenant "); list.append(text: "t-1"); list.finish()
        #expect(list.isPlain)
        list.begin(); list.append("policy pack "); list.append(text: "a\"b"); list.finish()
        #expect(!list.isPlain)
        list.removeAll()
        #expect(list.isPlain)
    }

    @Test("a response with a finding that needs escaping encodes it escaped in checks and blockers")
    func escapedFindingEncoding() {
        let response = ReadinessResponse()
        response.findings.begin(); response.findings.append("policy pack "); response.findings.append(text: "q\"\\x")
        response.findings.finish()
        response.checks.append(.init(check: .approvalState, status: .blocked, findings: 0..<1))
        let writer = JSONWriter()
        response.encode(into: writer)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.contains(#""blockers":["policy pack q\"\\x"]"#))
        #expect(text.contains(#""findings":["policy pack q\"\\x"]"#))
    }
}
