import KafkaClient

/// Printing a configuration never shows a secret: swift-service-lifecycle logs
/// every service with `String(describing:)` at debug level, and the daemon
/// service holds the configuration, librdkafka passwords included.
extension DaemonConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A one-line summary; librdkafka properties appear redacted (`[REDACTED]` for sensitive names).
    var description: String {
        "DaemonConfiguration(bootstrap_servers: \(bootstrapServers), group_id: \(groupID), "
            + "properties: \(KafkaConfiguration(properties).redactedDescription), "
            + "consumer_properties: \(KafkaConfiguration(consumerProperties).redactedDescription), "
            + "producer_properties: \(KafkaConfiguration(producerProperties).redactedDescription), "
            + "snapshot: \(snapshotPath))"
    }

    /// Same as ``description``.
    var debugDescription: String { description }

    /// No children: `dump` and other reflection show the redacted description only.
    var customMirror: Mirror { Mirror(self, children: [:]) }
}
