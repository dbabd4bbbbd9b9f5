import KafkaClient
import Logging

/// Starts librdkafka's mock cluster in-process with the daemon's topics.
enum EmbeddedBroker {
    /// Starts `brokers` brokers (one at `127.0.0.1:port` when `port` is given) with `topics`.
    static func start(brokers: Int, port: UInt16? = nil, partitions: Int, topics: [String], logger: Logger)
        async throws -> EmbeddedKafkaCluster
    {
        do {
            let cluster = try EmbeddedKafkaCluster(brokers: brokers, port: port, logger: logger)
            for topic in topics {
                try await cluster.createTopic(topic, partitions: partitions, replicationFactor: min(brokers, 3))
            }
            return cluster
        } catch {
            throw CommandFailure("cannot start the embedded Kafka broker: \(error)")
        }
    }
}
