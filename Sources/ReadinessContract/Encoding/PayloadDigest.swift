import Crypto

/// What a rejection says about the raw input value (contract §3.3 `payload_sha256`,
/// `payload_bytes`), computed once so that a rejection can be encoded after the input is gone.
public struct PayloadDigest: Sendable, Equatable {
    /// SHA-256 of the value bytes (of no bytes for a tombstone).
    let sha256: SHA256Digest
    /// The value's length in bytes (0 for a tombstone).
    public let byteCount: Int

    /// Hashes `payload` (`nil`: a tombstone).
    public init(_ payload: UnsafeRawBufferPointer?) {
        sha256 = SHA256.hash(data: payload ?? UnsafeRawBufferPointer(start: nil, count: 0))
        byteCount = payload?.count ?? 0
    }
}
