/// Converts a JSON number (RFC 8259 grammar, already validated) to exact attoseconds.
public enum ExactDuration {
    /// Durations are capped here (about 31 million years): every instant this
    /// daemon compares lies within ±10¹² s, so a larger duration behaves the same.
    public static let cap: Int128 = 1_000_000_000_000_000 * Timestamp.attosecondsPerSecond

    /// The attoseconds the non-negative JSON number `bytes` denotes, capped at
    /// ``cap``; `nil` when the number is negative (`-0` is zero).
    public static func attoseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int128? {
        var i = 0
        let n = bytes.count
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var digits: [UInt8] = []
        var fractionDigits = 0
        while i < n, bytes[i] &- UInt8(ascii: "0") < 10 { digits.append(bytes[i] - UInt8(ascii: "0")); i += 1 }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
                digits.append(bytes[i] - UInt8(ascii: "0")); fractionDigits += 1; i += 1
            }
        }
        var exponent = 0
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-"); i += 1
            }
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
                exponent = min(exponent * 10 + Int(bytes[i] - UInt8(ascii: "0")), 1_000_000_000)
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        // Leading zeros do not change the value; without them the first kept digit is non-zero.
        guard let firstSignificant = digits.firstIndex(where: { $0 != 0 }) else { return 0 }
        digits.removeFirst(firstSignificant)
        if negative { return nil }
        // value = digits × 10^(exponent − fractionDigits); in attoseconds × 10^18.
        let shift = exponent - fractionDigits + 18
        var value: Int128 = 0
        let kept = shift >= 0 ? digits.count : max(0, digits.count + shift)
        for k in 0..<kept {
            value = value * 10 + Int128(digits[k])
            if value > cap { return cap }
        }
        if shift > 0 {
            for _ in 0..<shift {
                value *= 10
                if value > cap { return cap }
            }
        }
        return value
    }
}
