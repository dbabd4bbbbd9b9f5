internal import CRDKafka

/// A borrowed view of one consumed message inside a ``KafkaMessageBatch``.
///
/// Lifetime: a view (and every `UnsafeRawBufferPointer` it returns) is valid
/// only inside the ``KafkaMessageBatch/withMessage(at:_:)`` closure that
/// produced it. Copy what you need to keep (e.g. `Array(view.value ?? ...)`).
public struct KafkaMessageView {
    private let message: UnsafeMutablePointer<rd_kafka_message_t>

    /// The topic name.
    public let topic: String

    init(message: UnsafeMutablePointer<rd_kafka_message_t>, topic: String) {
        self.message = message
        self.topic = topic
    }

    /// The partition.
    public var partition: Int32 { message.pointee.partition }

    /// The offset of this message in its partition.
    public var offset: Int64 { message.pointee.offset }

    /// The key bytes, or `nil` when the message has no key.
    public var key: UnsafeRawBufferPointer? {
        guard let key = message.pointee.key else { return nil }
        return UnsafeRawBufferPointer(start: key, count: message.pointee.key_len)
    }

    /// The value bytes, or `nil` for a tombstone (null value). An empty,
    /// non-null value is an empty buffer. For an error event (``error`` is
    /// not `nil`) librdkafka puts its error text here: check ``error`` first.
    public var value: UnsafeRawBufferPointer? {
        guard let payload = message.pointee.payload else { return nil }
        return UnsafeRawBufferPointer(start: payload, count: message.pointee.len)
    }

    /// Whether the message is a tombstone (null value).
    public var isTombstone: Bool { message.pointee.payload == nil }

    /// The message timestamp in milliseconds since the epoch (create or
    /// log-append time), or `nil` when unavailable.
    public var timestampMilliseconds: Int64? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &type)
        return type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE || timestamp < 0 ? nil : timestamp
    }

    /// The headers, in wire order.
    public var headers: KafkaMessageHeaders {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR else {
            return KafkaMessageHeaders(handle: nil)
        }
        return KafkaMessageHeaders(handle: headers)
    }

    /// The error, if this entry is an error event rather than a message
    /// (for example `UNKNOWN_TOPIC_OR_PART` or a broker fetch error).
    public var error: KafkaError? {
        let err = message.pointee.err
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let detail = rd_kafka_message_errstr(message).map { String(cString: $0) }
        return .rdkafka(operation: "consume", code: KafkaErrorCode(err), detail: detail)
    }
}

@available(*, unavailable, message: "a KafkaMessageView borrows its batch's memory; copy the data instead")
extension KafkaMessageView: Sendable {}
