/// The identity of one fleet run: every request of the run carries a
/// correlation id `<batch id>-<index>`, so answers of this run are told apart
/// from every other request on the topics (other operators, other runs, the
/// regular traffic) without any lookup table.
public struct FleetBatchID: Sendable, Hashable, CustomStringConvertible {
    /// The batch id, e.g. `fleet-20261126T140312Z-3fa9c1`.
    public let value: String
    /// `value` + `-`, the prefix of every correlation id of the batch.
    private let prefix: [UInt8]

    /// Wraps an existing batch id (tests, re-reading a report).
    public init(_ value: String) {
        self.value = value
        self.prefix = Array((value + "-").utf8)
    }

    /// A fresh id: `fleet-` + the UTC start time to the second + 24 random bits.
    public static func fresh(secondsSinceEpoch: Int64) -> FleetBatchID {
        let stamp = UTCClock.compact(secondsSinceEpoch: secondsSinceEpoch)
        let random = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        return FleetBatchID("fleet-\(stamp)-" + String(repeating: "0", count: 6 - random.count) + random)
    }

    /// The correlation id of request `index`.
    public func correlationID(_ index: Int) -> String {
        "\(value)-\(index)"
    }

    /// The request index encoded in `correlationID`, or `nil` when the id does
    /// not belong to this batch or its index is not below `count`.
    public func index(of correlationID: UnsafeRawBufferPointer, count: Int) -> Int? {
        guard correlationID.count > prefix.count, correlationID.count <= prefix.count + 18 else { return nil }
        for position in 0..<prefix.count where correlationID[position] != prefix[position] {
            return nil
        }
        var index = 0
        for position in prefix.count..<correlationID.count {
            let byte = correlationID[position]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            index = index * 10 + Int(byte - UInt8(ascii: "0"))
        }
        // Reject leading zeros, so that one request has exactly one correlation id.
        if correlationID[prefix.count] == UInt8(ascii: "0") && correlationID.count > prefix.count + 1 { return nil }
        return index < count ? index : nil
    }

    /// ``index(of:count:)`` for a Swift string.
    public func index(of correlationID: String, count: Int) -> Int? {
        var text = correlationID
        return text.withUTF8 { index(of: UnsafeRawBufferPointer($0), count: count) }
    }

    /// The batch id.
    public var description: String { value }
}
