import ReadinessContract
import Testing

/// `checked_at` / `rejected_at` format (contract §4, §8): UTC `YYYY-MM-DDTHH:MM:SSZ`,
/// fractional seconds truncated.
@Suite("Timestamp formatting")
struct TimestampFormattingTests {
    @Test("formats in UTC and truncates the fraction", arguments: [
        ("2026-06-02T12:00:00Z", "2026-06-02T12:00:00Z"),
        ("2026-06-02T12:00:00.999999999Z", "2026-06-02T12:00:00Z"),
        ("2026-06-02T12:00:59.9Z", "2026-06-02T12:00:59Z"),
        ("2026-06-02T00:30:00+01:00", "2026-06-01T23:30:00Z"),
        ("2026-12-31T20:00:00-05:00", "2027-01-01T01:00:00Z"),
        ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"),
        ("2024-02-29T23:59:59.5z", "2024-02-29T23:59:59Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59Z"),
    ])
    func format(_ input: String, _ expected: String) throws {
        let time = try #require(RFC3339.parse(input))
        #expect(time.description == expected)
    }

    @Test("formats instants built from seconds and nanoseconds")
    func fromSeconds() {
        #expect(Timestamp(secondsSinceEpoch: 1_780_358_400).description == "2026-06-02T00:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: 1_780_358_400, nanoseconds: 999_999_999).description == "2026-06-02T00:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: 0).description == "1970-01-01T00:00:00Z")
        #expect(Timestamp(attoseconds: -1).description == "1969-12-31T23:59:59Z")
    }

    @Test("appendUTC writes the same text into a buffer")
    func appendUTC() {
        let buffer = ByteBuffer()
        Timestamp(secondsSinceEpoch: 1_780_401_601).appendUTC(to: buffer)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == "2026-06-02T12:00:01Z")
    }

    @Test("an instant past year 9999 is not formatted as year 0000")
    func yearTenThousand() throws {
        // 9999-12-31T23:59:60Z is accepted (second 60 = the next second) and is 10000-01-01T00:00:00Z.
        let time = try #require(RFC3339.parse("9999-12-31T23:59:60Z"))
        #expect(time.description == "10000-01-01T00:00:00Z")
    }

    @Test("JSONWriter.timestamp writes each instant's text, also when instants alternate and across resets")
    func writerTimestamp() throws {
        let a = try #require(RFC3339.parse("2026-06-02T12:00:01.5Z"))
        let b = try #require(RFC3339.parse("2026-06-02T12:00:01.7Z"))  // same second, another instant
        let c = try #require(RFC3339.parse("2031-12-31T23:59:60Z"))
        let writer = JSONWriter(capacity: 4)
        for instant in [a, a, b, c, a] {
            writer.timestamp(instant)
            writer.raw(" ")
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self)
                == "2026-06-02T12:00:01Z 2026-06-02T12:00:01Z 2026-06-02T12:00:01Z 2032-01-01T00:00:00Z 2026-06-02T12:00:01Z ")
        writer.reset()
        writer.timestamp(c)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "2032-01-01T00:00:00Z")
    }
}
