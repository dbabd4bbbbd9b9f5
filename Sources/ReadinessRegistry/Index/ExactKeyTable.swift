#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable hash table keyed by the exact UTF-8 bytes of a string.
///
/// Why not `Dictionary<String, Value>`: Swift compares strings by canonical
/// equivalence (`"é"` equals `"e\u{301}"`), but SPEC identifiers are compared
/// code point by code point, so a tenant, scope, pack or version written in
/// two normalization forms must stay two different keys. Hashing the raw
/// bytes with a small multiply-mix function is also several times cheaper
/// than `Hasher` on the per-request lookups of the evaluator.
///
/// Keys come from the operator's snapshot; lookups from requests cannot add
/// keys, so probe lengths stay bounded by the table built at load (load
/// factor ≤ 0.5). The hash is seeded per process.
public struct ExactKeyTable<Value: Sendable>: Sendable {
    /// Where one key's bytes live in ``arena`` and its full hash.
    private struct Entry: Sendable {
        var hash: UInt64
        var start: Int32
        var length: Int32
    }

    private var slots: [Int32]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    /// The keys, in insertion order.
    public private(set) var keys: [String] = []
    /// The values, parallel to ``keys``.
    public private(set) var values: [Value] = []
    private var mask: Int

    /// Creates an empty table with room for `capacity` keys.
    public init(minimumCapacity capacity: Int = 0) {
        var size = 8
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// Creates a table from `pairs`; a repeated key keeps its first value.
    public init(_ pairs: some Sequence<(String, Value)>) {
        self.init()
        for (key, value) in pairs { insert(key, value) }
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// `true` when the table holds no key.
    public var isEmpty: Bool { keys.isEmpty }

    /// Adds `key` → `value` unless `key` is already present; returns whether it was added.
    @discardableResult
    public mutating func insert(_ key: String, _ value: Value) -> Bool {
        var key = key
        return key.withUTF8 { bytes in
            guard find(bytes) == nil else { return false }
            if (entries.count + 1) * 2 > slots.count { grow() }
            let hash = ExactKeyTable.hash(bytes)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(hash: hash, start: Int32(arena.count), length: Int32(bytes.count)))
            arena.append(contentsOf: bytes)
            keys.append(String(decoding: bytes, as: UTF8.self))
            values.append(value)
            return true
        }
    }

    /// The value for exactly `key`, if present.
    @inline(__always)
    public subscript(key: String) -> Value? {
        var key = key
        guard let entry = key.withUTF8({ find($0) }) else { return nil }
        return values[entry]
    }

    /// The value for exactly the UTF-8 `bytes`, if present.
    @inline(__always)
    public subscript(bytes bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let entry = find(bytes) else { return nil }
        return values[entry]
    }

    /// `true` when exactly `key` is present.
    @inline(__always)
    public func contains(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { find($0) } != nil
    }

    @inline(__always)
    private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = ExactKeyTable.hash(bytes)
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let index = Int(slots[slot])
                        if index < 0 { return nil }
                        let entry = entries[index]
                        if entry.hash == hash, Int(entry.length) == bytes.count,
                           bytes.count == 0 || memcmp(arena.baseAddress! + Int(entry.start), bytes.baseAddress!, bytes.count) == 0 {
                            return index
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}

extension ExactKeyTable {
    /// Per-process seed, so that hash values differ between runs.
    static var seed: UInt64 { ExactKeySeed.value }

    /// A multiply-mix hash over 8-byte words (not cryptographic; see the type's documentation).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var h = seed ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
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

/// The process-wide hash seed of ``ExactKeyTable``.
enum ExactKeySeed {
    static let value: UInt64 = UInt64.random(in: .min ... .max)
}

/// A set of strings compared by exact UTF-8 bytes (see ``ExactKeyTable``).
public typealias ExactKeySet = ExactKeyTable<Bool>

extension ExactKeyTable where Value == Bool {
    /// Creates a set of `members`.
    public init(members: some Sequence<String>) {
        self.init()
        for member in members { insert(member, true) }
    }
}

/// Code-point (byte) equality of two strings, not Swift's canonical equivalence.
@inline(__always)
public func exactlyEqual(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { left in
        b.withUTF8 { right in
            left.count == right.count && (left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
        }
    }
}
