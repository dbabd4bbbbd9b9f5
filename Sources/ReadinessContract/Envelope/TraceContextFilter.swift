/// Which W3C trace-context headers of an input message are copied to its
/// output (contract §9.2).
///
/// - `traceparent` (header name exactly that): only a well-formed value —
///   exactly `^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$`, version
///   not `ff`, trace-id and parent-id not all zeros — and only the first one.
/// - `tracestate`: only when the message's output carries a `traceparent`, and
///   only values of printable ASCII (0x20–0x7E) that match no sensitive value
///   pattern of contract §3.2, while the copied values total at most
///   ``tracestateLimit`` bytes; the others are dropped (later ones may still fit).
/// - Copied headers keep their input order; a header with a null value is
///   never copied (it cannot be well-formed).
///
/// "Only when a traceparent was copied" is read per message: a `tracestate`
/// that comes before the copied `traceparent` in input order is considered too.
public enum TraceContextFilter {
    /// A trace-context header that is copied.
    public enum Header: Sendable, Equatable {
        /// `traceparent`.
        case traceparent
        /// `tracestate`.
        case tracestate
    }

    /// The most `tracestate` value bytes copied from one message.
    public static let tracestateLimit = 512

    /// Called with each header's name and value (`nil`: a null value).
    public typealias HeaderVisitor = (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer?) -> Void

    /// Calls `copy` with every header to copy, in input order. `forEachHeader`
    /// must call its argument with the message's headers in input order; it is
    /// called at most twice (once to find the `traceparent`, once to copy).
    /// Allocates nothing.
    public static func copy(from forEachHeader: (HeaderVisitor) -> Void,
                            into copy: (_ header: Header, _ value: UnsafeRawBufferPointer) -> Void) {
        var hasTraceparent = false
        forEachHeader { name, value in
            if !hasTraceparent, exactlyEqual(name, "traceparent"), let value, isWellFormedTraceparent(value) {
                hasTraceparent = true
            }
        }
        guard hasTraceparent else { return }
        var copiedTraceparent = false
        var tracestateBytes = 0
        // `copy` is only called during this call; the header visitor is non-escaping too.
        withoutActuallyEscaping(copy) { copy in
            forEachHeader { name, value in
                guard let value else { return }
                if exactlyEqual(name, "traceparent") {
                    guard !copiedTraceparent, isWellFormedTraceparent(value) else { return }
                    copiedTraceparent = true
                    copy(.traceparent, value)
                } else if exactlyEqual(name, "tracestate") {
                    guard value.count <= tracestateLimit - tracestateBytes, isCopyableTracestate(value) else { return }
                    tracestateBytes += value.count
                    copy(.tracestate, value)
                }
            }
        }
    }

    /// `true` for a well-formed W3C trace-context `traceparent` value (contract §9.2).
    public static func isWellFormedTraceparent(_ value: UnsafeRawBufferPointer) -> Bool {
        // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 bytes.
        guard value.count == 55 else { return false }
        for (index, byte) in value.enumerated() {
            switch index {
            case 2, 35, 52:
                if byte != UInt8(ascii: "-") { return false }
            default:
                if !isLowerHex(byte) { return false }
            }
        }
        if value[0] == UInt8(ascii: "f") && value[1] == UInt8(ascii: "f") { return false }
        let traceID = value[3..<35], parentID = value[36..<52]
        return !traceID.allSatisfy { $0 == UInt8(ascii: "0") } && !parentID.allSatisfy { $0 == UInt8(ascii: "0") }
    }

    /// `true` for a `tracestate` value that may be copied on its own merits: printable ASCII and
    /// no sensitive value pattern (the byte budget is the caller's).
    public static func isCopyableTracestate(_ value: UnsafeRawBufferPointer) -> Bool {
        for byte in value where byte < 0x20 || byte > 0x7E { return false }
        return !SensitiveMaterial.isSensitiveValue(value.assumingMemoryBound(to: UInt8.self))
    }

    @inline(__always)
    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
