import ReadinessDaemon

/// The librdkafka properties of one daemon's consumer and producer, mapped from
/// ``DaemonConfiguration`` (the clients themselves are wired in ``WorkerClients``).
enum KafkaClients {
    /// Group timings for librdkafka's mock cluster (`kafka.broker_profile: mock`, the default for
    /// `embedded`); properties in the file override them. See ``BrokerProfile``.
    static let mockBrokerDefaults: [String: String] = [
        "session.timeout.ms": "6000",
        "heartbeat.interval.ms": "500",
        "fetch.wait.max.ms": "10",
    ]

    /// Same as ``mockBrokerDefaults`` (the name `readinessd fleet` uses).
    static var embeddedDefaults: [String: String] { mockBrokerDefaults }

    /// Defaults for every broker profile: a broker that comes back is reconnected to within 2 s
    /// (librdkafka's own backoff grows to 10 s), so `/readyz` follows a recovery within 10 s.
    static let reachabilityDefaults: [String: String] = ["reconnect.backoff.max.ms": "2000"]

    /// The properties for `configuration` talking to `bootstrap`. `statisticsIntervalMilliseconds`
    /// enables the consumer's statistics (0: off).
    static func properties(configuration: DaemonConfiguration, bootstrap: String,
                           statisticsIntervalMilliseconds: Int) -> WorkerKafkaProperties {
        var shared = reachabilityDefaults
        if configuration.brokerProfile == .mock { shared.merge(mockBrokerDefaults) { $1 } }
        shared.merge(configuration.properties) { $1 }
        shared["bootstrap.servers"] = bootstrap
        var consumerProperties = shared
        consumerProperties["group.id"] = configuration.groupID
        // A new group starts at the beginning: requests sent before the first start are answered too.
        consumerProperties["auto.offset.reset"] = "earliest"
        if statisticsIntervalMilliseconds > 0 {
            consumerProperties["statistics.interval.ms"] = String(statisticsIntervalMilliseconds)
        }
        consumerProperties.merge(configuration.consumerProperties) { $1 }
        var producerProperties = shared.filter { !Self.consumerOnly.contains($0.key) }
        producerProperties.merge(configuration.producerProperties) { $1 }
        return WorkerKafkaProperties(consumer: consumerProperties, producer: producerProperties)
    }

    /// Properties that only make sense on a consumer (kept off the producer to avoid warnings).
    static let consumerOnly: Set<String> = [
        "session.timeout.ms", "heartbeat.interval.ms", "fetch.wait.max.ms", "group.id",
        "queued.min.messages", "queued.max.messages.kbytes", "fetch.max.bytes", "max.partition.fetch.bytes",
        "partition.assignment.strategy", "max.poll.interval.ms", "auto.offset.reset", "fetch.min.bytes",
    ]
}
