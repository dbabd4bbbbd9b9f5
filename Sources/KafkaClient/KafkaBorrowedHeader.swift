/// A header of a message to produce whose bytes the caller owns.
///
/// Used with ``KafkaProducer/produce(topic:partition:key:value:borrowedHeaders:token:)``
/// by callers that keep their outputs in one buffer and want to produce
/// them without building a ``KafkaHeader`` array per message. The bytes
/// need to stay valid only for the duration of the produce call
/// (librdkafka copies headers).
public struct KafkaBorrowedHeader {
    /// The header name bytes.
    public var name: UnsafeRawBufferPointer
    /// The value bytes, or `nil` for a null value.
    public var value: UnsafeRawBufferPointer?

    /// Creates a header view over caller-owned bytes.
    public init(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?) {
        self.name = name
        self.value = value
    }
}
