/// Which input keys may become a rejection's key (contract §9.1).
///
/// The dead-letter key is the echoed `tenant_id` when there is one; otherwise
/// the input key, but only when it is *echoable*: valid UTF-8, an identifier
/// by rule 7 **without trimming** (1–256 Unicode scalar values, no control
/// character U+0000–U+001F or U+007F, no leading or trailing `White_Space`),
/// and matching no sensitive value pattern of contract §3.2. Any other key is
/// dropped (the rejection has no key): a key can be megabytes long or carry a
/// token, and the input key is never copied anywhere else.
public enum DeadLetterKey {
    /// The longest echoable key in bytes: 256 scalar values of at most 4 bytes each.
    static let maximumBytes = Identifier.maximumLength * 4

    /// `true` when `key` may be written as a rejection's key (contract §9.1).
    public static func isEchoable(_ key: UnsafeRawBufferPointer) -> Bool {
        let count = key.count
        // Longer keys cannot be 256 scalars; reading no further keeps a megabyte key cheap.
        guard count > 0, count <= maximumBytes, let raw = key.baseAddress else { return false }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var scalars = 0
        var index = 0
        var first: UInt32 = 0
        var last: UInt32 = 0
        while index < count {
            let byte = base[index]
            let next: Int
            if byte < 0x80 {
                if byte < 0x20 || byte == 0x7F { return false }
                next = index + 1
            } else {
                guard let end = UTF8Validation.validateScalar(base, at: index, end: count) else { return false }
                next = end
            }
            last = UTF8Validation.decodeScalar(base, at: index).0
            if scalars == 0 { first = last }
            scalars += 1
            index = next
        }
        guard scalars <= Identifier.maximumLength,
              !Identifier.isWhiteSpace(first), !Identifier.isWhiteSpace(last) else { return false }
        return !SensitiveMaterial.isSensitiveValue(UnsafeBufferPointer(start: base, count: count))
    }
}
