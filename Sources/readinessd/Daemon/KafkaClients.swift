import KafkaClient
import Logging
import Metrics
import ReadinessWorker

/// The consumer and producer of one daemon, configured from ``DaemonConfiguration``.
struct KafkaClients {
    let consumer: KafkaConsumer
    /// The outputs' producer (replaced after failed deliveries; see ``OutputProducer``).
    let producer: OutputProducer
    /// Whether the consumer starts a partition without a committed offset at its earliest message
    /// (`auto.offset.reset` is `earliest`, the default here, or one of its aliases).
    let uncommittedStartsAtEarliest: Bool
    let logger: Logger

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

    /// The consumer's and the producer's librdkafka properties.
    struct Properties {
        var consumer: [String: String]
        var producer: [String: String]

        /// Validates both property sets as librdkafka would, without creating a client.
        func validate() throws(KafkaError) {
            try KafkaConfiguration(consumer).validate()
            try KafkaConfiguration(producer).validate()
        }
    }

    /// The properties for `configuration` talking to `bootstrap`. `statisticsIntervalMilliseconds`
    /// enables the consumer's statistics (0: off).
    static func properties(configuration: DaemonConfiguration, bootstrap: String,
                           statisticsIntervalMilliseconds: Int) -> Properties {
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
        return Properties(consumer: consumerProperties, producer: producerProperties)
    }

    /// Creates both clients. `onStatistics` receives the consumer's librdkafka statistics JSON
    /// (every `statisticsIntervalMilliseconds`, on the poll thread); `onError` its client-level errors.
    init(configuration: DaemonConfiguration, bootstrap: String, ledger: DeliveryLedger, logger: Logger,
         statisticsIntervalMilliseconds: Int = 0, onStatistics: (@Sendable (String) -> Void)? = nil,
         onError: (@Sendable (KafkaError) -> Void)? = nil) throws {
        self.logger = logger
        let properties = Self.properties(configuration: configuration, bootstrap: bootstrap,
                                         statisticsIntervalMilliseconds: onStatistics == nil ? 0 : statisticsIntervalMilliseconds)
        let consumerProperties = properties.consumer
        let producerProperties = properties.producer
        uncommittedStartsAtEarliest = ["earliest", "smallest", "beginning"].contains(consumerProperties["auto.offset.reset"] ?? "")
        do {
            consumer = try KafkaConsumer(
                configuration: KafkaConfiguration(consumerProperties),
                options: KafkaConsumerOptions(
                    maxBatchSize: configuration.batchSize, onStatistics: onStatistics, onError: onError,
                    // Partitions lost after a refused commit and assigned back start past what was already answered.
                    startPositions: KafkaStartPositions(candidates: ledger.startCandidates, applied: ledger.resume)),
                logger: logger)
            let deliveryFailures = Counter(label: PipelineMetrics.Name.produceErrors, dimensions: [("stage", "delivery")])
            let producerConfiguration = KafkaConfiguration(producerProperties)
            producer = try OutputProducer { () throws(KafkaError) in
                try KafkaProducer(
                    configuration: producerConfiguration, logger: logger,
                    onDeliveryReports: { reports in
                        var failures = 0
                        for report in reports {
                            if case .failure = report.result { failures += 1 }
                        }
                        if failures > 0 { deliveryFailures.increment(by: failures) }
                        ledger.apply(reports)
                    })
            }
        } catch {
            throw CommandFailure("Kafka client configuration refused: \(error)", status: .configuration)
        }
    }

    /// Properties that only make sense on a consumer (kept off the producer to avoid warnings).
    static let consumerOnly: Set<String> = [
        "session.timeout.ms", "heartbeat.interval.ms", "fetch.wait.max.ms", "group.id",
        "queued.min.messages", "queued.max.messages.kbytes", "fetch.max.bytes", "max.partition.fetch.bytes",
        "partition.assignment.strategy", "max.poll.interval.ms", "auto.offset.reset", "fetch.min.bytes",
    ]
}
