import KafkaClient
import Logging

/// Starts librdkafka's mock cluster in-process with the daemon's topics.
enum EmbeddedBroker {
    static func start(brokers: Int, partitions: Int, topics: [String], logger: Logger) async throws -> EmbeddedKafkaCluster {
        do {
            let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: logger)
            for topic in topics {
                try await cluster.createTopic(topic, partitions: partitions, replicationFactor: min(brokers, 3))
            }
            return cluster
        } catch {
            throw CommandFailure("cannot start the embedded Kafka broker: \(error)")
        }
    }
}
