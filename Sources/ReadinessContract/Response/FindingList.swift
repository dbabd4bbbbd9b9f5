/// The finding texts of one evaluation, stored in one reusable byte arena.
///
/// Findings are composed from registry and request text on every request;
/// building them into an arena instead of as separate `String`s keeps the
/// evaluation free of per-finding allocations. Build a finding with
/// ``begin()``, a few ``append(_:)-3ow5k`` calls, then ``finish()`` (or ``cancel()``).
public final class FindingList {
    /// The concatenated UTF-8 texts.
    let text = ByteBuffer(capacity: 1024)
    /// Each finding's byte range in ``text``.
    public private(set) var spans: [Range<Int32>] = []
    private var pendingStart: Int32 = 0
    /// `true` while no byte of any finding needs JSON escaping (the usual case).
    ///
    /// Why: every finding is written twice (in its check and in `blockers`); when
    /// the list is plain the encoder copies the bytes instead of escaping them.
    /// Dynamic pieces are tested as they are appended, while the bytes are hot.
    public private(set) var isPlain = true

    /// Creates an empty list.
    public init() {
        spans.reserveCapacity(64)
    }

    /// The number of findings.
    public var count: Int { spans.count }

    /// Removes every finding, keeping storage.
    public func removeAll() {
        text.removeAll()
        spans.removeAll(keepingCapacity: true)
        isPlain = true
    }

    /// Starts a new finding.
    @inline(__always)
    public func begin() { pendingStart = Int32(text.count) }

    /// Appends a literal piece to the finding being built.
    ///
    /// Literal pieces must need no JSON escaping (no `"`, `\\` or control characters).
    @inline(__always)
    public func append(_ piece: StaticString) {
        assert(JSONWriter.isPlain(UnsafeBufferPointer(start: piece.utf8Start, count: piece.utf8CodeUnitCount)),
               "finding literals must need no JSON escaping")
        text.append(piece)
    }

    /// Appends a text piece (request or registry text) to the finding being built.
    ///
    /// Labelled so that string literals pick the ``append(_:)-StaticString`` overload:
    /// with an unlabelled `String` overload every literal piece became a `String`
    /// and was scanned for escapes on every request.
    @inline(__always)
    public func append(text piece: String) {
        piece.withUTF8Bytes { append($0) }
    }

    /// Appends UTF-8 bytes to the finding being built.
    @inline(__always)
    public func append(_ piece: UnsafeBufferPointer<UInt8>) {
        if isPlain, !JSONWriter.isPlain(piece) { isPlain = false }
        text.append(piece)
    }

    /// Appends UTF-8 bytes the caller knows need no JSON escaping (e.g. texts of a loaded
    /// snapshot, checked once when it was indexed), skipping the per-piece check.
    @inline(__always)
    public func append(plain piece: UnsafeBufferPointer<UInt8>) {
        assert(JSONWriter.isPlain(piece), "append(plain:) was given text that needs JSON escaping")
        text.append(piece)
    }

    /// Abandons the finding being built.
    @inline(__always)
    public func cancel() { text.truncate(to: Int(pendingStart)) }

    /// Ends the finding being built.
    @inline(__always)
    public func finish() { spans.append(pendingStart..<Int32(text.count)) }

    /// Calls `body` with the UTF-8 bytes of finding `index`.
    @inline(__always)
    public func withFinding<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let span = spans[index]
        return body(UnsafeBufferPointer(start: text.pointer(at: Int(span.lowerBound)), count: span.count))
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
        return memcmpEqual(text.pointer(at: Int(left.lowerBound)), text.pointer(at: Int(right.lowerBound)), left.count)
    }

    /// A hashable copy of finding `index`'s bytes (used to de-duplicate long lists).
    func key(_ index: Int) -> [UInt8] {
        withFinding(index) { Array($0) }
    }
}
