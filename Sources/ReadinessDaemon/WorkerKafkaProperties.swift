import KafkaClient

/// The librdkafka properties of a worker's consumer and of its output producer.
public struct WorkerKafkaProperties: Sendable {
    /// The consumer's properties (`group.id`, `bootstrap.servers`, …).
    public var consumer: [String: String]
    /// The output producer's properties.
    public var producer: [String: String]

    /// Properties for a consumer and a producer.
    public init(consumer: [String: String], producer: [String: String]) {
        self.consumer = consumer
        self.producer = producer
    }

    /// Whether the consumer starts a partition without a committed offset at its earliest message
    /// (`auto.offset.reset` is `earliest` or one of its aliases).
    public var uncommittedStartsAtEarliest: Bool {
        ["earliest", "smallest", "beginning"].contains(consumer["auto.offset.reset"] ?? "")
    }

    /// Validates both property sets as librdkafka would, without creating a client.
    public func validate() throws(KafkaError) {
        try KafkaConfiguration(consumer).validate()
        try KafkaConfiguration(producer).validate()
    }
}
