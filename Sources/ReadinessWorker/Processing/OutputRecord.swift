import KafkaClient

/// One output message to produce, kept until the broker acknowledges it so a
/// failed delivery can be produced again (never skipped).
public struct OutputRecord: Sendable {
    /// Which output topic the record goes to.
    public enum Kind: Sendable, Equatable {
        case response
        case rejection(reason: String)
    }

    /// Response or rejection.
    public var kind: Kind
    /// The record key (`nil`: no key).
    public var key: [UInt8]?
    /// The encoded JSON value.
    public var value: [UInt8]
    /// Output headers (SPEC §1).
    public var headers: [KafkaHeader]
    /// The input message this record answers.
    public var source: TopicPartition
    /// The input message's offset.
    public var sourceOffset: Int64
}
