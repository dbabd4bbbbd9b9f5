/// How an object key taken from the input is written into a rejection's `field`
/// path (contract §9.4).
///
/// A rejection's path names keys from the request (contract §3.1 rule 4), and a key
/// is attacker-chosen text: `{"payload":{"password=hunter2":1}}` would otherwise
/// publish `payload.password=hunter2` on the dead-letter topic. A key is shown as its
/// decoded text only when it is *plain*: 1–64 Unicode scalar values, each a word
/// character (a Unicode letter, a Unicode digit or `_`, as for `\b` in contract §3.2),
/// `-` or space, and neither it nor its trimmed form matches a value pattern of
/// contract §3.2. Any other key becomes the segment ``redacted``; the rest of the path
/// is unchanged. Plain keys cannot contain `.`, `[` or `]`, so a shown path is
/// never ambiguous.
public enum FieldPathKey {
    /// The segment written in place of a key that is not plain.
    public static let redacted = "[redacted]"

    /// The most Unicode scalar values a shown key may have.
    public static let maximumLength = 64

    /// `true` when the decoded key `text` (valid UTF-8) may be written into a path as is.
    public static func isPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, !text.isEmpty else { return false }
        var scalars = 0
        var i = 0
        // The only White_Space scalar a plain key can hold is U+0020, so trimming is
        // trimming spaces; `first`/`last` bound the trimmed form as the loop goes.
        var first = -1
        var last = 0
        while i < text.count {
            let (scalar, length) = UTF8Validation.decodeScalar(base, at: i)
            guard scalar == 0x20 || scalar == 0x2D || SensitiveMaterial.isWordScalar(scalar) else { return false }
            scalars += 1
            guard scalars <= maximumLength else { return false }
            if scalar != 0x20 {
                if first < 0 { first = i }
                last = i + length
            }
            i += length
        }
        if SensitiveMaterial.isSensitiveValue(text) { return false }
        guard first >= 0 else { return true }  // only spaces: the trimmed form is empty and matches nothing
        return !SensitiveMaterial.isSensitiveValue(UnsafeBufferPointer(start: base + first, count: last - first))
    }

    /// The path segment for the decoded key `text`: the key itself when it is plain, else ``redacted``.
    public static func segment(_ text: UnsafeBufferPointer<UInt8>) -> String {
        isPlain(text) ? String(decoding: text, as: UTF8.self) : redacted
    }
}
