import ReadinessContract
import Testing
@testable import ReadinessFleet

/// The table goes to a terminal: control characters from the snapshot or the topics
/// are printed as `\u{XX}` escapes, never as themselves.
@Suite struct FleetTableEscapingTests {
    /// Scalars a terminal acts on (C0 but LF, DEL, C1) or that reorder text.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    @Test func escapesEveryKindOfControlCharacter() {
        #expect(FleetTextEscaping.escaped("evil\u{1B}[2J") == #"evil\u{1B}[2J"#)
        #expect(FleetTextEscaping.escaped("a\nb\rc\td\u{0}") == #"a\u{0A}b\u{0D}c\u{09}d\u{00}"#)
        #expect(FleetTextEscaping.escaped("\u{7F}\u{9B}31m") == #"\u{7F}\u{9B}31m"#)
        #expect(FleetTextEscaping.escaped("abc\u{202E}fed\u{2028}") == #"abc\u{202E}fed\u{2028}"#)
        #expect(FleetTextEscaping.escaped(#"C:\x \u{1B}"#) == #"C:\\x \\u{1B}"#)
    }

    @Test func leavesOrdinaryTextAlone() {
        for text in ["tenant-demo", "Ünïcode-ключ_1 x", "policy pack p not found", "", "日本語 😀"] {
            #expect(FleetTextEscaping.escaped(text) == text)
        }
    }

    @Test func tableHoldsNoControlCharacterFromItsData() {
        let plan = FleetPlan(batch: FleetFixtures.batch, targets: [
            FleetTarget(tenantID: "t\u{1B}]0;owned\u{07}", scope: "s\u{9B}2J"),
            FleetTarget(tenantID: "line\nforged  tenant-default  ready", scope: "tenant-default"),
            FleetTarget(tenantID: "r\r", scope: "tenant-default"),
            FleetTarget(tenantID: "unsent\u{202E}", scope: "tenant-default"),
        ], checks: nil)
        var collector = FleetFixtures.collector(plan, answers: [
            0: .response(FleetAnswer.Response(readinessStatus: .blocked, catalogStatus: .ready, latestCatalogVersion: nil,
                                              blockers: ["catalog \u{1B}[31mred\u{1B}[0m is expired"], registryRevision: "rev\u{08}\u{08}")),
            1: .rejection(FleetAnswer.Rejection(reason: "invalid_field", field: "payload.\u{7F}", message: "bad\u{0D}value")),
            2: FleetFixtures.response(.ready),
        ])
        _ = collector.deliveryFailed(index: 3, reason: "broker said \u{1B}[2K")
        let report = FleetReport(plan: plan, collector: collector, startedAt: 1_780_401_600, finishedAt: 1_780_401_602,
                                 durationSeconds: 1)
        let text = FleetTableRenderer().render(report)
        #expect(!text.unicodeScalars.contains(where: Self.isUnsafe))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Header and exactly one line per request: an LF in a tenant id forges no row.
        #expect(lines[1].hasPrefix(#"t\u{1B}]0;owned\u{07} "#) && lines[1].contains(#" s\u{9B}2J "#))
        #expect(lines[1].hasSuffix(#"catalog \u{1B}[31mred\u{1B}[0m is expired"#))
        #expect(lines[2].hasPrefix(#"line\u{0A}forged  tenant-default  ready  tenant-default  REJECTED"#))
        #expect(lines[2].hasSuffix(#"invalid_field at payload.\u{7F}: bad\u{0D}value"#))
        #expect(lines[3].hasPrefix(#"r\u{0D}"#))
        #expect(lines[4].hasPrefix(#"unsent\u{202E}"#) && lines[4].hasSuffix(#"broker said \u{1B}[2K"#))
        #expect(lines[5].isEmpty)
        #expect(text.contains(#"registry revision rev\u{08}\u{08}"#))
        #expect(text.contains(#"    unsent\u{202E} tenant-default — not sent: broker said \u{1B}[2K"#))
        #expect(text.contains(#"    line\u{0A}forged  tenant-default  ready tenant-default — invalid_field at payload.\u{7F}: bad\u{0D}value"#))
    }
}
