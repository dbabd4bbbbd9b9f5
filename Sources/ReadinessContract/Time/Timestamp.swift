/// An instant with exact sub-second precision, as attoseconds since the Unix epoch.
///
/// contract §8 demands exact time arithmetic, fractional seconds included, so
/// instants and durations are 128-bit integers of 10⁻¹⁸ s: a fraction is
/// exact to 18 digits (digits beyond that are truncated).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Attoseconds in one second.
    public static let attosecondsPerSecond: Int128 = 1_000_000_000_000_000_000

    /// Attoseconds since 1970-01-01T00:00:00Z.
    public var attoseconds: Int128

    /// Creates an instant `attoseconds` after the epoch.
    public init(attoseconds: Int128) {
        self.attoseconds = attoseconds
    }

    /// Creates an instant from whole seconds and nanoseconds since the epoch.
    public init(secondsSinceEpoch seconds: Int64, nanoseconds: Int64 = 0) {
        self.attoseconds = Int128(seconds) * Timestamp.attosecondsPerSecond + Int128(nanoseconds) * 1_000_000_000
    }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
    }

    /// Whole seconds since the epoch, fractional part truncated toward the past.
    public var wholeSeconds: Int64 {
        let (quotient, remainder) = attoseconds.quotientAndRemainder(dividingBy: Timestamp.attosecondsPerSecond)
        return Int64(remainder < 0 ? quotient - 1 : quotient)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.attoseconds < rhs.attoseconds }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC with fractional seconds truncated (contract §4 `checked_at`).
    public var description: String {
        let buffer = ByteBuffer(capacity: 24)
        appendUTC(to: buffer)
        return buffer.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` (UTC, fraction truncated) to `buffer`.
    public func appendUTC(to buffer: ByteBuffer) {
        let seconds = wholeSeconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        func two(_ value: Int64) {
            buffer.append(UInt8(ascii: "0") + UInt8(value / 10))
            buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        if year < 0 { buffer.append(UInt8(ascii: "-")) }
        let y = abs(year)
        if y > 9999 { buffer.append(String(y / 100)) } else { two(y / 100 % 100) }  // year 10000 and later: all digits
        two(y % 100)
        buffer.append(UInt8(ascii: "-")); two(month)
        buffer.append(UInt8(ascii: "-")); two(day)
        buffer.append(UInt8(ascii: "T")); two(secondOfDay / 3600)
        buffer.append(UInt8(ascii: ":")); two(secondOfDay / 60 % 60)
        buffer.append(UInt8(ascii: ":")); two(secondOfDay % 60)
        buffer.append(UInt8(ascii: "Z"))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
