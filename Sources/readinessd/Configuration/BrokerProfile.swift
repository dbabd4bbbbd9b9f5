/// `kafka.broker_profile`: what kind of broker the daemon talks to, which decides the group
/// timings it starts from.
///
/// librdkafka's mock cluster — the in-process broker of `bootstrap_servers: embedded` and the
/// standalone `readinessd broker` — holds every rebalance round for up to
/// `session.timeout.ms` − 1 s. With librdkafka's default 45 s session timeout a single clean
/// restart leaves partitions unserved for about 90 s, so the `mock` profile starts from quick
/// timings (``KafkaClients/mockBrokerDefaults``). Properties set in the file still win.
enum BrokerProfile: String, Sendable, CaseIterable {
    /// A real Kafka cluster: librdkafka's own group timings.
    case kafka
    /// librdkafka's mock cluster (`embedded`, or `readinessd broker` at its address): quick group timings.
    case mock

    /// The profile when `kafka.broker_profile` is not set: `mock` for `embedded`, else `kafka`.
    static func defaultValue(bootstrapServers: String) -> BrokerProfile {
        bootstrapServers == DaemonConfiguration.embeddedBootstrapValue ? .mock : .kafka
    }

    /// Parses the configured value (`kafka` or `mock`).
    static func parse(_ text: String) throws(ConfigurationError) -> BrokerProfile {
        guard let profile = BrokerProfile(rawValue: text) else {
            throw ConfigurationError("kafka.broker_profile must be kafka or mock (mock for `readinessd broker`), got \(text)")
        }
        return profile
    }
}
