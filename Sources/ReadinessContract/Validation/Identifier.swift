/// The identifier rule of contract §3.1 rule 7 and §8.
///
/// An identifier is a string that, after trimming leading and trailing Unicode
/// `White_Space`, is 1–256 Unicode scalar values with no control character
/// (U+0000–U+001F, U+007F).
public enum Identifier {
    /// The longest identifier accepted, in Unicode scalar values.
    public static let maximumLength = 256

    /// Exactly the Unicode `White_Space` property (contract §8 lists it).
    @inline(__always)
    public static func isWhiteSpace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Returns the trimmed byte range of the valid UTF-8 `text`, or `nil` if the
    /// trimmed text is not an identifier.
    public static func validate(_ text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let base = text.baseAddress else { return nil }
        if let range = plainASCII(base, count: text.count) { return range }
        var start = 0
        var end = text.count
        while start < end {
            let (scalar, length) = UTF8Validation.decodeScalar(base, at: start)
            guard isWhiteSpace(scalar) else { break }
            start += length
        }
        while end > start {
            let (scalar, length) = UTF8Validation.decodeScalar(base, endingAt: end, start: start)
            guard isWhiteSpace(scalar) else { break }
            end -= length
        }
        guard start < end else { return nil }
        var scalars = 0
        for i in start..<end {
            let byte = base[i]
            if byte < 0x20 || byte == 0x7F { return nil }
            if !UTF8Validation.isContinuation(byte) { scalars += 1 }
        }
        return scalars <= maximumLength ? start..<end : nil
    }

    /// The fast path for the usual identifier: at most 256 bytes, all printable ASCII
    /// (0x20–0x7E), first and last byte not a space. Such text needs no trimming and
    /// is its own scalar count, so it is accepted whole; anything else (including
    /// every invalid identifier) returns `nil` and takes the general path.
    @inline(__always)
    static func plainASCII(_ base: UnsafePointer<UInt8>, count: Int) -> Range<Int>? {
        guard count > 0, count <= maximumLength, base[0] != 0x20, base[count - 1] != 0x20 else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // The high bit of a result byte is set for every byte below 0x20 or at least 0x7F
            // (borrows and carries can only add false alarms, which take the general path).
            if ((word &- ones &* 0x20) | (word &+ ones) | word) & (ones &* 0x80) != 0 { return nil }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte < 0x20 || byte >= 0x7F { return nil }
            i += 1
        }
        return 0..<count
    }
}
