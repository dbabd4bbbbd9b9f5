/// Appends compact JSON to a reusable byte buffer.
///
/// Strings are written as UTF-8 with `"`, `\` and control characters escaped;
/// other characters are written raw (contract §8 allows raw non-ASCII). One writer
/// per worker thread; ``reset()`` between documents keeps its storage.
public final class JSONWriter {
    /// The bytes written so far.
    public let buffer: ByteBuffer

    /// Creates a writer with room for `capacity` bytes.
    public init(capacity: Int = 2048) {
        buffer = ByteBuffer(capacity: capacity)
    }

    /// Creates a writer appending to `buffer` (e.g. an arena shared by many
    /// documents; use ``ByteBuffer/count`` before and after to find each one).
    public init(appendingTo buffer: ByteBuffer) {
        self.buffer = buffer
    }

    /// A copy of the bytes written so far.
    public var bytes: [UInt8] { buffer.bytes }

    /// The number of bytes written so far.
    public var count: Int { buffer.count }

    /// Empties the buffer, keeping its storage.
    public func reset() { buffer.removeAll() }

    /// The instant ``timestamp(_:)`` wrote last, and its text (the buffer is reused for the next one).
    private var lastTimestamp: (instant: Timestamp, text: ByteBuffer)?

    /// Appends `instant` as `YYYY-MM-DDTHH:MM:SSZ` (UTC, fraction truncated, no quotes;
    /// ``Timestamp/appendUTC(to:)``).
    ///
    /// The pipeline answers a whole batch with one clock reading, so the text of the
    /// last instant is kept and copied again: formatting it (a 128-bit division and the
    /// civil calendar) costs more than the rest of a cached answer.
    public func timestamp(_ instant: Timestamp) {
        if let last = lastTimestamp, last.instant == instant {
            last.text.withBytes { buffer.append($0) }
            return
        }
        let text = lastTimestamp?.text ?? ByteBuffer(capacity: 32)
        text.removeAll()
        instant.appendUTC(to: text)
        lastTimestamp = (instant, text)
        text.withBytes { buffer.append($0) }
    }

    /// Appends `text` verbatim (it must already be valid JSON syntax).
    @inline(__always)
    public func raw(_ text: StaticString) { buffer.append(text) }

    /// Appends raw bytes verbatim.
    @inline(__always)
    public func raw(_ text: UnsafeBufferPointer<UInt8>) { buffer.append(text) }

    /// Appends `value` as a quoted, escaped JSON string.
    @inline(__always)
    public func string(_ value: String) {
        value.withUTF8Bytes { string($0) }
    }

    /// Appends `value` as a JSON string, or `null`.
    @inline(__always)
    public func stringOrNull(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    /// Appends the UTF-8 `text` as a quoted, escaped JSON string.
    public func string(_ text: UnsafeBufferPointer<UInt8>) {
        buffer.append(UInt8(ascii: "\""))
        escaped(text)
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends the UTF-8 `text` escaped for use inside a JSON string, without quotes.
    public func escaped(_ text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress else { return }
        // Most texts (identifiers, revisions, findings) need no escape: copy them in one go.
        if JSONWriter.isPlain(text) { return buffer.append(base, count: text.count) }
        var runStart = 0
        var i = 0
        let count = text.count
        while i < count {
            // Copy eight bytes at a time while none needs escaping (non-ASCII is written raw).
            if i + 8 <= count, JSONWriter.needsNoEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = base[i]
            i += 1
            guard JSONWriter.needsEscape(byte) else { continue }
            let position = i - 1
            if runStart < position { buffer.append(base + runStart, count: position - runStart) }
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            default:
                raw("\\u00")
                buffer.append(JSONWriter.hexDigit(byte >> 4))
                buffer.append(JSONWriter.hexDigit(byte & 0xF))
            }
            runStart = i
        }
        if runStart < count { buffer.append(base + runStart, count: count - runStart) }
    }

    /// `true` when no byte of the UTF-8 `text` needs escaping inside a JSON string.
    public static func isPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return true }
        let count = text.count
        guard count >= 8 else {
            for i in 0..<count where needsEscape(base[i]) { return false }
            return true
        }
        // Eight bytes at a time; the last word overlaps the one before it instead of a byte loop.
        var i = 0
        while i + 8 <= count {
            if !needsNoEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { return false }
            i += 8
        }
        return i == count || needsNoEscape(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self))
    }

    /// Appends `text` as a quoted JSON string; when `plain` the caller vouches that it needs
    /// no escaping (see ``isPlain(_:)``) and the bytes are copied as they are.
    @inline(__always)
    public func string(_ text: UnsafeBufferPointer<UInt8>, plain: Bool) {
        guard plain else { return string(text) }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(text)
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends a decimal integer.
    public func integer<T: BinaryInteger>(_ value: T) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            unsigned(UInt64(-Int64(value)))
        } else {
            unsigned(UInt64(value))
        }
    }

    private func unsigned(_ value: UInt64) {
        var v = value
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            repeat {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            buffer.append(digits.baseAddress! + position, count: 20 - position)
        }
    }

    /// Appends the lower-case hex form of `bytes`.
    public func hex(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            buffer.append(JSONWriter.hexDigit(byte >> 4))
            buffer.append(JSONWriter.hexDigit(byte & 0xF))
        }
    }

    /// `true` when none of the eight bytes of `word` is `"`, `\\` or below 0x20 (SWAR test;
    /// a byte ≥ 0x80 may raise a false alarm, which only sends it to the byte loop).
    /// `true` for a byte that cannot stand raw inside a JSON string: `"`, `\` or a control character.
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    @inline(__always)
    static func needsNoEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        return special & (ones &* 0x80) == 0
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
