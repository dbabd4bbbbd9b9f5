extension String {
    /// Calls `body` with the string's UTF-8 bytes without copying the string first.
    ///
    /// Why not `withUTF8`: it is `mutating`, so every caller holding a `let` makes a copy
    /// (`var text = text`), which costs a retain and a release of the storage per call — on
    /// the hot path, several per request. Native strings (all strings on Linux) take the
    /// contiguous-storage path; the fallback copies.
    @inlinable @inline(__always)
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
