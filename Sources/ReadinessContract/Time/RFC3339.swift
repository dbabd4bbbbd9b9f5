/// Parses RFC 3339 timestamps exactly as contract §8 reads them:
/// `YYYY-MM-DD(T|t)HH:MM:SS[.fraction](Z|z|±HH:MM)`, calendar-checked, second 60
/// allowed (it counts as the next second). A space separator, a missing zone
/// and `±HHMM` are refused.
public enum RFC3339 {
    /// The instant `text` names, or `nil` if it is not an RFC 3339 timestamp.
    public static func parse(_ text: String) -> Timestamp? {
        text.withUTF8Bytes { parse($0) }
    }

    /// The instant the UTF-8 `bytes` name, or `nil` if they are not an RFC 3339 timestamp.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var i = 0
        let n = bytes.count
        func digits(_ count: Int) -> Int64? {
            guard i + count <= n else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value * 10 + Int64(d)
                i += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < n, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")),
              let month = digits(2), expect(UInt8(ascii: "-")),
              let day = digits(2), i < n, bytes[i] | 0x20 == UInt8(ascii: "t") else { return nil }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")),
              let minute = digits(2), expect(UInt8(ascii: ":")),
              let second = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var fraction: Int128 = 0
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var scale = Timestamp.attosecondsPerSecond
            let start = i
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
                scale /= 10  // digits past 10⁻¹⁸ s are truncated
                fraction += Int128(bytes[i] - UInt8(ascii: "0")) * scale
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < n else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[i] | 0x20 {
        case UInt8(ascii: "z"):
            i += 1
        default:
            guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return nil }
            let sign: Int64 = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let offsetHour = digits(2), expect(UInt8(ascii: ":")), let offsetMinute = digits(2),
                  offsetHour <= 23, offsetMinute <= 59 else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        }
        guard i == n else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Timestamp(attoseconds: Int128(seconds) * Timestamp.attosecondsPerSecond + fraction)
    }
}
