internal import CRDKafka
#if canImport(Glibc)
internal import Glibc
#endif

/// The headers of a consumed message, iterated in wire order as
/// `(name, value)` pairs; `value` is `nil` for a null header value.
///
/// Borrowed from a ``KafkaMessageView``: valid only while the view is.
public struct KafkaMessageHeaders: Sequence {
    /// One header: its name and its value bytes (`nil` for a null value).
    public typealias Element = (name: String, value: UnsafeRawBufferPointer?)

    private let handle: OpaquePointer?

    init(handle: OpaquePointer?) {
        self.handle = handle
    }

    /// Number of headers.
    public var count: Int {
        handle.map { rd_kafka_header_cnt($0) } ?? 0
    }

    /// The value of the last header called `name`: `nil` when there is no
    /// such header, `.some(nil)` when its value is null.
    public func last(named name: String) -> UnsafeRawBufferPointer?? {
        guard let handle else { return nil }
        var value: UnsafeRawPointer?
        var size = 0
        guard rd_kafka_header_get_last(handle, name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else {
            return nil
        }
        return .some(value.map { UnsafeRawBufferPointer(start: $0, count: size) })
    }

    /// Calls `body` with every header's name and value bytes, in wire order,
    /// without converting names to `String` (for hot paths that look for a
    /// few known names). The buffers are valid only during the call.
    public func forEachRaw(_ body: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer?) -> Void) {
        var index = 0
        while let (name, value) = Self.header(handle, at: index) {
            index += 1
            body(UnsafeRawBufferPointer(start: name, count: strlen(name)), value)
        }
    }

    /// Header `index`'s name (NUL-terminated) and value, or `nil` past the last one.
    fileprivate static func header(
        _ handle: OpaquePointer?, at index: Int
    ) -> (name: UnsafePointer<CChar>, value: UnsafeRawBufferPointer?)? {
        guard let handle else { return nil }
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        guard rd_kafka_header_get_all(handle, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR,
            let name
        else { return nil }
        return (name, value.map { UnsafeRawBufferPointer(start: $0, count: size) })
    }

    /// Iterates the headers in order.
    public func makeIterator() -> Iterator {
        Iterator(handle: handle)
    }

    /// Iterator over ``KafkaMessageHeaders``.
    public struct Iterator: IteratorProtocol {
        private let handle: OpaquePointer?
        private var index = 0

        init(handle: OpaquePointer?) {
            self.handle = handle
        }

        /// The next header, or `nil` after the last one.
        public mutating func next() -> Element? {
            guard let (name, value) = KafkaMessageHeaders.header(handle, at: index) else { return nil }
            index += 1
            return (String(cString: name), value)
        }
    }
}

@available(*, unavailable, message: "headers borrow their batch's memory; copy the data instead")
extension KafkaMessageHeaders: Sendable {}
