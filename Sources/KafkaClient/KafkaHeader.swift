/// A header of a message to produce.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The value bytes, or `nil` for a null value.
    public var value: [UInt8]?

    /// Creates a header with raw bytes (`nil` for a null value).
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// Creates a header whose value is the UTF-8 encoding of `string`.
    public init(name: String, string: String) {
        self.name = name
        self.value = Array(string.utf8)
    }
}
