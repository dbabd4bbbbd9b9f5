/// A growable byte buffer with cheap appends, reused across requests.
///
/// `[UInt8].append(contentsOf:)` pays a uniqueness check and generic copy
/// bookkeeping on every call; encoding a response makes dozens of small
/// appends, so the hot path writes into this manually managed storage instead.
/// A reference type: share it deliberately, one per worker thread.
public final class ByteBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes written.
    public private(set) var count = 0

    /// Creates an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Empties the buffer, keeping its storage.
    @inline(__always)
    public func removeAll() { count = 0 }

    /// Drops the bytes after the first `newCount`.
    @inline(__always)
    public func truncate(to newCount: Int) {
        precondition(newCount <= count)
        count = newCount
    }

    @inline(__always)
    private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// Appends one byte.
    @inline(__always)
    public func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    /// Appends `length` bytes from `source`.
    @inline(__always)
    public func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        reserve(length)
        (storage + count).update(from: source, count: length)
        count += length
    }

    /// Appends the bytes of `source`.
    @inline(__always)
    public func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress else { return }
        append(base, count: source.count)
    }

    /// Appends a static string's UTF-8 bytes.
    @inline(__always)
    public func append(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Appends a string's UTF-8 bytes.
    @inline(__always)
    public func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    /// Calls `body` with the bytes written so far.
    @inline(__always)
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage, count: count))
    }

    /// A pointer to byte `offset` (valid until the next append).
    @inline(__always)
    func pointer(at offset: Int) -> UnsafePointer<UInt8> { UnsafePointer(storage + offset) }

    /// A copy of the bytes written so far.
    public var bytes: [UInt8] { withBytes { Array($0) } }
}
