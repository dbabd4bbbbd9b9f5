/// A multiply-mix hash of bytes over 8-byte words, seeded per process (not cryptographic).
/// Used by the registry's key tables and response cache and by the validator's string interner;
/// `@inlinable` because it sits on their hot paths in other modules.
package enum ByteHash {
    @inlinable @inline(__always)
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var h = ByteHashSeed.value ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }
}

/// The process-wide hash seed of ``ByteHash``.
@usableFromInline
package enum ByteHashSeed {
    @usableFromInline
    package static let value: UInt64 = UInt64.random(in: .min ... .max)
}
