/// The finding texts of one evaluation, stored in one reusable byte arena.
///
/// Findings are composed from registry and request text on every request;
/// building them into an arena instead of as separate `String`s keeps the
/// evaluation free of per-finding allocations.
public struct FindingList {
    /// The concatenated UTF-8 texts.
    public private(set) var text: [UInt8] = []
    /// Each finding's byte range in ``text``.
    public private(set) var spans: [Range<Int32>] = []

    /// Creates an empty list.
    public init() {}

    /// The number of findings.
    public var count: Int { spans.count }

    /// Removes every finding, keeping storage.
    public mutating func removeAll() {
        text.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// Starts a new finding; append its pieces with ``append(_:)-swift.method`` then call ``finish()``.
    @inline(__always)
    public mutating func begin() { pendingStart = Int32(text.count) }

    /// Appends a literal piece to the finding being built.
    @inline(__always)
    public mutating func append(_ piece: StaticString) {
        text.append(contentsOf: UnsafeBufferPointer(start: piece.utf8Start, count: piece.utf8CodeUnitCount))
    }

    /// Appends a text piece to the finding being built.
    @inline(__always)
    public mutating func append(_ piece: String) {
        var piece = piece
        piece.withUTF8 { text.append(contentsOf: $0) }
    }

    /// Abandons the finding being built.
    @inline(__always)
    public mutating func cancel() { text.removeSubrange(Int(pendingStart)...) }

    /// Ends the finding being built.
    @inline(__always)
    public mutating func finish() { spans.append(pendingStart..<Int32(text.count)) }

    /// Calls `body` with the UTF-8 bytes of finding `index`.
    @inline(__always)
    public func withFinding<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let span = spans[index]
        return text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(span.lowerBound)..<Int(span.upperBound)])) }
    }

    /// Finding `index` as a `String`.
    public func finding(_ index: Int) -> String {
        withFinding(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// `true` when findings `a` and `b` have identical text.
    @inline(__always)
    func equal(_ a: Int, _ b: Int) -> Bool {
        let left = spans[a], right = spans[b]
        guard left.count == right.count else { return false }
        return text.withUnsafeBufferPointer { buffer in
            memcmpEqual(buffer.baseAddress! + Int(left.lowerBound), buffer.baseAddress! + Int(right.lowerBound), left.count)
        }
    }

    private var pendingStart: Int32 = 0
}
