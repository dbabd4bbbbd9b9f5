import ReadinessContract
import Testing

/// Snapshot durations (contract §5, §8): any RFC 8259 number, non-negative, converted exactly.
@Suite("ExactDuration")
struct ExactDurationTests {
    static let second = Timestamp.attosecondsPerSecond

    static func attoseconds(_ number: String) -> Int128? {
        var number = number
        return number.withUTF8 { ExactDuration.attoseconds($0) }
    }

    static let exactCases: [(String, Int128)] = {
        let s = second
        var cases: [(String, Int128)] = [("0", 0), ("-0", 0), ("-0.0e5", 0), ("0.0000000000000000000000000000", 0)]
        cases.append(("86400", 86_400 * s))
        cases.append(("0.5", s / 2))
        cases.append(("1e3", 1000 * s))
        cases.append(("1E+3", 1000 * s))
        cases.append(("123.456e2", 12_345_600_000_000_000_000_000))
        cases.append(("1e-18", 1))
        cases.append(("0.000000000000000001", 1))
        cases.append(("1e-19", 0))
        cases.append(("1209600.000000001", 1_209_600 * s + 1_000_000_000))
        cases.append(("8.64e4", 86_400 * s))
        cases.append(("6048E2", 604_800 * s))
        return cases
    }()

    @Test("exact values", arguments: exactCases)
    func exact(_ number: String, _ expected: Int128) {
        #expect(Self.attoseconds(number) == expected)
    }

    @Test("negative numbers are refused", arguments: ["-1", "-0.5", "-1e-9", "-1e-999999999", "-86400"])
    func negative(_ number: String) {
        #expect(Self.attoseconds(number) == nil)
    }

    @Test("huge values saturate instead of overflowing", arguments: [
        "1e400", "1e999999999999", "123456789012345678901234567890", String(repeating: "9", count: 1000),
    ])
    func huge(_ number: String) {
        #expect(Self.attoseconds(number) == ExactDuration.cap)
    }

    @Test("long mantissas with compensating exponents keep their exact value")
    func longMantissa() {
        // 0.<100005 zeros>1e100010 = 1e4 s; 1<100010 zeros>e-100005 = 1e5 s.
        let tiny = "0." + String(repeating: "0", count: 100_005) + "1e100010"
        let big = "1" + String(repeating: "0", count: 100_010) + "e-100005"
        #expect(Self.attoseconds(tiny) == 10_000 * Self.second)
        #expect(Self.attoseconds(big) == 100_000 * Self.second)
    }
}
