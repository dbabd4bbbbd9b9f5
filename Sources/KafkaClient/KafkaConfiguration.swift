/// A passthrough set of librdkafka configuration properties
/// (see librdkafka's CONFIGURATION.md): any property, SASL/SSL included.
///
/// The type never prints secret values: ``description`` and
/// ``redactedDescription`` show a value in clear only when its property is
/// known to be harmless (``KafkaPropertyCatalog/harmless``); every other
/// value, unknown properties included, is written `[REDACTED]`. Errors raised
/// while applying a configuration name the property but never its value.
public struct KafkaConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The placeholder printed instead of a sensitive value.
    public static let redactedPlaceholder = "[REDACTED]"

    /// The raw properties, name to value.
    public private(set) var properties: [String: String]

    /// Creates a configuration from raw librdkafka properties.
    public init(_ properties: [String: String] = [:]) {
        self.properties = properties
    }

    /// Creates a configuration with `bootstrap.servers` set.
    public init(bootstrapServers: String) {
        self.properties = ["bootstrap.servers": bootstrapServers]
    }

    /// Reads or writes one property; assigning `nil` removes it.
    public subscript(name: String) -> String? {
        get { properties[name] }
        set { properties[name] = newValue }
    }

    /// Returns a copy with `overrides` applied on top of these properties.
    public func merging(_ overrides: [String: String]) -> KafkaConfiguration {
        KafkaConfiguration(properties.merging(overrides) { _, new in new })
    }

    /// Whether the value of property `name` must never be printed: every property but the
    /// allowlisted harmless ones (``KafkaPropertyCatalog/isShownInClear(_:)``).
    public static func isSensitive(_ name: String) -> Bool {
        !KafkaPropertyCatalog.isShownInClear(name)
    }

    /// The values of the secret properties (``KafkaPropertyCatalog/isSecret(_:)``), which no
    /// log line may contain.
    public var secretValues: [String] {
        properties.filter { KafkaPropertyCatalog.isSecret($0.key) }.map(\.value)
    }

    /// The properties with every value not known to be harmless replaced by `[REDACTED]`.
    public func redacted() -> [String: String] {
        var result = properties
        for name in properties.keys where Self.isSensitive(name) {
            result[name] = Self.redactedPlaceholder
        }
        return result
    }

    /// `name=value` pairs sorted by name, sensitive values redacted.
    public var redactedDescription: String {
        redacted()
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: ", ")
    }

    /// Same as ``redactedDescription``: printing a configuration never leaks secrets.
    public var description: String {
        "KafkaConfiguration(\(redactedDescription))"
    }

    /// Returns a copy where each property in `defaults` that is not already
    /// set takes the default value.
    func withDefaults(_ defaults: [String: String]) -> KafkaConfiguration {
        KafkaConfiguration(properties.merging(defaults) { current, _ in current })
    }
}
