import ReadinessContract
import Testing

/// The dead-letter key rule (contract §9.1): the input key is echoed only when it is valid
/// UTF-8, an untrimmed identifier and matches no sensitive value pattern.
@Suite("Dead-letter key")
struct DeadLetterKeyTests {
    func echoable(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { DeadLetterKey.isEchoable($0) } }
    func echoable(_ text: String) -> Bool { echoable(Array(text.utf8)) }

    @Test("ordinary keys are echoed", arguments: ["tenant-a", "a", "tenant é ключ", "x y", "😀", "ghp_short"])
    func ordinary(_ key: String) {
        #expect(echoable(key))
    }

    @Test("1 to 256 Unicode scalars, counted as scalars, not bytes")
    func length() {
        #expect(echoable(String(repeating: "a", count: 256)))
        #expect(!echoable(String(repeating: "a", count: 257)))
        #expect(echoable(String(repeating: "é", count: 256)))     // 512 bytes
        #expect(!echoable(String(repeating: "é", count: 257)))
        #expect(echoable(String(repeating: "😀", count: 256)))    // 1,024 bytes
        #expect(!echoable(String(repeating: "😀", count: 257)))
        #expect(!echoable(""))
        #expect(!echoable([UInt8](repeating: UInt8(ascii: "k"), count: 1_200_000)))
    }

    @Test("leading or trailing White_Space is not trimmed: such a key is not echoed",
          arguments: [" tenant", "tenant ", "\u{00A0}tenant", "tenant\u{3000}", "\u{2028}t", " "])
    func untrimmed(_ key: String) {
        #expect(!echoable(key))
    }

    @Test("inner spaces are fine")
    func innerSpace() {
        #expect(echoable("tenant a"))
        #expect(echoable("a\u{3000}b"))
    }

    @Test("control characters U+0000–U+001F and U+007F are refused", arguments: [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x7F] as [UInt8])
    func control(_ byte: UInt8) {
        #expect(!echoable(Array("ten".utf8) + [byte] + Array("ant".utf8)))
    }

    @Test("invalid UTF-8 is refused", arguments: [
        [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0x61, 0xE2, 0x82],
    ] as [[UInt8]])
    func invalidUTF8(_ bytes: [UInt8]) {
        #expect(!echoable(Array("t".utf8) + bytes + Array("t".utf8)))
    }

    @Test("a key matching a sensitive value pattern is refused", arguments: [
        "ghp_" + String(repeating: "A", count: 36),
        "sk_live_" + String(repeating: "9", count: 24),
        "tenant xoxb-" + String(repeating: "a", count: 16),
        "-----BEGIN RSA PRIVATE KEY-----",
        "k:gho_abcdefghijklmnopqrstuvwxyz",
    ])
    func sensitive(_ key: String) {
        #expect(!echoable(key))
    }
}
