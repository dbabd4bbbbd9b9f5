import KafkaClient
import Logging
import ReadinessFleet

/// The Kafka side of a fleet run: a producer for the requests and a
/// group-less reader of the responses and rejections topics, positioned at
/// their end before the first request is produced.
struct FleetKafka {
    /// Where to connect and what to read or write.
    struct Settings: Sendable {
        var bootstrap: String
        var isEmbedded: Bool
        var requestsTopic: String
        var responsesTopic: String
        var rejectionsTopic: String
        var properties: [String: String]
        var consumerProperties: [String: String]
        var producerProperties: [String: String]
        /// Bound on the broker check and watermark queries.
        var connectTimeout: Duration
    }

    let producer: KafkaProducer
    let consumer: KafkaConsumer
    let settings: Settings

    /// Creates the clients (no network I/O yet).
    init(settings: Settings, batch: FleetBatchID, logger: Logger,
         onDeliveryReports: @escaping @Sendable ([KafkaDeliveryReport]) -> Void) throws(FleetError) {
        self.settings = settings
        var shared = settings.isEmbedded ? KafkaClients.embeddedDefaults : [:]
        shared.merge(settings.properties) { $1 }
        shared["bootstrap.servers"] = settings.bootstrap
        var consumerProperties = shared
        // Never joins or commits: the group id only satisfies librdkafka (manual assignment).
        consumerProperties["group.id"] = "readinessd-\(batch.value)"
        // If the broker dropped answers before they were read, continue with what is left.
        consumerProperties["auto.offset.reset"] = "earliest"
        consumerProperties.merge(settings.consumerProperties) { $1 }
        var producerProperties = shared.filter { !KafkaClients.consumerOnly.contains($0.key) }
        producerProperties.merge(settings.producerProperties) { $1 }
        do {
            producer = try KafkaProducer(configuration: KafkaConfiguration(producerProperties), logger: logger,
                                         onDeliveryReports: onDeliveryReports)
            consumer = try KafkaConsumer(configuration: KafkaConfiguration(consumerProperties),
                                         options: KafkaConsumerOptions(maxBatchSize: 2000, maxBufferedBatches: 8),
                                         logger: logger)
        } catch {
            throw .kafkaUnavailable("client configuration refused: \(error)")
        }
    }

    /// Checks the topics and assigns the reader to the current end of both
    /// output topics, so it sees every answer produced from now on.
    func positionReader() async throws(FleetError) {
        let wanted = [settings.requestsTopic, settings.responsesTopic, settings.rejectionsTopic]
        do {
            let metadata = try await producer.topicMetadata(timeout: settings.connectTimeout)
                .filter { $0.error == nil && wanted.contains($0.name) }
            let missing = wanted.filter { name in !metadata.contains { $0.name == name } }
            guard missing.isEmpty else { throw FleetError.kafkaUnavailable("topics missing at \(settings.bootstrap): \(missing.joined(separator: ", "))") }
            var partitions: [TopicPartition] = []
            for topic in metadata where topic.name != settings.requestsTopic {
                partitions += (0..<topic.partitionCount).map { TopicPartition(topic: topic.name, partition: Int32($0)) }
            }
            let ends = try await consumer.watermarks(partitions, timeout: settings.connectTimeout).map(\.end)
            try await consumer.assign(ends)
        } catch let error as FleetError {
            throw error
        } catch {
            throw .kafkaUnavailable("\(error) (bootstrap \(settings.bootstrap))")
        }
    }

    /// Closes both clients (the producer flushes what is left first).
    func close() async {
        await consumer.close()
        await producer.close()
    }
}
