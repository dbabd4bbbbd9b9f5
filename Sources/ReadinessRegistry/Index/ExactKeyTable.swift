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
public final class ExactKeyTable<Value: Sendable>: Sendable {
    /// Where one key's bytes live in the arena, and its full hash.
    struct Entry: Sendable {
        var hash: UInt64
        var start: Int32
        var length: Int32
    }

    /// Collects keys and values, then freezes them into a table.
    public struct Builder {
        var slots: [Int32] = Array(repeating: -1, count: 8)
        var entries: [Entry] = []
        var arena: [UInt8] = []
        var keys: [String] = []
        var values: [Value] = []

        /// Creates an empty builder.
        public init() {}

        /// Adds `key` → `value` unless `key` is already present; returns whether it was added.
        @discardableResult
        public mutating func insert(_ key: String, _ value: Value) -> Bool {
            var key = key
            return key.withUTF8 { bytes in
                let hash = ByteHash.hash(bytes)
                if ExactKeyTable.find(bytes, hash: hash, slots: slots, entries: entries, arena: arena) != nil { return false }
                if (entries.count + 1) * 2 > slots.count { grow() }
                var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = Int32(entries.count)
                entries.append(Entry(hash: hash, start: Int32(arena.count), length: Int32(bytes.count)))
                arena.append(contentsOf: bytes)
                keys.append(String(decoding: bytes, as: UTF8.self))
                values.append(value)
                return true
            }
        }

        /// `true` when exactly `key` was inserted.
        public func contains(_ key: String) -> Bool {
            var key = key
            return key.withUTF8 { ExactKeyTable.find($0, hash: ByteHash.hash($0), slots: slots, entries: entries, arena: arena) } != nil
        }

        /// The value inserted for exactly `key`, if any.
        public func value(_ key: String) -> Value? {
            var key = key
            return key.withUTF8 { ExactKeyTable.find($0, hash: ByteHash.hash($0), slots: slots, entries: entries, arena: arena) }
                .map { values[$0] }
        }

        private mutating func grow() {
            let size = slots.count * 2
            slots = Array(repeating: -1, count: size)
            for (index, entry) in entries.enumerated() {
                var slot = Int(truncatingIfNeeded: entry.hash) & (size - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Int32(index)
            }
        }

        /// The frozen table.
        public func build() -> ExactKeyTable { ExactKeyTable(self) }
    }

    // Immutable storage: `let` arrays of a final class are read without retains on the hot path.
    private let slots: [Int32]
    private let entries: [Entry]
    private let arena: [UInt8]
    /// The keys, in insertion order.
    public let keys: [String]
    /// The values, parallel to ``keys``.
    public let values: [Value]

    private init(_ builder: Builder) {
        slots = builder.slots
        entries = builder.entries
        arena = builder.arena
        keys = builder.keys
        values = builder.values
    }

    /// An empty table.
    public convenience init() { self.init(Builder()) }

    /// A table of `pairs`; a repeated key keeps its first value.
    public convenience init(_ pairs: some Sequence<(String, Value)>) {
        var builder = Builder()
        for (key, value) in pairs { builder.insert(key, value) }
        self.init(builder)
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// `true` when the table holds no key.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for exactly `key`, if present.
    @inline(__always)
    public subscript(key: String) -> Value? {
        var key = key
        guard let entry = key.withUTF8({ ExactKeyTable.find($0, hash: ByteHash.hash($0), slots: slots, entries: entries, arena: arena) })
        else { return nil }
        return values[entry]
    }

    /// `true` when exactly `key` is present.
    @inline(__always)
    public func contains(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { ExactKeyTable.find($0, hash: ByteHash.hash($0), slots: slots, entries: entries, arena: arena) } != nil
    }

    @inline(__always)
    static func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, slots: [Int32], entries: [Entry], arena: [UInt8]) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    let mask = slots.count - 1
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
}


/// A multiply-mix hash of bytes over 8-byte words, seeded per process (not cryptographic).
enum ByteHash {
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var h = ExactKeySeed.value ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
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
    public convenience init(members: some Sequence<String>) {
        self.init(members.lazy.map { ($0, true) })
    }
}
