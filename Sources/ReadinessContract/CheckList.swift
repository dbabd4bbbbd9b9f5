/// An ordered list of distinct readiness checks, stored inline (no allocation).
///
/// Holds a request's `required_checks` after de-duplication: at most the six
/// checks, each once, in request order.
public struct CheckList: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Bits 0–23: six 4-bit slots holding raw values; bits 24–27: count; bits 28–31 unused.
    private var storage: UInt32 = 0

    /// All six checks in the canonical order of contract §5 (the default).
    public static let all = CheckList(ReadinessCheck.allCases)

    /// Creates an empty list.
    public init() {}

    /// Creates a list of `checks`, dropping repeats (first occurrence kept).
    public init(_ checks: some Sequence<ReadinessCheck>) {
        for check in checks { insert(check) }
    }

    public init(arrayLiteral elements: ReadinessCheck...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(storage >> 24) }

    public subscript(position: Int) -> ReadinessCheck {
        precondition(position >= 0 && position < endIndex, "CheckList index out of range")
        return ReadinessCheck(rawValue: UInt8(truncatingIfNeeded: storage >> (4 * UInt32(position))) & 0xF)!
    }

    /// `true` when `check` is in the list.
    public func contains(_ check: ReadinessCheck) -> Bool {
        (0..<endIndex).contains { self[$0] == check }
    }

    /// Appends `check` unless it is already listed; returns whether it was added.
    @discardableResult
    public mutating func insert(_ check: ReadinessCheck) -> Bool {
        guard !contains(check) else { return false }
        let count = UInt32(endIndex)
        storage = (storage & 0x00FF_FFFF) | UInt32(check.rawValue) << (4 * count) | (count + 1) << 24
        return true
    }

    /// The whole list (its checks, their order and its length) as one word: equal lists have equal words.
    public var packedValue: UInt32 { storage }

    public var description: String { "[" + map(\.description).joined(separator: ", ") + "]" }
}
