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

    /// Properties the embedded broker needs for snappy development use (overridable).
    static let embeddedDefaults: [String: String] = [
        "session.timeout.ms": "6000",
        "heartbeat.interval.ms": "500",
        "fetch.wait.max.ms": "10",
    ]

    /// Creates both clients. `onStatistics` receives the consumer's librdkafka statistics JSON
    /// (every `kafka.statistics_interval_ms`, on the poll thread).
    init(configuration: DaemonConfiguration, bootstrap: String, ledger: DeliveryLedger, logger: Logger,
         onStatistics: (@Sendable (String) -> Void)? = nil) throws {
        self.logger = logger
        var shared = configuration.isEmbedded ? KafkaClients.embeddedDefaults : [:]
        shared.merge(configuration.properties) { $1 }
        shared["bootstrap.servers"] = bootstrap
        var consumerProperties = shared
        consumerProperties["group.id"] = configuration.groupID
        // A new group starts at the beginning: requests sent before the first start are answered too.
        consumerProperties["auto.offset.reset"] = "earliest"
        if onStatistics != nil, configuration.statisticsIntervalMilliseconds > 0 {
            consumerProperties["statistics.interval.ms"] = String(configuration.statisticsIntervalMilliseconds)
        }
        consumerProperties.merge(configuration.consumerProperties) { $1 }
        uncommittedStartsAtEarliest = ["earliest", "smallest", "beginning"].contains(consumerProperties["auto.offset.reset"] ?? "")
        var producerProperties = shared.filter { !Self.consumerOnly.contains($0.key) }
        producerProperties.merge(configuration.producerProperties) { $1 }
        do {
            consumer = try KafkaConsumer(
                configuration: KafkaConfiguration(consumerProperties),
                options: KafkaConsumerOptions(
                    maxBatchSize: configuration.batchSize, onStatistics: onStatistics,
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
            throw CommandFailure("Kafka client configuration refused: \(error)")
        }
    }

    /// Properties that only make sense on a consumer (kept off the producer to avoid warnings).
    static let consumerOnly: Set<String> = [
        "session.timeout.ms", "heartbeat.interval.ms", "fetch.wait.max.ms", "group.id",
        "queued.min.messages", "queued.max.messages.kbytes", "fetch.max.bytes", "max.partition.fetch.bytes",
        "partition.assignment.strategy", "max.poll.interval.ms", "auto.offset.reset", "fetch.min.bytes",
    ]

    /// Fails with one clear line when brokers are unreachable or topics are missing.
    func checkTopics(configuration: DaemonConfiguration) async throws {
        let topics = [configuration.requestsTopic, configuration.responsesTopic, configuration.rejectionsTopic]
        do {
            try await producer.current.requireTopics(topics, timeout: .seconds(configuration.startupTimeoutSeconds))
        } catch {
            await producer.close()
            await consumer.close()
            throw CommandFailure("Kafka start-up check failed: \(error)")
        }
    }
}
