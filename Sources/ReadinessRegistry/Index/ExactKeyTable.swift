import ReadinessContract


/// An immutable hash table keyed by the exact UTF-8 bytes of a string.
///
/// Why not `Dictionary<String, Value>`: Swift compares strings by canonical
/// equivalence (`"é"` equals `"e\u{301}"`), but contract identifiers are compared
/// code point by code point, so a tenant, scope, pack or version written in
/// two normalization forms must stay two different keys. Hashing the raw
/// bytes with a small multiply-mix function is also several times cheaper
/// than `Hasher` on the per-request lookups of the evaluator.
///
/// Keys come from the operator's snapshot; lookups from requests cannot add
/// keys, so probe lengths stay bounded by the table built at load (load
/// factor ≤ 0.5). The hash is seeded per process.
public final class ExactKeyTable<Value: Sendable>: Sendable {
    typealias Slot = ExactKeySlot

    /// Collects keys and values, then freezes them into a table.
    public struct Builder {
        var slots: [Slot] = Array(repeating: .empty, count: 8)
        var arena: [UInt8] = []
        var keys: [String] = []
        var values: [Value] = []

        /// Creates an empty builder.
        public init() {}

        /// Adds `key` → `value` unless `key` is already present; returns whether it was added.
        @discardableResult
        public mutating func insert(_ key: String, _ value: Value) -> Bool {
            key.withUTF8Bytes { bytes in
                let hash = ByteHash.hash(bytes)
                if ExactKeyTable.find(bytes, hash: hash, slots: slots, arena: arena) != nil { return false }
                if (keys.count + 1) * 2 > slots.count { grow() }
                let slot = Slot(hash: UInt32(truncatingIfNeeded: hash), index: Int32(keys.count),
                                start: Int32(arena.count), length: Int32(bytes.count))
                ExactKeyTable.place(slot, fullHash: hash, in: &slots)
                arena.append(contentsOf: bytes)
                keys.append(String(decoding: bytes, as: UTF8.self))
                values.append(value)
                return true
            }
        }

        /// `true` when exactly `key` was inserted.
        public func contains(_ key: String) -> Bool {
            value(key) != nil
        }

        /// The value inserted for exactly `key`, if any.
        public func value(_ key: String) -> Value? {
            key.withUTF8Bytes { ExactKeyTable.find($0, hash: ByteHash.hash($0), slots: slots, arena: arena) }
                .map { values[$0] }
        }

        private mutating func grow() {
            let old = slots
            slots = Array(repeating: .empty, count: old.count * 2)
            for slot in old where slot.index >= 0 {
                let hash = arena.withUnsafeBufferPointer {
                    ByteHash.hash(UnsafeBufferPointer(rebasing: $0[Int(slot.start)..<Int(slot.start + slot.length)]))
                }
                ExactKeyTable.place(slot, fullHash: hash, in: &slots)
            }
        }

        /// The frozen table.
        public func build() -> ExactKeyTable { ExactKeyTable(self) }
    }

    // Immutable storage: `let` arrays of a final class are read without retains on the hot path.
    private let slots: [Slot]
    private let arena: [UInt8]
    /// The keys, in insertion order.
    public let keys: [String]
    /// The values, parallel to ``keys``.
    public let values: [Value]

    private init(_ builder: Builder) {
        slots = builder.slots
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
        position(of: key).map { values[$0] }
    }

    /// `true` when exactly `key` is present.
    @inline(__always)
    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    /// The insertion position of exactly `key` (its index in ``keys``), if present.
    ///
    /// Indexes built in insertion order use the position as the id and skip ``values``.
    @inline(__always)
    public func position(of key: String) -> Int? {
        key.withUTF8Bytes { ExactKeyTable.find($0, hash: ByteHash.hash($0), slots: slots, arena: arena) }
    }

    @inline(__always)
    static func place(_ slot: Slot, fullHash: UInt64, in slots: inout [Slot]) {
        let mask = slots.count - 1
        var position = Int(truncatingIfNeeded: fullHash >> 32) & mask
        while slots[position].index >= 0 { position = (position + 1) & mask }
        slots[position] = slot
    }

    @inline(__always)
    static func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, slots: [Slot], arena: [UInt8]) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                let mask = slots.count - 1
                let tag = UInt32(truncatingIfNeeded: hash)
                var position = Int(truncatingIfNeeded: hash >> 32) & mask
                while true {
                    let slot = slots[position]
                    if slot.index < 0 { return nil }
                    if slot.hash == tag, Int(slot.length) == bytes.count,
                       bytes.count == 0 || memcmpEqual(arena.baseAddress! + Int(slot.start), bytes.baseAddress!, bytes.count) {
                        return Int(slot.index)
                    }
                    position = (position + 1) & mask
                }
            }
        }
    }
}


/// One slot of an ``ExactKeyTable``: everything a probe needs in one 16-byte record, so a hit
/// costs one random access for the slot and one for the key bytes.
struct ExactKeySlot: Sendable {
    /// The low 32 bits of the key's hash (the high bits chose the slot).
    var hash: UInt32
    /// The key's insertion position (-1: empty slot).
    var index: Int32
    /// The key's bytes in the arena.
    var start: Int32
    var length: Int32

    static let empty = ExactKeySlot(hash: 0, index: -1, start: 0, length: 0)
}

/// A set of strings compared by exact UTF-8 bytes (see ``ExactKeyTable``).
public typealias ExactKeySet = ExactKeyTable<Bool>

extension ExactKeyTable where Value == Bool {
    /// Creates a set of `members`.
    public convenience init(members: some Sequence<String>) {
        self.init(members.lazy.map { ($0, true) })
    }
}
