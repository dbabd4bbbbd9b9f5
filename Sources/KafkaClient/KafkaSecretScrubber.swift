/// Removes known secret values from text before it is logged or kept in an error.
///
/// Built from the values of the configured secret properties
/// (``KafkaPropertyCatalog/isSecret(_:)``); every occurrence of one of them is
/// replaced with ``placeholder``. librdkafka's log lines and error strings can
/// echo a property value (a bad `sasl.oauthbearer.config`, a kinit command
/// line), so they pass through this before reaching a logger.
public struct KafkaSecretScrubber: Sendable, Equatable {
    /// What a removed secret is replaced with.
    public static let placeholder = "[redacted]"

    /// A scrubber that removes nothing.
    public static let none = KafkaSecretScrubber(secrets: [])

    /// The secrets, longest first, so a secret containing another is removed whole.
    public let secrets: [String]

    /// A scrubber removing each of `secrets` (empty ones ignored).
    public init(secrets: some Sequence<String>) {
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
    }

    /// A scrubber removing the values of `configuration`'s secret properties.
    public init(_ configuration: KafkaConfiguration) {
        self.init(secrets: configuration.secretValues)
    }

    /// Whether there is nothing to remove.
    public var isEmpty: Bool { secrets.isEmpty }

    /// A scrubber removing both this one's secrets and `other`'s.
    public func merging(_ other: KafkaSecretScrubber) -> KafkaSecretScrubber {
        KafkaSecretScrubber(secrets: secrets + other.secrets)
    }

    /// `text` with every secret replaced by ``placeholder``.
    public func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.placeholder)
        }
        return result
    }
}
