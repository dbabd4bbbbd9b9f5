import KafkaClient
import Logging
import Synchronization

/// One output message read back from the responses or rejections topic.
struct OutputMessage: Sendable {
    var topic: String
    var partition: Int32
    var offset: Int64
    var key: String?
    var value: [UInt8]
    var headers: [(String, String)]

    func header(_ name: String) -> String? { headers.last { $0.0 == name }?.1 }
    var sourcePartition: Int32 { Int32(header("x-source-partition") ?? "-1") ?? -1 }
    var sourceOffset: Int64 { Int64(header("x-source-offset") ?? "-1") ?? -1 }
    var valueText: String { String(decoding: value, as: UTF8.self) }
}

/// Reads both output topics from the beginning in its own consumer group and keeps every message.
final class OutputCollector: Sendable {
    /// Everything read so far; one lock, so the two counts are always read from the same moment.
    private struct Received {
        var messages: [OutputMessage] = []
        var sources: Set<SourcePosition> = []
    }

    private let received = Mutex(Received())
    let consumer: KafkaConsumer

    init(bootstrap: String, topics: IntegrationTopics) throws {
        // The collector is a one-member group, so its assignor does not matter; `range` because
        // librdkafka 2.0.2 aborts when a cooperative-sticky member that joined but was never assigned
        // is destroyed (assertion in rd_kafka_sticky_assignor_state_destroy, librdkafka #4312, fixed
        // in 2.3.0), which a short test that closes its collector early could hit.
        consumer = try KafkaConsumer(configuration: KafkaConfiguration([
            "bootstrap.servers": bootstrap, "group.id": "collector-\(UInt32.random(in: 0...UInt32.max))",
            "partition.assignment.strategy": "range",
            "auto.offset.reset": "earliest", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500",
            "fetch.wait.max.ms": "10", "topic.metadata.refresh.interval.ms": "1000",
        ]), logger: Logger(label: "collector"))
    }

    /// Consumes until the consumer is closed.
    func run(topics: [String]) async throws {
        try await consumer.subscribe(topics: topics)
        for await event in consumer.events {
            switch event {
            case .messages(let batch):
                var batchMessages: [OutputMessage] = []
                batch.forEach { view in
                    guard view.error == nil else { return }
                    batchMessages.append(OutputMessage(
                        topic: view.topic, partition: view.partition, offset: view.offset,
                        key: view.key.map { String(decoding: $0, as: UTF8.self) },
                        value: view.value.map { Array($0) } ?? [],
                        headers: view.headers.map { ($0.name, $0.value.map { String(decoding: $0, as: UTF8.self) } ?? "") }))
                }
                received.withLock { received in
                    received.messages.append(contentsOf: batchMessages)
                    for message in batchMessages {
                        received.sources.insert(SourcePosition(partition: message.sourcePartition, offset: message.sourceOffset))
                    }
                }
            case .partitionsAssigned:
                break
            case .partitionsRevoked(let revocation):
                revocation.complete()
            }
        }
    }

    var all: [OutputMessage] { received.withLock { $0.messages } }
    var count: Int { received.withLock { $0.messages.count } }

    /// Outputs read and distinct input positions they answer, both at the same moment
    /// (reading ``count`` and ``answeredCount`` one after the other can straddle a batch).
    var counts: (outputs: Int, answered: Int) {
        received.withLock { ($0.messages.count, $0.sources.count) }
    }

    /// `true` once an output for `position` was read.
    func hasAnswered(_ position: SourcePosition) -> Bool { received.withLock { $0.sources.contains(position) } }

    /// How many distinct input positions were answered so far (cheap: kept up to date on receipt).
    var answeredCount: Int { received.withLock { $0.sources.count } }

    /// Distinct input positions answered so far (kept up to date on receipt).
    var answeredSources: Set<SourcePosition> { received.withLock { $0.sources } }
}

/// An input message's partition and offset.
struct SourcePosition: Hashable, Sendable {
    var partition: Int32
    var offset: Int64
}
